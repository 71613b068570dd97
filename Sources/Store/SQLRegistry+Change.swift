import CustodiaCore
import Foundation
import LegalClock
import Placement
import SQLKit

/// What every change shares: the transaction that reports refusals as outcomes, the person locked with
/// their version checked, the version bump, the event and audit rows, and the lookups of a placement target.
extension SQLRegistry {
    /// What a change wrote: a person whose file is read back after the commit, or a file built from the
    /// very values written (a new person has nothing else).
    enum Written: Sendable {
        case person(Person.ID)
        case file(PersonFile)
    }

    func change(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Written
    ) async throws -> ChangeOutcome<PersonFile> {
        do {
            return try await attempt(body)
        } catch  where DatabaseFailure.isUniqueViolation(error) {
            // Two changes raced for one unique value (two admissions of one DNI at once): the loser runs again,
            // now sees the winner's row, and gets the answer a request sent after it would get.
            return try await attempt(body)
        }
    }

    private func attempt(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Written
    ) async throws -> ChangeOutcome<PersonFile> {
        do {
            switch try await database.transaction({ sql in try await body(sql) }) {
            case .file(let file):
                return .done(file)
            case .person(let id):
                // Read back after the commit, outside the writer's lock: the file is at least as new as the change.
                guard let file = try await personFile(id) else { throw StoreError.corrupt("person vanished") }
                return .done(file)
            }
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    /// The establishment (by id or code), its pavilion by code, and the cell when one is asked for, in one query.
    func target(
        _ sql: any SQLDatabase, establishmentCode: String?, establishmentID: Establishment.ID?, pavilionCode: String,
        cellCode: String?
    ) async throws -> PlacementTarget {
        let condition = establishmentID == nil ? "e.code = $1" : "e.id = $1"
        let key: any Encodable & Sendable = establishmentID?.rawValue ?? establishmentCode ?? ""
        let row = try await sql.execute(
            """
            SELECT \(Columns.establishment), \(Columns.prefixedPavilion), c.id AS c_id, c.code AS c_code,
              c.certified_capacity AS c_certified_capacity,
              (SELECT \(database.engine == .postgres ? "string_agg(pr.regime, ',')" : "group_concat(pr.regime, ',')")
                 FROM pavilion_regimes pr WHERE pr.pavilion_id = v.id) AS v_regimes
            FROM establishments e
            LEFT JOIN pavilions v ON v.establishment_id = e.id AND v.code = $2
            LEFT JOIN cells c ON c.pavilion_id = v.id AND c.code = $3
            WHERE \(condition)
            """, [key, pavilionCode, cellCode ?? ""]
        ).first
        guard let row else { return PlacementTarget(establishment: nil, pavilion: nil, cell: nil) }
        let establishment = try Decode.establishment(row)
        let pavilion = try row.optionalInt64("v_id") == nil ? nil : try Decode.pavilion(row, prefix: "v_")
        var cell: Cell??
        if cellCode != nil {
            if let pavilion, let cellID = try row.optionalInt64("c_id") {
                cell = .some(
                    Cell(
                        id: .init(rawValue: cellID), pavilionID: pavilion.id, code: try row.string("c_code"),
                        certifiedCapacity: try row.int("c_certified_capacity")))
            } else {
                cell = .some(nil)
            }
        }
        // The pavilion's declared regimes came in the same statement, as one list.
        let regimes = try (row.optionalString("v_regimes") ?? "").split(separator: ",").map {
            guard let regime = Regime(rawValue: String($0)) else { throw StoreError.corrupt("regime \($0)") }
            return regime
        }.sorted { $0.rawValue < $1.rawValue }
        return PlacementTarget(establishment: establishment, pavilion: pavilion, cell: cell, regimes: regimes)
    }

    func lockedPerson(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> Person? {
        try await sql.execute("SELECT \(Columns.person) FROM persons p WHERE p.id = $1\(lockClause)", [id.rawValue]).first.map {
            try Decode.person($0)
        }
    }

    func openEpisode(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> CustodyEpisode? {
        try await sql.execute(
            "SELECT \(Columns.episode) FROM custody_episodes ce WHERE ce.person_id = $1 AND ce.released_on IS NULL", [id.rawValue]
        ).first.map(Decode.episode)
    }

    func bumpVersion(_ sql: any SQLDatabase, _ id: Person.ID) async throws {
        try await sql.execute("UPDATE persons SET version = version + 1 WHERE id = $1", [id.rawValue])
    }

    /// The change's event (in the log, at the next position) and its audit row, in the change's transaction.
    func record(
        _ sql: any SQLDatabase, _ event: DomainEvent, actor: Actor, person: Person.ID, establishment: Establishment.ID?,
        outcome: String = "ok"
    ) async throws {
        let instant = now()
        try await EventLog.append(event, at: instant, actor: actor.user, person: person, establishment: establishment, on: sql)
        guard auditTrail else { return }
        var establishmentCode: String?
        if let establishment {
            establishmentCode = try await establishmentCodes.code(of: establishment, sql)
        }
        let number = PersonNumber(id: person).description
        try await AuditChain.append(
            NewAuditRecord(
                actor: actor, resource: number, personNumber: number, establishmentCode: establishmentCode, outcome: outcome),
            at: instant, on: sql, engine: database.engine)
    }

    /// The event and audit row of a change bound to no person (the organization catalogue, keep-apart records),
    /// in the change's transaction; the audit row names the resource only.
    func record(_ sql: any SQLDatabase, _ event: DomainEvent, actor: Actor, resource: String, outcome: String) async throws {
        let instant = now()
        try await EventLog.append(event, at: instant, actor: actor.user, person: nil, establishment: nil, on: sql)
        guard auditTrail else { return }
        try await AuditChain.append(
            NewAuditRecord(actor: actor, resource: resource, outcome: outcome), at: instant, on: sql, engine: database.engine)
    }

    /// What a change to a person's record does to their stored clock.
    enum ClockEffect: Sendable {
        /// The change does not touch what the clock reads (a move, restricted notes).
        case unchanged
        /// The clock is recomputed from the file as written (work, study, suspensions, orders).
        case recompute
        /// The person is no longer held: no clock (a release).
        case remove
    }

    /// The one template for changing a registered person's record: in one transaction, lock the person and
    /// check the version, run `write` (validate and write; throw a `Refusal` to write nothing), bump the
    /// version, write the event `write` returns with its audit row, and bring the clock up to date.
    /// Move, release, work and study, suspensions, restricted notes and every later change go through it.
    func changePerson(
        _ id: Person.ID, expectedVersion: Int?, asOf: CivilDate, actor: Actor, clock: ClockEffect,
        _ write: @escaping @Sendable (any SQLDatabase, Person, CustodyEpisode?) async throws -> DomainEvent?
    ) async throws -> ChangeOutcome<PersonFile> {
        try await change { sql in
            let (person, open) = try await lockedCustody(sql, id, expectedVersion: expectedVersion)
            // A change that changes nothing (the closure wrote nothing and says so with nil) keeps the version and
            // writes no event: the record as it is is the answer.
            guard let event = try await write(sql, person, open) else { return .person(person.id) }
            try await bumpVersion(sql, person.id)
            try await record(sql, event, actor: actor, person: person.id, establishment: open?.establishmentID)
            switch clock {
            case .unchanged:
                return .person(person.id)
            case .remove:
                try await sql.execute("DELETE FROM legal_clocks WHERE person_id = $1", [person.id.rawValue])
                return .person(person.id)
            case .recompute:
                guard let file = try await Self.personFile(person.id, sql) else { throw StoreError.corrupt("person vanished") }
                try await storeClock(sql, file: file, asOf: asOf)
                return .file(file)
            }
        }
    }

    /// The person (locked for the change) and their open episode; refuses an unknown person or a stale version.
    func lockedCustody(_ sql: any SQLDatabase, _ id: Person.ID, expectedVersion: Int?) async throws
        -> (Person, CustodyEpisode?)
    {
        guard let person = try await lockedPerson(sql, id) else { throw Refusal(outcome: .notFound) }
        if let expectedVersion, expectedVersion != person.version { throw Refusal(outcome: .conflict(person.version)) }
        return (person, try await openEpisode(sql, person.id))
    }

    func insertPlacement(
        _ sql: any SQLDatabase, person: Person.ID, episode: Int64, establishment: Establishment.ID, pavilion: Pavilion.ID,
        cell: Cell.ID?, from: CivilDate, at minute: LocalTime, reason: String
    ) async throws -> Int64 {
        try await sql.insertReturningID(
            "placements",
            ["person_id", "episode_id", "establishment_id", "pavilion_id", "cell_id", "from_date", "from_at", "reason"],
            [
                person.rawValue, episode, establishment.rawValue, pavilion.rawValue, cell?.rawValue, from.description,
                minute.description, reason,
            ] as [any Encodable & Sendable])
    }

    /// The minute the register stands at: the as-of day at the environment's time of day (the clock's, or a
    /// rehearsal's).
    func referenceMinute(_ asOf: CivilDate) -> LocalTime { environment.minute(on: asOf) }

    /// Ends the person's current placement at a minute (and day).
    func endPlacement(_ sql: any SQLDatabase, person: Person.ID, on day: CivilDate, at minute: LocalTime) async throws {
        try await sql.execute(
            "UPDATE placements SET until_date = $1, until_at = $2 WHERE person_id = $3 AND until_date IS NULL",
            [day.description, minute.description, person.rawValue] as [any Encodable & Sendable])
    }

    /// The minute the person's current placement began (`nil` when none is open).
    func currentPlacementStart(_ sql: any SQLDatabase, person: Person.ID) async throws -> LocalTime? {
        try await sql.execute("SELECT from_at FROM placements WHERE person_id = $1 AND until_date IS NULL", [person.rawValue])
            .first.flatMap { try $0.optionalString("from_at") }.flatMap { LocalTime(text: $0) }
    }
}
