import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Visitors and visits on the staff pages (issue 12 points 1-2, 6): the registry clerk registers a visitor and whom
/// they visit, books a visit from the person's file; a second family visit within the stage's two weeks is refused
/// at its field with the rule, and kept; the gate checks the first in with the visitor's document; the day's calendar
/// lists both. Today is Sunday 2026-03-15, 07:00 in Lima.
@Suite struct VisitPageTests {
    @Test(arguments: TestDatabase.engines)
    func registerBookRefuseAndCheckIn(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            guard
                case .done = try await services.registry.classify(
                    ClassificationRequest(
                        personID: file.person.id, regime: .rceA, decidedOn: Fixtures.asOf, body: "JTC",
                        resolution: "Acta JTC 1-2026 (sintética)", reason: "Evaluación", leader: false),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let user = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(user, clock: clock)

            let registered = try await clerk.post(
                "/visitors/new",
                form: [
                    ("_csrf", try await clerk.csrf()), ("document.type", "dni"), ("document.number", "45678912"),
                    ("given_names", "Rosa"), ("paternal_surname", "Visitante"), ("maternal_surname", "Prueba"),
                    ("sex", "female"), ("birth_date", "1985-02-01"), ("address", "Jr. Sintético 123, Piura"),
                ])
            let visitorPage = try #require(registered.location)
            #expect(visitorPage.hasPrefix("/visitors/"))
            let id = String(visitorPage.dropFirst("/visitors/".count).prefix { $0 != "?" })
            #expect(try await clerk.get(visitorPage).contains("Visitante registrado."))
            let bad = try await clerk.post(
                "/visitors/new",
                form: [
                    ("_csrf", try await clerk.csrf()), ("document.type", "dni"), ("document.number", "4567"),
                    ("given_names", "Ana"), ("paternal_surname", "Prueba"), ("sex", "female"), ("address", "x"),
                ])
            #expect(bad.status == 422 && bad.contains("id=\"f-document-number-error\""))
            let linked = try await clerk.post(
                "/visitors/\(id)/link",
                form: [
                    ("_csrf", try await clerk.csrf()), ("person_number", number), ("relationship", "sibling"),
                    ("since", "2026-03-15"),
                ])
            let file = try await clerk.get(try #require(linked.location))
            #expect(file.contains("href=\"/persons/\(number)\"") && file.contains("2.º grado de consanguinidad"))

            // The booking from the person's file.
            #expect(try await clerk.get("/persons/\(number)").contains("href=\"/persons/\(number)/visit\""))
            let form = try await clerk.get("/persons/\(number)/visit")
            #expect(form.contains("Visitante Prueba, Rosa · Hermano o hermana · DNI 45678912"))
            func book(_ at: String) async throws -> Page {
                try await clerk.post(
                    "/persons/\(number)/visit",
                    form: [
                        ("_csrf", try await clerk.csrf()), ("version", "2"), ("kind", "family"), ("mode", "locutorio"),
                        ("starts_at", at), ("minutes", "60"), ("visitor_1", id), ("visitor_2", ""), ("visitor_3", ""),
                    ])
            }
            let booked = try await book("2026-03-15 09:00")
            let visitPath = try #require(booked.location)
            #expect(try await clerk.get(visitPath).contains("Visita reservada."))
            // Stage A: one family visit per two weeks (CL-9, worked example 11): refused at the time, and kept.
            let second = try await book("2026-03-18 10:00")
            #expect(second.status == 422 && second.contains("id=\"f-starts-at-error\"") && second.contains("CL-9"))
            #expect(second.contains("queda registrada"))
            let person = try await clerk.get("/persons/\(number)")
            #expect(person.contains("id=\"visits\"") && person.contains("Rechazada"))

            // The gate, at 08:30: the document shown must be the visitor's.
            clock.advance(minutes: 90)
            _ = try await clerk.signIn(user, clock: clock)
            let visitPage = String(visitPath.prefix { $0 != "?" })
            let page = try await clerk.get(visitPage)
            #expect(page.contains("name=\"check_in.document_1\""))
            let wrong = try await clerk.post(
                visitPage + "/movement",
                form: [
                    ("_csrf", try await clerk.csrf()), ("action", "check_in"), ("version", "1"),
                    ("check_in.document_1", "45678913"),
                ])
            #expect(wrong.status == 422 && wrong.contains("no es el del visitante registrado"))
            let inside = try await clerk.post(
                visitPage + "/movement",
                form: [
                    ("_csrf", try await clerk.csrf()), ("action", "check_in"), ("version", "1"),
                    ("check_in.document_1", "45678912"),
                ])
            let after = try await clerk.get(try #require(inside.location))
            #expect(after.contains("Ingreso registrado.") && after.contains("2026-03-15 08:30"))
            let calendar = try await clerk.get("/establishments/ep-norte/visits?on=2026-03-15")
            #expect(calendar.contains("id=\"visit-calendar\"") && calendar.contains("En curso"))
            #expect(calendar.contains("Visitante Prueba, Rosa") && calendar.contains("Reservadas: <strong>0</strong>"))
        }
    }

    /// The warden changes the establishment's visiting days and hours from the calendar page; the page says them.
    @Test(arguments: TestDatabase.engines)
    func theWardenSetsTheVisitingDays(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let calendar = try await warden.get("/establishments/ep-norte/visits")
            #expect(
                calendar.contains("mié, sáb, dom 09:00–16:00") && calendar.contains("/establishments/ep-norte/visit-calendar"))
            let form = try await warden.get("/establishments/ep-norte/visit-calendar")
            #expect(form.inputValue("family_days") == "mié, sáb, dom")
            var fields = [
                ("_csrf", try await warden.csrf()), ("version", "0"), ("family_days", "sab, domingo"), ("family_from", "10:00"),
                ("family_until", "09:00"), ("professional_days", "lun, mar"), ("professional_from", "08:00"),
                ("professional_until", "12:00"), ("seats", "25"),
            ]
            let backwards = try await warden.post("/establishments/ep-norte/visit-calendar", form: fields)
            #expect(backwards.status == 422 && backwards.contains("id=\"f-family-until-error\""))
            fields[5] = ("family_until", "14:00")
            let set = try await warden.post("/establishments/ep-norte/visit-calendar", form: fields)
            #expect(set.status == 303)
            let after = try await warden.get(try #require(set.location))
            #expect(after.contains("Días y horas de visita actualizados.") && after.contains("sáb, dom 10:00–14:00"))
            #expect(after.contains("Aforo de la sala: 25"))
        }
    }
}
