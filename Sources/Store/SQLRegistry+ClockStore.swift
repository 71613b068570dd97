import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// A stored clock row apart from the day and instant it was computed: a recompute rewrites a row only when this
/// differs from what is stored (ADR 0035).
struct StoredClockRow: Hashable, Sendable {
    var clock: StoredClock
    var episodeID: Int64
    var ruleVersion: String?
    var messages: String

    init(clock: StoredClock, episodeID: Int64, ruleVersion: String?, messages: String) {
        self.clock = clock
        self.episodeID = episodeID
        self.ruleVersion = ruleVersion
        self.messages = messages
    }

    /// The row `SQLRegistry.clockRow` writes for the same result, as read back.
    init(_ result: ClockResult, person: Person.ID, episode: CustodyEpisode) {
        self.init(
            clock: result.stored(person: person, establishment: episode.establishmentID), episodeID: episode.id.rawValue,
            ruleVersion: result.ruleVersion, messages: result.messages.map(\.code).joined(separator: ","))
    }
}

extension Decode {
    static func storedClockRow(_ row: any SQLRow) throws -> StoredClockRow {
        StoredClockRow(
            clock: try storedClock(row), episodeID: try row.int64("episode_id"),
            ruleVersion: try row.optionalString("rule_version"), messages: try row.optionalString("messages") ?? "")
    }
}

extension SQLRegistry {
    /// What a recompute writes: the rows that changed or are new, the persons whose stored row they replace, the
    /// persons no longer held, and the rows that did not change.
    struct RecomputeWrite: Sendable {
        var rows: [[any Encodable & Sendable]] = []
        var replaced: [Int64] = []
        var gone: [Int64] = []
        var unchanged: [[any Encodable & Sendable]] = []
    }

    /// Stores a recompute in one transaction with its event and audit row. Only what changed is written: the rows
    /// of the persons whose clock moved are replaced, those of persons no longer held removed, the others left as
    /// they are (their `computed_as_of` stays the day they were last computed differently; the event says which day
    /// every clock was checked). When most rows change (a new law) the table is written again whole, which is
    /// cheaper than deleting most of it row by row. Answers the rows written and removed.
    func storeRecomputed(
        _ work: RecomputeWrite, event: DomainEvent, at instant: Date, actor: Actor, asOf: CivilDate
    ) async throws -> (written: Int, removed: Int) {
        let maxBinds = database.engine == .sqlite ? 30_000 : 60_000
        let clocks = work.rows.count + work.unchanged.count
        let whole = (work.rows.count + work.gone.count) * 2 > clocks
        let auditTrail = self.auditTrail
        let engine = database.engine
        let recorded = now()
        return try await database.transaction { sql in
            let rows: [[any Encodable & Sendable]]
            let removed = work.gone.count
            if whole {
                try await sql.execute("DELETE FROM legal_clocks", [])
                rows = work.rows + work.unchanged
            } else {
                rows = work.rows
                let stale = work.replaced + work.gone
                var start = 0
                while start < stale.count {
                    let end = min(stale.count, start + maxBinds)
                    try await sql.execute(
                        "DELETE FROM legal_clocks WHERE person_id IN (\(Placeholders.list(end - start)))",
                        Array(stale[start..<end]))
                    start = end
                }
            }
            let perStatement = maxBinds / Self.clockColumns.count
            var start = 0
            while start < rows.count {
                let end = min(rows.count, start + perStatement)
                try await sql.insertRows("legal_clocks", Self.clockColumns, Array(rows[start..<end]))
                start = end
            }
            try await EventLog.append(event, at: instant, actor: actor.user, person: nil, establishment: nil, on: sql)
            if auditTrail {
                try await AuditChain.append(
                    NewAuditRecord(
                        actor: actor, resource: "legal_clocks",
                        outcome: "ok: \(clocks) clocks as of \(asOf), \(rows.count) written, \(removed) removed"),
                    at: recorded, on: sql, engine: engine)
            }
            return (rows.count, removed)
        }
    }
}
