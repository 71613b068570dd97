import App
import ArgumentParser
import CustodiaCore
import Foundation
import Placement
import Store

/// `custodia report`: INPE's statistical reports from the register (issue 15).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "INPE's statistical reports computed from the register.",
        subcommands: [Monthly.self, OpenDataCommand.self])

    /// `custodia report monthly --month YYYY-MM`: the monthly report cut at the month's last day (the month so far when
    /// it is the current one), one table as CSV, or every table as JSON.
    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The monthly report (planning.md 4.1): population by situación jurídica and sex per regional office (R5) and establishment (R6), the last 13 months (R1), establishments by type of capacity (R4), age groups (R7), crimes (R9), sentence lengths (R10), foreigners (R12), the month's admissions and releases (R15), from who was held at the end of the cut-off day."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The month, YYYY-MM; not after the as-of day's.") var month: String
        @Option(help: "R1, R4, R5, R6, R7, R9, R10, R12 or R15 as CSV; every table as JSON when omitted.") var table: String?
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?

        func validate() throws {
            guard CivilDate(month: month) != nil else { throw ValidationError("--month: YYYY-MM, not \(month)") }
            if let table, MonthlyReport.Table(rawValue: table) == nil {
                throw ValidationError("--table: R1, R4, R5, R6, R7, R9, R10, R12 or R15, not \(table)")
            }
        }

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            let first = CivilDate(month: month)!
            let today = config.environment.today()
            guard first <= today else { throw ValidationError("--month: \(month) is after the as-of day \(today)") }
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                guard let report = try await registry.monthlyReport(year: first.year, month: first.month, through: today)
                else { throw ValidationError("--month: \(month)") }
                if let table = table.flatMap(MonthlyReport.Table.init(rawValue:)) {
                    print(report.csv(table), terminator: "")
                    return
                }
                var tables: [String: String] = [:]
                for table in MonthlyReport.Table.allCases { tables[table.rawValue] = report.csv(table) }
                let document: [String: Any] = [
                    "from": report.from.description, "cutoff": report.cutoff.description,
                    "population": report.nation.population, "capacity": report.nation.capacity,
                    "procesados": report.nation.occupancy.unsentenced, "sentenciados": report.nation.occupancy.sentenced,
                    "hombres": report.nation.occupancy.men, "mujeres": report.nation.occupancy.women, "tables_csv": tables,
                ]
                let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
