import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Signed checkpoints of the audit trail (issue 17 point 5), on both engines: a trail that only grew is proven
/// consistent with every checkpoint; the three attacks the hash chain alone does not see (the last rows deleted and the
/// head fixed, a row rewritten and every later row re-hashed, a middle row deleted and the rest renumbered) each leave
/// the chain intact and are found by the checkpoint; a checkpoint altered or signed by another key is refused.
@Suite struct AuditCheckpointTests {
    static let key = AuditKeys.privateKey(base64: AuditKeys.generate().privateKey)

    /// A fresh database whose trail holds the fixture load and `count` more rows.
    func withTrail(_ engine: TestDatabase.Engine, count: Int = 10, _ body: (SQLAuditLog, Database) async throws -> Void)
        async throws
    {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let log = SQLAuditLog(database: database, now: { Date() })
            try await Self.append(log, count, from: 1)
            try await body(log, database)
        }
    }

    static func append(_ log: SQLAuditLog, _ count: Int, from first: Int) async throws {
        for index in first..<(first + count) {
            try await log.record(
                NewAuditRecord(
                    actor: Actor(user: "user\(index % 3)", role: "auditor", address: "10.0.0.\(index)", action: "GET /x"),
                    resource: "r\(index)", outcome: "ok"))
        }
    }

    /// Re-hashes the chain from row `from` on, as a dishonest operator with write access would, and fixes the head.
    static func rehash(_ database: Database, from: Int64) async throws {
        try await database.transaction { sql in
            let rows = try await sql.raw(
                """
                SELECT seq, occurred_at, user_name, role, action, resource, person_number, establishment_code, address, \
                outcome, prev_hash, hash FROM audit_trail WHERE seq >= \(bind: from - 1) ORDER BY seq
                """
            ).all()
            var previous = try rows.first.map { try $0.decode(column: "prev_hash", as: String.self) } ?? AuditChain.genesis
            for (index, row) in rows.enumerated() {
                let seq = try row.decode(column: "seq", as: Int64.self)
                let record = NewAuditRecord(
                    actor: Actor(
                        user: try row.decode(column: "user_name", as: String.self),
                        role: try row.decode(column: "role", as: String.self),
                        address: try row.decode(column: "address", as: String?.self),
                        action: try row.decode(column: "action", as: String.self)),
                    resource: try row.decode(column: "resource", as: String?.self),
                    personNumber: try row.decode(column: "person_number", as: String?.self),
                    establishmentCode: try row.decode(column: "establishment_code", as: String?.self),
                    outcome: try row.decode(column: "outcome", as: String.self))
                if index == 0, seq == from - 1 {
                    previous = try row.decode(column: "hash", as: String?.self) ?? previous
                }
                guard seq >= from else { continue }
                let hash = AuditChain.hash(
                    previous: previous, occurredAt: try row.decode(column: "occurred_at", as: String.self), record: record)
                try await sql.raw(
                    "UPDATE audit_trail SET prev_hash = \(bind: previous), hash = \(bind: hash) WHERE seq = \(bind: seq)"
                ).run()
                previous = hash
            }
            try await sql.raw(
                """
                UPDATE audit_head SET last_seq = (SELECT MAX(seq) FROM audit_trail), last_hash = \(bind: previous) WHERE id = 1
                """
            ).run()
        }
    }

    static func raw(_ database: Database, _ statements: [String]) async throws {
        try await database.transaction { sql in
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aTrailThatOnlyGrewIsConsistentWithEveryCheckpoint(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, _ in
            let first = try await log.checkpoint(key: Self.key)
            try await Self.append(log, 5, from: 11)
            let second = try await log.checkpoint(key: Self.key)
            #expect(second.treeSize == first.treeSize + 5 && first.isSigned(by: Self.key.publicKey))
            let verdicts = try await log.verify([first, second], publicKey: Self.key.publicKey)
            #expect(
                verdicts == [
                    .consistent(treeSize: first.treeSize, currentSize: second.treeSize, proofLength: verdicts[0].proofLength),
                    .consistent(treeSize: second.treeSize, currentSize: second.treeSize, proofLength: 0),
                ])
            #expect(verdicts[0].proofLength > 0)
            // Altered, or signed by another key: refused.
            var altered = first
            altered.treeSize -= 1
            let other = AuditKeys.privateKey(base64: AuditKeys.generate().privateKey)
            #expect(try await log.verify([altered], publicKey: Self.key.publicKey) == [.badSignature])
            #expect(try await log.verify([first], publicKey: other.publicKey) == [.badSignature])
            // The checkpoint as JSON, as witnesses keep it, reads back the same.
            let json = try JSONEncoder().encode(first)
            #expect(try JSONDecoder().decode(AuditCheckpoint.self, from: json) == first)
            #expect(String(decoding: json, as: UTF8.self).contains("\"tree_size\""))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theLastRowsDeletedAndTheHeadFixed(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, database in
            let checkpoint = try await log.checkpoint(key: Self.key)
            let size = Int64(checkpoint.treeSize)
            try await Self.raw(database, ["DELETE FROM audit_trail WHERE seq > \(size - 2)"])
            try await Self.rehash(database, from: size - 1)
            #expect(try await log.verify().problem == nil, "the chain alone sees nothing")
            #expect(
                try await log.verify([checkpoint], publicKey: Self.key.publicKey)
                    == [.truncated(treeSize: checkpoint.treeSize, currentSize: checkpoint.treeSize - 2)])
            // Rows added back to the same count do not hide it.
            try await Self.append(log, 2, from: 50)
            #expect(
                try await log.verify([checkpoint], publicKey: Self.key.publicKey) == [.rewritten(treeSize: checkpoint.treeSize)])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aRowRewrittenAndEveryLaterRowRehashed(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, database in
            let checkpoint = try await log.checkpoint(key: Self.key)
            try await Self.append(log, 3, from: 11)
            let later = try await log.checkpoint(key: Self.key)
            let target = Int64(checkpoint.treeSize + 2)
            try await Self.raw(database, ["UPDATE audit_trail SET user_name = 'otro' WHERE seq = \(target)"])
            try await Self.rehash(database, from: target)
            #expect(try await log.verify().problem == nil, "the chain alone sees nothing")
            // The earlier checkpoint still holds (the row is after it); the later one names the rewrite.
            let verdicts = try await log.verify([checkpoint, later], publicKey: Self.key.publicKey)
            #expect(verdicts[0].isConsistent && verdicts[1] == .rewritten(treeSize: later.treeSize))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aMiddleRowDeletedAndTheRestRenumbered(_ engine: TestDatabase.Engine) async throws {
        try await withTrail(engine) { log, database in
            try await Self.append(log, 3, from: 11)
            let checkpoint = try await log.checkpoint(key: Self.key)
            let gone = Int64(checkpoint.treeSize - 5)
            try await Self.raw(database, ["DELETE FROM audit_trail WHERE seq = \(gone)"])
            // Renumbered one by one from the lowest, so no two rows ever share a number.
            for seq in (gone + 1)...Int64(checkpoint.treeSize) {
                try await Self.raw(database, ["UPDATE audit_trail SET seq = \(seq - 1) WHERE seq = \(seq)"])
            }
            try await Self.rehash(database, from: gone)
            try await Self.append(log, 1, from: 60)
            #expect(try await log.verify().problem == nil, "the chain alone sees nothing")
            #expect(
                try await log.verify([checkpoint], publicKey: Self.key.publicKey) == [.rewritten(treeSize: checkpoint.treeSize)])
        }
    }
}

extension CheckpointVerification {
    var proofLength: Int {
        if case .consistent(_, _, let length) = self { return length }
        return -1
    }
}
