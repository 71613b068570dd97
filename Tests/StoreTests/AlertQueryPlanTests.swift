import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// The CL-13 alerts read (run by every alerts inbox and establishment dashboard) reads classifications by index:
/// SQLite's plan for it, with the demo's statistics in place, builds no automatic index. Before migration 21 it built
/// one of every classification for each person of the establishment, and a scoped read of Lurigancho ran for minutes
/// (the browser walk of 2026-12-06 stopped on it).
@Suite struct AlertQueryPlanTests {
    @Test func theSolitaryAlertsReadBuildsNoAutomaticIndex() async throws {
        try await TestDatabase.withFresh(.sqlite) { database in
            try await Fixtures.load(into: database)
            // Statistics like the demo's: many classifications, many open episodes in one establishment.
            try await database.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                      ('classifications', 'classifications_person', '180319 2 1 1'),
                      ('classifications', 'classifications_episode', '180319 2 1 1'),
                      ('classifications', 'classifications_regime', '180319 60000 2'),
                      ('custody_episodes', 'custody_episodes_released', '103717 1504 1504')
                    """
                ).run()
            }
            for scoped in [false, true] {
                let plan = try await database.read { sql in
                    try await sql.raw(SQLQueryString("EXPLAIN QUERY PLAN " + SQLRegistry.solitaryQuery(scoped: scoped)))
                        .all().map { try $0.decode(column: "detail", as: String.self) }
                }
                #expect(!plan.contains { $0.contains("AUTOMATIC") }, "\(plan)")
                #expect(plan.contains { $0.contains("classifications_episode") }, "\(plan)")
            }
        }
    }
}
