import Crypto
import CustodiaCore
import Foundation
import SQLKit

/// The audit trail's hash chain: every row carries the SHA-256 of its own content and of the row
/// before it, so editing, removing or reordering a row breaks the chain at that row.
public enum AuditChain {
    /// The "previous hash" of the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of a row: SHA-256 over the previous hash and the row's fields, each as a JSON string so no
    /// two different rows share a text. The sequence number is left out on purpose: a row moved to another
    /// place keeps a valid hash of its own but no longer follows its predecessor, which is how a reordering
    /// is told from an edit.
    public static func hash(previous: String, occurredAt: String, record: NewAuditRecord) -> String {
        let fields: [String?] = [
            previous, occurredAt, record.actor.user, record.actor.role, record.actor.action, record.resource,
            record.personNumber, record.establishmentCode, record.actor.address, record.outcome,
        ]
        let text = fields.map { $0.map(JSONText.string) ?? "null" }.joined(separator: ",")
        return Hex.sha256(text)
    }

    /// Appends a row inside the caller's transaction. On PostgreSQL the head row is locked, so concurrent
    /// transactions chain one after the other; SQLite has one writer.
    static func append(_ record: NewAuditRecord, at instant: Date, on sql: any SQLDatabase, engine: Database.Engine)
        async throws
    {
        try await append([(record, instant)], on: sql, engine: engine)
    }

    /// Appends rows in order inside the caller's transaction, reading and locking the head once.
    static func append(_ records: [(NewAuditRecord, Date)], on sql: any SQLDatabase, engine: Database.Engine) async throws {
        guard !records.isEmpty else { return }
        let lock = engine == .postgres ? " FOR UPDATE" : ""
        guard let head = try await sql.execute("SELECT last_seq, last_hash FROM audit_head WHERE id = 1\(lock)", []).first
        else { throw StoreError.corrupt("audit_head is missing") }
        var sequence = try head.int64("last_seq")
        var previous = try head.string("last_hash")
        for (record, instant) in records {
            sequence += 1
            let occurredAt = Instant.iso(instant)
            let hash = hash(previous: previous, occurredAt: occurredAt, record: record)
            try await sql.execute(
                """
                INSERT INTO audit_trail (seq, occurred_at, user_name, role, action, resource, person_number, establishment_code,
                  address, outcome, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                [
                    sequence, occurredAt, record.actor.user, record.actor.role, record.actor.action, record.resource,
                    record.personNumber, record.establishmentCode, record.actor.address, record.outcome, previous, hash,
                ] as [any Encodable & Sendable])
            previous = hash
        }
        // The head is moved by the `audit_trail_head` trigger.
    }

    static func decode(_ row: any SQLRow) throws -> AuditRecord {
        AuditRecord(
            sequence: try row.int64("seq"), occurredAt: try row.string("occurred_at"),
            record: NewAuditRecord(
                actor: Actor(
                    user: try row.string("user_name"), role: try row.string("role"), address: try row.optionalString("address"),
                    action: try row.string("action")),
                resource: try row.optionalString("resource"), personNumber: try row.optionalString("person_number"),
                establishmentCode: try row.optionalString("establishment_code"), outcome: try row.string("outcome")),
            previousHash: try row.string("prev_hash"), hash: try row.string("hash"))
    }

    static let columns =
        "seq, occurred_at, user_name, role, action, resource, person_number, establishment_code, address, outcome, prev_hash, hash"
}

/// The result of walking the chain.
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// The row's content no longer matches its hash.
        case edited(sequence: Int64)
        /// The row before this one is gone.
        case removedBefore(sequence: Int64)
        /// The row is out of its place: it follows a row that exists elsewhere in the trail.
        case reordered(sequence: Int64)
        /// The newest rows are gone: the head names a later row than the trail holds.
        case removedAtEnd(lastSequence: Int64, headSequence: Int64)
    }

    public var rowsChecked: Int
    /// The first problem found, walking from the oldest row; `nil` when the chain is intact.
    public var problem: Problem?

    public var description: String {
        switch problem {
        case nil: "audit trail intact: \(rowsChecked) rows verified"
        case .edited(let s): "audit row \(s) was edited: its content does not match its hash"
        case .removedBefore(let s): "audit row(s) before row \(s) were removed: row \(s) does not follow the row before it"
        case .reordered(let s): "audit row \(s) was reordered: it follows a row that is elsewhere in the trail"
        case .removedAtEnd(let last, let head):
            "audit rows after row \(last) were removed: the chain's head names row \(head)"
        }
    }
}

/// The SQL audit trail: append, search, verify.
public struct SQLAuditLog: AuditLog {
    public let database: Database
    let now: @Sendable () -> Date
    private let sequencer: AuditSequencer

    public init(database: Database, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.now = now
        self.sequencer = AuditSequencer(database: database)
    }

    /// Appends a row (a read of a person file, a refusal) through the sequencer: rows arriving together are
    /// appended in one transaction, and each call returns once its row is committed.
    public func record(_ record: NewAuditRecord) async throws {
        try await sequencer.append(record, at: now())
    }

    /// The transactions `record` has committed so far: fewer than the rows when rows arrived together.
    public var batchesCommitted: Int {
        get async { await sequencer.batches }
    }

    public func search(_ filter: AuditFilter, after cursor: String?, limit: Int) async throws -> Page<AuditRecord> {
        var conditions: [String] = []
        var binds: [any Encodable & Sendable] = []
        func add(_ condition: String, _ value: String) {
            binds.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(binds.count)"))
        }
        if let v = filter.personNumber { add("person_number = ?", v) }
        if let v = filter.user { add("user_name = ?", v) }
        if let v = filter.establishmentCode { add("establishment_code = ?", v) }
        // Bounds are compared as text with the stored `YYYY-MM-DDTHH:MM:SS.mmmZ`: a bare day or a time without
        // milliseconds is widened to the first or last millisecond it covers.
        if let v = filter.from { add("occurred_at >= ?", Self.bound(v, last: false)) }
        if let v = filter.until { add("occurred_at <= ?", Self.bound(v, last: true)) }
        if let cursor, let sequence = Int64(cursor) {
            binds.append(sequence)
            conditions.append("seq < $\(binds.count)")
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let size = max(1, min(limit, 500))
        let rows = try await database.read { [binds] sql in
            try await sql.execute(
                "SELECT \(AuditChain.columns) FROM audit_trail \(clause) ORDER BY seq DESC LIMIT \(size + 1)", binds
            ).map(AuditChain.decode)
        }
        let items = Array(rows.prefix(size))
        return Page(items: items, nextCursor: rows.count > size ? items.last.map { String($0.sequence) } : nil)
    }

    static func bound(_ text: String, last: Bool) -> String {
        if text.count == 10 { return text + (last ? "T23:59:59.999Z" : "T00:00:00.000Z") }
        if text.count == 20, text.hasSuffix("Z") { return String(text.dropLast()) + (last ? ".999Z" : ".000Z") }
        return text
    }

    /// Walks the whole chain from the oldest row and names the first row that was edited, removed or
    /// reordered. Reads in slices, so memory stays flat however long the trail.
    public func verify(batch: Int = 5_000) async throws -> AuditVerification {
        var previousHash = AuditChain.genesis
        var expected: Int64 = 1
        var checked = 0
        while true {
            let from = expected
            let rows = try await database.read { sql in
                try await sql.execute(
                    "SELECT \(AuditChain.columns) FROM audit_trail WHERE seq >= $1 ORDER BY seq LIMIT \(batch)", [from]
                ).map(AuditChain.decode)
            }
            for row in rows {
                if row.sequence != expected {
                    return AuditVerification(rowsChecked: checked, problem: .removedBefore(sequence: row.sequence))
                }
                let own = AuditChain.hash(previous: row.previousHash, occurredAt: row.occurredAt, record: row.record)
                if own != row.hash { return AuditVerification(rowsChecked: checked, problem: .edited(sequence: row.sequence)) }
                if row.previousHash != previousHash {
                    let elsewhere = try await database.read { sql in
                        try await sql.execute("SELECT seq FROM audit_trail WHERE hash = $1", [row.previousHash]).first
                    }
                    let problem: AuditVerification.Problem =
                        elsewhere == nil ? .removedBefore(sequence: row.sequence) : .reordered(sequence: row.sequence)
                    return AuditVerification(rowsChecked: checked, problem: problem)
                }
                previousHash = row.hash
                expected += 1
                checked += 1
            }
            if rows.count < batch { break }
        }
        let head = try await database.read { sql in
            try await sql.execute("SELECT last_seq, last_hash FROM audit_head WHERE id = 1", []).first
        }
        if let head, try head.int64("last_seq") != expected - 1 || head.string("last_hash") != previousHash {
            return AuditVerification(
                rowsChecked: checked, problem: .removedAtEnd(lastSequence: expected - 1, headSequence: try head.int64("last_seq"))
            )
        }
        return AuditVerification(rowsChecked: checked, problem: nil)
    }
}
