import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// The organization catalogue and memberships (issue 11 point 2, SEP-6) on both engines: affiliation data, for
/// the roles that read affiliation only; every change audited and in the event log without naming anyone.
@Suite struct OrganizationAPITests {
    @Test(arguments: TestDatabase.engines)
    func catalogueAndMembershipsForTheRolesThatReadAffiliation(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard case .done(let file) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let number = file.person.number.description
            let officer = try await AccessFixtures.user(
                "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            let clerk = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let security = try await client.signIn(officer, clock: clock).headers
            let registry = try await client.signIn(clerk, clock: clock).headers

            let created = try await client.call(
                .post, "/api/v1/organizations",
                json: ["name": "Los Halcones del Rímac (ficticia)", "aliases": ["Halcones"], "kind": "banda"], headers: security)
            #expect(created.status == 201)
            let id = try #require(created["id"] as? Int)
            // The same name under another spelling is the same organization.
            let again = try await client.call(
                .post, "/api/v1/organizations", json: ["name": "los halcones del rimac (FICTICIA)", "kind": "banda"],
                headers: security)
            #expect(again.status == 422 && again.errorCodes == ["organization.name_taken"] && again.errorFields == ["name"])
            let blank = try await client.call(
                .post, "/api/v1/organizations", json: ["name": " ", "kind": "banda", "aliases": ["a\nb"]], headers: security)
            #expect(Set(blank.errorCodes) == ["organization.name_required", "input.value_not_allowed"])
            let list = try await client.call(.get, "/api/v1/organizations", headers: security)
            #expect((list["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Los Halcones del Rímac (ficticia)"])
            // A registry clerk may not read the catalogue.
            #expect(try await client.call(.get, "/api/v1/organizations", headers: registry).status == 403)

            let path = "/api/v1/persons/\(number)/memberships"
            var membership: [String: Any] = [
                "organization_id": id, "role": "leader", "evidence_source": "Informe de inteligencia N.º 12 (sintético)",
                "confidence": "high", "from": "2025-01-01",
            ]
            let recorded = try await client.call(
                .post, path, json: membership, headers: security.merging([.ifMatch: "\"1\""]))
            #expect(recorded.status == 200 && recorded.headers[.eTag] == "\"2\"")
            let shown = (recorded["memberships"] as? [[String: Any]])?.first
            #expect(shown?["organization_name"] as? String == "Los Halcones del Rímac (ficticia)")
            #expect(shown?["role"] as? String == "leader" && shown?["to"] == nil)
            // Overlapping the open period, an unknown organization, a period that ends before it starts: nothing written.
            membership["from"] = "2026-02-01"
            let overlap = try await client.call(
                .post, path, json: membership, headers: security.merging([.ifMatch: "\"2\""]))
            #expect(overlap.status == 422 && overlap.errorCodes == ["membership.overlapping"])
            membership["organization_id"] = 9_999
            membership["to"] = "2026-01-01"
            let wrong = try await client.call(.post, path, json: membership, headers: security.merging([.ifMatch: "\"2\""]))
            #expect(Set(wrong.errorCodes) == ["organization.unknown", "period.ends_before_start"])
            #expect(Set(wrong.errorFields) == ["organization_id", "to"])
            let rows = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM memberships").first()!.decode(column: "n", as: Int.self)
            }
            #expect(rows == 1)

            // The file shows memberships to the security officer only: not to a registry clerk.
            let seen = try await client.call(.get, "/api/v1/persons/\(number)", headers: security)
            #expect((seen["memberships"] as? [Any])?.count == 1)
            let unseen = try await client.call(.get, "/api/v1/persons/\(number)", headers: registry)
            #expect(unseen.status == 200 && unseen["memberships"] == nil)
            // The log says what changed, never which organization.
            let events = try await services.registry.events(after: 0, limit: 100, within: nil)
            #expect(events.contains { $0.type == "custodia.organization.created.v1" && !$0.payload.contains("Halcones") })
            #expect(
                events.last?.type == "custodia.person.notes_changed.v1" && events.last?.payload.contains("affiliation") == true)
        }
    }
}
