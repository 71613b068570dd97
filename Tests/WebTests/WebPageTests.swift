import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Testing

@Suite struct WebPageTests {
    func clerk(_ services: Services) async throws -> StaffUser {
        try await AccessFixtures.user(
            "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
    }

    @Test(arguments: TestDatabase.engines)
    func signInInSpanishFirstAndEnglishOnRequest(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            var browser = Browser(client: client)
            // Not signed in: to the login form, remembering where the user was going.
            let home = try await browser.get("/")
            #expect(home.status == 303 && home.location == "/login?next=%2F")
            let login = try await browser.get("/login")
            #expect(login.status == 200 && login.contains("<html lang=\"es-PE\">") && login.contains("Iniciar sesión"))
            #expect(
                login.contains("<label for=\"username\">Usuario</label>")
                    && login.contains("<label for=\"password\">Contraseña</label>"))
            #expect(login.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            let english = try await browser.get("/login?lang=en")
            #expect(english.contains("<html lang=\"en\">") && english.contains("Sign in"))
            // The choice is remembered.
            #expect(try await browser.get("/login").contains("<html lang=\"en\">"))
            _ = try await browser.get("/login?lang=es")
            // A wrong password: the form again, with the reason, the user name kept.
            let user = try await clerk(services)
            let token = try #require(try await browser.get("/login").inputValue("_login"))
            let wrong = try await browser.post(
                "/login", form: [("_login", token), ("next", "/"), ("username", "rosa"), ("password", "no-es")])
            #expect(
                wrong.status == 401 && wrong.contains("Usuario o contraseña incorrectos.")
                    && wrong.inputValue("username") == "rosa")
            // A login posted without the form's token is refused.
            var stranger = Browser(client: client)
            let forged = try await stranger.post("/login", form: [("username", "rosa"), ("password", AccessFixtures.password)])
            #expect(forged.status == 403 && stranger.cookies[AccessControl.cookieName] == nil)
            // The right one: to the dashboard, with the user's name, role and scope on every page.
            let signedIn = try await browser.signIn(user, clock: clock)
            #expect(signedIn.status == 303 && signedIn.location == "/")
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == 200)
            #expect(dashboard.contains("Usuario rosa") && dashboard.contains("Registrador") && dashboard.contains("ep-norte"))
            // Sign out ends the session.
            let csrf = try await browser.csrf()
            let out = try await browser.post("/logout", form: [("_csrf", csrf)])
            #expect(out.status == 303 && out.location == "/login")
            #expect(try await browser.get("/").status == 303)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func wardensSignInWithTheirSecondFactor(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            let warden = try await AccessFixtures.user(
                "diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            var token = try #require(try await browser.get("/login").inputValue("_login"))
            let missing = try await browser.post(
                "/login", form: [("_login", token), ("username", "diego"), ("password", AccessFixtures.password)])
            #expect(missing.status == 401 && missing.contains("Su rol requiere el código de verificación."))
            token = try #require(missing.inputValue("_login"))
            let wrong = try await browser.post(
                "/login",
                form: [("_login", token), ("username", "diego"), ("password", AccessFixtures.password), ("totp", "000000")])
            #expect(wrong.status == 401 && wrong.contains("El código de verificación no es válido o ya venció."))
            let signedIn = try await browser.signIn(warden, clock: clock)
            #expect(signedIn.status == 303)
            let home = try await browser.get("/")
            #expect(home.status == 200 && home.contains("Director"))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func dashboardShowsTotalsBarsAndAlerts(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            let analyst = try await AccessFixtures.user("nora", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(analyst, clock: clock)
            let page = try await browser.get("/?as_of=2026-12-05")
            #expect(page.status == 200)
            #expect(page.contains("<svg class=\"chart\" role=\"img\""))
            // Both establishments, the worst first: ep-norte holds 1 of 10 (10.0 %), ep-mujeres none.
            let norte = try #require(page.html.range(of: "E.P. Norte de Prueba"))
            let mujeres = try #require(page.html.range(of: "E.P. de Mujeres de Prueba"))
            #expect(norte.lowerBound < mujeres.lowerBound)
            #expect(page.contains("10.0 %"))
            // Alerts as of the day asked: the fixture's pretrial term (9 months from 2026-03-01) has expired.
            #expect(page.contains("href=\"/alerts?kind=unlawful_detention&amp;as_of=2026-12-05\""))
            // Grouped by regional office on demand.
            let grouped = try await browser.get("/?group=region")
            #expect(grouped.contains("<h3>Lima - Lima"))
            // A bad date is explained, not a failure.
            let bad = try await browser.get("/?as_of=2026-02-30")
            #expect(bad.status == 200 && bad.contains("La fecha debe tener el formato AAAA-MM-DD."))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func establishmentSearchAndFile(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            var browser = Browser(client: client)
            _ = try await browser.signIn(try await clerk(services), clock: clock)
            let establishment = try await browser.get("/establishments/ep-norte")
            #expect(establishment.status == 200 && establishment.contains("Pabellón A") && establishment.contains("Procesados"))
            // Outside the clerk's scope: not found.
            #expect(try await browser.get("/establishments/ep-mujeres").status == 404)
            // A name without its accent and in capitals finds Ñahui.
            let search = try await browser.get("/persons?q=NAHUI")
            #expect(search.status == 200 && search.contains("href=\"/persons/\(file.person.number)\""))
            let person = try await browser.get("/persons/\(file.person.number)")
            #expect(person.status == 200)
            #expect(person.contains("ÑAHUI QUISPE") || person.contains("Ñahui"))
            #expect(person.contains("Prisión preventiva") && person.contains("Reglas aplicadas"))
            #expect(person.contains("PP-"))  // rule ids with their citations
            #expect(person.contains("Historial de ubicaciones"))
            // Reading the file is in the audit trail.
            let rows = try await services.auditLog.search(
                AuditFilter(personNumber: file.person.number.description), after: nil, limit: 10)
            #expect(rows.items.first?.record.actor.action == "GET /persons/{person_number}")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func admissionMoveAndReleaseThroughTheForms(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            var browser = Browser(client: client)
            _ = try await browser.signIn(try await clerk(services), clock: clock)
            let csrf = try await browser.csrf()
            let form = try await browser.get("/admissions/new")
            #expect(form.status == 200 && form.contains("<label for=\"f-person-document-number\">"))
            var fields: [(String, String)] = [
                ("_csrf", csrf), ("person.document.type", "dni"), ("person.document.number", "4123"),
                ("person.given_names", "Ana"), ("person.paternal_surname", "Quispe"), ("person.maternal_surname", "Huamán"),
                ("person.sex", "male"), ("person.birth_date", "1991-02-03"), ("person.nationality", "PER"),
                ("order.kind", "pretrial_detention"),
                ("order.issuing_court", "Juzgado de Investigación Preparatoria N.º 2 de Lima"),
                ("order.issued_on", "2026-03-10"), ("order.reference", "Resolución N.º 1"), ("order.months", "9"),
                ("order.starts_on", "2026-03-09"), ("case.number", "00456-2026-1-1801-JR-PE-02"),
                ("case.court", "Juzgado de Investigación Preparatoria N.º 2 de Lima"),
                ("case.judicial_district", "Corte Superior de Justicia de Lima"), ("case.case_type", "ordinary"),
                ("case.charges", "189"), ("placement", "ep-norte/A"), ("admitted_on", "2026-03-10"), ("admitted_at", "09:15"),
                ("sending_authority", "Juzgado de Investigación Preparatoria N.º 2 de Lima"), ("arrested_on", "2026-03-09"),
                ("arrest_place", "Lima"),
            ]
            // One invalid field: refused, the message next to the field, every value kept, nothing written.
            let refused = try await browser.post("/admissions/new", form: fields)
            #expect(refused.status == 422)
            #expect(refused.contains("id=\"f-person-document-number-error\""))
            #expect(refused.inputValue("person.document.number") == "4123" && refused.inputValue("person.given_names") == "Ana")
            #expect(try await Meta.personCount(in: services.database) == 1)
            fields[2] = ("person.document.number", "45678912")
            let admitted = try await browser.post("/admissions/new", form: fields)
            #expect(admitted.status == 303)
            let location = try #require(admitted.location)
            #expect(location.hasSuffix("?done=admission"))
            let confirmation = try await browser.get(location)
            #expect(
                confirmation.contains("Ingreso registrado.")
                    && (confirmation.contains("QUISPE") || confirmation.contains("Quispe"))
            )
            let number = String(location.dropFirst("/persons/".count).prefix { $0 != "?" })
            // Move: the form carries the version; a stale one is explained.
            let moveForm = try await browser.get("/persons/\(number)/move")
            let version = try #require(moveForm.inputValue("version"))
            let moved = try await browser.post(
                "/persons/\(number)/move",
                form: [
                    ("_csrf", csrf), ("version", version), ("pavilion_code", "B"), ("moved_on", "2026-03-12"),
                    ("reason", "Separación"),
                ])
            #expect(moved.status == 303 && moved.location?.hasSuffix("?done=move") == true)
            let stale = try await browser.post(
                "/persons/\(number)/move",
                form: [
                    ("_csrf", csrf), ("version", version), ("pavilion_code", "A"), ("moved_on", "2026-03-13"), ("reason", "Otra"),
                ])
            #expect(stale.status == 409 && stale.contains("Este registro cambió desde que lo abrió"))
            // Release.
            let releaseForm = try await browser.get("/persons/\(number)/release")
            let current = try #require(releaseForm.inputValue("version"))
            let badRelease = try await browser.post(
                "/persons/\(number)/release",
                form: [
                    ("_csrf", csrf), ("version", current), ("released_on", "2026-03-14"), ("released_at", "25:99"),
                    ("ground", "court_order"),
                ])
            #expect(badRelease.status == 422 && badRelease.contains("id=\"f-released-at-error\""))
            let released = try await browser.post(
                "/persons/\(number)/release",
                form: [
                    ("_csrf", csrf), ("version", current), ("released_on", "2026-03-14"), ("released_at", "18:00"),
                    ("ground", "court_order"), ("order.issuing_court", "Sala Penal de Apelaciones de Lima"),
                    ("order.issued_on", "2026-03-14"), ("order.reference", "Resolución N.º 7"),
                ])
            #expect(released.status == 303 && released.location?.hasSuffix("?done=release") == true)
            #expect(try await browser.get("/persons/\(number)").contains("Egresado"))
            // A form posted without the session's CSRF token changes nothing.
            let forged = try await browser.post(
                "/persons/\(number)/move",
                form: [("version", "9"), ("pavilion_code", "A"), ("moved_on", "2026-03-15"), ("reason", "x")])
            #expect(forged.status == 403)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func securityOfficersRecordOnlyTheSectionsTheyRead(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let officer = try await AccessFixtures.user(
                "simon", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(officer, clock: clock)
            let number = file.person.number.description
            let person = try await browser.get("/persons/\(number)")
            #expect(person.contains("href=\"/persons/\(number)/sensitive\""))
            let form = try await browser.get("/persons/\(number)/sensitive")
            #expect(
                form.status == 200 && form.contains("<textarea id=\"f-affiliation\"")
                    && form.contains("<textarea id=\"f-health\""))
            #expect(!form.contains("f-intelligence") && AccessibilityTests.unlabelled(form.html).isEmpty)
            let csrf = try await browser.csrf()
            let version = try #require(form.inputValue("version"))
            // A section outside the role is ignored even if posted.
            let saved = try await browser.post(
                "/persons/\(number)/sensitive",
                form: [
                    ("_csrf", csrf), ("version", version), ("affiliation", "Banda de prueba (ficticia)"), ("intelligence", "x"),
                ])
            #expect(saved.status == 303 && saved.location?.hasSuffix("?done=sensitive") == true)
            let shown = try await browser.get("/persons/\(number)?done=sensitive")
            #expect(shown.contains("Información reservada registrada.") && shown.contains("Banda de prueba (ficticia)"))
            #expect(try await services.registry.personFile(file.person.id)?.sensitive.intelligence == nil)
            // A stale form is explained.
            let stale = try await browser.post(
                "/persons/\(number)/sensitive", form: [("_csrf", csrf), ("version", version), ("health", "Asma")])
            #expect(stale.status == 409 && stale.contains("Este registro cambió desde que lo abrió"))
            // A clerk may not open the form, nor see the notes.
            let clerk = try await clerk(services)
            var clerkBrowser = Browser(client: client)
            _ = try await clerkBrowser.signIn(clerk, clock: clock)
            #expect(try await clerkBrowser.get("/persons/\(number)/sensitive").status == 403)
            #expect(!(try await clerkBrowser.get("/persons/\(number)").contains("Banda de prueba")))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func refusalsAndErrorsArePagesInTheUsersLanguage(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            let analyst = try await AccessFixtures.user("nora", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(analyst, clock: clock)
            let unknown = try await browser.get("/no-existe")
            #expect(
                unknown.status == 404 && unknown.contains("Página no encontrada") && unknown.contains("<html lang=\"es-PE\">"))
            let english = try await browser.get("/no-such-page?lang=en")
            #expect(english.status == 404 && english.contains("Page not found"))
            _ = try await browser.get("/?lang=es")
            let forbidden = try await browser.get("/admissions/new")
            #expect(forbidden.status == 403 && forbidden.contains("Acceso denegado"))
            // The analyst's menu offers only what the role may do.
            let dashboard = try await browser.get("/")
            #expect(dashboard.contains("href=\"/alerts\"") && !dashboard.contains("href=\"/admissions/new\""))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func alertsInboxAndAuditSearch(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            var browser = Browser(client: client)
            _ = try await browser.signIn(try await clerk(services), clock: clock)
            let inbox = try await browser.get("/alerts?as_of=2026-12-05&kind=unlawful_detention")
            #expect(inbox.status == 200 && inbox.contains("href=\"/persons/\(file.person.number)\""))
            #expect(inbox.contains("<option value=\"unlawful_detention\" selected>"))
            let none = try await browser.get("/alerts?as_of=2026-03-15&kind=unlawful_detention")
            #expect(none.contains("No hay alertas con estos filtros."))
            // Only auditors search the trail.
            #expect(try await browser.get("/audit").status == 403)
            let auditor = try await AccessFixtures.user("aurora", roles: [.auditor], scope: .nation, in: services.directory)
            var auditBrowser = Browser(client: client)
            _ = try await auditBrowser.signIn(auditor, clock: clock)
            let trail = try await auditBrowser.get("/audit?user=rosa")
            #expect(trail.status == 200 && trail.contains("GET /alerts") == false && trail.contains("login"))
            // The clerk's role in the reader's language, not its code.
            #expect(trail.contains("<td>Registrador</td>") && !trail.contains("registry_clerk"))
            let bad = try await auditBrowser.get("/audit?from=ayer")
            #expect(bad.status == 422 && bad.contains("id=\"from-error\""))
        }
    }

    /// Issue 9, point 4: the admission form records the recidivism a sentence declares, the file shows it and the
    /// clock applies it; on any other order the form refuses it next to the field.
    @Test(arguments: TestDatabase.engines)
    func recidivismDeclaredOnTheAdmissionForm(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            var browser = Browser(client: client)
            _ = try await browser.signIn(try await clerk(services), clock: clock)
            let csrf = try await browser.csrf()
            let form = try await browser.get("/admissions/new")
            #expect(form.contains("<label for=\"f-order-recidivism\">") && form.contains("Reincidente (CP art. 46-B)"))
            var fields: [(String, String)] = [
                ("_csrf", csrf), ("person.document.type", "dni"), ("person.document.number", "45678913"),
                ("person.given_names", "Luis"), ("person.paternal_surname", "Condori"), ("person.maternal_surname", "Mamani"),
                ("person.sex", "male"), ("person.birth_date", "1988-07-01"), ("person.nationality", "PER"),
                ("order.kind", "pretrial_detention"), ("order.issuing_court", "Juzgado Penal Colegiado de Lima"),
                ("order.issued_on", "2026-03-10"), ("order.reference", "Sentencia, Resolución N.º 7"), ("order.months", "9"),
                ("order.starts_on", "2026-03-09"), ("order.years", "10"), ("order.recidivism", "recidivist"),
                ("case.number", "00457-2026-1-1801-JR-PE-02"), ("case.court", "Juzgado Penal Colegiado de Lima"),
                ("case.judicial_district", "Corte Superior de Justicia de Lima"), ("case.case_type", "ordinary"),
                ("case.charges", "189"), ("placement", "ep-norte/C"), ("admitted_on", "2026-03-10"), ("admitted_at", "09:15"),
                ("sending_authority", "Juzgado Penal Colegiado de Lima"), ("arrested_on", "2026-03-09"), ("arrest_place", "Lima"),
            ]
            let refused = try await browser.post("/admissions/new", form: fields)
            #expect(refused.status == 422 && refused.contains("id=\"f-order-recidivism-error\""))
            #expect(try await Meta.personCount(in: services.database) == 1)
            fields[9] = ("order.kind", "sentence")
            let admitted = try await browser.post("/admissions/new", form: fields)
            #expect(admitted.status == 303)
            let file = try await browser.get(try #require(admitted.location))
            #expect(file.contains("Reincidente (CP art. 46-B)"))
            #expect(file.contains("Excluido (BF-3)"))
        }
    }
}
