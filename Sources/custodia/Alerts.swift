import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia alerts`: who is held past the law, whose term is about to end, whose release is due.
struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the alerts raised by the legal clocks and the classification record on a day.")
    @OptionGroup var db: DatabaseOptions
    @Option(
        name: .customLong("as-of"),
        help: "The day, YYYY-MM-DD, or the day and the minute, YYYY-MM-DDTHH:MM (default: today in Lima, now).")
    var asOf: String?
    @Option(help: "Only this establishment (code).") var establishment: String?
    @Option(help: "Only this severity: critical, high, medium, low, info.") var severity: AlertSeverity?
    @Option(help: "Only this kind, e.g. unlawful_detention, classification_overdue.") var kind: AlertKind?
    @Option(help: "At most this many alerts (default: all).") var limit: Int?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let config = try CLI.config(database: db.database, asOf: asOf)
        let day = config.environment.today()
        try await CLI.withDatabase(config) { database in
            guard try await Migrations.schemaExists(database) else {
                FileHandle.standardError.write(Data("error: \(database.url) has no Custodia schema\n".utf8))
                throw ExitCode(1)
            }
            let registry = SQLRegistry(database: database, environment: config.environment)
            if let limit, limit < 1 {
                FileHandle.standardError.write(Data("error: --limit must be at least 1\n".utf8))
                throw ExitCode(64)
            }
            // The store answers in pages; the command follows the cursor until `--limit` or the last alert.
            var items: [AlertEntry] = []
            var cursor: String?
            repeat {
                guard
                    let page = try await registry.alerts(
                        asOf: day, establishmentCode: establishment, severity: severity, kind: kind, after: cursor,
                        limit: min(500, (limit ?? Int.max) - items.count))
                else {
                    FileHandle.standardError.write(Data("error: no establishment with code \(establishment ?? "")\n".utf8))
                    throw ExitCode(1)
                }
                items += page.items
                cursor = page.nextCursor
            } while cursor != nil && items.count < (limit ?? Int.max)
            let counts = try await registry.alertCounts(asOf: day, establishmentCode: establishment)
            if json {
                let document: [String: Any] = [
                    "as_of": day.description,
                    "counts": Dictionary(uniqueKeysWithValues: AlertKind.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                    "alerts": items.map { entry -> [String: Any] in
                        var item: [String: Any] = [
                            "kind": entry.alert.kind.rawValue, "severity": entry.alert.severity.rawValue,
                            "person_number": PersonNumber(id: entry.alert.personID).description,
                            "name": entry.personName.registerForm, "establishment_code": entry.establishmentCode,
                        ]
                        if let date = entry.alert.date { item["date"] = date.description }
                        if let days = entry.alert.days { item["days"] = days }
                        if let order = entry.alert.orderID { item["order_id"] = order }
                        if let hours = entry.alert.hours { item["hours"] = hours }
                        return item
                    },
                ]
                let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            print("Alerts as of \(day)\(establishment.map { " in \($0)" } ?? ""):")
            for kind in AlertKind.allCases {
                print(
                    "  \(kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(kind.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(counts[kind] ?? 0)"
                )
            }
            print("")
            for entry in items {
                var days = entry.alert.days.map { " (\($0 >= 0 ? "en \($0)" : "hace \(-$0)") días)" } ?? ""
                if let order = entry.alert.orderID, let hours = entry.alert.hours {
                    days = " (orden #\(order) recibida hace \(hours) h)"
                }
                print(
                    "\(entry.alert.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(entry.alert.kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(PersonNumber(id: entry.alert.personID))  \(entry.establishmentCode.padding(toLength: 28, withPad: " ", startingAt: 0)) \(entry.alert.date?.description ?? "—")\(days)  \(entry.personName.registerForm)"
                )
            }
        }
    }
}

extension AlertSeverity: ExpressibleByArgument {}
extension AlertKind: ExpressibleByArgument {}

/// `custodia clocks recompute`: every stored clock again (after a law or a setting changes).
struct Clocks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stored legal clocks.", subcommands: [Recompute.self])

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the clock of every person in custody.")
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            let day = config.environment.today()
            try await CLI.withDatabase(config) { database in
                try await Migrations.migrate(database)
                let summary = try await SQLRegistry(database: database, environment: config.environment).recomputeClocks(
                    asOf: day)
                print(
                    "\(summary.clocks) clocks recomputed as of \(day) in \(String(format: "%.2f", summary.readSeconds + summary.computeSeconds + summary.writeSeconds)) s "
                        + "(read \(String(format: "%.2f", summary.readSeconds)) s, compute \(String(format: "%.2f", summary.computeSeconds)) s, write \(String(format: "%.2f", summary.writeSeconds)) s: \(summary.rewritten) changed or new, \(summary.removed) removed); "
                        + "\(summary.needsReview) need legal review, \(summary.notComputable) not computable.")
                print(summary.changes.report)
            }
        }
    }
}
