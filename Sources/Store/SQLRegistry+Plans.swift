import CustodiaCore
import Foundation
import SQLKit

/// Plans that relieve overcrowding, stored as documents (issue 14 point 3). Stored with their audit row in one
/// transaction; never changed afterwards.
extension SQLRegistry {
    public func savePlan(kind: String, document: String, actor: Actor) async throws -> StoredPlan {
        try await database.transaction { sql in
            let instant = now()
            let id = try await sql.insertReturningID(
                "plans", ["kind", "created_at", "created_by", "document", "version"],
                [kind, Instant.iso(instant), actor.user, document, 1])
            if auditTrail {
                try await AuditChain.append(
                    NewAuditRecord(actor: actor, resource: "plan \(id)", outcome: "ok: \(kind) plan stored"), at: instant,
                    on: sql, engine: database.engine)
            }
            return StoredPlan(id: id, kind: kind, createdAt: instant, createdBy: actor.user, document: document, version: 1)
        }
    }

    public func plan(id: Int64) async throws -> StoredPlan? {
        try await database.read { sql in
            try await sql.execute(
                "SELECT id, kind, created_at, created_by, document, version FROM plans WHERE id = $1", [id]
            ).first.map { row in
                guard let created = Instant.parse(try row.string("created_at")) else {
                    throw StoreError.corrupt("plan \(id) has no creation time")
                }
                return StoredPlan(
                    id: try row.int64("id"), kind: try row.string("kind"), createdAt: created,
                    createdBy: try row.string("created_by"), document: try row.string("document"),
                    version: try row.int("version"))
            }
        }
    }
}
