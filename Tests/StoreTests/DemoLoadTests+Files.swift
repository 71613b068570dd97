import CustodiaCore
import Foundation
import SQLKit
import Testing

@testable import Store

extension DemoLoadTests {
    /// The person file read in one statement (ADR 0036) equals its parts read one query each, for persons of the
    /// national demo who have each part: the engines' JSON aggregates give back every value, type and order.
    static func filesEqualTheirParts(_ database: Database, registry: SQLRegistry) async throws {
        let tables = [
            "person_aliases", "person_sensitive", "classifications", "memberships", "placement_overrides", "transfers",
            "outings", "intake", "contact_days", "isolations", "redemption_entries", "pretrial_suspensions", "court_orders",
        ]
        var ids: Set<Int64> = []
        var found: [String] = []
        for table in tables {
            let rows = try await database.read { sql in
                try await sql.raw("SELECT DISTINCT person_id FROM \(unsafeRaw: table) ORDER BY person_id LIMIT 3").all()
                    .map { try $0.decode(column: "person_id", as: Int64.self) }
            }
            if !rows.isEmpty { found.append(table) }
            ids.formUnion(rows)
        }
        // The demo has every part but the placement overrides and the contact days (PlacementCheckAPITests and
        // ContactAPITests read those back in the file).
        #expect(Set(tables).subtracting(found) == ["placement_overrides", "contact_days"])
        for key in ids.sorted() {
            let id = Person.ID(rawValue: key)
            let file = try #require(try await registry.personFile(id))
            let parts = try await database.read { sql in
                let episodes = try await sql.execute(
                    "SELECT \(Columns.episode) FROM custody_episodes ce WHERE ce.person_id = $1 ORDER BY ce.admitted_on, ce.id",
                    [key]
                ).map(Decode.episode)
                let orders = try await sql.execute(
                    "SELECT \(Columns.order) FROM court_orders o WHERE o.person_id = $1 ORDER BY o.issued_on, o.id", [key]
                ).map(Decode.order)
                let placements = try await sql.execute(
                    "SELECT \(Columns.placement) FROM placements pl WHERE pl.person_id = $1 ORDER BY pl.from_date, pl.id", [key]
                ).map(Decode.placement)
                let redemption = try await sql.execute(
                    """
                    SELECT episode_id, activity, from_date, to_date, days, evaluation_passed, certified_by FROM redemption_entries
                    WHERE person_id = $1 ORDER BY from_date, id
                    """, [key]
                ).map(Decode.redemption)
                let aliases = try await sql.execute(
                    "SELECT alias FROM person_aliases WHERE person_id = $1 ORDER BY id", [key]
                ).map { try $0.string("alias") }
                var file = PersonFile(
                    person: try Decode.person(
                        try #require(
                            try await sql.execute("SELECT \(Columns.person) FROM persons p WHERE p.id = $1", [key]).first),
                        aliases: aliases),
                    episodes: episodes, cases: [], orders: orders, placements: placements, establishmentCodes: [:],
                    pavilionCodes: [:], cellCodes: [:], redemption: redemption, suspensions: [])
                file.classifications = try await SQLRegistry.classifications(sql, id)
                file.memberships = try await SQLRegistry.memberships(sql, id)
                file.overrides = try await SQLRegistry.placementOverrides(sql, id)
                file.transfers = try await SQLRegistry.transfers(sql, of: id)
                file.outings = try await SQLRegistry.outings(sql, of: id)
                file.intake = try await SQLRegistry.intake(sql, person: id)
                file.contactDays = try await SQLRegistry.contactDays(sql, of: id)
                file.isolations = try await SQLRegistry.isolations(sql, of: id)
                return file
            }
            #expect(file.person == parts.person)
            #expect(file.episodes == parts.episodes)
            #expect(file.orders == parts.orders)
            #expect(file.placements == parts.placements)
            #expect(file.redemption == parts.redemption)
            #expect(file.classifications == parts.classifications)
            #expect(file.memberships == parts.memberships)
            #expect(file.overrides == parts.overrides)
            #expect(file.transfers == parts.transfers)
            #expect(file.outings == parts.outings)
            #expect(file.intake == parts.intake)
            #expect(file.contactDays == parts.contactDays)
            #expect(file.isolations == parts.isolations)
            #expect(file.placements.allSatisfy { file.establishmentCodes[$0.establishmentID] != nil })
            #expect(file.episodes.allSatisfy { file.establishmentCodes[$0.establishmentID] != nil })
            let cases = try await database.read { sql in
                try await sql.execute(
                    """
                    SELECT lc.id, (SELECT COUNT(*) FROM charges ch WHERE ch.case_id = lc.id) AS charges FROM legal_cases lc
                    WHERE lc.person_id = $1 ORDER BY lc.id
                    """, [key]
                ).map { "\(try $0.int64("id")):\(try $0.int("charges"))" }
            }
            #expect(file.cases.map { "\($0.id.rawValue):\($0.charges.count)" } == cases)
        }
    }
}
