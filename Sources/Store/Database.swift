@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import SQLiteNIO

/// A pool of connections to SQLite or PostgreSQL and the one way to run a transaction on either.
/// Only this file and `App` know which engine is in use.
public final class Database: Sendable {
    public enum Engine: String, Sendable { case sqlite, postgres }

    public let engine: Engine
    public let url: DatabaseURL
    private let backend: Backend
    let logger: Logger

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

    private init(engine: Engine, url: DatabaseURL, backend: Backend, logger: Logger) {
        self.engine = engine
        self.url = url
        self.backend = backend
        self.logger = logger
    }

    /// Opens a pool and checks that the database answers.
    public static func open(_ url: DatabaseURL, logger: Logger = Logger(label: "custodia.store"), maxConnections: Int = 4)
        async throws -> Database
    {
        let database: Database
        switch url {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory) else {
                throw Unreachable(url: url, reason: "directory \(directory) does not exist")
            }
            database = Database(
                engine: .sqlite, url: url, backend: .sqlite(SQLitePool(path: path, size: maxConnections, logger: logger)),
                logger: logger)
        case .postgres(let text):
            var configuration: SQLPostgresConfiguration
            do {
                // `search_path` is ours (a schema per test run or per tenant); the rest goes to the driver.
                var components = URLComponents(string: text)
                let searchPath = components?.queryItems?.first(where: { $0.name == "search_path" })?.value
                let remaining = components?.queryItems?.filter { $0.name != "search_path" } ?? []
                components?.queryItems = remaining.isEmpty ? nil : remaining
                configuration = try SQLPostgresConfiguration(url: components?.string ?? text)
                if let searchPath { configuration.searchPath = searchPath.split(separator: ",").map(String.init) }
            } catch {
                throw Unreachable(url: url, reason: "\(error)")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: max(1, maxConnections / 2), requestTimeout: .seconds(10), logger: logger,
                on: MultiThreadedEventLoopGroup.singleton)
            database = Database(
                engine: .postgres, url: url, backend: .postgres(PostgresPoolBox(pool: pool, logger: logger)), logger: logger)
        }
        do {
            try await database.read { try await $0.raw("SELECT 1").run() }
        } catch {
            try? await database.close()
            throw Unreachable(url: url, reason: String(describing: error))
        }
        return database
    }

    public func close() async throws {
        switch backend {
        case .sqlite(let pool): await pool.close()
        case .postgres(let box): try await box.pool.shutdownAsync()
        }
    }

    /// Runs `body` on one connection (one session).
    public func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(let pool):
            let connection = try await pool.acquire()
            do {
                let result = try await body(connection.sql(queryLogLevel: nil))
                await pool.release(connection)
                return result
            } catch {
                await pool.release(connection)
                throw error
            }
        case .postgres(let box):
            return try await box.pool.database(logger: logger).sql(queryLogLevel: nil).withSession(body)
        }
    }

    /// Runs `body` in one transaction on one connection: everything it writes is committed together, or,
    /// if it throws, nothing is.
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        if case .sqlite(let pool) = backend {
            // One writer at a time in this process: SQLite allows one anyway, and a writer waiting inside
            // SQLite's busy handler would hold a thread the running writer needs.
            await pool.writers.acquire()
            do {
                let result = try await runTransaction(begin: "BEGIN IMMEDIATE", body)
                await pool.writers.release()
                return result
            } catch {
                await pool.writers.release()
                throw error
            }
        }
        return try await runTransaction(begin: "BEGIN", body)
    }

    private func runTransaction<R: Sendable>(begin: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R)
        async throws -> R
    {
        try await read { connection in
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
    }
}

/// AsyncKit's pool is thread-safe but not marked Sendable.
struct PostgresPoolBox: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    let logger: Logger
}

/// A small pool of SQLite connections set up for a server: write-ahead log so readers never wait for the
/// writer, foreign keys on. Writers are serialised by SQLite itself (`BEGIN IMMEDIATE`).
actor SQLitePool {
    let path: String
    let size: Int
    let logger: Logger
    private var idle: [SQLiteConnection] = []
    private var opened = 0
    private var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    private var all: [SQLiteConnection] = []
    nonisolated let writers = AsyncSemaphore(permits: 1)

    init(path: String, size: Int, logger: Logger) {
        self.path = path
        self.size = max(1, size)
        self.logger = logger
    }

    func acquire() async throws -> SQLiteConnection {
        if let connection = idle.popLast() { return connection }
        if opened < size {
            opened += 1
            do {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                for pragma in [
                    "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                    "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY",
                ] {
                    _ = try await connection.query(pragma)
                }
                all.append(connection)
                return connection
            } catch {
                opened -= 1
                throw error
            }
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ connection: SQLiteConnection) {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    func close() async {
        for connection in all { try? await connection.close() }
        all.removeAll()
        idle.removeAll()
    }
}

/// A counting semaphore for async code, first come first served.
actor AsyncSemaphore {
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { self.permits = permits }

    func acquire() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
