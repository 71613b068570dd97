import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Keep-apart records (SEP-6). Each change writes `custodia.keep_apart.changed.v1` (the record's id, the action
/// and the scope; no person and no organization named) and its audit row, in the change's transaction.
extension SQLRegistry {
    static let keepApartColumns =
        "id, first_person_id, second_person_id, first_organization_id, second_organization_id, scope, reason, starts_on, ends_on, last_change_reason, version"

    public func openKeepApart(_ draft: KeepApartDraft, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<KeepApart>
    {
        let draft = Self.ordered(draft)
        return try await keepApartChange(actor: actor, action: "opened") { sql in
            let (first, second, column, table): (Int64, Int64, String, String) =
                switch draft.parties {
                case .persons(let a, let b): (a.rawValue, b.rawValue, "person_id", "persons")
                case .organizations(let a, let b): (a.rawValue, b.rawValue, "organization_id", "organizations")
                }
            let known = Set(
                try await sql.execute("SELECT id FROM \(table) WHERE id = $1 OR id = $2", [first, second]).map {
                    try $0.int64("id")
                })
            let duplicate = try await !sql.execute(
                """
                SELECT id FROM keep_apart WHERE first_\(column) = $1 AND second_\(column) = $2 AND scope = $3
                  AND ends_on IS NULL
                """, [first, second, draft.scope.rawValue]
            ).isEmpty
            let messages = KeepApartRules.validate(
                draft, firstKnown: known.contains(first), secondKnown: known.contains(second), openDuplicate: duplicate,
                asOf: asOf)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            let id = try await sql.insertReturningID(
                "keep_apart", ["first_\(column)", "second_\(column)", "scope", "reason", "starts_on", "version"],
                [first, second, draft.scope.rawValue, draft.reason.trimmingWhitespace(), draft.startsOn.description, 1])
            return KeepApart(
                id: .init(rawValue: id), parties: draft.parties, scope: draft.scope, reason: draft.reason.trimmingWhitespace(),
                startsOn: draft.startsOn, endsOn: nil, lastChangeReason: nil, version: 1)
        }
    }

    public func changeKeepApart(_ change: KeepApartChange, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<KeepApart>
    {
        try await keepApartChange(actor: actor, action: change.action == .close ? "closed" : "reopened") { sql in
            guard
                let record = try await sql.execute(
                    "SELECT \(Self.keepApartColumns) FROM keep_apart WHERE id = $1\(lockClause)", [change.id.rawValue]
                ).first.map(Decode.keepApart)
            else { throw Refusal(outcome: .notFound) }
            if let expectedVersion, expectedVersion != record.version { throw Refusal(outcome: .conflict(record.version)) }
            let messages = KeepApartRules.validate(change, record: record, asOf: asOf)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            var updated = record
            updated.endsOn = change.action == .close ? change.on : nil
            updated.lastChangeReason = change.reason.trimmingWhitespace()
            updated.version += 1
            try await sql.execute(
                "UPDATE keep_apart SET ends_on = $1, last_change_reason = $2, version = $3 WHERE id = $4",
                [updated.endsOn?.description, updated.lastChangeReason, updated.version, record.id.rawValue])
            return updated
        }
    }

    public func keepApart(_ id: KeepApart.ID) async throws -> KeepApart? {
        try await database.read { sql in
            try await sql.execute("SELECT \(Self.keepApartColumns) FROM keep_apart WHERE id = $1", [id.rawValue]).first.map(
                Decode.keepApart)
        }
    }

    public func organizationKeepAparts() async throws -> [KeepApart] {
        try await database.read { sql in
            try await sql.execute(
                "SELECT \(Self.keepApartColumns) FROM keep_apart WHERE first_organization_id IS NOT NULL ORDER BY starts_on, id",
                []
            ).map(Decode.keepApart)
        }
    }

    public func keepAparts(of person: Person.ID, asOf: CivilDate) async throws -> [KeepApart] {
        try await database.read { sql in try await Self.keepAparts(sql, of: person, asOf: asOf) }
    }

    /// The records naming the person, and those between organizations the person is a member of on `asOf`.
    static func keepAparts(_ sql: any SQLDatabase, of person: Person.ID, asOf: CivilDate) async throws -> [KeepApart] {
        try await sql.execute(
            """
            SELECT \(keepApartColumns) FROM keep_apart k
            WHERE k.first_person_id = $1 OR k.second_person_id = $1
               OR EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = $1 AND m.from_date <= $2
                            AND (m.to_date IS NULL OR m.to_date >= $2)
                            AND m.organization_id IN (k.first_organization_id, k.second_organization_id))
            ORDER BY k.starts_on, k.id
            """, [person.rawValue, asOf.description]
        ).map(Decode.keepApart)
    }

    /// One change of a keep-apart record in one transaction, with its event and audit row.
    private func keepApartChange(
        actor: Actor, action: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> KeepApart
    ) async throws -> ChangeOutcome<KeepApart> {
        do {
            return .done(
                try await database.transaction { sql in
                    let keepApart = try await body(sql)
                    try await record(
                        sql,
                        .keepApartChanged(
                            .init(keepApartID: keepApart.id.rawValue, action: action, scope: keepApart.scope.rawValue)),
                        actor: actor, resource: "keep-apart \(keepApart.id.rawValue)", outcome: "ok: \(action)")
                    return keepApart
                })
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    /// The lower id first: one pair is stored one way.
    static func ordered(_ draft: KeepApartDraft) -> KeepApartDraft {
        var draft = draft
        switch draft.parties {
        case .persons(let a, let b) where b.rawValue < a.rawValue: draft.parties = .persons(b, a)
        case .organizations(let a, let b) where b.rawValue < a.rawValue: draft.parties = .organizations(b, a)
        default: break
        }
        return draft
    }
}
