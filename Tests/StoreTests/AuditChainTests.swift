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

    /// The row hash pinned to answers computed outside Custodia (Python's hashlib over the same text: the fields
    /// as JSON strings or null, joined by commas): a field dropped from the hash or reordered changes them.
    @Test func theRowHashIsPinned() {
        let read = NewAuditRecord(
            actor: Actor(
                user: "rosa", role: "registry_clerk", address: "10.0.0.1", action: "GET /api/v1/persons/{person_number}"),
            resource: "person", personNumber: "P-0000001-7", establishmentCode: "ep-norte", outcome: "200 ok")
        #expect(
            AuditChain.hash(previous: AuditChain.genesis, occurredAt: "2026-03-15T10:00:00.000Z", record: read)
                == "a376111894bc42076483cde0a1be105d28e040344adf0ced8abd191d56394040")
        let refusal = NewAuditRecord(
            actor: Actor(user: "rosa", role: "registry_clerk", address: nil, action: "POST /login"), resource: nil,
            outcome: "401 auth.invalid_credentials")
        #expect(
            AuditChain.hash(previous: AuditChain.genesis, occurredAt: "2026-03-15T10:00:00.000Z", record: refusal)
                == "283a9df452c8d5fc973619832f656ef3a718b53bf8d7940a97b0499033511fd2")
    }

    /// A change to any stored column of a row, one column at a time, is found and the row named.
    @Test(arguments: TestDatabase.engines)
    func aChangeToEachStoredColumnIsFound(_ engine: TestDatabase.Engine) async throws {
        let changes = [
            "occurred_at = '2020-01-01T00:00:00.000Z'", "user_name = 'otro'", "role = 'administrator'", "action = 'GET /y'",
            "resource = 'otro'", "person_number = 'P-0000009-1'", "establishment_code = 'ep-mujeres'",
            "address = '10.9.9.9'", "outcome = 'denied'", "prev_hash = '\(String(repeating: "1", count: 64))'",
            "hash = '\(String(repeating: "2", count: 64))'",
        ]
        for change in changes {
            try await withTrail(engine, count: 5) { log, database in
                try await tamper(database, ["UPDATE audit_trail SET \(change) WHERE seq = 4"])
                let problem = try await log.verify().problem
                #expect(
                    problem == .edited(sequence: 4) || problem == .removedBefore(sequence: 4),
                    "\(change): \(String(describing: problem))")
            }
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
