import App
import ArgumentParser
import CustodiaCore
import Foundation
import LegalClock
import Store

/// Whole-system figures for docs/benchmarks.md (run by hand on a release build, never by the tests).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure whole-system figures (release build).",
        subcommands: [
            Admissions.self, Clocks.self, Recompute.self, Pages.self, Reads.self, Placement.self, Visits.self,
            OrderExchange.self, Relief.self, Planner.self, CapacityBench.self, Report.self, ForecastBench.self,
        ])

    struct Clocks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Legal clocks computed per second on one core.")
        @Option(help: "How many synthetic cases.") var count = 1_000_000
        @Flag(help: "Also build the breakdown (rules, citations, reasons), as `custodia clock` does.") var explain = false

        func run() async throws {
            let result = try ClockBenchmark.run(cases: count, explain: explain)
            print(
                "\(result.cases) clocks (\(result.sentenced) sentenced, \(result.notComputable) not computable) in "
                    + "\(String(format: "%.3f", result.seconds)) s on one core: \(String(format: "%.0f", result.clocksPerSecond)) clocks/s"
                    + (explain ? " with the breakdown" : " (dates only)"))
            print(
                "baseline, same run: bare date-arithmetic loop \(String(format: "%.0f", result.baselinePerSecond)) cases/s; "
                    + "ratio \(String(format: "%.4f", result.ratio))")
        }
    }

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time `clocks recompute` end to end (read, compute, store, alerts) on an existing database.")
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD.") var asOf: String = "2026-11-29"

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                let started = ContinuousClock.now
                let summary = try await registry.recomputeClocks(asOf: config.asOf!)
                let counts = try await registry.alertCounts(asOf: config.asOf!, establishmentCode: nil)
                let total = (ContinuousClock.now - started).seconds
                print(
                    "\(summary.clocks) clocks: read \(String(format: "%.2f", summary.readSeconds)) s, compute \(String(format: "%.2f", summary.computeSeconds)) s, "
                        + "store \(String(format: "%.2f", summary.writeSeconds)) s (\(summary.rewritten) rows written, \(summary.removed) removed), alerts \(String(format: "%.2f", total - summary.readSeconds - summary.computeSeconds - summary.writeSeconds)) s; "
                        + "total \(String(format: "%.2f", total)) s; \(counts.values.reduce(0, +)) alerts")
            }
        }
    }

    struct Relief: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The national relief report (every eligible person, their file, the occupancy if decided) from the live register, next to the same run's recompute of every clock."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Reports computed (the median is printed).") var iterations = 5
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD.") var asOf: String = "2026-11-29"

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                let day = config.asOf!
                var seconds: [Double] = []
                var eligible = 0
                for _ in 0..<max(1, iterations) {
                    let started = ContinuousClock.now
                    let relief = try await registry.reliefPotential(
                        establishmentCodes: nil, asOf: day, rules: config.environment.rules)
                    seconds.append((ContinuousClock.now - started).seconds)
                    eligible = relief.nation.eligible
                }
                // The candidate lists (point 2), each as the API answers it: every subject read, every rule applied.
                var lists: [(ReliefCandidateList.Kind, Double, Int, Int)] = []
                for kind in ReliefCandidateList.Kind.allCases {
                    var times: [Double] = []
                    var list: ReliefCandidateList?
                    for _ in 0..<max(1, iterations) {
                        let started = ContinuousClock.now
                        list = try await registry.reliefCandidates(
                            kind, establishmentCodes: nil, districts: nil, asOf: day, rules: config.environment.rules)
                        times.append((ContinuousClock.now - started).seconds)
                    }
                    lists.append(
                        (kind, times.sorted()[times.count / 2], list?.rows.count ?? 0, list?.examined ?? 0))
                }
                // The same report replayed from the dated rows (point 4): every clock computed again on the day.
                let replayStarted = ContinuousClock.now
                let replayed = try await registry.reliefPotential(
                    establishmentCodes: nil, replaying: day, rules: config.environment.rules)
                let replay = (ContinuousClock.now - replayStarted).seconds
                let started = ContinuousClock.now
                let clocks = try await registry.recomputeClocks(asOf: day)
                let baseline = (ContinuousClock.now - started).seconds
                let median = seconds.sorted()[seconds.count / 2]
                print(
                    "relief report: \(eligible) eligible, median \(String(format: "%.2f", median)) s over \(seconds.count) runs "
                        + "(max \(String(format: "%.2f", seconds.max() ?? 0)) s); baseline recompute of \(clocks.clocks) clocks "
                        + "\(String(format: "%.2f", baseline)) s; ratio \(String(format: "%.2f", median / baseline))")
                print(
                    "relief report replayed from the dated rows: \(replayed.nation.eligible) eligible, "
                        + "\(replayed.nation.population) held, \(String(format: "%.2f", replay)) s; "
                        + "ratio to the recompute \(String(format: "%.2f", replay / baseline))")
                for (kind, time, rows, examined) in lists {
                    print(
                        "candidates \(kind.rawValue): \(rows) of \(examined) examined, median \(String(format: "%.2f", time)) s; "
                            + "ratio to the recompute \(String(format: "%.2f", time / baseline))")
                }
            }
        }
    }

    struct Placement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The placement check on national moves, on a COPY of the demo database (it adds synthetic records).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Memberships to top the register up to.") var memberships = 10_000
        @Option(name: .customLong("keep-apart"), help: "Keep-apart records to top the register up to.") var keepApart = 50_000
        @Option(help: "Checks timed (each phase).") var checks = 5_000
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD.") var asOf: String = "2026-11-29"

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let f = try await PlacementBenchmark.run(
                    database: database, environment: config.environment, memberships: memberships, keepApart: keepApart,
                    checks: checks)
                func ms(_ value: Double) -> String { String(format: "%.3f ms", value) }
                print(
                    """
                    engine                              \(database.engine.rawValue)
                    register                            \(f.memberships) memberships, \(f.keepApart) keep-apart records
                    check, any person in custody        \(f.checks) national moves: median \(ms(f.median)), p95 \(ms(f.p95)), p99 \(ms(f.p99)) (\(f.refused) refused)
                    check, members of an organization   median \(ms(f.memberMedian)), p95 \(ms(f.memberP95))
                    raw SELECT of the current placement median \(ms(f.floorMedian)) (floor, same run)
                    ratio                               \(String(format: "%.1f", f.p95 / f.floorMedian))× the floor at p95; target p95 < 5 ms
                    """)
            }
        }
    }

    struct Visits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check-ins at the gate per second, on a COPY of the demo database (it checks the day's visits in).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Booked visits of the day to check in.") var count = 3_000
        @Option(name: .customLong("as-of"), help: "The demo's day, YYYY-MM-DD.") var asOf: String = "2026-11-29"

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let f = try await VisitBenchmark.run(database: database, environment: config.environment, count: count)
                print(
                    """
                    engine                      \(database.engine.rawValue)
                    check-ins                   \(f.checkIns) checked in, \(f.refused) refused (banned, person out)
                    rate                        \(String(format: "%.0f", f.perSecond)) per second (one after another); target ≥ 500
                    latency                     median \(String(format: "%.3f", f.median)) ms, p95 \(String(format: "%.3f", f.p95)) ms
                    raw one-row INSERTs         \(String(format: "%.0f", f.rawPerSecond)) per second (ceiling, same run)
                    ratio                       \(String(format: "%.2f", f.perSecond / f.rawPerSecond)) of the ceiling
                    """)
            }
        }
    }

    struct Pages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Server time to render the staff pages on a demo database (median of many renders).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Renders of each page.") var iterations = 100
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD.") var asOf: String = "2026-11-29"

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let timings = try await PageBenchmark.run(
                    database: database, iterations: iterations, asOf: config.asOf!, logger: CLI.logger(config))
                // Each figure next to the same run's raw SELECT of one row, and the ratio (machines differ; the
                // ratio holds across them).
                let floor = timings.first { $0.page.hasPrefix("(baseline)") }?.median ?? 0
                for t in timings {
                    let ratio = floor > 0 ? String(format: "%7.0f×", t.median / floor) : ""
                    print(
                        "\(t.page.padding(toLength: 40, withPad: " ", startingAt: 0)) median \(String(format: "%6.2f", t.median)) ms  "
                            + "p90 \(String(format: "%6.1f", t.p90)) ms  max \(String(format: "%6.1f", t.max)) ms  \(ratio) baseline  \(t.bytes) bytes  \(t.uri)"
                    )
                }
            }
        }
    }

    struct Reads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Person-file reads per second through the API (each audited) with concurrent clients, on a demo database.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Clients reading at once.") var clients = 16
        @Option(help: "Seconds each phase runs.") var seconds = 10.0

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                let f = try await ReadBenchmark.run(
                    database: database, clients: clients, seconds: seconds, logger: CLI.logger(config))
                print(
                    """
                    engine                        \(database.engine.rawValue)
                    person files through the API  \(f.reads) by \(clients) clients in \(String(format: "%.1f", f.seconds)) s: \
                    \(String(format: "%.0f", f.readsPerSecond))/s (median \(String(format: "%.2f", f.median)) ms, p99 \(String(format: "%.2f", f.p99)) ms), \
                    \(f.auditBatches) audit transactions for \(f.reads) audit rows
                    raw SELECT of the row         \(String(format: "%.0f", f.rawPerSecond))/s with \(clients) clients (ceiling, same run)
                    ratio                         \(String(format: "%.3f", f.readsPerSecond / f.rawPerSecond)) of the raw SELECTs
                    name searches through the API \(f.searches) in \(String(format: "%.1f", f.searchSeconds)) s: \
                    \(String(format: "%.0f", f.searchesPerSecond))/s (median \(String(format: "%.2f", f.searchMedian)) ms, p99 \(String(format: "%.2f", f.searchP99)) ms)
                    raw range of the search keys  \(String(format: "%.0f", f.rawSearchesPerSecond))/s with \(clients) clients (ceiling, same run)
                    ratio                         \(String(format: "%.3f", f.searchesPerSecond / f.rawSearchesPerSecond)) of the raw ranges
                    resident memory               \(f.residentBefore / 1024) MB before the load, peak \(f.residentPeak / 1024) MB
                    """)
            }
        }
    }

    struct Admissions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Admissions per second through the API in process, next to raw single-row inserts (the ceiling).")
        @Option(help: "Database URL of an EMPTY database (default: a new SQLite file in a temporary directory).")
        var database: String?
        @Option(help: "How many admissions.") var count = 5_000
        @Option(help: "Admissions in flight at once.") var concurrency = 4
        @Flag(help: "Turn authentication and the audit trail off: the baseline that shows what they cost.")
        var unguarded = false

        func run() async throws {
            var temporary: String?
            let url: DatabaseURL
            if let database {
                url = try DatabaseURL(parsing: database)
            } else {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "custodia-bench-\(UUID().uuidString).sqlite"
                ).path
                temporary = path
                url = .sqlite(path: path)
            }
            defer {
                if let temporary {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
                }
            }
            let config = try CLI.config(database: database ?? "sqlite://\(url.description.dropFirst("sqlite://".count))")
            try await CLI.withDatabase(config) { db in
                if let persons = try await Meta.personCount(in: db), persons > 0 {
                    throw ValidationError("the benchmark needs an empty database; \(db.url) holds \(persons) persons")
                }
                let result = try await AdmissionBenchmark.run(
                    database: db, admissions: count, concurrency: concurrency, guarded: !unguarded, logger: CLI.logger(config))
                print(
                    """
                    engine                     \(db.engine.rawValue)
                    access control and audit   \(unguarded ? "off (baseline)" : "on: a registry clerk's session, CSRF checked, every admission audited")
                    admissions through the API \(result.admissions) in flight \(concurrency): \(String(format: "%.0f", result.admissionsPerSecond))/s \
                    (median \(String(format: "%.0f", result.medianAdmissionMicroseconds)) µs, p99 \(String(format: "%.0f", result.p99AdmissionMicroseconds)) µs)
                    same, straight to registry \(String(format: "%.0f", result.registryAdmissionsPerSecond))/s (one at a time)
                    raw INSERT transactions    \(result.rawInserts): \(String(format: "%.0f", result.rawInsertsPerSecond))/s (baseline, same run)
                    ratio                      \(String(format: "%.3f", result.admissionsPerSecond / result.rawInsertsPerSecond)) of the raw inserts through the API, \
                    \(String(format: "%.3f", result.registryAdmissionsPerSecond / result.rawInsertsPerSecond)) straight to the registry
                    """)
            }
        }
    }

    struct OrderExchange: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "orders",
            abstract:
                "Release orders per second through the API (token, idempotency, audit), delivery latency, a backlog after downtime."
        )
        @Option(help: "Database URL of an EMPTY database (default: a new SQLite file in a temporary directory).")
        var database: String?
        @Option(help: "Orders for the throughput.") var count = 5_000
        @Option(help: "Orders in flight at once.") var concurrency = 4
        @Option(help: "Orders timed one by one to their delivery.") var latency = 200
        @Option(help: "Events delivered after the subscriber comes back.") var backlog = 10_000

        func run() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "custodia-orders-\(UUID().uuidString).sqlite"
            ).path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let config = try CLI.config(database: database ?? "sqlite://\(path)")
            try await CLI.withDatabase(config) { db in
                if let persons = try await Meta.personCount(in: db), persons > 0 {
                    throw ValidationError("the benchmark needs an empty database; \(db.url) holds \(persons) persons")
                }
                let r = try await OrderBenchmark.run(
                    database: db, orders: count, concurrency: concurrency, latency: latency, backlog: backlog,
                    logger: CLI.logger(config))
                print(
                    """
                    engine                          \(db.engine.rawValue)
                    release orders through the API  \(r.orders) in flight \(concurrency): \(String(format: "%.0f", r.ordersPerSecond))/s \
                    (median \(String(format: "%.0f", r.medianMicroseconds)) µs, p99 \(String(format: "%.0f", r.p99Microseconds)) µs); \
                    a court's token, an Idempotency-Key each, matched, audited, two events each
                    raw single-row INSERTs          \(String(format: "%.0f", r.rawInsertsPerSecond))/s (the ceiling); ratio \
                    \(String(format: "%.3f", r.ordersPerSecond / r.rawInsertsPerSecond))
                    received → delivered            \(r.latencySamples) orders one by one to a loopback subscriber: \
                    p50 \(String(format: "%.1f", r.latencyP50Milliseconds)) ms, p99 \(String(format: "%.1f", r.latencyP99Milliseconds)) ms
                    backlog after downtime          \(r.backlog) events pending when it came back: \(r.backlogDelivered) delivered in \
                    \(String(format: "%.2f", r.backlogSeconds)) s (\(String(format: "%.0f", Double(r.backlogDelivered) / r.backlogSeconds))/s), \
                    \(r.backlogMissing) missing, \(r.backlogDuplicates) duplicates, \(r.backlogOutOfOrder) out of order per person
                    """)
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "INPE's monthly report of the day's month from the live register, next to the raw count of the rows it reads (issue 15 point 7)."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Reports computed (the median is printed).") var iterations = 5
        @Option(name: .customLong("as-of"), help: "The cut-off day, YYYY-MM-DD.") var asOf: String = "2026-11-29"

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let f = try await ReportBenchmark.run(
                    database: database, environment: config.environment, day: config.asOf!, iterations: iterations)
                let report = f.reportSeconds.sorted()[f.reportSeconds.count / 2]
                let ceiling = f.ceilingSeconds.sorted()[f.ceilingSeconds.count / 2]
                print(
                    "monthly report of \(f.population) held: median \(String(format: "%.3f", report)) s over \(f.reportSeconds.count) runs "
                        + "(max \(String(format: "%.3f", f.reportSeconds.max() ?? 0)) s); ceiling, the raw counts of the same rows: "
                        + "\(String(format: "%.3f", ceiling)) s; ratio \(String(format: "%.1f", report / max(ceiling, 1e-9)))")
            }
        }
    }
}
