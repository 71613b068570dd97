import CustodiaCore
import Foundation
import SQLKit

/// The event log (outbox): one row per change, written in the change's transaction.
enum EventLog {
    /// Appends `event` at the next position. The position comes from the locked `event_head` row, so
    /// positions are handed out in commit order (migration 7).
    static func append(
        _ event: DomainEvent, at instant: Date, actor: String, person: Person.ID?, establishment: Establishment.ID?,
        on sql: any SQLDatabase
    ) async throws {
        guard
            let position = try await sql.execute(
                "UPDATE event_head SET position = position + 1 WHERE id = 1 RETURNING position", []
            ).first?.int64("position")
        else { throw StoreError.corrupt("event_head missing") }
        try await sql.execute(
            """
            INSERT INTO events (position, type, occurred_at, kind, actor, person_id, establishment_id, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                position, event.type, Instant.iso(instant), event.kind, actor, person?.rawValue, establishment?.rawValue,
                try event.payload(),
            ] as [any Encodable & Sendable])
    }
}

extension SQLRegistry {
    public func eventHead() async throws -> Int64 {
        try await database.read { sql in
            try await sql.execute("SELECT position FROM event_head WHERE id = 1", []).first?.int64("position") ?? 0
        }
    }

    public func events(after position: Int64, limit: Int, within scope: Set<String>?) async throws -> [EventRecord] {
        try await events(after: position, limit: limit, within: scope, districts: nil)
    }

    public func events(after position: Int64, limit: Int, within scope: Set<String>?, districts: Set<String>?) async throws
        -> [EventRecord]
    {
        let limit = max(1, min(limit, 1_000))
        var binds: [any Encodable & Sendable] = [position]
        var filter = ""
        if let scope {
            let codes = scope.sorted()
            let placeholders = Placeholders.list(codes.count, from: 2)
            filter = " AND e.code IN (\(codes.isEmpty ? "NULL" : placeholders))"
            binds += codes as [any Encodable & Sendable]
        }
        if let districts {
            let names = districts.sorted()
            let placeholders = Placeholders.list(names.count, from: binds.count + 1)
            filter += """
                 AND EXISTS (SELECT 1 FROM legal_cases lc WHERE lc.person_id = ev.person_id
                   AND lc.judicial_district IN (\(names.isEmpty ? "NULL" : placeholders)))
                """
            binds += names as [any Encodable & Sendable]
        }
        let query = binds
        let condition = filter
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT ev.position, ev.type, ev.occurred_at, ev.actor, ev.person_id, ev.detail, e.code AS establishment_code
                FROM events ev LEFT JOIN establishments e ON e.id = ev.establishment_id
                WHERE ev.position > $1\(condition) ORDER BY ev.position LIMIT \(limit)
                """, query)
        }
        return try rows.map { row in
            guard let occurred = Instant.parse(try row.string("occurred_at")) else { throw StoreError.corrupt("occurred_at") }
            return EventRecord(
                position: try row.int64("position"), type: try row.string("type"), occurredAt: occurred,
                actor: try row.string("actor"), personID: try row.optionalInt64("person_id").map(Person.ID.init(rawValue:)),
                establishmentCode: try row.optionalString("establishment_code"), payload: try row.string("detail"))
        }
    }
}
