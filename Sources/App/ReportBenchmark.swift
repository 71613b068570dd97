import CustodiaCore
import Foundation
import LegalClock
import Placement
import SQLKit
import Store

/// `custodia bench report` (issue 15 point 7): INPE's monthly report of the national demo from the live register, next
/// to its ceiling in the same run, the raw `SELECT count(*)` of the rows the report's census and movements read.
public enum ReportBenchmark {
    public struct Figures: Sendable {
        public var population: Int
        public var reportSeconds: [Double]
        public var ceilingSeconds: [Double]
    }

    public static func run(database: Database, environment: CustodiaEnvironment, day: CivilDate, iterations: Int)
        async throws -> Figures
    {
        let registry = SQLRegistry(database: database, environment: environment)
        var population = 0
        var report: [Double] = []
        var ceiling: [Double] = []
        let first = CivilDate(year: day.year, month: day.month, day: 1)!
        for _ in 0..<max(1, iterations) {
            let started = ContinuousClock.now
            let monthly = try await registry.monthlyReport(year: day.year, month: day.month, through: day)
            report.append((ContinuousClock.now - started).seconds)
            population = monthly?.nation.population ?? 0
            let counted = ContinuousClock.now
            try await database.read { sql in
                for query in [
                    """
                    SELECT count(*) AS n FROM placements pl WHERE pl.from_date <= '\(day)'
                      AND (pl.until_date IS NULL OR pl.until_date > '\(day)')
                    """,
                    "SELECT count(*) AS n FROM custody_episodes WHERE admitted_on >= '\(first)' AND admitted_on <= '\(day)'",
                    "SELECT count(*) AS n FROM custody_episodes WHERE released_on >= '\(first)' AND released_on <= '\(day)'",
                ] {
                    _ = try await sql.raw(SQLQueryString(query)).first()
                }
            }
            ceiling.append((ContinuousClock.now - counted).seconds)
        }
        return Figures(population: population, reportSeconds: report, ceilingSeconds: ceiling)
    }
}
