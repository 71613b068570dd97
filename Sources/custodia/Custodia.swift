import App
import ArgumentParser
import CustodiaCore
import Foundation
import Logging
import NationalDataset
import Placement
import Store

@main
struct Custodia: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custodia",
        abstract: "Custodia: the national register of persons deprived of liberty.",
        subcommands: [
            Demo.self, Serve.self, Migrate.self, Stats.self, Alerts.self, Clocks.self, Clock.self, Users.self, Clients.self,
            Audit.self, Bench.self, Transfers.self, Outings.self, RollCount.self, Visits.self, Incidents.self, Discipline.self,
            Orders.self, Subscriptions.self, Benefits.self, BackupCommand.self, RestoreCommand.self, PlanCommand.self,
            ReportCommand.self, ForecastCommand.self, IdentitiesCommand.self,
        ])
}

/// Options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help:
            "Database URL: sqlite:///path.sqlite or postgres://user@host:port/db (default: $CUSTODIA_DATABASE, $DATABASE_URL, or sqlite:custodia.sqlite)."
    )
    var database: String?
}

struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
}

enum CLI {
    static func config(database: String?, host: String? = nil, port: Int? = nil, asOf: String? = nil) throws -> AppConfig {
        do {
            return try AppConfig.resolve(database: database, host: host, port: port, asOf: asOf)
        } catch let error as AppConfig.Invalid {
            throw ValidationError(error.description)
        }
    }

    /// Refuses an establishment code the register does not know (nothing to check without one).
    static func requireEstablishment(_ code: String?, in registry: SQLRegistry) async throws {
        if let code, try await registry.establishment(code: code) == nil {
            throw ValidationError("no establishment with code \(code)")
        }
    }

    /// The day an `--on` option names, or `today` without one.
    static func day(_ text: String?, or today: CivilDate) throws -> CivilDate {
        guard let text else { return today }
        guard let day = CivilDate(iso: text) else { throw ValidationError("--on must be YYYY-MM-DD") }
        return day
    }

    static func logger(_ config: AppConfig) -> Logger {
        var logger = Logger(label: "custodia")
        logger.logLevel = config.logLevel
        return logger
    }

    /// Runs `body`, turning a database that cannot be opened into a clear message and exit status 1.
    static func withDatabase<R>(_ config: AppConfig, _ body: (Database) async throws -> R) async throws -> R {
        let database: Database
        do {
            database = try await Database.open(
                config.database, logger: logger(config), maxConnections: config.databaseConnections,
                sqliteSynchronous: config.sqliteSynchronous)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        do {
            let result = try await body(database)
            try? await database.close()
            return result
        } catch {
            try? await database.close()
            if error is ExitCode { throw error }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func serve(config: AppConfig, database: Database, demo: Bool = false) async throws {
        let logger = logger(config)
        // Outside the demo, the trail is anchored outside the database from the first minute (ADR 0028).
        guard demo || config.auditKeyPath != nil else {
            let message =
                "error: serve needs the audit checkpoint key, kept outside the database: make one with "
                + "`custodia audit keygen --out PATH` and set CUSTODIA_AUDIT_KEY=PATH (ADR 0028)\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(1)
        }
        try await Migrations.migrate(database)
        let app = try CustodiaApp.buildApplication(
            services: Services(
                database: database, environment: config.environment, releaseOrderHours: config.releaseOrderHours,
                openDataMinimumCell: config.openDataMinimumCell),
            config: config, logger: logger
        ) {
            print("Custodia listening on http://\(config.host):\(config.port)  (API: /api/v1, contract: /api/v1/openapi.yaml)")
            fflush(nil)  // the line scripts wait for, even when standard output is a file
        }
        guard let keyPath = config.auditKeyPath else {
            try await app.runService()
            return
        }
        let writer = try CheckpointWriter(
            log: SQLAuditLog(database: database, now: config.now), keyPath: keyPath,
            directory: config.checkpointDirectory ?? (keyPath as NSString).deletingLastPathComponent, logger: logger)
        // One when serving starts, one every N minutes, one as the server stops (after the last refusals are written).
        await writer.write()
        let periodic = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(config.checkpointMinutes * 60))
                guard !Task.isCancelled else { break }
                await writer.write()
            }
        }
        defer { periodic.cancel() }
        try await app.runService()
        periodic.cancel()
        await writer.write()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the national demo database from Peru's real 2026 figures (synthetic persons), then serve it.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var server: ServerOptions
    @Option(help: "Seed of the synthetic population.") var seed: UInt64 = DemoGenerator.defaultSeed
    @Option(
        name: .customLong("as-of"),
        help: "Date the population is as of, YYYY-MM-DD, or a rehearsal's start, YYYY-MM-DDTHH:MM (default: today in Lima).")
    var asOf: String?
    @Flag(name: .customLong("no-serve"), help: "Build the database and exit.") var noServe = false
    @Option(
        help:
            "A country this many times Peru's size: every establishment repeated, every count multiplied (10: Brazil's size, 1,037,170 persons in 690 establishments; 1 to 10, the size the synthetic documents stay unique at)."
    )
    var scale = 1

    func validate() throws {
        guard (1...10).contains(scale) else { throw ValidationError("--scale must be from 1 to 10, not \(scale)") }
    }

    func run() async throws {
        var config = try CLI.config(database: db.database, host: server.host, port: server.port, asOf: asOf)
        config.seed = seed
        // The population is as of one day, and so is every page served over it until `--as-of` says otherwise.
        let day = config.environment.today()
        config.asOf = config.asOf ?? day
        try await CLI.withDatabase(config) { database in
            let size = scale == 1 ? "" : ", \(scale) times Peru's size"
            print("Building the national demo database in \(database.url) (seed \(seed), as of \(day)\(size))…")
            let summary = try await DemoDatabase.build(into: database, environment: config.environment, scale: scale)
            let n = summary.statistics.national
            print(
                """
                Done in \(String(format: "%.1f", summary.generationSeconds + summary.loadSeconds)) s \
                (generation \(String(format: "%.1f", summary.generationSeconds)) s, load \(String(format: "%.1f", summary.loadSeconds)) s).
                  establishments  \(summary.statistics.establishments.count)
                  persons         \(n.population)
                  capacity        \(n.capacity)
                  procesados      \(n.unsentenced)
                  sentenciados    \(n.sentenced)
                  men             \(n.men)
                  women           \(n.women)
                  occupancy       \(StatsFormat.percent(n.occupancyPercent))
                  orders          \(summary.orders)
                  placements      \(summary.placements)
                Records beyond the real counts (so every clock rule shows at national scale): \
                \(Self.share(summary.records.recidivists + summary.records.habituals, of: summary.records.sentences)) of \(summary.records.sentences) sentences declare recidivism \
                (\(summary.records.habituals) habitual); \(Self.share(summary.records.withWorkOrStudy, of: n.sentenced)) of the sentenciados have certified work or study, \
                \(summary.records.withSeveralPeriods) of them in several periods (\(summary.records.periods) periods in all); \
                of the \(n.unsentenced) procesados, \(Self.share(summary.records.prolongations, of: n.unsentenced)) have a prolongation \
                (\(summary.records.prolongations)), \(Self.share(summary.records.adecuaciones, of: n.unsentenced)) an adecuación (\(summary.records.adecuaciones)), \
                \(Self.share(summary.records.appealedConvictions, of: n.unsentenced)) an appealed first-instance conviction (\(summary.records.appealedConvictions)), \
                \(summary.records.appealProlongations) of them prolonged on appeal.
                Legal clocks: \(summary.clocks.clocks) computed in \(String(format: "%.1f", summary.clocks.readSeconds + summary.clocks.computeSeconds + summary.clocks.writeSeconds)) s \
                (\(summary.clocks.needsReview) need legal review, \(summary.clocks.notComputable) not computable).
                Classification: \(summary.records.classified) persons classified \
                (\(Regime.allCases.compactMap { r in summary.records.byRegime[r].map { "\(r.rawValue) \($0)" } }.joined(separator: ", "))); \
                \(summary.records.extremeSecurityProposals) Extrema Seguridad proposals (CL-6) await their Junta.
                Separation (fictional organizations): \(summary.records.organizations) organizations, \(summary.records.memberships) memberships \
                (\(summary.records.leaders) leaders); keep-apart records: \(summary.records.keepApartOrganizations) between rival organizations, \
                \(summary.records.keepApartPersons) between persons.
                Transfers under way: \(summary.transfersRequested) requested from the most crowded establishments, \
                \(summary.transfersApproved) of them approved by the regional director.
                Court production and exits today: \(summary.outings.hearings) hearings at court, \(summary.outings.videoconferences) \
                by videoconference, \(summary.outings.hospital) in hospital; \(summary.outings.out) had left when the demo was built.
                Visits (synthetic): \(summary.visits.visitors) visitors, \(summary.visits.links) relationships registered \
                (\(summary.visits.bans) visitors banned, \(summary.visits.flagged) whose document is that of a person in custody); \
                \(summary.visits.visits) visits in the four weeks before and the week after \(day) (\(summary.visits.lawyer) of lawyers): \
                \(summary.visits.byState[.finished] ?? 0) finished, \(summary.visits.byState[.booked] ?? 0) booked, \
                \(summary.visits.byState[.cancelled] ?? 0) cancelled, \(summary.visits.byState[.refused] ?? 0) refused (a banned visitor).
                Searches and seizures in the 13 weeks before \(day), in INPE's 2024 proportions (INC-7): \
                \(summary.incidents.searches[.ordinary] ?? 0) ordinary searches, \(summary.incidents.searches[.largeOperation] ?? 0) \
                large operations, \(summary.incidents.searches[.courtOrdered] ?? 0) court-ordered; \
                \(Int(summary.incidents.seized[.phone] ?? 0)) phones, \(Int(summary.incidents.seized[.accessory] ?? 0)) accessories, \
                \(Int(summary.incidents.seized[.drug] ?? 0)) g of drugs, \(Int(summary.incidents.seized[.fermentedLiquid] ?? 0)) L \
                of fermented liquid; \(summary.incidents.intervened) persons intervened; \(summary.incidents.byState[.open] ?? 0) reports \
                open, \(summary.incidents.byState[.underReview] ?? 0) under review, \(summary.incidents.byState[.closed] ?? 0) closed.
                Disciplinary cases from those searches: \(summary.discipline.opened) opened, \
                \(summary.discipline.byState[.decided] ?? 0) decided (\(summary.discipline.measures[.reprimand] ?? 0) reprimands, \
                \(summary.discipline.measures[.visits] ?? 0) visit suspensions, \(summary.discipline.measures[.isolation] ?? 0) \
                isolations), \(DisciplineCase.State.allCases.filter { $0 != .decided && $0 != .closed }.map { summary.discipline.byState[$0] ?? 0 }.reduce(0, +)) \
                still under way.
                Release orders received from the courts: \(summary.received.received) (\(summary.received.byState[.accepted] ?? 0) \
                accepted and waiting to be executed, \(summary.received.byState[.matched] ?? 0) to accept, \
                \(summary.received.byState[.held] ?? 0) held for a clerk to identify the person).
                Benefit files: \(summary.benefits.eligible) persons eligible for semilibertad or liberación condicional \
                (or within 30 days), \(summary.benefits.opened) files opened: \(Demo.benefitCounts(summary.benefits.board)); \
                \(summary.benefits.grantedByOrder) granted by the court's release order, due today; \
                \(summary.benefits.released) of them released today (\(summary.benefits.revoked) since revoked), each \
                release balanced by an admission.
                Relief candidates (lists, not decisions): \(summary.benefits.electronic) for vigilancia electrónica, \
                \(summary.benefits.pretrialReview) of \(summary.benefits.examinedPretrial) procesados for a pretrial review, \
                \(summary.benefits.conversion) sentences to convert to jornadas, \(summary.benefits.expulsion) of \
                \(summary.benefits.examinedForeign) sentenced foreigners for expulsion.
                Alerts as of \(day):
                """)
            for kind in AlertKind.allCases {
                print(
                    "  \(kind.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)) \(kind.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(summary.alerts[kind] ?? 0)"
                )
            }
            let accounts = try await DemoUsers.create(
                in: Services(database: database, environment: config.environment), statistics: summary.statistics,
                password: ProcessInfo.processInfo.environment["CUSTODIA_DEMO_PASSWORD"])
            let address = "http://\(config.host.contains(":") ? "[\(config.host)]" : config.host):\(config.port)"
            print(
                """

                Staff pages: open \(address)/ in a browser and sign in with one of these demo accounts
                (demo database only; wardens, intelligence analysts and the administrator also type their authenticator code):
                """)
            for account in accounts {
                let factor = account.totpSecret.map { "  TOTP secret \($0)" } ?? ""
                print(
                    "  \(account.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(account.password)  \(account.role.rawValue) (\(account.scope.text))\(factor)"
                )
            }
            print(
                """

                Programs: POST \(address)/api/v1/auth/login with JSON {"username": …, "password": …} \
                (contract: \(address)/api/v1/openapi.yaml); institutional clients use tokens from \
                `custodia clients issue-token`.
                """)
            if noServe { print("Serve it with: custodia serve --database \(database.url)") }
            if !noServe {
                try await CLI.serve(config: config, database: database, demo: true)
            }
        }
    }

    /// The benefits board's counts as the summary says them: not started, each state with files, late.
    static func benefitCounts(_ counts: [String: Int]) -> String {
        let states = ["not_started"] + BenefitFile.State.allCases.map(\.rawValue)
        let parts = states.compactMap { state in counts[state].map { "\($0) \(state.replacingOccurrences(of: "_", with: " "))" } }
        return (parts + ["\(counts["late"] ?? 0) past a term"]).joined(separator: ", ")
    }
}

extension Demo {
    static func share(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0 %" : String(format: "%.1f %%", Double(part) * 100 / Double(whole))
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API over an existing database (migrating it first).")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var server: ServerOptions
    @Option(
        name: .customLong("as-of"),
        help: "Fix today's date, YYYY-MM-DD, or a rehearsal's start, YYYY-MM-DDTHH:MM (default: today in Lima).")
    var asOf: String?

    func run() async throws {
        let config = try CLI.config(database: db.database, host: server.host, port: server.port, asOf: asOf)
        try await CLI.withDatabase(config) { try await CLI.serve(config: config, database: $0) }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let config = try CLI.config(database: db.database)
        try await CLI.withDatabase(config) { database in
            let applied = try await Migrations.migrate(database)
            print(
                applied.isEmpty
                    ? "\(database.url): schema is up to date (version \(Migrations.latestVersion))."
                    : "\(database.url): applied migrations \(applied.map(String.init).joined(separator: ", ")).")
        }
    }
}

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Capacity, population and overcrowding: national, per regional office, per establishment.")
    @OptionGroup var db: DatabaseOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let config = try CLI.config(database: db.database)
        try await CLI.withDatabase(config) { database in
            guard try await Migrations.schemaExists(database) else {
                FileHandle.standardError.write(
                    Data("error: \(database.url) has no Custodia schema; run `custodia migrate` or `custodia demo`\n".utf8))
                throw ExitCode(1)
            }
            let statistics = try await SQLRegistry(database: database, environment: config.environment).statistics()
            print(json ? try StatsFormat.json(statistics) : StatsFormat.table(statistics))
        }
    }
}
