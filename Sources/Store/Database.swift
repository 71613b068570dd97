@preconcurrency import AsyncKit
import CustodiaCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

#if PostgreSQL
    import PostgresKit
#endif

/// A pool of connections to SQLite or PostgreSQL and the one way to run a transaction on either.
/// Only this file (with `SQLitePool.swift`) and `App` know which engine is in use.
public final class Database: Sendable {
    public enum Engine: String, Sendable { case sqlite, postgres }

    /// How SQLite makes a commit durable (`PRAGMA synchronous`). `full`, the default, syncs the write-ahead log
    /// at every commit, so a power loss cannot take back a write already acknowledged; `normal` syncs only at
    /// checkpoints (a power loss may lose the last commits, never corrupt the file): for tests and the
    /// benchmark that measures what `full` costs, like PostgreSQL's `fsync=off` in the test cluster.
    public enum SQLiteSynchronous: String, Sendable, CaseIterable { case full, normal }

    public let engine: Engine
    public let url: DatabaseURL
    private let backend: Backend
    let logger: Logger
    let counters: PoolCounters

    private enum Backend: Sendable {
        case sqlite(SQLitePool)
        case postgres(PostgresPoolBox)
    }

    /// The database could not be reached or opened.
    public struct Unreachable: Error, CustomStringConvertible {
        public let url: DatabaseURL
        public let reason: String
        public var description: String { "cannot open database \(url): \(reason)" }
    }

    private init(engine: Engine, url: DatabaseURL, backend: Backend, logger: Logger, size: Int) {
        self.engine = engine
        self.url = url
        self.backend = backend
        self.logger = logger
        self.counters = PoolCounters(size: size)
    }

    /// The pool now (issue 15 point 4): its size, the connections held, the requests waiting, and since the process
    /// started the connections handed out and the waits that ran out; SQLite's changes queued for its writer.
    public func poolFigures() -> ConnectionPoolFigures {
        switch backend {
        case .sqlite(let pool): counters.figures(engine: engine, writesQueued: pool.writeQueue.pendingCount)
        case .postgres: counters.figures(engine: engine, writesQueued: nil)
        }
    }

    /// Opens a pool and checks that the database answers. A statement that waits longer than `lockTimeout` for
    /// another connection's lock fails (SQLite's `busy_timeout`, PostgreSQL's `lock_timeout`), and so does a
    /// request that waits longer than `poolTimeout` for a free connection: the caller is answered 503 with
    /// `Retry-After` instead of queueing without end.
    public static func open(
        _ url: DatabaseURL, logger: Logger = Logger(label: "custodia.store"), maxConnections: Int = 4,
        lockTimeout: Duration = .seconds(10), poolTimeout: Duration = .seconds(10), sqliteSynchronous: SQLiteSynchronous = .full
    ) async throws -> Database {
        let lockMilliseconds = max(1, Int(lockTimeout / .milliseconds(1)))
        let poolMilliseconds = max(1, Int(poolTimeout / .milliseconds(1)))
        let database: Database
        switch url {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory) else {
                throw Unreachable(url: url, reason: "directory \(directory) does not exist")
            }
            database = Database(
                engine: .sqlite, url: url,
                backend: .sqlite(
                    SQLitePool(
                        path: path, size: maxConnections, busyTimeoutMilliseconds: lockMilliseconds,
                        poolTimeoutMilliseconds: poolMilliseconds, synchronous: sqliteSynchronous, logger: logger)),
                logger: logger, size: max(1, maxConnections))
        case .postgres(let text):
            #if PostgreSQL
                database = try openPostgres(
                    url: url, text: text, logger: logger, maxConnections: maxConnections, lockMilliseconds: lockMilliseconds,
                    poolMilliseconds: poolMilliseconds)
            #else
                throw Unreachable(url: url, reason: Self.withoutPostgreSQL)
            #endif
        }
        do {
            try await database.read { try await $0.raw("SELECT 1").run() }
        } catch {
            try? await database.close()
            throw Unreachable(url: url, reason: String(describing: error))
        }
        return database
    }

    /// What a build without the PostgreSQL trait says when asked for PostgreSQL.
    public static let withoutPostgreSQL =
        "this build of custodia has no PostgreSQL support: build it with `swift build -c release --traits PostgreSQL`"

    #if PostgreSQL
        private static func openPostgres(
            url: DatabaseURL, text: String, logger: Logger, maxConnections: Int, lockMilliseconds: Int, poolMilliseconds: Int
        ) throws -> Database {
            var configuration: SQLPostgresConfiguration
            do {
                // `search_path` is ours (a schema per test run or per tenant); the rest goes to the driver.
                var components = URLComponents(string: text)
                let searchPath = components?.queryItems?.first(where: { $0.name == "search_path" })?.value
                let remaining = components?.queryItems?.filter { $0.name != "search_path" } ?? []
                components?.queryItems = remaining.isEmpty ? nil : remaining
                configuration = try SQLPostgresConfiguration(url: components?.string ?? text)
                if let searchPath { configuration.searchPath = searchPath.split(separator: ",").map(String.init) }
                configuration.coreConfiguration.options.additionalStartupParameters.append(
                    ("lock_timeout", "\(lockMilliseconds)ms"))
            } catch {
                throw Unreachable(url: url, reason: "\(error)")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: max(1, maxConnections / 2), requestTimeout: .milliseconds(Int64(poolMilliseconds)),
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton)
            return Database(
                engine: .postgres, url: url, backend: .postgres(PostgresPoolBox(pool: pool, logger: logger)), logger: logger,
                size: max(1, maxConnections / 2) * System.coreCount)
        }
    #endif

    public func close() async throws {
        switch backend {
        case .sqlite(let pool): await pool.close()
        case .postgres(let box):
            #if PostgreSQL
                try await box.pool.shutdownAsync()
            #else
                switch box {}
            #endif
        }
    }

    /// Runs `body` on one connection (one session). A busy database is reported as `StoreUnavailable`.
    public func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do { return try await session(body) } catch { throw DatabaseFailure.translated(error) }
    }

    private func session<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let lease = Lease(counters)
        switch backend {
        case .sqlite(let pool):
            let connection: SQLiteConnection
            do { connection = try await pool.acquire() } catch {
                lease.failed(error)
                throw error
            }
            lease.acquired()
            do {
                let result = try await body(connection.sql(queryLogLevel: nil))
                await pool.release(connection)
                lease.released()
                return result
            } catch {
                await pool.release(connection)
                lease.released()
                throw error
            }
        case .postgres(let box):
            #if PostgreSQL
                // A session the store can reach the connection through, for its prepared statements (ADR 0036).
                do {
                    return try await box.pool.database(logger: logger).withConnection { connection in
                        lease.acquired()
                        return connection.eventLoop.makeFutureWithTask {
                            defer { lease.released() }
                            return try await body(PostgresSession(connection))
                        }
                    }.get()
                } catch {
                    lease.failed(error)
                    throw error
                }
            #else
                switch box {}
            #endif
        }
    }

    /// Runs `body` in one transaction on one connection: everything it writes is committed together, or,
    /// if it throws, nothing is. A busy database is reported as `StoreUnavailable`.
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do { return try await writing(body) } catch { throw DatabaseFailure.translated(error) }
    }

    private func writing<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        if case .sqlite(let pool) = backend {
            // SQLite has one writer: changes queue for the writer connection, whose statements and task share
            // one dedicated thread, and changes that arrive together are committed together (each in its own
            // savepoint, so a refused one is rolled back alone). A change is acknowledged only after COMMIT.
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<R, any Error>) in
                let box = ResultBox<R>()
                pool.writeQueue.enqueue(
                    WriteJob(
                        body: { sql in box.value = try await body(sql) },
                        finish: { error in
                            if let error {
                                continuation.resume(throwing: error)
                            } else {
                                continuation.resume(returning: box.value!)
                            }
                        }), pool: pool)
            }
        }
        return try await runTransaction(begin: "BEGIN", body)
    }

    private static func run<R: Sendable>(
        begin: String, on connection: any SQLDatabase, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await connection.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(connection)
            try await connection.raw("COMMIT").run()
            return result
        } catch {
            try? await connection.raw("ROLLBACK").run()
            throw error
        }
    }

    private func runTransaction<R: Sendable>(begin: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R)
        async throws -> R
    {
        try await session { connection in try await Self.run(begin: begin, on: connection, body) }
    }
}

#if PostgreSQL
    /// AsyncKit's pool is thread-safe but not marked Sendable.
    struct PostgresPoolBox: @unchecked Sendable {
        let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
        let logger: Logger
    }
#else
    /// Built without PostgreSQL: nothing can make one.
    enum PostgresPoolBox: Sendable {}
#endif
