import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Transfers through the API on both engines (issue 11 points 4 and 8): a request that meets a keep-apart record at
/// the destination, refused at the field and authorised by the warden; the decision by the legal office; the
/// departure by the origin's clerk and the reception by the destination's; scopes; bad input that writes nothing.
@Suite struct TransferAPITests {
    @Test(arguments: TestDatabase.engines)
    func requestOverrideDecideDepartReceive(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            try await Fixtures.loadSouthernOffice(into: services.database)
            let registry = services.registry
            guard case .done(let person) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let rival) = try await registry.admit(
                    Fixtures.admission(
                        subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")), establishment: "ep-sur"),
                    asOf: Fixtures.asOf, actor: "t"),
                case .done = try await registry.openKeepApart(
                    KeepApartDraft(
                        parties: .persons(person.person.id, rival.person.id), scope: .establishment,
                        reason: "Amenaza (sintético)", startsOn: CivilDate(year: 2026, month: 3, day: 5)!),
                    asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, roles, scope) in [
                ("director", Set([Role.warden]), Scope.establishments(["ep-norte"])),
                ("segura", [.securityOfficer], .establishments(["ep-norte"])),
                ("legal", [.legalOfficer], .establishments(["ep-norte"])),
                ("registro.sur", [.registryClerk], .establishments(["ep-sur"])),
                ("registro.mujeres", [.registryClerk], .establishments(["ep-mujeres"])),
            ] {
                let user = try await AccessFixtures.user(name, roles: roles, scope: scope, in: services.directory)
                headers[name] = try await client.signIn(user, clock: clock).headers
            }
            let (warden, security, legal) = (headers["director"]!, headers["segura"]!, headers["legal"]!)
            let (southClerk, womenClerk) = (headers["registro.sur"]!, headers["registro.mujeres"]!)
            let number = person.person.number.description
            let path = "/api/v1/persons/\(number)/transfers"
            let body: [String: Any] = [
                "establishment_code": "ep-sur", "pavilion_code": "A", "ground": "seguridad",
                "reason": "Riesgo para su integridad (sintético)", "requested_on": "2026-03-10",
            ]
            func count() async throws -> Int {
                try await services.database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM transfers").first()!.decode(column: "n", as: Int.self)
                }
            }
            // Bad input first: the same establishment, an unknown one, no reason; nothing written.
            var same = body
            same["establishment_code"] = "ep-norte"
            let sameAnswer = try await client.call(.post, path, json: same, headers: security.merging([.ifMatch: "\"1\""]))
            #expect(sameAnswer.status == 422 && sameAnswer.errorCodes == ["transfer.same_establishment"])
            var nowhere = body
            nowhere["establishment_code"] = "ep-ninguno"
            nowhere["reason"] = " "
            let nowhereAnswer = try await client.call(.post, path, json: nowhere, headers: security.merging([.ifMatch: "\"1\""]))
            #expect(Set(nowhereAnswer.errorCodes) == ["transfer.reason_required", "placement.establishment_unknown"])
            // Example 27: the rival is held at the destination; refused at the field, the security officer may not
            // authorise it, the warden may.
            let refused = try await client.call(.post, path, json: body, headers: security.merging([.ifMatch: "\"1\""]))
            #expect(refused.errorCodes == ["separation.keep_apart"] && refused.errorFields == ["establishment_code"])
            var overridden = body
            overridden["override"] = ["resolution": "R.D. 20-2026", "reason": "Pabellón distinto y vigilancia"]
            let notTheirs = try await client.call(.post, path, json: overridden, headers: security.merging([.ifMatch: "\"1\""]))
            #expect(notTheirs.errorCodes == ["separation.keep_apart", "override.forbidden"])
            #expect(try await count() == 0)
            let requested = try await client.call(.post, path, json: overridden, headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(requested.status == 201 && requested.headers[.eTag] == "\"1\"")
            let id = try #require(requested["id"] as? Int)
            #expect(requested["state"] as? String == "requested" && requested["to_establishment_code"] as? String == "ep-sur")

            // The destination's clerk sees it; a clerk of a third establishment does not.
            let listed = try await client.call(.get, "/api/v1/transfers", headers: southClerk)
            #expect((listed["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            #expect(try await client.call(.get, "/api/v1/transfers/\(id)", headers: womenClerk).status == 404)
            let womenList = try await client.call(.get, "/api/v1/transfers", headers: womenClerk)
            #expect((womenList["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await client.call(.get, "/api/v1/transfers?state=nada", headers: southClerk).status == 422)

            // Example 25: a security transfer needs the regional director's resolution.
            let decisions = "/api/v1/transfers/\(id)/decisions"
            let byWarden = try await client.call(
                .post, decisions, json: ["action": "approve", "authority": "director_establecimiento", "resolution": "R.D. 1"],
                headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(byWarden.errorCodes == ["transfer.security_needs_regional_director"])
            let approved = try await client.call(
                .post, decisions,
                json: [
                    "action": "approve", "authority": "director_regional", "resolution": "R.D.R. 7-2026-INPE/ORL",
                    "notified_on": "2026-03-13", "on": "2026-03-11",
                ], headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(approved.status == 200 && approved["state"] as? String == "approved")
            #expect(approved["appeal_until"] as? String == "2026-04-07")  // 15 working days, Holy Thursday and Friday skipped
            #expect(approved["court_notified"] as? String == "Juzgado de Investigación Preparatoria N.º 1 de Lima")
            // The clerk of the destination may not decide; the origin's legal office may not execute.
            #expect(
                try await client.call(
                    .post, decisions, json: ["action": "cancel", "reason": "x"], headers: southClerk.merging([.ifMatch: "\"2\""])
                ).status == 403)
            let movements = "/api/v1/transfers/\(id)/movements"
            #expect(
                try await client.call(.post, movements, json: ["action": "depart"], headers: legal.merging([.ifMatch: "\"2\""]))
                    .status == 403)
            let stale = try await client.call(
                .post, movements, json: ["action": "depart"], headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            let departed = try await client.call(
                .post, movements, json: ["action": "depart", "on": "2026-03-13"], headers: warden.merging([.ifMatch: "\"2\""]))
            #expect(departed["state"] as? String == "in_transit")
            let received = try await client.call(
                .post, movements, json: ["action": "receive", "on": "2026-03-14"],
                headers: southClerk.merging([.ifMatch: "\"3\""]))
            #expect(received.status == 200 && received["state"] as? String == "received" && received.headers[.eTag] == "\"4\"")
            // Now the destination holds the file; the origin's warden no longer sees the person.
            let file = try await client.call(.get, "/api/v1/persons/\(number)", headers: southClerk)
            #expect((file["current_placement"] as? [String: Any])?["establishment_code"] as? String == "ep-sur")
            #expect((file["transfers"] as? [[String: Any]])?.first?["state"] as? String == "received")
            #expect(try await client.call(.get, "/api/v1/persons/\(number)", headers: warden).status == 404)
        }
    }
}
