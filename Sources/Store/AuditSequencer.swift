import CustodiaCore
import Foundation

/// Appends the audit rows of many requests in one transaction (issue 17, point 3b), as transparency logs batch
/// their entries: every row still chains to the one before it, but a burst of audited reads costs one lock of
/// the chain's head and one durable commit per batch instead of one each. A caller's `append` returns only
/// when its row is committed (or throws when the batch failed, and then no row of the batch was written), so
/// nothing is answered before its audit row is safe.
///
/// Writes (admissions, moves, releases…) keep appending their row inside their own transaction.
actor AuditSequencer {
    private struct Pending {
        let record: NewAuditRecord
        let instant: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// The most rows one transaction appends.
    static let batchLimit = 256

    private let database: Database
    private var pending: [Pending] = []
    private var draining = false
    /// Transactions committed so far (one per batch).
    private(set) var batches = 0

    init(database: Database) {
        self.database = database
    }

    func append(_ record: NewAuditRecord, at instant: Date) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(Pending(record: record, instant: instant, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    /// Appends what is waiting, a batch at a time, until nothing is; rows that arrive during a commit wait for
    /// the next batch.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.batchLimit))
            pending.removeFirst(batch.count)
            let rows = batch.map { ($0.record, $0.instant) }
            let engine = database.engine
            let result: Result<Void, any Error>
            do {
                try await database.transaction { sql in try await AuditChain.append(rows, on: sql, engine: engine) }
                batches += 1
                result = .success(())
            } catch {
                result = .failure(error)
            }
            for item in batch { item.continuation.resume(with: result) }
        }
        draining = false
    }
}
