import CustodiaCore
import Foundation
import Logging
import SQLKit
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
        try await withPermit(engine) { try await openFresh(engine, migrate: migrate, lockTimeout: lockTimeout, body) }
    }

    private static func openFresh<R>(
        _ engine: Engine, migrate: Bool, lockTimeout: Duration, _ body: (Database) async throws -> R
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
            try await administer(base, "CREATE SCHEMA \(name)")
            let separator = base.contains("?") ? "&" : "?"
            return (
                .postgres(url: base + separator + "search_path=\(name)"),
                { try await administer(base, "DROP SCHEMA \(name) CASCADE") }
            )
        }
    }

    /// Runs one statement of ours on the cluster's own database, and closes the pool whatever happens (a pool
    /// dropped open is a crash in AsyncKit).
    private static func administer(_ base: String, _ statement: String) async throws {
        let admin = try await Database.open(.postgres(url: base), logger: quietLogger, maxConnections: 1)
        do {
            try await admin.read { try await $0.raw(SQLQueryString(statement)).run() }
            try await admin.close()
        } catch {
            try? await admin.close()
            throw error
        }
    }

    /// The most PostgreSQL test databases open at once. Swift Testing starts every test together; each database
    /// is a pool of up to four connections, and a whole suite at once asked the cluster for more connections than
    /// it has (`53300 too many clients`, the CI failure of 2026-12-06). Tests beyond the limit wait for a turn.
    public static let postgresLimit = 32
    private static let gate = Gate(permits: postgresLimit)
    /// Whether this task already holds a turn: a test that opens a second database inside its first does not
    /// wait for a second turn (no test can then wait for itself).
    @TaskLocal private static var holdsTurn = false

    /// Runs `body` in a turn of the engine's databases: PostgreSQL's are limited to `postgresLimit` at once.
    public static func withPermit<R>(_ engine: Engine, _ body: () async throws -> R) async throws -> R {
        guard engine == .postgres, !holdsTurn else { return try await body() }
        await gate.acquire()
        do {
            let result = try await $holdsTurn.withValue(true) { try await body() }
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    /// A counting semaphore for tasks.
    actor Gate {
        private var permits: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(permits: Int) { self.permits = permits }

        func acquire() async {
            if permits > 0 {
                permits -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { permits += 1 } else { waiting.removeFirst().resume() }
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
