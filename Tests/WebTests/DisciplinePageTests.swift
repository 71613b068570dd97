import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Disciplinary cases on the staff pages (issue 12 points 4 and 6): the warden opens a case from the person's file,
/// records each step, and the Consejo Técnico Penitenciario's acta with 20 days of isolation is refused at the
/// measure's days (beyond 15), with 10 recorded; the file lists the case; a step posted to the decision's route is
/// refused.
@Suite struct DisciplinePageTests {
    @Test(arguments: TestDatabase.engines)
    func openStepAndDecide(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await warden.get("/persons/\(number)").contains("href=\"/persons/\(number)/discipline\""))
            let form = try await warden.get("/persons/\(number)/discipline")
            #expect(form.contains("G-01") && form.contains("name=\"act\""))
            let version = try #require(form.inputValue("version"))
            var fields = [
                ("_csrf", try await warden.csrf()), ("version", version), ("offence_code", ""),
                ("act", "Agresión a otro interno (sintético)"), ("occurred_on", "2026-03-14"), ("incident_id", ""),
            ]
            let noOffence = try await warden.post("/persons/\(number)/discipline", form: fields)
            #expect(noOffence.status == 422 && noOffence.contains("id=\"f-offence-code-error\""))
            fields[2] = ("offence_code", "G-02")
            let opened = try await warden.post("/persons/\(number)/discipline", form: fields)
            #expect(opened.status == 303)
            let path = try #require(opened.location?.split(separator: "?").first.map(String.init))
            #expect(try await warden.get(try #require(opened.location)).contains("Caso disciplinario abierto."))
            var caseVersion = 1
            for (action, extra) in [
                ("notify", [("notify.text", "Notificación escrita N.º 3")]),
                ("descargo", [("descargo.text", "Niego los hechos"), ("descargo.defender", "Defensor Sintético")]),
                ("report", [("report.text", "Pruebas a favor y en contra")]),
            ] {
                let posted = try await warden.post(
                    "\(path)/step",
                    form: [
                        ("_csrf", try await warden.csrf()), ("action", action), ("version", String(caseVersion)),
                        ("\(action).on", "2026-03-15"),
                    ] + extra)
                #expect(posted.status == 303, "\(action): \(posted.html.prefix(400))")
                caseVersion += 1
            }
            var decision = [
                ("_csrf", try await warden.csrf()), ("action", "decide"), ("version", "4"), ("decide.on", "2026-03-15"),
                ("decide.acta", "Acta CTP 8-2026"), ("decide.outcome", "sanctioned"), ("decide.measure_1.kind", "aislamiento"),
                ("decide.measure_1.starts_on", "2026-03-15"), ("decide.measure_1.days", "20"),
                ("decide.medical_report", "Informe médico 21-2026"), ("decide.protected_condition", "no"),
            ]
            let wrongRoute = try await warden.post("\(path)/step", form: decision)
            #expect(wrongRoute.status == 400)
            let twenty = try await warden.post("\(path)/decision", form: decision)
            #expect(twenty.status == 422 && twenty.contains("id=\"f-decide-measure-1-days-error\"") && twenty.contains("15"))
            decision[8] = ("decide.measure_1.days", "10")
            let decided = try await warden.post("\(path)/decision", form: decision)
            #expect(decided.status == 303)
            let page = try await warden.get(try #require(decided.location))
            #expect(page.contains("Decisión registrada.") && page.contains("Aislamiento 2026-03-15 – 2026-03-24"))
            let person = try await warden.get("/persons/\(number)")
            #expect(person.contains("id=\"discipline\"") && person.contains("Resuelto") && person.contains("id=\"isolations\""))
            #expect(try await warden.get("/establishments/ep-norte/discipline").contains("G-02 · Agredir"))
        }
    }
}
