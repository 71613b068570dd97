import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Keep-apart records (issue 11 point 2, SEP-6) on both engines: opened between two persons or two
/// organizations, closed and reopened with reasons and versions, and the records that bind a person.
@Suite struct KeepApartAPITests {
    @Test(arguments: TestDatabase.engines)
    func openCloseReopenAndWhatBindsAPerson(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let registry = services.registry
            guard case .done(let first) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let second) = try await registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario"))), asOf: Fixtures.asOf,
                    actor: "t"),
                case .done(let woman) = try await registry.admit(
                    Fixtures.admission(
                        subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")),
                        establishment: "ep-mujeres"), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let local = try await client.signIn(
                try await AccessFixtures.user(
                    "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock
            ).headers
            let a = first.person.number.description
            let b = second.person.number.description
            let body: [String: Any] = [
                "first_person_number": a, "second_person_number": b, "scope": "pavilion",
                "reason": "Amenaza de muerte (sintético)", "starts_on": "2026-03-10",
            ]
            let opened = try await client.call(.post, "/api/v1/keep-apart", json: body, headers: local)
            #expect(opened.status == 201 && opened.headers[.eTag] == "\"1\"")
            let id = try #require(opened["id"] as? Int)
            #expect(opened["open"] as? Bool == true)
            // The same pair, named the other way round, at the same scope: a duplicate.
            var reversed = body
            (reversed["first_person_number"], reversed["second_person_number"]) = (b, a)
            let duplicate = try await client.call(.post, "/api/v1/keep-apart", json: reversed, headers: local)
            #expect(duplicate.errorCodes == ["keep_apart.duplicate"])
            var selfish = body
            selfish["second_person_number"] = a
            selfish["reason"] = " "
            let same = try await client.call(.post, "/api/v1/keep-apart", json: selfish, headers: local)
            #expect(Set(same.errorCodes) == ["keep_apart.same_party", "keep_apart.reason_required"])
            // A person held outside the caller's scope is a person the register does not know, code for code.
            var outside = body
            outside["second_person_number"] = woman.person.number.description
            var unknown = body
            unknown["second_person_number"] = PersonNumber(id: .init(rawValue: 987_654)).description
            let hidden = try await client.call(.post, "/api/v1/keep-apart", json: outside, headers: local)
            let missing = try await client.call(.post, "/api/v1/keep-apart", json: unknown, headers: local)
            #expect(hidden.status == 422 && hidden.errorCodes == missing.errorCodes && hidden.errorFields == missing.errorFields)
            #expect(hidden.errorCodes == ["person.unknown"] && hidden.errorFields == ["second"])
            let mixed: [String: Any] = [
                "first_person_number": a, "second_organization_id": 1, "scope": "pavilion", "reason": "x",
                "starts_on": "2026-03-10",
            ]
            #expect(try await client.call(.post, "/api/v1/keep-apart", json: mixed, headers: local).status == 400)

            // Close (with a reason, on a day not before the start), then reopen; each with its version.
            let path = "/api/v1/keep-apart/\(id)/changes"
            let early = try await client.call(
                .post, path, json: ["action": "close", "on": "2026-03-09", "reason": "Traslado"],
                headers: local.merging([.ifMatch: "\"1\""]))
            #expect(early.errorCodes == ["period.ends_before_start"])
            let closed = try await client.call(
                .post, path, json: ["action": "close", "on": "2026-03-12", "reason": "Conflicto resuelto"],
                headers: local.merging([.ifMatch: "\"1\""]))
            #expect(closed.status == 200 && closed["ends_on"] as? String == "2026-03-12" && closed.headers[.eTag] == "\"2\"")
            let stale = try await client.call(
                .post, path, json: ["action": "reopen", "reason": "Nueva amenaza"], headers: local.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            let again = try await client.call(
                .post, path, json: ["action": "close", "on": "2026-03-13", "reason": "x"],
                headers: local.merging([.ifMatch: "\"2\""]))
            #expect(again.errorCodes == ["keep_apart.already_closed"])
            let reopened = try await client.call(
                .post, path, json: ["action": "reopen", "reason": "Nueva amenaza"], headers: local.merging([.ifMatch: "\"2\""]))
            #expect(reopened.status == 200 && reopened["open"] as? Bool == true)
            #expect(reopened["last_change_reason"] as? String == "Nueva amenaza")
            #expect(
                try await client.call(
                    .post, "/api/v1/keep-apart/99999/changes", json: ["action": "reopen", "reason": "x"],
                    headers: local.merging([.ifMatch: "\"1\""])
                ).status == 404)

            // Two rival organizations: the members of each are bound by the record, on both files.
            guard
                case .done(let halcones) = try await registry.createOrganization(
                    OrganizationDraft(name: "Los Halcones del Rímac (ficticia)", aliases: [], kind: .banda), actor: "t"),
                case .done(let condores) = try await registry.createOrganization(
                    OrganizationDraft(name: "Los Cóndores del Sur (ficticia)", aliases: [], kind: .banda), actor: "t"),
                case .done = try await registry.recordMembership(
                    MembershipRequest(
                        personID: second.person.id, organizationID: condores.id, role: .member, evidenceSource: "Parte",
                        confidence: .high, from: CivilDate(year: 2025, month: 1, day: 1)!, to: nil), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let rivals = try await client.call(
                .post, "/api/v1/keep-apart",
                json: [
                    "first_organization_id": condores.id.rawValue, "second_organization_id": halcones.id.rawValue,
                    "scope": "establishment", "reason": "Rivalidad por el control de la extorsión (sintético)",
                    "starts_on": "2026-03-01",
                ], headers: local)
            #expect(rivals.status == 201 && rivals["first_organization_id"] as? Int == Int(halcones.id.rawValue))
            let bindsB = try await client.call(.get, "/api/v1/persons/\(b)/keep-apart", headers: local)
            #expect((bindsB["items"] as? [[String: Any]])?.count == 2)
            let bindsA = try await client.call(.get, "/api/v1/persons/\(a)/keep-apart", headers: local)
            #expect((bindsA["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            // The log names no one; the trail has a row for each change.
            let events = try await registry.events(after: 0, limit: 200, within: nil).filter {
                $0.type == "custodia.keep_apart.changed.v1"
            }
            #expect(events.count == 4 && events.allSatisfy { $0.personID == nil && !$0.payload.contains("P-") })
            let rows = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM keep_apart").first()!.decode(column: "n", as: Int.self)
            }
            #expect(rows == 2)
        }
    }
}
