import CustodiaCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// A small pool of SQLite connections set up for a server: write-ahead log so readers never wait for the
/// writer, foreign keys on. Writers are serialised by SQLite itself (`BEGIN IMMEDIATE`).
actor SQLitePool {
    let path: String
    let size: Int
    let busyTimeoutMilliseconds: Int
    let poolTimeoutMilliseconds: Int
    let synchronous: Database.SQLiteSynchronous
    let logger: Logger
    private var idle: [SQLiteConnection] = []
    private var opened = 0
    private var waiters: [(ticket: Int, continuation: CheckedContinuation<SQLiteConnection, any Error>)] = []
    private var nextTicket = 0
    private var all: [SQLiteConnection] = []
    nonisolated let writeQueue = WriteQueue()
    /// The writer's own thread: its connection's statements and the writing task both run there.
    nonisolated let writerThread: NIOThreadPool
    nonisolated let writerExecutor: ThreadPoolTaskExecutor
    private var writer: SQLiteConnection?

    init(
        path: String, size: Int, busyTimeoutMilliseconds: Int, poolTimeoutMilliseconds: Int,
        synchronous: Database.SQLiteSynchronous, logger: Logger
    ) {
        self.path = path
        self.size = max(1, size)
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.poolTimeoutMilliseconds = poolTimeoutMilliseconds
        self.synchronous = synchronous
        self.logger = logger
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        self.writerThread = thread
        self.writerExecutor = ThreadPoolTaskExecutor(pool: thread)
    }

    private func open(on threadPool: NIOThreadPool) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threadPool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            // Connections wait for each other's locks up to the timeout instead of failing at once.
            for pragma in [
                "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)", "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = \(synchronous.rawValue.uppercased())",
                "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY",
            ] {
                _ = try await connection.query(pragma)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        all.append(connection)
        return connection
    }

    /// The one connection writes go through (opened on first use).
    func writerConnection() async throws -> SQLiteConnection {
        if let writer { return writer }
        let connection = try await open(on: writerThread)
        writer = connection
        return connection
    }

    func acquire() async throws -> SQLiteConnection {
        if let connection = idle.popLast() { return connection }
        if opened < size {
            opened += 1
            do {
                return try await open(on: .singleton)
            } catch {
                opened -= 1
                throw error
            }
        }
        // Every connection is busy: wait for one, but no longer than the pool timeout (then the request is
        // answered 503 instead of queueing without end).
        let ticket = nextTicket
        nextTicket += 1
        let timeout = Duration.milliseconds(poolTimeoutMilliseconds)
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(ticket)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { waiters.append((ticket, $0)) }
    }

    private func expire(_ ticket: Int) {
        guard let index = waiters.firstIndex(where: { $0.ticket == ticket }) else { return }
        waiters.remove(at: index).continuation.resume(
            throwing: StoreUnavailable(reason: "no free SQLite connection within \(poolTimeoutMilliseconds) ms"))
    }

    func release(_ connection: SQLiteConnection) {
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    func close() async {
        for connection in all { try? await connection.close() }
        all.removeAll()
        idle.removeAll()
        writer = nil
        try? await writerThread.shutdownGracefully()
    }
}

/// Runs the jobs of tasks that prefer it on a NIO thread pool (here: the SQLite writer's single thread), so
/// a task and the statements it waits for share one thread.
final class ThreadPoolTaskExecutor: TaskExecutor, @unchecked Sendable {
    let pool: NIOThreadPool

    init(pool: NIOThreadPool) { self.pool = pool }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }
}

/// A value handed from the writer thread to the waiting caller once its batch is committed.
final class ResultBox<R>: @unchecked Sendable {
    var value: R?
}

/// One change waiting for the SQLite writer.
struct WriteJob: Sendable {
    let body: @Sendable (any SQLDatabase) async throws -> Void
    let finish: @Sendable ((any Error)?) -> Void
}

/// The queue of changes for the SQLite writer and the loop that drains it in batches.
final class WriteQueue: Sendable {
    private let state = Mutex<(pending: [WriteJob], draining: Bool)>(([], false))
    static let maximumBatch = 64

    /// Changes waiting for the writer now.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    func enqueue(_ job: WriteJob, pool: SQLitePool) {
        let start = state.withLock { state -> Bool in
            state.pending.append(job)
            if state.draining { return false }
            state.draining = true
            return true
        }
        if start {
            Task { await self.drain(pool: pool) }
        }
    }

    private func take() -> [WriteJob] {
        state.withLock { state in
            let batch = Array(state.pending.prefix(WriteQueue.maximumBatch))
            state.pending.removeFirst(batch.count)
            if batch.isEmpty { state.draining = false }
            return batch
        }
    }

    private func drain(pool: SQLitePool) async {
        let writer: SQLiteConnection
        do {
            writer = try await pool.writerConnection()
        } catch {
            while case let batch = take(), !batch.isEmpty { for job in batch { job.finish(error) } }
            return
        }
        await withTaskExecutorPreference(pool.writerExecutor) {
            let sql = writer.sql(queryLogLevel: nil)
            while case let batch = take(), !batch.isEmpty {
                await Self.run(batch, on: sql)
            }
        }
    }

    private static func run(_ batch: [WriteJob], on sql: any SQLDatabase) async {
        do {
            try await sql.raw("BEGIN IMMEDIATE").run()
        } catch {
            for job in batch { job.finish(error) }
            return
        }
        var outcomes: [(any Error)?] = []
        if batch.count == 1 {
            do {
                try await batch[0].body(sql)
                outcomes.append(nil)
            } catch {
                try? await sql.raw("ROLLBACK").run()
                batch[0].finish(error)
                return
            }
        } else {
            for job in batch {
                do {
                    try await sql.raw("SAVEPOINT change").run()
                    try await job.body(sql)
                    try await sql.raw("RELEASE change").run()
                    outcomes.append(nil)
                } catch {
                    try? await sql.raw("ROLLBACK TO change").run()
                    try? await sql.raw("RELEASE change").run()
                    outcomes.append(error)
                }
            }
        }
        do {
            try await sql.raw("COMMIT").run()
            for (job, outcome) in zip(batch, outcomes) { job.finish(outcome) }
        } catch {
            try? await sql.raw("ROLLBACK").run()
            for job in batch { job.finish(error) }
        }
    }
}
