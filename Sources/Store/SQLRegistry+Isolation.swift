import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Disciplinary isolation (issue 12 point 5): the order checked against the person's earlier isolations in the
/// transaction that writes it, the board of who is isolated, and the alerts of day 14 and day 16.
extension SQLRegistry {
    static let isolationColumns = """
        i.id, i.person_id, i.episode_id, i.establishment_id, i.starts_on, i.planned_end_on, i.lifted_on, i.resolution, i.medical_report,
        i.reason, i.version, e.code AS establishment_code
        """
    static let isolationJoins = "FROM isolations i JOIN establishments e ON e.id = i.establishment_id"

    public func isolate(_ request: IsolationRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, open in
            let existing = try await Self.isolations(sql, of: person.id)
            let messages = IsolationRules.validate(
                request, person: person, inCustody: open != nil, existing: existing, asOf: asOf)
            guard messages.isEmpty, let open, let report = request.medicalReport else {
                throw Refusal(outcome: .rejected(messages))
            }
            let id = try await Self.insertIsolation(sql, request, episode: open, report: report)
            return .isolated(.init(isolationID: id, startsOn: request.startsOn, days: request.days))
        }
    }

    /// Writes an isolation order the rules have let through (from the warden's order or a disciplinary decision).
    static func insertIsolation(
        _ sql: any SQLDatabase, _ request: IsolationRequest, episode: CustodyEpisode, report: IsolationRequest.MedicalReport
    ) async throws -> Int64 {
        try await sql.insertReturningID(
            "isolations",
            [
                "person_id", "episode_id", "establishment_id", "starts_on", "planned_end_on", "resolution", "medical_report",
                "reason", "version",
            ],
            [
                request.personID.rawValue, episode.id.rawValue, episode.establishmentID.rawValue,
                request.startsOn.description, request.endOn.description, request.resolution.trimmingWhitespace(),
                report.reference.trimmingWhitespace(), request.reason.trimmingWhitespace(), 1,
            ] as [any Encodable & Sendable])
    }

    public func liftIsolation(_ lift: IsolationLift, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            lift.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, _, _ in
            let isolation = try await sql.execute(
                "SELECT \(Self.isolationColumns) \(Self.isolationJoins) WHERE i.id = $1", [lift.isolationID.rawValue]
            ).first.map(Decode.isolation)
            let messages = IsolationRules.validate(lift, isolation: isolation, asOf: asOf)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            try await sql.execute(
                "UPDATE isolations SET lifted_on = $1, version = version + 1 WHERE id = $2",
                [lift.lastDay.description, lift.isolationID.rawValue] as [any Encodable & Sendable])
            return .isolationLifted(.init(isolationID: lift.isolationID.rawValue, lastDay: lift.lastDay))
        }
    }

    static let isolationCheckSection = RowSection(
        "isolation_checks", select: "c.isolation_id, c.day, c.at, c.by_whom, c.note",
        "FROM isolation_checks c JOIN isolations i ON i.id = c.isolation_id WHERE i.person_id = $1",
        orderBy: "c.day, c.isolation_id")

    static func isolations(_ sql: any SQLDatabase, of person: Person.ID) async throws -> [Isolation] {
        let isolations = try await sql.execute(
            "SELECT \(isolationColumns) \(isolationJoins) WHERE i.person_id = $1 ORDER BY i.starts_on, i.id", [person.rawValue])
        guard !isolations.isEmpty else { return [] }
        let checks = isolationCheckSection
        let checkRows = try await sql.execute(
            "SELECT \(checks.expressions.joined(separator: ", ")) \(checks.source) ORDER BY \(checks.orderBy)", [person.rawValue])
        return try Decode.isolations(isolations, checks: checkRows, person: person)
    }

    public func recordIsolationCheck(_ check: IsolationCheck, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        let now = referenceMinute(asOf)
        return try await changePerson(
            check.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, _ in
            let isolation = try await Self.isolations(sql, of: person.id).first { $0.id == check.isolationID }
            let messages = IsolationRules.validate(check, isolation: isolation, now: now)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            let note = check.note.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            try await sql.execute(
                "DELETE FROM isolation_checks WHERE isolation_id = $1 AND day = $2",
                [check.isolationID.rawValue, check.day.description] as [any Encodable & Sendable])
            try await sql.execute(
                "INSERT INTO isolation_checks (isolation_id, day, at, by_whom, note) VALUES ($1, $2, $3, $4, $5)",
                [
                    check.isolationID.rawValue, check.day.description, check.at.description, check.by.trimmingWhitespace(), note,
                ] as [any Encodable & Sendable])
            return .isolationChecked(
                .init(isolationID: check.isolationID.rawValue, day: check.day, at: check.at.description))
        }
    }

    public func isolationBoard(establishmentCodes: Set<String>?, on day: CivilDate) async throws -> [IsolationBoardEntry] {
        var binds: [any Encodable & Sendable] = [day.description]
        var place = ""
        if let codes = establishmentCodes?.sorted() {
            binds += codes
            let list = Placeholders.list(codes.count, from: 2)
            place = codes.isEmpty ? "AND 1 = 0" : "AND e.code IN (\(list))"
        }
        return try await board(on: day, place: place, binds: binds)
    }

    /// Those isolated on `day` where `place` says, each with the day of their streak: one statement reads every order
    /// of the persons isolated that day (the streak may run through an earlier one).
    private func board(on day: CivilDate, place: String, binds: [any Encodable & Sendable]) async throws
        -> [IsolationBoardEntry]
    {
        let orders = try await database.read { sql in
            try await sql.execute(
                """
                SELECT \(Self.isolationColumns) \(Self.isolationJoins)
                WHERE i.person_id IN (SELECT i.person_id \(Self.isolationJoins)
                  WHERE i.starts_on <= $1 AND COALESCE(i.lifted_on, i.planned_end_on) >= $1 \(place))
                ORDER BY i.starts_on, i.id
                """, binds
            ).map(Decode.isolation)
        }
        let history = Dictionary(grouping: orders, by: \.personID)
        return orders.filter { $0.covers(day) }.map { isolation in
            let intervals = (history[isolation.personID] ?? []).map { ($0.startsOn, $0.endOn) }
            return IsolationBoardEntry(isolation: isolation, streakDay: IsolationRules.streak(containing: day, in: intervals))
        }
    }

    /// Day 14 (high) and day 16 (critical, kept beyond the cap by other means) of a streak of isolation on `asOf`;
    /// yesterday's health check missing for an isolation under way yesterday (DS-5).
    func isolationAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        var binds: [any Encodable & Sendable] = [asOf.description]
        if let establishmentID { binds.append(establishmentID) }
        let entries = try await board(
            on: asOf, place: establishmentID == nil ? "" : "AND i.establishment_id = $2", binds: binds)
        let yesterday = asOf.adding(days: -1)
        var checkBinds: [any Encodable & Sendable] = [yesterday.description]
        if let establishmentID { checkBinds.append(establishmentID) }
        let unchecked = try await database.read { [checkBinds] sql in
            try await sql.execute(
                """
                SELECT i.person_id, i.establishment_id, e.code FROM isolations i JOIN establishments e ON e.id = i.establishment_id
                WHERE i.starts_on <= $1 AND COALESCE(i.lifted_on, i.planned_end_on) >= $1
                  \(establishmentID == nil ? "" : "AND i.establishment_id = $2")
                  AND NOT EXISTS (SELECT 1 FROM isolation_checks c WHERE c.isolation_id = i.id AND c.day = $1)
                """, checkBinds
            ).map {
                (
                    Alert(
                        kind: .isolationCheckMissing, personID: .init(rawValue: try $0.int64("person_id")),
                        establishmentID: .init(rawValue: try $0.int64("establishment_id")), date: yesterday, days: -1),
                    try $0.string("code")
                )
            }
        }
        return unchecked
            + entries.compactMap { entry in
                let kind: AlertKind? =
                    entry.streakDay >= IsolationRules.breachDay
                    ? .prolongedSolitary : entry.streakDay >= IsolationRules.alertDay ? .isolationDay14 : nil
                guard let kind else { return nil }
                let began = asOf.adding(days: 1 - entry.streakDay)
                return (
                    Alert(
                        kind: kind, personID: entry.isolation.personID, establishmentID: entry.isolation.establishmentID,
                        date: began, days: asOf.days(until: began)), entry.isolation.establishmentCode
                )
            }
    }
}

extension Decode {
    static func isolation(_ row: any SQLRow) throws -> Isolation {
        Isolation(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            episodeID: .init(rawValue: try row.int64("episode_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")),
            establishmentCode: try row.string("establishment_code"),
            startsOn: try row.date("starts_on"), plannedEndOn: try row.date("planned_end_on"),
            liftedOn: try row.optionalDate("lifted_on"), resolution: try row.string("resolution"),
            medicalReport: try row.string("medical_report"), reason: try row.string("reason"), version: try row.int("version"))
    }
}
