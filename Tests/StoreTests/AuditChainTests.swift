import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

@Suite struct AuditChainTests {
    /// A fresh database whose trail holds the fixture load and `count` more rows.
    func withTrail(_ engine: TestDatabase.Engine, count: Int = 8, _ body: (SQLAuditLog, Database) async throws -> Void)
        async throws
    {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let log = SQLAuditLog(database: database, now: { Date() })
            for index in 1...count {
                try await log.record(
                    NewAuditRecord(
                        actor: Actor(user: "user\(index % 3)", role: "auditor", address: "10.0.0.\(index)", action: "GET /x"),
                        resource: "r\(index)", outcome: "ok"))
            }
            try await body(log, database)
        }
    }

    func tamper(_ database: Database, _ statements: [String]) async throws {
        try await database.transaction { sql in
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anIntactTrailVerifies(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, _ in
            let result = try await log.verify(batch: 3)  // several slices
            #expect(result.problem == nil)
            #expect(result.rowsChecked == 9)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anEditedRowIsNamed(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, database in
            try await tamper(database, ["UPDATE audit_trail SET outcome = 'denied' WHERE seq = 4"])
            #expect(try await log.verify().problem == .edited(sequence: 4))
        }
        // Editing the hash too does not help: the next row no longer follows it.
        try await withTrail(engine) { log, database in
            let rows = try await log.search(AuditFilter(), after: nil, limit: 100).items
            let row4 = try #require(rows.first { $0.sequence == 4 })
            var forged = row4.record
            forged.outcome = "denied"
            let hash = AuditChain.hash(previous: row4.previousHash, occurredAt: row4.occurredAt, record: forged)
            try await tamper(database, ["UPDATE audit_trail SET outcome = 'denied', hash = '\(hash)' WHERE seq = 4"])
            #expect(try await log.verify().problem == .removedBefore(sequence: 5))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aRemovedRowIsNamed(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, database in
            try await tamper(database, ["DELETE FROM audit_trail WHERE seq = 5"])
            #expect(try await log.verify().problem == .removedBefore(sequence: 6))
        }
        // Removing and renumbering the rest to hide the gap still breaks the chain.
        try await withTrail(engine) { log, database in
            try await tamper(
                database,
                ["DELETE FROM audit_trail WHERE seq = 5"]
                    + (6...9).map { "UPDATE audit_trail SET seq = \($0 - 1) WHERE seq = \($0)" })
            #expect(try await log.verify().problem == .removedBefore(sequence: 5))
        }
        // Removing the newest row shows against the chain's head.
        try await withTrail(engine) { log, database in
            try await tamper(database, ["DELETE FROM audit_trail WHERE seq = 9"])
            #expect(try await log.verify().problem == .removedAtEnd(lastSequence: 8, headSequence: 9))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aReorderedRowIsNamed(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, database in
            try await tamper(
                database,
                [
                    "UPDATE audit_trail SET seq = -1 WHERE seq = 3", "UPDATE audit_trail SET seq = 3 WHERE seq = 4",
                    "UPDATE audit_trail SET seq = 4 WHERE seq = -1",
                ])
            #expect(try await log.verify().problem == .reordered(sequence: 3))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func concurrentWritersChainOneAfterAnother(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine, count: 1) { log, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await log.record(
                            NewAuditRecord(
                                actor: Actor(user: "u\(index)", role: "auditor", address: nil, action: "GET /y"), outcome: "ok"))
                    }
                }
                try await group.waitForAll()
            }
            let result = try await log.verify()
            #expect(result.problem == nil && result.rowsChecked == 42)
        }
    }
}
