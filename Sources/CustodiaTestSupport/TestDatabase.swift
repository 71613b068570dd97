import CustodiaCore
import Foundation
import Logging
import Store
import Synchronization

/// Real databases for tests: a fresh SQLite file always, and a fresh PostgreSQL schema when the test
/// command has started a cluster (`CUSTODIA_TEST_POSTGRES_URL`). No fakes.
public enum TestDatabase {
    public enum Engine: String, Sendable, CaseIterable, CustomStringConvertible {
        case sqlite, postgres
        public var description: String { rawValue }
    }

    public static let postgresURL = ProcessInfo.processInfo.environment["CUSTODIA_TEST_POSTGRES_URL"]

    /// The engines this run tests: SQLite always, PostgreSQL when a cluster is configured, or when the run
    /// requires it (then a missing cluster fails every PostgreSQL case instead of leaving them out).
    public static var engines: [Engine] { postgresURL == nil && !postgresRequired ? [.sqlite] : [.sqlite, .postgres] }

    /// How many test databases each engine opened in this process, printed when the process ends
    /// ("test databases: sqlite N, postgres M"); scripts/test fails when PostgreSQL's count is zero.
    public static var opened: [Engine: Int] { counts.withLock { $0 } }
    private static let counts = Mutex<[Engine: Int]>([:])
    private static let reportAtExit: Void = {
        atexit {
            let counts = TestDatabase.opened
            print("test databases: sqlite \(counts[.sqlite] ?? 0), postgres \(counts[.postgres] ?? 0)")
        }
    }()

    /// Whether the run must include PostgreSQL (set by scripts/test): a missing cluster is then a failure,
    /// not a silent skip.
    public static var postgresRequired: Bool { ProcessInfo.processInfo.environment["CUSTODIA_REQUIRE_POSTGRES"] == "1" }

    /// Opens an empty, migrated database of the engine, and removes it when `body` ends.
    public static func withFresh<R>(
        _ engine: Engine, migrate: Bool = true, lockTimeout: Duration = .seconds(30), _ body: (Database) async throws -> R
    ) async throws -> R {
        let (url, cleanup) = try await make(engine)
        // Generous waits: the whole suite runs in parallel on two cores, and a test is not about how long a
        // starved machine takes to hand out a connection. The tests of the timeouts set their own.
        // SQLite without a sync at every commit, as the PostgreSQL cluster of the tests runs with fsync off: no
        // test here is about power loss, and thousands of small commits would wait for the disk.
        let database = try await Database.open(
            url, logger: quietLogger, lockTimeout: lockTimeout, poolTimeout: .seconds(60), sqliteSynchronous: .normal)
        do {
            if migrate { try await Migrations.migrate(database) }
            let result = try await body(database)
            try await database.close()
            try await cleanup()
            return result
        } catch {
            try? await database.close()
            try? await cleanup()
            throw error
        }
    }

    /// A new empty database: its URL and how to remove it.
    public static func make(_ engine: Engine) async throws -> (DatabaseURL, @Sendable () async throws -> Void) {
        _ = reportAtExit
        counts.withLock { $0[engine, default: 0] += 1 }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("custodia-\(name).sqlite").path
            return (
                .sqlite(path: path),
                {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            )
        case .postgres:
            guard let base = postgresURL else { throw Unavailable() }
            let admin = try await Database.open(.postgres(url: base), logger: quietLogger, maxConnections: 1)
            try await admin.read { try await $0.raw("CREATE SCHEMA \(unsafeRaw: String(name))").run() }
            try await admin.close()
            let separator = base.contains("?") ? "&" : "?"
            return (
                .postgres(url: base + separator + "search_path=\(name)"),
                {
                    let admin = try await Database.open(.postgres(url: base), logger: quietLogger, maxConnections: 1)
                    try await admin.read { try await $0.raw("DROP SCHEMA \(unsafeRaw: String(name)) CASCADE").run() }
                    try await admin.close()
                }
            )
        }
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "CUSTODIA_TEST_POSTGRES_URL is not set: run the suite through scripts/test" }
    }

    public static var quietLogger: Logger {
        var logger = Logger(label: "custodia.test")
        logger.logLevel = .warning
        return logger
    }
}
