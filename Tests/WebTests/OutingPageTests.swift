import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Temporary exits and the roll on the staff pages (issue 11 points 4-6 and 8): a court production scheduled from
/// the person's file with its messages at the fields, the exit's page with the departure and the return, the day's
/// list and the roll on the establishment's page (the fixtures' clock stands at 07:00 in Lima).
@Suite struct OutingPageTests {
    @Test(arguments: TestDatabase.engines)
    func scheduleLeaveCountReturn(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await clerk.get("/persons/\(number)").contains("href=\"/persons/\(number)/outing\""))
            let form = try await clerk.get("/persons/\(number)/outing")
            #expect(form.status == 200 && form.contains("Diligencia judicial (audiencia)"))
            let version = try #require(form.inputValue("version"))
            var fields = [
                ("_csrf", try await clerk.csrf()), ("version", version), ("kind", "court_hearing"),
                ("destination", "Sala 2, Corte Superior de Lima"), ("requested_by", "Juzgado Penal 4"), ("order_reference", ""),
                ("scheduled_at", "2026-03-15 06:00"), ("return_due", "mañana"), ("escort", ""),
            ]
            let garbled = try await clerk.post("/persons/\(number)/outing", form: fields)
            #expect(garbled.status == 422 && garbled.contains("id=\"f-return-due-error\""))
            fields[7] = ("return_due", "2026-03-15 06:45")
            let noNotice = try await clerk.post("/persons/\(number)/outing", form: fields)
            #expect(noNotice.status == 422 && noNotice.contains("id=\"f-order-reference-error\""))
            fields[5] = ("order_reference", "Oficio 77-2026")
            let scheduled = try await clerk.post("/persons/\(number)/outing", form: fields)
            #expect(scheduled.status == 303)
            let location = try #require(scheduled.location)
            #expect(location.hasPrefix("/outings/") && location.hasSuffix("?done=scheduled"))
            let page = try await clerk.get(location)
            #expect(page.contains("Salida programada.") && page.contains("Registrar salida") && page.contains("Oficio 77-2026"))
            let path = String(location.prefix { $0 != "?" })
            let establishment = try await clerk.get("/establishments/ep-norte")
            #expect(establishment.contains("href=\"\(path)\"") && establishment.contains("Programada"))

            let csrf = try await clerk.csrf()
            let future = try await clerk.post(
                path + "/movement",
                form: [("_csrf", csrf), ("action", "leave"), ("version", "1"), ("leave.at", "2026-03-15 09:30")])
            #expect(future.status == 422 && future.contains("id=\"f-leave-at-error\""))
            let left = try await clerk.post(
                path + "/movement",
                form: [
                    ("_csrf", csrf), ("action", "leave"), ("version", "1"), ("leave.at", "2026-03-15 06:05"),
                    ("leave.escort", "Sgto. Prueba"),
                ])
            #expect(left.status == 303)
            let out = try await clerk.get(path)
            #expect(
                out.contains("Fuera del establecimiento") && out.contains("retorno vencido") && out.contains("Registrar retorno"))
            // The roll now and before the departure; a minute that is not one is said so.
            let roll = try await clerk.get("/establishments/ep-norte")
            #expect(roll.contains("<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>"))
            let before = try await clerk.get("/establishments/ep-norte?at=2026-03-15+06:00")
            #expect(before.contains("<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td>"))
            let wrong = try await clerk.get("/establishments/ep-norte?at=ayer")
            #expect(wrong.contains("id=\"roll-at-error\""))
            #expect(try await clerk.get("/alerts").contains("Retorno de salida temporal vencido"))
            let back = try await clerk.post(
                path + "/movement", form: [("_csrf", csrf), ("action", "back"), ("version", "2"), ("back.at", "")])
            #expect(back.status == 303)
            #expect(try await clerk.get(path).contains("Retornó"))
            #expect(try await clerk.get("/persons/\(number)").contains("href=\"\(path)\""))
            // Another establishment's clerk does not see it.
            var other = Browser(client: client)
            _ = try await other.signIn(
                try await AccessFixtures.user(
                    "eva", roles: [.registryClerk], scope: .establishments(["ep-mujeres"]), in: services.directory),
                clock: clock)
            #expect(try await other.get(path).status == 404)
        }
    }
}
