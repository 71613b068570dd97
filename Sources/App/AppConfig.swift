import API
import CustodiaCore
import Foundation
import LegalClock
import Logging
import NationalDataset
import Store

/// Every setting of a running Custodia, decoded once: command line over environment over defaults.
/// Invalid settings are all reported together, before anything starts.
public struct AppConfig: Sendable {
    public var database: DatabaseURL
    /// Connections the server keeps open (`CUSTODIA_DB_CONNECTIONS`; on PostgreSQL, per event loop, one loop per
    /// core).
    public var databaseConnections = 4
    /// SQLite's durability at each commit (`CUSTODIA_SQLITE_SYNCHRONOUS`: full, the default, or normal).
    public var sqliteSynchronous: Database.SQLiteSynchronous = .full
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var maxBodyBytes: Int
    /// Hours a release order received electronically may wait (`CUSTODIA_RELEASE_ORDER_HOURS`, 1-24); nil: by the end of
    /// the day it arrived (issue 13 point 3).
    public var releaseOrderHours: Int?
    /// The smallest count of persons the open data publishes (`CUSTODIA_OPEN_DATA_MIN_CELL`, at least 1; default 5):
    /// smaller counts are withheld (issue 15 point 3, ADR 0040).
    public var openDataMinimumCell = 5
    /// The audit checkpoint key (`CUSTODIA_AUDIT_KEY`, ADR 0028): a file outside the database; `serve` refuses to start
    /// without it (the demo does not need one).
    public var auditKeyPath: String?
    /// Where `serve` writes its checkpoints (`CUSTODIA_CHECKPOINT_DIR`; default: the key's directory).
    public var checkpointDirectory: String?
    /// Minutes between two checkpoints while serving (`CUSTODIA_CHECKPOINT_MINUTES`, 1-1440; default 60).
    public var checkpointMinutes = 60
    /// Fixes "today" (America/Lima) for the whole process; nil means the real date.
    public var asOf: CivilDate?
    /// The time of day a rehearsal starts at (`--as-of 2026-11-29T10:00`): the register's minute begins there when the
    /// configuration is read, and moves on with the clock.
    public var rehearsalTime: TimeOfDay?
    /// The instant the configuration was read (the rehearsal's start).
    public var rehearsalStart = Date()
    /// Lockout, session lifetimes, cookie flags, bcrypt cost.
    public var access = AccessSettings()
    /// The instant source of sessions, lockouts and audit rows; fixed in tests. The one read of the wall clock.
    public var now: @Sendable () -> Date = { Date() }
    /// The legal rule tables; a test or a rehearsal of a future law sets others. The one read of the shipped rules.
    public var rules: RuleSet = .shipped
    /// The seed of generated populations (`custodia demo --seed`).
    public var seed: UInt64 = DemoGenerator.defaultSeed

    public init(
        database: DatabaseURL = .default, host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info,
        maxBodyBytes: Int = 256 * 1024, asOf: CivilDate? = nil
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.maxBodyBytes = maxBodyBytes
        self.asOf = asOf
    }

    /// The settings could not be read; `problems` names every key at fault.
    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
    }

    /// Command-line values (nil when not given) over environment variables over defaults.
    public static func resolve(
        database: String? = nil, host: String? = nil, port: Int? = nil, asOf: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AppConfig {
        var config = AppConfig()
        var problems: [String] = []
        if let text = database ?? environment["CUSTODIA_DATABASE"] ?? environment["DATABASE_URL"] {
            do { config.database = try DatabaseURL(parsing: text) } catch {
                problems.append("database (--database, CUSTODIA_DATABASE, DATABASE_URL): \(error)")
            }
        }
        if let text = host ?? environment["CUSTODIA_HOST"] {
            if text.isEmpty || text.contains(" ") {
                problems.append("host (--host, CUSTODIA_HOST): '\(text)' is not a host")
            } else {
                config.host = text
            }
        }
        if let value = port {
            if (1...65535).contains(value) {
                config.port = value
            } else {
                problems.append("port (--port): \(value) is not in 1...65535")
            }
        } else if let text = environment["CUSTODIA_PORT"] {
            if let value = Int(text), (1...65535).contains(value) {
                config.port = value
            } else {
                problems.append("port (CUSTODIA_PORT): '\(text)' is not in 1...65535")
            }
        }
        if let text = environment["CUSTODIA_LOG_LEVEL"] {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                config.logLevel = level
            } else {
                problems.append(
                    "log level (CUSTODIA_LOG_LEVEL): '\(text)' is not one of trace, debug, info, notice, warning, error, critical"
                )
            }
        }
        if let text = environment["CUSTODIA_RELEASE_ORDER_HOURS"] {
            if let value = Int(text), (1...24).contains(value) {
                config.releaseOrderHours = value
            } else {
                problems.append("release order hours (CUSTODIA_RELEASE_ORDER_HOURS): '\(text)' must be a number from 1 to 24")
            }
        }
        if let text = environment["CUSTODIA_OPEN_DATA_MIN_CELL"] {
            if let value = Int(text), value >= 1 {
                config.openDataMinimumCell = value
            } else {
                problems.append(
                    "open data suppression threshold (CUSTODIA_OPEN_DATA_MIN_CELL): '\(text)' must be a whole number of at least 1"
                )
            }
        }
        if let text = environment["CUSTODIA_MAX_BODY_BYTES"] {
            if let value = Int(text), value >= 1024 {
                config.maxBodyBytes = value
            } else {
                problems.append("max body bytes (CUSTODIA_MAX_BODY_BYTES): '\(text)' must be a number >= 1024")
            }
        }
        for (key, apply) in [
            (
                "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS",
                { (config: inout AppConfig, value: Int) in config.access.maxFailedLoginsPerAddress = value }
            ),
            (
                "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE",
                { (config: inout AppConfig, value: Int) in config.access.anonymousRefusals.allowed = value }
            ),
            (
                "CUSTODIA_DB_CONNECTIONS",
                { (config: inout AppConfig, value: Int) in config.databaseConnections = min(value, 256) }
            ),
        ] {
            guard let text = environment[key] else { continue }
            if let value = Int(text), (1...1_000_000).contains(value) {
                apply(&config, value)
            } else {
                problems.append("\(key): '\(text)' must be a number in 1...1000000")
            }
        }
        for (key, apply) in [
            (
                "CUSTODIA_REQUESTS_PER_MINUTE_PER_TOKEN",
                { (config: inout AppConfig, value: Int) in config.access.requestRates.perToken = value }
            ),
            (
                "CUSTODIA_REQUESTS_PER_MINUTE_PER_ADDRESS",
                { (config: inout AppConfig, value: Int) in config.access.requestRates.perAddress = value }
            ),
        ] {
            guard let text = environment[key] else { continue }
            if let value = Int(text), (0...1_000_000).contains(value) {
                apply(&config, value)
            } else {
                problems.append("\(key): '\(text)' must be a number in 0...1000000 (0: no limit)")
            }
        }
        if let text = environment["CUSTODIA_TRUSTED_PROXIES"] {
            let addresses = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let wrong = addresses.first(where: { !ClientAddress.isAddress($0) }) {
                problems.append("trusted proxies (CUSTODIA_TRUSTED_PROXIES): '\(wrong)' is not an IP address")
            } else {
                config.access.trustedProxies = Set(addresses)
            }
        }
        if let path = environment["CUSTODIA_AUDIT_KEY"] {
            do {
                _ = try AuditKeys.privateKey(file: path)
                config.auditKeyPath = path
            } catch {
                problems.append("audit checkpoint key (CUSTODIA_AUDIT_KEY): \(error)")
            }
        }
        if let path = environment["CUSTODIA_CHECKPOINT_DIR"] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                config.checkpointDirectory = path
            } else {
                problems.append("checkpoint directory (CUSTODIA_CHECKPOINT_DIR): '\(path)' is not a directory")
            }
        }
        if let text = environment["CUSTODIA_CHECKPOINT_MINUTES"] {
            if let value = Int(text), (1...1440).contains(value) {
                config.checkpointMinutes = value
            } else {
                problems.append("checkpoint minutes (CUSTODIA_CHECKPOINT_MINUTES): '\(text)' must be a number from 1 to 1440")
            }
        }
        if let text = environment["CUSTODIA_SQLITE_SYNCHRONOUS"] {
            if let value = Database.SQLiteSynchronous(rawValue: text.lowercased()) {
                config.sqliteSynchronous = value
            } else {
                problems.append("SQLite synchronous (CUSTODIA_SQLITE_SYNCHRONOUS): '\(text)' is not one of full, normal")
            }
        }
        if let text = asOf ?? environment["CUSTODIA_AS_OF"] {
            // A day, or a day and the time of day a rehearsal starts at (`2026-11-29T10:00`).
            let parts = text.split(omittingEmptySubsequences: false) { $0 == "T" || $0 == " " }
            if let date = CivilDate(iso: String(parts[0])),
                parts.count == 1 || (parts.count == 2 && TimeOfDay(text: parts[1]) != nil)
            {
                config.asOf = date
                if parts.count == 2 { config.rehearsalTime = TimeOfDay(text: parts[1]) }
            } else {
                problems.append("as-of date (--as-of, CUSTODIA_AS_OF): '\(text)' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM")
            }
        }
        if !problems.isEmpty { throw Invalid(problems: problems) }
        return config
    }

    /// The civil date in Peru (America/Lima, UTC-5, no daylight saving time) for an instant.
    public static func limaDate(_ instant: Date) -> CivilDate {
        CivilDate(daysSinceEpoch: Int(((instant.timeIntervalSince1970 - 5 * 3600) / 86_400).rounded(.down)))
    }

    /// "Today" for this configuration: the fixed as-of day, else the day in Lima of `now`.
    public var today: @Sendable () -> CivilDate {
        if let fixed = asOf { return { fixed } }
        let now = self.now
        return { AppConfig.limaDate(now()) }
    }

    /// Time and law for everything this configuration runs: built here once, handed to every route, page, command
    /// and store (ARCHITECTURE, "One source of time and law").
    public var environment: CustodiaEnvironment {
        CustodiaEnvironment(
            now: now, today: today, rules: rules, seed: seed,
            rehearsal: rehearsalTime.map { .init(time: $0, at: rehearsalStart) })
    }
}
