#!/usr/bin/python3
"""Walks the staff pages in headless Chromium (Debian's chromium and chromium-driver, python3-selenium).

Signs in as the demo registry clerk, opens the dashboard, finds a person by a name typed without its accent,
opens the file, sends them to a court hearing and back (the roll counts them out meanwhile), admits a new person
(one invalid field first), moves and releases them, opens the alerts inbox; the warden then overrides a keep-apart
conflict on a move and on a transfer, and receives both transferred persons. A screenshot of every page goes to the
output directory. Exits non-zero at the first step that fails.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import os
import struct
import sys
import time

try:
    from axe_selenium_python import Axe  # PyPI's axe-selenium-python: axe-core bundled, nothing fetched at run time
except ImportError:  # pragma: no cover - scripts/test installs it
    sys.exit("axe-selenium-python is missing: scripts/test installs it under .build/pydeps")
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select, WebDriverWait


def totp(secret, at=None):
    """RFC 6238 from the base32 secret as custodia demo prints it: Python's own HMAC-SHA1, not Custodia's code."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--today", required=True, help="the server's today, YYYY-MM-DD")
    parser.add_argument("--warden-totp-secret", required=True, help="the TOTP secret custodia demo printed for director")
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    steps = []

    audited = []

    def shot(name):
        path = os.path.join(args.screenshots, f"{len(steps) + 1:02d}-{name}.png")
        driver.save_screenshot(path)
        steps.append(name)
        print(f"ok {len(steps):2d} {name}  ({path})", flush=True)
        if name != "failure":
            accessible(name)

    def accessible(name):
        """axe-core on the page as it is: any serious or critical violation fails the walk."""
        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        others = [v["id"] for v in results["violations"] if v not in bad]
        audited.append(name)
        if bad:
            print(f"FAILED: axe-core found serious or critical violations on {name}:\n{axe.report(bad)}", file=sys.stderr)
            driver.quit()
            sys.exit(1)
        print(f"   axe-core: no serious or critical violation ({len(results['passes'])} rules pass"
              + (f"; minor: {', '.join(others)}" if others else "") + ")", flush=True)

    def expect(condition, what):
        if not condition:
            shot("failure")
            print(f"FAILED: {what}\nat {driver.current_url}\n{driver.page_source[:3000]}", file=sys.stderr)
            driver.quit()
            sys.exit(1)

    def fill(name, value):
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def h1():
        return driver.find_element(By.TAG_NAME, "h1").text

    def soon(condition, timeout=20):
        """A click does not wait for the next page: poll until the condition holds or the time is up."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if condition():
                    return True
            except Exception:
                pass
            time.sleep(0.1)
        return False

    def step_form(action):
        """The button of the step form whose hidden `action` is `action` (a transfer's or an exit's page)."""
        return driver.find_element(By.XPATH, f"//form[input[@name='action' and @value='{action}']]//button")

    def wait_replaced(old):
        """Waits for the next page to replace the one whose root element is `old`."""

        def replaced(_):
            # Chromium may answer "Node with given id does not belong to the document" for the old page's node
            # while the new page replaces it: that node is gone, which is what this waits for.
            try:
                return staleness_of(old)(driver)
            except WebDriverException:
                return True

        WebDriverWait(driver, 20).until(replaced)

    def submit_step(action):
        old = driver.find_element(By.TAG_NAME, "html")
        step_form(action).click()
        wait_replaced(old)

    def submit(selector):
        """Clicks a submit button and waits for the next page to replace this one."""
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, selector).click()
        wait_replaced(old)

    def admit():
        """Sends the admission form; when the register holds someone the new person may be (issue 16 point 1), the
        form comes back listing them with nothing written, and the clerk, who knows this is someone else, sends it
        again."""
        submit("form.form button[type=submit]")
        if "podría estar ya en el registro" in driver.page_source:
            expect(driver.find_elements(By.CSS_SELECTOR, "input[name='confirm_distinct'][value]"),
                   "the possible duplicate is shown and the form asks to be sent again")
            shot("possible-duplicate")
            submit("form.form button[type=submit]")

    try:
        # Sign in.
        driver.get(args.base_url + "/")
        expect("/login" in driver.current_url, "the dashboard sends an anonymous user to the login form")
        expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es-PE", "pages are in Spanish first")
        shot("login")
        fill("username", "registro")
        fill("password", args.password)
        submit("form button[type=submit]")
        # The demo clerk is scoped to one establishment: the dashboard and the header name it.
        expect(soon(lambda: h1().startswith("Panel: E.P.")), "signed in, on the dashboard of the clerk's establishment")
        establishment = h1()[len("Panel: "):]
        header = driver.find_element(By.CSS_SELECTOR, "p.who").text
        expect(f"Ámbito: {establishment}" in header, f"the header names the establishment ({header})")
        expect("Rosa Registro" in driver.page_source, "the user's name is shown")
        expect(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect"), "occupancy bars are drawn")
        shot("dashboard")

        # The establishment's own page, from its row in the dashboard's table.
        # (the table sits in a closed <details> under the chart: follow its link)
        driver.get(driver.find_element(By.CSS_SELECTOR, "table.data tbody th a[href^='/establishments/']").get_attribute("href"))
        expect(soon(lambda: h1() == establishment), "the establishment's page opens from the dashboard")
        shot("establishment")

        # Search by a name typed without its accent and open the first file.
        driver.find_element(By.LINK_TEXT, "Buscar persona").click()
        soon(lambda: driver.find_elements(By.NAME, "q"))
        fill("q", "HUAMAN")
        submit("form[role=search] button")
        rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        expect(rows, "a search without the accent finds people named Huamán")
        expect("HUAMÁN" in driver.page_source.upper(), "the results show the accented name")
        shot("search")
        rows[0].find_element(By.TAG_NAME, "a").click()
        expect(soon(lambda: driver.find_elements(By.ID, "clock-h")), "the file shows the legal clock")
        expect("Reglas aplicadas" in driver.page_source, "with the rules applied")
        shot("person-file")
        person_url = driver.current_url

        # Issue 11 point 5: a court production for this person, the departure, the roll, the return.
        driver.find_element(By.LINK_TEXT, "Programar salida").click()
        soon(lambda: driver.find_elements(By.NAME, "destination"))
        Select(driver.find_element(By.NAME, "kind")).select_by_value("court_hearing")
        fill("destination", "Sala 3, Corte Superior de Justicia de Lima Este")
        fill("requested_by", "Juzgado Penal Colegiado N.º 2 (sintético)")
        fill("order_reference", "")
        fill("scheduled_at", f"{args.today} 00:05")
        fill("return_due", f"{args.today} 23:58")
        submit("form.form button[type=submit]")
        expect(driver.find_elements(By.ID, "f-order-reference-error"), "a hearing without the court's notice is refused at the field")
        fill("order_reference", "Oficio N.º 321-2026 (sintético)")
        submit("form.form button[type=submit]")
        expect("Salida programada." in driver.page_source, "the court production is scheduled")
        shot("outing-scheduled")
        outing_url = driver.current_url.split("?")[0]
        fill("leave.escort", "Unidad de traslados, 2 agentes")
        submit_step("leave")
        expect("Salida registrada." in driver.page_source and "Fuera del establecimiento" in driver.page_source,
               "the departure is recorded")
        driver.get(args.base_url + "/")
        driver.get(driver.find_element(By.CSS_SELECTOR, "table.data tbody th a[href^='/establishments/']").get_attribute("href"))
        expect(soon(lambda: driver.find_elements(By.ID, "roll")), "the establishment's page shows the roll")
        court = driver.find_element(By.CSS_SELECTOR, "#roll tfoot td:nth-of-type(3)").text
        expect(int(court) >= 1, f"the roll counts the person at court ({court})")
        expect(outing_url.split(args.base_url)[-1] in driver.page_source, "the day's list links the exit")
        shot("establishment-roll")
        driver.get(outing_url)
        submit_step("back")
        expect("Retorno registrado." in driver.page_source, "the return is recorded")

        # Admit a new person: one invalid field first.
        driver.find_element(By.LINK_TEXT, "Nuevo ingreso").click()
        soon(lambda: driver.find_elements(By.NAME, "placement"))
        values = {
            "person.document.number": "123",
            "person.given_names": "Prueba",
            "person.paternal_surname": "Navegador",
            "person.maternal_surname": "Sintético",
            "person.birth_date": "1990-04-05",
            "order.issuing_court": "Juzgado de Investigación Preparatoria N.º 3 de Lima",
            "order.issued_on": args.today,
            "order.reference": "Resolución N.º 1",
            "order.months": "9",
            "order.starts_on": args.today,
            "case.number": "00999-2026-1-1801-JR-PE-03",
            "case.court": "Juzgado de Investigación Preparatoria N.º 3 de Lima",
            "case.judicial_district": "Corte Superior de Justicia de Lima",
            "case.charges": "189",
            "admitted_at": "10:30",
            "sending_authority": "Juzgado de Investigación Preparatoria N.º 3 de Lima",
            "arrested_on": args.today,
            "arrest_place": "Lima",
        }
        for name, value in values.items():
            fill(name, value)
        placement = Select(driver.find_element(By.NAME, "placement"))
        procesados = [o for o in placement.options if "Procesados" in o.text and "Hombres" in o.text]
        expect(procesados, "the clerk's establishment has procesados pavilions for men")
        chosen = procesados[0].get_attribute("value")
        procesados_values = [o.get_attribute("value") for o in procesados]
        placement.select_by_value(chosen)
        submit("form.form button[type=submit]")
        expect(driver.find_elements(By.ID, "f-person-document-number-error"), "the invalid DNI is explained next to its field")
        expect(driver.find_element(By.NAME, "person.given_names").get_attribute("value") == "Prueba", "the input is kept")
        shot("admission-invalid")
        dni = "7" + datetime.datetime.now().strftime("%H%M%S") + "1"
        fill("person.document.number", dni)
        admit()
        expect("Ingreso registrado." in driver.page_source, "the admission is confirmed")
        expect("NAVEGADOR" in driver.page_source.upper(), "on the new person's file")
        shot("admission-confirmed")

        # Move to another procesados pavilion.
        driver.find_element(By.LINK_TEXT, "Cambiar de pabellón").click()
        soon(lambda: driver.find_elements(By.NAME, "pavilion_code"))
        pavilion = Select(driver.find_element(By.NAME, "pavilion_code"))
        current = chosen.split("/")[1]
        others = [o for o in pavilion.options if "Procesados" in o.text and o.get_attribute("value") != current]
        expect(others, "another procesados pavilion to move to")
        pavilion.select_by_value(others[0].get_attribute("value"))
        fill("reason", "Separación por seguridad")
        submit("form.form button[type=submit]")
        expect("Cambio de pabellón registrado." in driver.page_source, "the move is confirmed")
        shot("moved")

        # Release on a court order.
        driver.find_element(By.LINK_TEXT, "Registrar egreso").click()
        soon(lambda: driver.find_elements(By.NAME, "released_at"))
        fill("released_at", "18:00")
        fill("order.issuing_court", "Sala Penal de Apelaciones de Lima")
        fill("order.reference", "Resolución N.º 9")
        submit("form.form button[type=submit]")
        expect("Egreso registrado." in driver.page_source, "the release is confirmed")
        shot("released")

        # The alerts inbox, oldest unlawful detention first, each linking to a file.
        driver.find_element(By.LINK_TEXT, "Alertas").click()
        expect(soon(lambda: h1() == "Bandeja de alertas"), "the alerts inbox opens")
        Select(driver.find_element(By.NAME, "kind")).select_by_value("unlawful_detention")
        submit("form.filters button")
        links = driver.find_elements(By.CSS_SELECTOR, "table.data tbody th a")
        expect(links and links[0].get_attribute("href").count("/persons/P-") == 1, "each alert links to a person file")
        shot("alerts")

        # English on request.
        driver.find_element(By.LINK_TEXT, "English").click()
        expect(soon(lambda: h1() == "Alerts inbox"), "the English switch")
        shot("alerts-english")

        # The audit search, as the auditor (a national role): sign out, sign in again.
        driver.find_element(By.LINK_TEXT, "Español").click()
        soon(lambda: h1() == "Bandeja de alertas")
        submit("form[action='/logout'] button")
        expect(soon(lambda: "/login" in driver.current_url), "signed out")
        fill("username", "auditor")
        fill("password", args.password)
        submit("form button[type=submit]")
        expect(soon(lambda: h1() == "Panel nacional"), "the auditor's dashboard is national")
        driver.get(args.base_url + "/audit?user=registro")
        expect(soon(lambda: driver.find_elements(By.CSS_SELECTOR, "table.data tbody tr")), "the clerk's steps are in the trail")
        shot("audit")

        # Issue 14 point 3: the national analyst asks for a transfer plan and reads it: the highest occupancy reachable
        # with men and women apart, the moves by route, the occupancy before and after, what transfers cannot do.
        submit("form[action='/logout'] button")
        expect(soon(lambda: "/login" in driver.current_url), "signed out")
        fill("username", "analista.nacional")
        fill("password", args.password)
        submit("form button[type=submit]")
        expect(soon(lambda: h1() == "Panel nacional"), "the national analyst signs in")
        driver.find_element(By.CSS_SELECTOR, "nav a[href='/plans/transfers']").click()
        expect(soon(lambda: driver.find_elements(By.NAME, "moves_per_month")), "the plan's form asks for a moves cap")
        shot("transfer-plan-form")
        submit("form[action='/plans/transfers'] button[type=submit]")
        expect(soon(lambda: driver.find_elements(By.ID, "plan-totals")), "the plan is stored and shown")
        expect("/plans/transfers/" in driver.current_url, "at its own address")
        expect(driver.find_elements(By.ID, "plan-routes") and len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 2,
               "with its moves by route and the occupancy before and after")
        expect("no pueden eliminar el hacinamiento" in driver.page_source, "and what transfers alone cannot do")
        shot("transfer-plan")
        # The other objective: the fewest persons above 120 % of their places with 3,000 moves in the month.
        driver.get(args.base_url + "/plans/transfers")
        fill("moves_per_month", "3000")
        Select(driver.find_element(By.NAME, "objective")).select_by_value("excess-120")
        submit("form[action='/plans/transfers'] button[type=submit]")
        expect(soon(lambda: "Personas por encima del 120 % de sus plazas hoy" in driver.page_source),
               "the excess plan says how many are above the overcrowding line before and after")
        shot("transfer-plan-excess")
        # Issue 14 point 4: where new places do the most good, beside the announced projects.
        driver.find_element(By.CSS_SELECTOR, "nav a[href='/plans/capacity']").click()
        expect(soon(lambda: driver.find_elements(By.ID, "capacity-table")), "the capacity page shows every department")
        expect("45,497" in driver.page_source, "the places needed at 120 % on the demo register: planning.md's 45,497")
        expect("Quedan fuera: Ancón III" in driver.page_source,
               "the projects built whole: Ancón III adds nothing once the Huacho megapenal gives Lima its places")
        shot("capacity-plan")
        Select(driver.find_element(By.ID, "year")).select_by_value("2030")
        Select(driver.find_element(By.ID, "scenario")).select_by_value("high")
        driver.find_element(By.CSS_SELECTOR, "#capacity-form button[type=submit]").click()
        expect(soon(lambda: driver.find_elements(By.ID, "capacity-horizon")),
               "the demand of December 2030 in the high scenario, from the national forecast")
        shot("capacity-plan-2030")

        # The warden signs in with the code an authenticator app shows for the secret custodia demo printed
        # (computed here by Python's HMAC, independently of Custodia's implementation).
        submit("form[action='/logout'] button")
        expect(soon(lambda: "/login" in driver.current_url), "signed out")
        fill("username", "director")
        fill("password", args.password)
        fill("totp", totp(args.warden_totp_secret))
        submit("form button[type=submit]")
        expect(soon(lambda: h1().startswith("Panel: E.P.")), "the warden signs in with the printed TOTP secret")

        # Issue 11 point 3: two persons kept apart, a move that would put them together refused next to the
        # pavilion, then authorised by the warden with a resolution and a reason, shown on both files.
        numbers = []
        for index in range(2):
            driver.get(args.base_url + "/admissions/new")
            soon(lambda: driver.find_elements(By.NAME, "placement"))
            for name, value in values.items():
                fill(name, value)
            fill("person.given_names", "Separado" if index == 0 else "Rival")
            fill("person.document.number", "6" + datetime.datetime.now().strftime("%H%M%S") + str(index))
            fill("case.number", f"0099{index}-2026-1-1801-JR-PE-03")
            placement = Select(driver.find_element(By.NAME, "placement"))
            placement.select_by_value(procesados_values[index])
            admit()
            expect("Ingreso registrado." in driver.page_source, f"the warden admits person {index + 1}")
            numbers.append(driver.current_url.split("/persons/")[1].split("?")[0])
        driver.find_element(By.LINK_TEXT, "Registrar separación").click()
        soon(lambda: driver.find_elements(By.NAME, "second"))
        fill("second", numbers[0])
        Select(driver.find_element(By.NAME, "scope")).select_by_value("pavilion")
        fill("reason", "Amenaza en el patio (sintético)")
        submit("form.form button[type=submit]")
        expect("Separación registrada." in driver.page_source, "the keep-apart record is opened")
        driver.find_element(By.LINK_TEXT, "Cambiar de pabellón").click()
        soon(lambda: driver.find_elements(By.NAME, "pavilion_code"))
        Select(driver.find_element(By.NAME, "pavilion_code")).select_by_value(procesados_values[0].split("/")[1])
        fill("reason", "Reordenamiento del pabellón")
        submit("form.form button[type=submit]")
        expect(driver.find_elements(By.ID, "f-pavilion-code-error"), "the keep-apart conflict is explained next to the pavilion")
        expect("SEP-6" in driver.page_source, "citing the rule")
        shot("move-keep-apart-refused")
        fill("override.resolution", "R.D. N.º 045-2026-INPE (sintética)")
        fill("override.reason", "Única plaza disponible; vigilancia reforzada")
        submit("form.form button[type=submit]")
        expect("Cambio de pabellón registrado." in driver.page_source, "the warden's authorisation places the person")
        expect(driver.find_elements(By.ID, "overrides"), "the override is on the file of the person moved")
        shot("move-overridden")
        driver.get(args.base_url + "/persons/" + numbers[0])
        expect(driver.find_elements(By.ID, "overrides"), "and on the file of the person the record names")

        # Issue 11 point 8: the first person is transferred to another establishment and received there; the
        # second, kept apart from the first, is asked for the same pavilion: refused next to the field, authorised by
        # the warden with a resolution and a reason, approved, departed and received.
        def transfer(number, override=None):
            driver.get(args.base_url + f"/persons/{number}/transfer")
            soon(lambda: driver.find_elements(By.NAME, "establishment_code"))
            Select(driver.find_element(By.NAME, "establishment_code")).select_by_value("ancon")
            fill("pavilion_code", "A")
            Select(driver.find_element(By.NAME, "ground")).select_by_value("hacinamiento")
            fill("reason", "Descongestión (sintético)")
            fill("requested_on", args.today)
            submit("form.form button[type=submit]")
            if override:
                expect(driver.find_elements(By.CSS_SELECTOR, ".field.invalid .error"),
                       "the keep-apart conflict at the destination is explained next to its field")
                expect("SEP-6" in driver.page_source, "citing the rule")
                shot("transfer-keep-apart-refused")
                fill("override.resolution", override[0])
                fill("override.reason", override[1])
                submit("form.form button[type=submit]")
            expect("Traslado solicitado." in driver.page_source, f"the transfer of {number} is requested")
            Select(driver.find_element(By.NAME, "approve.authority")).select_by_value("director_regional")
            fill("approve.resolution", "R.D.R. N.º 77-2026-INPE/OR (sintética)")
            fill("approve.notified_on", args.today)
            submit_step("approve")
            expect("Aprobado" in driver.page_source, "approved")
            submit_step("depart")
            expect("En tránsito" in driver.page_source, "in transit")
            submit_step("receive")
            expect("Recibido" in driver.page_source, "received at the destination")

        transfer(numbers[0])
        transfer(numbers[1], ("R.D. N.º 046-2026-INPE (sintética)", "Pabellón con vigilancia reforzada; separación por celdas"))
        shot("transfer-received")

        # Issue 12 point 5: a 20-day isolation refused at its field (at most 15 consecutive days), then 10 days
        # recorded; the establishment's board shows the day of the streak.
        driver.get(args.base_url + "/admissions/new")
        soon(lambda: driver.find_elements(By.NAME, "placement"))
        for name, value in values.items():
            fill(name, value)
        fill("person.given_names", "Sancionado")
        fill("person.document.number", "5" + datetime.datetime.now().strftime("%H%M%S") + "9")
        fill("case.number", "00997-2026-1-1801-JR-PE-03")
        Select(driver.find_element(By.NAME, "placement")).select_by_value(procesados_values[0])
        admit()
        expect("Ingreso registrado." in driver.page_source, "the warden admits a third person")
        driver.get(driver.current_url.split("?")[0] + "/isolation")
        soon(lambda: driver.find_elements(By.NAME, "days"))
        fill("starts_on", args.today)
        fill("days", "20")
        fill("resolution", "Acta CTP N.º 9-2026 (sintética)")
        fill("reason", "Agresión a otro interno (sintético)")
        fill("medical_report", "Informe médico N.º 31-2026 (sintético)")
        submit("form.form button[type=submit]")
        expect(driver.find_elements(By.ID, "f-days-error"), "a 20-day isolation is refused next to its field")
        shot("isolation-refused")
        fill("days", "10")
        submit("form.form button[type=submit]")
        expect("Aislamiento registrado." in driver.page_source, "a 10-day isolation is recorded")
        expect(driver.find_elements(By.ID, "isolations"), "on the person's file")

        # Issue 12 point 6: the person classified in stage A of the special regime; a relative registered and linked;
        # a contact visit refused at its field (stage A: locutorio only, CL-9), one in the locutorio booked and checked
        # in at the gate with the visitor's document; the day's calendar lists it. (The demo runs as a rehearsal that
        # starts at 10:00, so the visit at 11:00 is in the future when booked and may be checked in from 10:00.)
        person_number = driver.current_url.split("/persons/")[1].split("?")[0]
        driver.get(args.base_url + f"/persons/{person_number}/classify")
        soon(lambda: driver.find_elements(By.NAME, "regime"))
        Select(driver.find_element(By.NAME, "regime")).select_by_value("rce_a")
        fill("decided_on", args.today)
        fill("body", "Junta Técnica de Clasificación")
        fill("resolution", "Acta JTC N.º 12-2026 (sintética)")
        submit("form.form button[type=submit]")
        expect("Clasificación registrada." in driver.page_source, "the person is classified in stage A")
        visitor_dni = "4" + datetime.datetime.now().strftime("%H%M%S") + "2"
        driver.find_element(By.LINK_TEXT, "Visitantes").click()
        soon(lambda: driver.find_elements(By.NAME, "q"))
        driver.find_element(By.LINK_TEXT, "Registrar visitante").click()
        soon(lambda: driver.find_elements(By.NAME, "document.number"))
        for name, value in {
            "document.number": visitor_dni, "given_names": "Rosa", "paternal_surname": "Visitante",
            "maternal_surname": "Navegador", "birth_date": "1980-06-01", "address": "Jr. Sintético 123, Lima",
        }.items():
            fill(name, value)
        Select(driver.find_element(By.NAME, "sex")).select_by_value("female")
        submit("form.form button[type=submit]")
        expect("Visitante registrado." in driver.page_source, "the visitor is registered")
        driver.find_element(By.LINK_TEXT, "Registrar a quién visita").click()
        soon(lambda: driver.find_elements(By.NAME, "relationship"))
        fill("person_number", person_number)
        Select(driver.find_element(By.NAME, "relationship")).select_by_value("sibling")
        submit("form.form button[type=submit]")
        expect("Vínculo registrado." in driver.page_source and "2.º grado de consanguinidad" in driver.page_source,
               "the visitor is linked as a sibling (2nd degree of consanguinity)")
        shot("visitor")
        driver.get(args.base_url + f"/persons/{person_number}")
        driver.find_element(By.LINK_TEXT, "Reservar visita").click()
        soon(lambda: driver.find_elements(By.NAME, "visitor_1"))
        Select(driver.find_element(By.NAME, "kind")).select_by_value("family")
        Select(driver.find_element(By.NAME, "mode")).select_by_value("contact")
        fill("starts_at", f"{args.today} 11:00")
        fill("minutes", "60")
        visitor_option = [o for o in Select(driver.find_element(By.NAME, "visitor_1")).options if visitor_dni in o.text]
        expect(visitor_option, "the booking form offers the registered visitor")
        Select(driver.find_element(By.NAME, "visitor_1")).select_by_value(visitor_option[0].get_attribute("value"))
        submit("form.form button[type=submit]")
        expect(driver.find_elements(By.ID, "f-mode-error") and "CL-9" in driver.page_source,
               "a contact visit in stage A is refused next to the mode, citing the rule")
        expect("queda registrada" in driver.page_source, "and the refusal is kept")
        shot("visit-refused")
        Select(driver.find_element(By.NAME, "mode")).select_by_value("locutorio")
        submit("form.form button[type=submit]")
        expect("Visita reservada." in driver.page_source, "a visit in the locutorio is booked")
        fill("check_in.document_1", visitor_dni)
        submit_step("check_in")
        expect("Ingreso registrado." in driver.page_source, "the gate checks the visitor in with the document")
        shot("visit-checked-in")
        driver.get(args.base_url + "/")
        driver.get(driver.find_element(By.CSS_SELECTOR, "table.data tbody th a[href^='/establishments/']").get_attribute("href"))
        driver.find_element(By.LINK_TEXT, "Visitas del día").click()
        expect(soon(lambda: driver.find_elements(By.ID, "visit-calendar")), "the day's visit calendar opens")
        expect(person_number in driver.page_source and "En curso" in driver.page_source, "and lists the visit inside")
        shot("visit-calendar")

        # Issue 12 points 3 and 6: a seizure filed from the establishment's incidents — refused without an item, then
        # filed with a phone and its IMEI; corrected by an addendum (the original stays); the warden puts it under
        # review; the list's figures count the phone.
        driver.find_element(By.LINK_TEXT, "Volver al establecimiento").click()
        driver.find_element(By.LINK_TEXT, "Incidencias y decomisos").click()
        expect(soon(lambda: driver.find_elements(By.ID, "incident-total")), "the establishment's incidents open")
        driver.find_element(By.LINK_TEXT, "Registrar incidencia").click()
        soon(lambda: driver.find_elements(By.NAME, "narrative"))
        Select(driver.find_element(By.NAME, "kind")).select_by_value("decomiso")
        Select(driver.find_element(By.NAME, "search_kind")).select_by_value("ordinaria")
        Select(driver.find_element(By.NAME, "relevance")).select_by_value("alta")
        for name, value in {
            "occurred_at": f"{args.today} 09:30", "place": "Pabellón A, celda A-12",
            "narrative": "En la requisa ordinaria se halló un celular bajo el colchón (sintético).",
            "person_1": person_number, "staff_1": "Técnico Navegador (sintético)",
        }.items():
            fill(name, value)
        Select(driver.find_element(By.NAME, "person_1_role")).select_by_value("intervenido")
        Select(driver.find_element(By.NAME, "staff_1_role")).select_by_value("informante")
        submit("form.form button[type=submit]")
        expect(driver.find_elements(By.ID, "f-item-1-category-error"), "a seizure without items is refused at the item")
        shot("incident-refused")
        Select(driver.find_element(By.NAME, "item_1.category")).select_by_value("celular")
        fill("item_1.quantity", "1")
        fill("item_1.found_at", "Bajo el colchón")
        fill("item_1.imei", "490154203237518")
        submit("form.form button[type=submit]")
        expect("Incidencia registrada." in driver.page_source and "490154203237518" in driver.page_source,
               "the seizure is filed with the phone's IMEI")
        Select(driver.find_element(By.NAME, "addendum.corrects")).select_by_value("place")
        fill("addendum.text", "La celda es A-21, no A-12 (sintético).")
        submit("form[action$='/addendum'] button[type=submit]")
        expect("Adenda registrada." in driver.page_source and "celda A-12" in driver.page_source
               and "La celda es A-21" in driver.page_source, "the addendum follows the original, which stays")
        Select(driver.find_element(By.NAME, "state.state")).select_by_value("under_review")
        fill("state.note", "Pasa a revisión del Consejo Técnico (sintético).")
        submit("form[action$='/state'] button[type=submit]")
        expect("Estado de la incidencia actualizado." in driver.page_source, "the warden puts the report under review")
        shot("incident")
        incident_url = driver.current_url.split("?")[0]
        driver.find_element(By.CSS_SELECTOR, "p.lead a").click()
        expect(soon(lambda: driver.find_elements(By.ID, "incident-figures")), "the list shows the seizures' figures")
        expect("Celulares" in driver.find_element(By.ID, "incident-figures").text, "counting the phone")
        shot("incidents")

        # Issue 12 points 4 and 6: a disciplinary case opened from the incident for the person intervened, notified,
        # heard and reported on; the CTP's acta with 20 days of isolation right after the 10 already recorded is
        # refused at the measure (DS-3: at most 15 consecutive days); a reprimand is recorded.
        driver.get(incident_url)
        driver.find_element(By.LINK_TEXT, "Abrir caso disciplinario").click()
        soon(lambda: driver.find_elements(By.NAME, "offence_code"))
        Select(driver.find_element(By.NAME, "offence_code")).select_by_value("G-01")
        fill("act", "Poseía un celular en su celda (sintético).")
        submit("form.form button[type=submit]")
        expect("Caso disciplinario abierto." in driver.page_source, "the case is opened from the incident")
        fill("notify.text", "Notificación escrita N.º 5-2026 (sintética)")
        submit_step("notify")
        fill("descargo.text", "Niego que el celular sea mío (sintético).")
        fill("descargo.defender", "Defensor Navegador (sintético)")
        submit_step("descargo")
        fill("report.text", "Informe del Jefe de Seguridad con las pruebas (sintético).")
        submit_step("report")
        expect(driver.find_elements(By.NAME, "decide.acta"), "the CTP's acta may now be recorded")
        after_isolation = (datetime.date.fromisoformat(args.today) + datetime.timedelta(days=10)).isoformat()
        fill("decide.acta", "Acta CTP N.º 10-2026 (sintética)")
        Select(driver.find_element(By.NAME, "decide.outcome")).select_by_value("sanctioned")
        Select(driver.find_element(By.NAME, "decide.measure_1.kind")).select_by_value("aislamiento")
        fill("decide.measure_1.starts_on", after_isolation)
        fill("decide.measure_1.days", "20")
        fill("decide.medical_report", "Informe médico N.º 32-2026 (sintético)")
        submit_step("decide")
        expect(driver.find_elements(By.ID, "f-decide-measure-1-days-error"),
               "20 days of isolation after the 10 already ordered are refused at the measure (DS-3)")
        shot("discipline-refused")
        Select(driver.find_element(By.NAME, "decide.measure_1.kind")).select_by_value("amonestacion")
        fill("decide.measure_1.days", "0")
        submit_step("decide")
        expect("Decisión registrada." in driver.page_source and "Amonestación" in driver.page_source,
               "a reprimand is recorded")
        shot("discipline")

        # Issue 13 point 7: the establishment's inbox of orders received from the courts (one release order past its
        # time on top, marked); the warden opens the first and accepts it; the history records the step.
        driver.get(args.base_url + "/")
        driver.get(driver.find_element(By.CSS_SELECTOR, "table.data tbody th a[href^='/establishments/']").get_attribute("href"))
        driver.find_element(By.CSS_SELECTOR, "a[href$='/orders']").click()
        expect(soon(lambda: driver.find_elements(By.ID, "orders-list")), "the inbox lists the orders received")
        expect(driver.find_elements(By.CSS_SELECTOR, "#orders-list tr.overdue"), "a release order past its time is marked")
        shot("orders")
        pending = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#orders-list tbody th a")]
        accepted = False
        for href in pending:
            driver.get(href)
            if driver.find_elements(By.XPATH, "//form[input[@name='action' and @value='accept']]"):
                submit_step("accept")
                accepted = True
                break
        expect(accepted and "Orden aceptada." in driver.page_source, "the warden accepts an order from the inbox")
        expect(driver.find_elements(By.ID, "order-history"), "its history shows every step")
        shot("order")

        # Issue 26 point 5: the establishment's benefits board (late first); the warden opens the file of an eligible
        # person not started, records every document (the file completes by itself), sends it to the court and records
        # the grant: the release is due the same day.
        driver.get(args.base_url + "/")
        driver.get(driver.find_element(By.CSS_SELECTOR, "table.data tbody th a[href^='/establishments/']").get_attribute("href"))
        driver.find_element(By.CSS_SELECTOR, "a[href$='/benefits']").click()
        expect(soon(lambda: driver.find_elements(By.ID, "benefits-board")), "the board lists the persons eligible")
        expect(driver.find_elements(By.CSS_SELECTOR, "#benefits-board tr.overdue"), "those past a term are marked")
        shot("benefits")
        submit("#benefits-board form.inline button")
        expect("Expediente abierto." in driver.page_source, "the warden opens a file from the board")
        for _ in range(len("sentence conduct no_detention_order work_study legal_report social_report "
                           "psychological_report domicile payment".split())):
            if not driver.find_elements(By.XPATH, "//form[input[@name='action' and @value='document']]"):
                break
            fill("document.on", args.today)
            fill("document.issuer", "Unidad del establecimiento (sintética)")
            submit_step("document")
        expect("Completo" in driver.page_source, "every document recorded: the file is complete")
        fill("send.on", args.today)
        fill("send.court", "Juzgado Penal Unipersonal (sintético)")
        submit_step("send")
        expect("Expediente remitido al juzgado." in driver.page_source, "the complete file is sent to the court")
        fill("grant.on", args.today)
        submit_step("grant")
        expect("la libertad se ejecuta hoy" in driver.page_source and "Concedido" in driver.page_source,
               "the grant is recorded and the release is due today")
        shot("benefit-file")

        # Issue 26 point 4: what the law would free in the warden's establishment, with its chart.
        driver.find_element(By.CSS_SELECTOR, "nav a[href='/relief']").click()
        expect(soon(lambda: driver.find_elements(By.ID, "relief-table")), "the relief page shows its table")
        expect(driver.find_elements(By.CSS_SELECTOR, "svg.chart"), "and the occupancy if every file were decided, charted")
        shot("relief")

        # Issue 26 point 2: the candidate lists, reached from the relief page: who qualifies for vigilancia electrónica
        # and why, with the rules; the pretrial review; the CSV for the defense, prosecutors and courts.
        driver.find_element(By.CSS_SELECTOR, "#relief-candidate-links a[href$='list=electronic']").click()
        expect(soon(lambda: driver.find_elements(By.ID, "relief-candidates")), "the electronic surveillance list shows its table")
        expect(driver.find_elements(By.CSS_SELECTOR, "#relief-candidates abbr[title^='CPP art. 268-A']")
               or driver.find_elements(By.CSS_SELECTOR, "#relief-candidates abbr[title^='CP art. 52-B']"),
               "each person on it names the rule that qualifies them")
        shot("relief-candidates")
        driver.get(args.base_url + "/relief/candidates?list=pretrial_review")
        expect(soon(lambda: driver.find_elements(By.ID, "relief-candidates-summary")), "the pretrial review list opens")
        csv = driver.find_element(By.ID, "relief-csv").get_attribute("href")
        expect("format=csv" in csv and "list=pretrial_review" in csv, "its CSV link carries the list's filters")
        shot("relief-review")

        # Issue 15 point 5: the national forecast with a release programme as a lever: its fan chart and its path.
        driver.get(args.base_url + "/reports/forecast?to=2030-12&release_programme=6000@2026-07")
        expect(soon(lambda: driver.find_elements(By.ID, "forecast-path")), "the forecast shows its path by year")
        expect(driver.find_elements(By.CSS_SELECTOR, "svg.fan polygon.band"), "with the fan of its 80 % interval")
        shot("forecast")

        # Issue 15 point 3: the month's open data, reached from the monthly report: its files with what each
        # withholds, and the data dictionary.
        driver.get(args.base_url + "/reports/monthly")
        expect(soon(lambda: driver.find_elements(By.ID, "report-open-data")), "the monthly report links to its open data")
        driver.find_element(By.ID, "report-open-data").click()
        expect(soon(lambda: driver.find_elements(By.ID, "open-data-files")), "the open data lists its files")
        expect(len(driver.find_elements(By.CSS_SELECTOR, "#open-data-files tbody tr")) == 5, "five files")
        expect(driver.find_elements(By.ID, "open-data-dictionary"), "and the data dictionary")
        shot("open-data")
    finally:
        driver.quit()
    print(f"browser walk: {len(steps)} pages, screenshots in {args.screenshots}; axe-core on {len(audited)} of them")


if __name__ == "__main__":
    main()
