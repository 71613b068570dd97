import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Incident reports through the API on both engines (issue 12 points 3 and 6): the security officer files example 29
/// (a phone found in a cell during an ordinary search) and adds an addendum; an addendum that tries to change the
/// original is refused with the field and changes nothing; the warden moves the report with its version; the list
/// gives INC-7's figures; a seizure without items and a report for another establishment are refused and write
/// nothing; a clerk of another establishment does not see the report. Today is 2026-03-15, 07:00 in Lima.
@Suite struct IncidentAPITests {
    static func count(_ services: Services) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM incidents").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func fileCorrectReviewAndList(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, role, place) in [
                ("seguridad", Role.securityOfficer, "ep-norte"), ("director", .warden, "ep-norte"),
                ("otra", .securityOfficer, "ep-mujeres"),
            ] {
                let user = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments([place]), in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let security = headers["seguridad"]!
            let number = person.person.number.description
            let report: [String: Any] = [
                "establishment_code": "ep-norte", "kind": "posesion_celular", "search_kind": "ordinaria", "relevance": "media",
                "occurred_at": "2026-03-15T06:10", "place": "Pabellón A, celda A-12",
                "narrative": "Durante la requisa ordinaria se halló un celular bajo el colchón.",
                "participants": [
                    ["person_number": number, "role": "intervenido"], ["staff_name": "Técnico Sintético", "role": "informante"],
                ],
                "items": [["category": "celular", "quantity": 1, "found_at": "Bajo el colchón", "imei": "490154203237518"]],
            ]
            let filed = try await client.call(.post, "/api/v1/incidents", json: report, headers: security)
            #expect(filed.status == 201 && filed.headers[.eTag] == "\"1\"")
            #expect(filed["penal_code_article"] as? String == "368-D" && filed["state"] as? String == "open")
            #expect((filed["items"] as? [[String: Any]])?.first?["unit"] as? String == "u")
            let id = try #require(filed["id"] as? Int)

            // Bad reports: a seizure without items; another establishment; nothing written.
            var empty = report
            empty["kind"] = "decomiso"
            empty["items"] = [] as [Any]
            let none = try await client.call(.post, "/api/v1/incidents", json: empty, headers: security)
            #expect(none.status == 422 && none.errorCodes == ["incident.items_required"] && none.errorFields == ["items"])
            var elsewhere = report
            elsewhere["establishment_code"] = "ep-mujeres"
            let outside = try await client.call(.post, "/api/v1/incidents", json: elsewhere, headers: security)
            #expect(outside.status == 422 && outside.errorFields == ["establishment_code"])
            #expect(try await Self.count(services) == 1)

            // An addendum that tries to change the original is refused with the field; a real one is added.
            let path = "/api/v1/incidents/\(id)"
            let rewrite = try await client.call(
                .post, "\(path)/addenda", json: ["text": "Corrección", "narrative": "Otra historia"], headers: security)
            #expect(rewrite.status == 400 && rewrite.errorFields == ["narrative"], "\(rewrite.json)")
            let added = try await client.call(
                .post, "\(path)/addenda", json: ["text": "La celda es A-21.", "corrects": "place"], headers: security)
            #expect(added.status == 200 && added.headers[.eTag] == "\"2\"")
            #expect(added["place"] as? String == "Pabellón A, celda A-12")
            #expect((added["addenda"] as? [[String: Any]])?.first?["corrects"] as? String == "place")

            // The warden moves it with its version; the security officer may not.
            let state = "\(path)/state"
            let forbidden = try await client.call(
                .post, state, json: ["state": "under_review", "note": "x"], headers: security.merging([.ifMatch: "\"2\""]))
            #expect(forbidden.status == 403)
            let director = headers["director"]!
            let stale = try await client.call(
                .post, state, json: ["state": "under_review", "note": "Revisión"], headers: director.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            let reviewed = try await client.call(
                .post, state, json: ["state": "under_review", "note": "Revisión"], headers: director.merging([.ifMatch: "\"2\""]))
            #expect(reviewed.status == 200 && reviewed["state"] as? String == "under_review")
            let history = (reviewed["history"] as? [[String: Any]])?.map { $0["state"] as? String }
            #expect(history == ["open", "under_review"])

            // The list, its figures, and the scope.
            let list = try await client.call(.get, "/api/v1/establishments/ep-norte/incidents?from=2026-03-01", headers: security)
            #expect(list.status == 200 && list["total"] as? Int == 1 && list["intervened"] as? Int == 1)
            #expect((list["seized"] as? [String: Any])?["celular"] as? Double == 1)
            #expect(try await client.call(.get, path, headers: headers["otra"]!).status == 404)
            #expect(
                try await client.call(.get, "/api/v1/establishments/ep-norte/incidents", headers: headers["otra"]!).status == 404)
        }
    }
}
