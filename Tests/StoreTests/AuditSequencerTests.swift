import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Issue 17, point 3b: audited reads no longer serialise one durable commit each on the chain's head; rows
/// that arrive together are appended in one transaction, chained in order, and each caller returns only once
/// its row is committed.
@Suite struct AuditSequencerTests {
    static func record(_ n: Int) -> NewAuditRecord {
        NewAuditRecord(
            actor: Actor(user: "lector\(n)", role: "auditor", address: "10.0.0.\(n % 250)", action: "GET /api/v1/persons/{n}"),
            resource: "P-\(n)", outcome: "ok")
    }

    @Test(arguments: TestDatabase.engines)
    func concurrentRowsAreBatchedAndChained(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let log = SQLAuditLog(database: database, now: { Date() })
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<300 { group.addTask { try await log.record(Self.record(n)) } }
                try await group.waitForAll()
            }
            // Every call returned after its row was committed: all 300 are there, once each, chained.
            let rows = try await database.read { sql in
                try await sql.raw("SELECT user_name FROM audit_trail ORDER BY seq").all().map {
                    try $0.decode(column: "user_name", as: String.self)
                }
            }
            #expect(rows.count == 300 && Set(rows) == Set((0..<300).map { "lector\($0)" }))
            let verification = try await log.verify()
            #expect(verification.problem == nil && verification.rowsChecked == 300)
            let batches = await log.batchesCommitted
            #expect(batches < 150, "\(batches) transactions for 300 rows arriving together")
        }
    }

    /// A batch that cannot be committed fails every caller in it and writes none of its rows.
    @Test(arguments: TestDatabase.engines)
    func aFailedBatchWritesNothingAndTellsEveryCaller(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine, lockTimeout: .milliseconds(300)) { database in
            let log = SQLAuditLog(database: database, now: { Date() })
            let holder = try await Database.open(database.url, logger: TestDatabase.quietLogger, maxConnections: 1)
            let failures = try await holder.read { sql in
                switch engine {
                case .sqlite: try await sql.raw("BEGIN EXCLUSIVE").run()
                case .postgres:
                    try await sql.raw("BEGIN").run()
                    try await sql.raw("LOCK TABLE audit_head IN ACCESS EXCLUSIVE MODE").run()
                }
                let failures = await withTaskGroup(of: Bool.self) { group in
                    for n in 0..<20 {
                        group.addTask {
                            do {
                                try await log.record(Self.record(n))
                                return false
                            } catch is StoreUnavailable {
                                return true
                            } catch {
                                return false
                            }
                        }
                    }
                    return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                try await sql.raw("ROLLBACK").run()
                return failures
            }
            try await holder.close()
            #expect(failures == 20)
            let count = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM audit_trail").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
            // Once the lock is gone the next row is the chain's first.
            try await log.record(Self.record(1))
            #expect(try await log.verify().rowsChecked == 1)
        }
    }
}
