import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// The one placement check behind admissions and moves (issue 11 point 3) on both engines: keep-apart records
/// between persons and between organizations, the stage areas, minors; the warden's override with its
/// resolution and reason, recorded, audited and shown on both files; a refusal writes nothing.
@Suite struct PlacementCheckAPITests {
    /// The rows a refused movement must leave as they were (the trail gains its row for the refusal, as for any).
    static let counted = ["placements", "events", "placement_overrides", "placement_override_persons", "persons"]

    func counts(_ database: Database) async throws -> [String: Int] {
        try await database.read { sql in
            var counts: [String: Int] = [:]
            for table in Self.counted {
                counts[table] = try await sql.raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)")).first()!
                    .decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    @Test(arguments: TestDatabase.engines)
    func keepApartConflictsAndTheWardensOverride(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let registry = services.registry
            guard case .done(let first) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let second) = try await registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")), pavilion: "B"),
                    asOf: Fixtures.asOf, actor: "t"),
                case .done(let record) = try await registry.openKeepApart(
                    KeepApartDraft(
                        parties: .persons(first.person.id, second.person.id), scope: .pavilion,
                        reason: "Amenaza de muerte (sintético)", startsOn: CivilDate(year: 2026, month: 3, day: 3)!),
                    asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let clerk = try await client.signIn(
                try await AccessFixtures.user(
                    "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock
            ).headers
            let warden = try await client.signIn(
                try await AccessFixtures.user(
                    "director", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory), clock: clock
            ).headers
            let a = first.person.number.description
            let b = second.person.number.description
            let path = "/api/v1/persons/\(a)/moves"
            let move: [String: Any] = ["pavilion_code": "B", "moved_on": "2026-03-10", "reason": "Reordenamiento"]
            let before = try await counts(services.database)

            // The clerk meets the conflict at the field; asking to override it is not the clerk's to ask.
            let refused = try await client.call(.post, path, json: move, headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(refused.status == 422 && refused.errorCodes == ["separation.keep_apart"])
            #expect(refused.errorFields == ["pavilion_code"])
            var overridden = move
            overridden["override"] = ["resolution": "R.D. 12-2026", "reason": "Única plaza"]
            let forbidden = try await client.call(.post, path, json: overridden, headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(forbidden.errorCodes == ["separation.keep_apart", "override.forbidden"])
            #expect(forbidden.errorFields.last == "override")
            // A warden without a reason: refused, at the field.
            var unexplained = move
            unexplained["override"] = ["resolution": "R.D. 12-2026"]
            let noReason = try await client.call(.post, path, json: unexplained, headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(noReason.errorCodes == ["separation.keep_apart", "override.reason_required"])
            #expect(noReason.errorFields.last == "override.reason")
            #expect(try await counts(services.database) == before)

            // The warden authorises it: placed, the override recorded with the other person, an event, a trail row.
            let placed = try await client.call(.post, path, json: overridden, headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(placed.status == 200)
            let own = try #require((placed["placement_overrides"] as? [[String: Any]])?.first)
            #expect(own["codes"] as? [String] == ["separation.keep_apart"])
            #expect(own["counterparts"] as? [String] == [b] && own["person_number"] as? String == a)
            #expect(own["keep_apart_ids"] as? [Int] == [Int(record.id.rawValue)])
            #expect(own["resolution"] as? String == "R.D. 12-2026" && own["decided_by"] as? String == "director")
            #expect(own["movement"] as? String == "move" && own["pavilion_code"] as? String == "B")
            let other = try await client.call(.get, "/api/v1/persons/\(b)", headers: warden)
            #expect((other["placement_overrides"] as? [[String: Any]])?.first?["id"] as? Int == own["id"] as? Int)
            // The clerk reads the files without the override (it tells of a keep-apart record).
            let clerkView = try await client.call(.get, "/api/v1/persons/\(b)", headers: clerk)
            #expect(clerkView.status == 200 && clerkView["placement_overrides"] == nil)
            let after = try await counts(services.database)
            #expect(after["placement_overrides"] == 1 && after["placement_override_persons"] == 1)
            #expect(after["placements"] == before["placements"]! + 1)
            let events = try await registry.events(after: 0, limit: 500, within: nil).filter {
                $0.type == "custodia.placement.overridden.v1"
            }
            #expect(events.count == 1 && events[0].personID == first.person.id)
            let trail = try await auditRows(services.database).filter {
                $0.record.actor.user == "director" && $0.record.outcome == "ok: placement overridden (separation.keep_apart)"
            }
            #expect(trail.count == 1 && trail[0].record.personNumber == a)

            // Back within the pavilion into its cell: the pavilion-wide conflict is not new, nothing to authorise.
            let intoCell = try await client.call(
                .post, path, json: ["pavilion_code": "B", "cell_code": "B-101", "moved_on": "2026-03-11", "reason": "Celda"],
                headers: clerk.merging([.ifMatch: "\"2\""]))
            #expect(intoCell.status == 200)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func rivalOrganizationsStageAreasAndMinors(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let registry = services.registry
            let since = CivilDate(year: 2025, month: 1, day: 1)!
            guard case .done(let member) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let rival) = try await registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")), pavilion: "B"),
                    asOf: Fixtures.asOf, actor: "t"),
                case .done(let x) = try await registry.createOrganization(
                    OrganizationDraft(name: "Los Halcones del Rímac (ficticia)", aliases: [], kind: .banda), actor: "t"),
                case .done(let y) = try await registry.createOrganization(
                    OrganizationDraft(name: "Los Cóndores del Sur (ficticia)", aliases: [], kind: .banda), actor: "t"),
                case .done = try await registry.recordMembership(
                    MembershipRequest(
                        personID: member.person.id, organizationID: x.id, role: .member, evidenceSource: "Parte",
                        confidence: .high, from: since, to: nil), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"),
                case .done = try await registry.recordMembership(
                    MembershipRequest(
                        personID: rival.person.id, organizationID: y.id, role: .leader, evidenceSource: "Sentencia",
                        confidence: .high, from: since, to: nil), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"),
                case .done = try await registry.openKeepApart(
                    KeepApartDraft(
                        parties: .organizations(x.id, y.id), scope: .pavilion, reason: "Rivalidad (sintético)",
                        startsOn: since), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let clerk = try await client.signIn(
                try await AccessFixtures.user(
                    "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock
            ).headers
            let warden = try await client.signIn(
                try await AccessFixtures.user(
                    "director", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory), clock: clock
            ).headers
            let path = "/api/v1/persons/\(member.person.number)/moves"
            let move: [String: Any] = ["pavilion_code": "B", "moved_on": "2026-03-10", "reason": "Reordenamiento"]
            func version() async throws -> HTTPFields {
                let file = try await registry.personFile(member.person.id)
                return [.ifMatch: "\"\(file?.person.version ?? 0)\""]
            }
            // Example 4: a member of X into the pavilion of a member of rival Y.
            let rivals = try await client.call(.post, path, json: move, headers: clerk.merging(try await version()))
            #expect(rivals.errorCodes == ["separation.keep_apart"])

            // SEP-5: pavilion C holds Extrema Seguridad only; nobody else goes there, whoever authorises it.
            try await services.database.transaction { sql in
                try await sql.raw("DELETE FROM pavilion_regimes WHERE pavilion_id = 2").run()
                try await sql.raw("INSERT INTO pavilion_regimes (pavilion_id, regime) VALUES (2, 'rce_extrema_seguridad')").run()
            }
            var overridden = move
            overridden["override"] = ["resolution": "R.D. 12-2026", "reason": "Única plaza"]
            let extreme = try await client.call(.post, path, json: overridden, headers: warden.merging(try await version()))
            #expect(Set(extreme.errorCodes) == ["separation.keep_apart", "separation.extreme_security_area"])

            // A declared stage that is not the person's: overridable.
            try await services.database.transaction { sql in
                try await sql.raw("DELETE FROM pavilion_regimes WHERE pavilion_id = 2").run()
                try await sql.raw("INSERT INTO pavilion_regimes (pavilion_id, regime) VALUES (2, 'rco_minima')").run()
            }
            guard
                case .done = try await registry.classify(
                    ClassificationRequest(
                        personID: member.person.id, regime: .rcoMaxima, decidedOn: CivilDate(year: 2026, month: 3, day: 5)!,
                        body: "Junta Técnica de Clasificación", resolution: "Acta 3-2026", reason: "Ficha final", leader: false),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let stage = try await client.call(.post, path, json: move, headers: clerk.merging(try await version()))
            #expect(Set(stage.errorCodes) == ["separation.keep_apart", "placement.regime_mismatch"])
            let authorised = try await client.call(.post, path, json: overridden, headers: warden.merging(try await version()))
            #expect(authorised.status == 200)
            let recorded = try #require((authorised["placement_overrides"] as? [[String: Any]])?.first)
            #expect(recorded["codes"] as? [String] == ["placement.regime_mismatch", "separation.keep_apart"])
            #expect(recorded["counterparts"] as? [String] == [rival.person.number.description])

            // Example 5 (SEP-3): a 17-year-old is admitted to no adult pavilion, and no override helps.
            var young = Fixtures.newPerson(dni: "43456789", given: "Kevin")
            young.birthDate = CivilDate(year: 2008, month: 9, day: 1)!
            var minor = Fixtures.admission(subject: .new(young))
            minor.override = PlacementOverrideRequest(resolution: "R.D. 13-2026", reason: "Urgencia", authorized: true)
            guard case .rejected(let messages) = try await registry.admit(minor, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("a minor was admitted to an adult pavilion")
                return
            }
            #expect(messages.map(\.code) == [.minorWithAdults])
        }
    }
}
