import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Incident reports on the staff pages (issue 12 points 3 and 6): the security officer files a seizure from the
/// establishment's list (refused at the item's field without one, then filed with a phone and its IMEI); the report's
/// page keeps the original next to its addendum; the warden moves it, and a stale version is said so; a role that may
/// not read incidents has no link to them.
@Suite struct IncidentPageTests {
    @Test(arguments: TestDatabase.engines)
    func fileASeizureCorrectItAndReviewIt(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            var security = Browser(client: client)
            _ = try await security.signIn(
                try await AccessFixtures.user(
                    "sofia", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await security.get("/establishments/ep-norte").contains("href=\"/establishments/ep-norte/incidents\""))
            let list = try await security.get("/establishments/ep-norte/incidents")
            #expect(list.status == 200 && list.contains("href=\"/establishments/ep-norte/incidents/new\""))
            let form = try await security.get("/establishments/ep-norte/incidents/new")
            #expect(form.status == 200 && form.contains("name=\"item_1.imei\""))
            var fields = [
                ("_csrf", try await security.csrf()), ("kind", "decomiso"), ("search_kind", "ordinaria"), ("relevance", "media"),
                ("occurred_at", "2026-03-15 06:30"), ("place", "Pabellón A, celda A-12"),
                ("narrative", "En la requisa ordinaria se halló un celular (sintético)."), ("person_1", number),
                ("person_1_role", "intervenido"), ("staff_1", "Técnico Sintético"), ("staff_1_role", "informante"),
            ]
            // A seizure without items: refused at the first item's field, nothing written.
            let empty = try await security.post("/establishments/ep-norte/incidents/new", form: fields)
            #expect(empty.status == 422 && empty.contains("id=\"f-item-1-category-error\""))
            #expect(try await services.registry.incidents(IncidentQuery(establishmentCodes: nil)).total == 0)
            fields += [
                ("item_1.category", "celular"), ("item_1.quantity", "1"), ("item_1.found_at", "Bajo el colchón"),
                ("item_1.imei", "490154203237519"),
            ]
            let badIMEI = try await security.post("/establishments/ep-norte/incidents/new", form: fields)
            #expect(badIMEI.status == 422 && badIMEI.contains("id=\"f-item-1-imei-error\""))
            fields[fields.count - 1] = ("item_1.imei", "490154203237518")
            let filed = try await security.post("/establishments/ep-norte/incidents/new", form: fields)
            #expect(filed.status == 303)
            let page = try await security.get(try #require(filed.location))
            #expect(page.contains("Incidencia registrada.") && page.contains("490154203237518") && page.contains("Decomiso"))
            #expect(page.contains("id=\"incident-items\"") && page.contains("href=\"/persons/\(number)\""))
            #expect(!page.contains("name=\"state.state\""))  // the warden's form only
            // The person's file lists the report naming them.
            #expect(try await security.get("/persons/\(number)").contains("id=\"person-incidents\""))

            // An addendum: the original place stays, the correction follows it.
            let path = try #require(filed.location?.split(separator: "?").first.map(String.init))
            let addendum = try await security.post(
                "\(path)/addendum",
                form: [
                    ("_csrf", try await security.csrf()), ("version", "1"), ("addendum.corrects", "place"),
                    ("addendum.text", "La celda es A-21 (sintético)."),
                ])
            #expect(addendum.status == 303)
            let corrected = try await security.get(try #require(addendum.location))
            #expect(corrected.contains("Pabellón A, celda A-12") && corrected.contains("La celda es A-21 (sintético)."))
            #expect(corrected.contains("Corrige el lugar"))

            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let review = [
                ("_csrf", try await warden.csrf()), ("version", "1"), ("state.state", "under_review"), ("state.note", "Revisión"),
            ]
            let stale = try await warden.post("\(path)/state", form: review)
            #expect(stale.status == 409 && stale.contains("Este registro cambió"))
            var fresh = review
            fresh[1] = ("version", "2")
            let moved = try await warden.post("\(path)/state", form: fresh)
            #expect(moved.status == 303)
            #expect(try await warden.get(try #require(moved.location)).contains("En revisión"))

            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("ana", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            #expect(!(try await analyst.get("/establishments/ep-norte")).contains("/incidents"))
            #expect(try await analyst.get(path).status == 403)
        }
    }
}
