import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Temporary exits (issue 11 points 4-5, ADR 0017): each schedule and step a change of the person's record in one
/// transaction (the person locked, the version bumped, `custodia.person.outing_changed.v1` and its audit row). The
/// person keeps their placement while out; the roll counts them out of it.
extension SQLRegistry {
    static let outingColumns = """
        o.id, o.person_id, o.episode_id, o.establishment_id, o.kind, o.destination, o.requested_by, o.order_reference,
        o.scheduled_at, o.return_due, o.escort, o.state, o.out_at, o.back_at, o.closing_reason, o.version,
        e.code AS establishment_code
        """
    static let outingJoins = "FROM outings o JOIN establishments e ON e.id = o.establishment_id"

    public func scheduleOuting(_ request: OutingRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<Outing>
    {
        try await outingChange(request.personID, expectedVersion: expectedVersion, actor: actor) { sql, person, open in
            let current = try await sql.execute(
                "SELECT \(Columns.placement) FROM placements pl WHERE pl.person_id = $1 AND pl.until_date IS NULL",
                [person.id.rawValue]
            ).first.map(Decode.placement)
            let messages = OutingRules.validate(request, person: person, episode: open, current: current)
            guard messages.isEmpty, let open else { throw Refusal(outcome: .rejected(messages)) }
            func text(_ value: String?) -> String? {
                value.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let id = try await sql.insertReturningID(
                "outings",
                [
                    "person_id", "episode_id", "establishment_id", "kind", "destination", "requested_by", "order_reference",
                    "scheduled_at", "return_due", "escort", "state", "version",
                ],
                [
                    person.id.rawValue, open.id.rawValue, open.establishmentID.rawValue, request.kind.rawValue,
                    request.destination.trimmingWhitespace(), request.requestedBy.trimmingWhitespace(),
                    text(request.orderReference), request.scheduledAt.description, request.returnDue.description,
                    text(request.escort), Outing.State.scheduled.rawValue, 1,
                ] as [any Encodable & Sendable])
            return (try await Self.outing(sql, .init(rawValue: id))!, "scheduled", request.scheduledAt)
        }
    }

    public func stepOuting(_ step: OutingStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Outing>
    {
        guard let found = try await outing(step.id) else { return .notFound }
        let reference = referenceMinute(asOf)
        return try await outingChange(found.personID, expectedVersion: nil, actor: actor) { sql, person, open in
            guard let outing = try await Self.outing(sql, step.id) else { throw Refusal(outcome: .notFound) }
            if let expectedVersion, expectedVersion != outing.version { throw Refusal(outcome: .conflict(outing.version)) }
            let at = step.at ?? reference
            let inCustody = open?.id == outing.episodeID
            let placed = try await !sql.execute(
                "SELECT id FROM placements WHERE person_id = $1 AND until_date IS NULL", [person.id.rawValue]
            ).isEmpty
            let otherOut = try await !sql.execute(
                "SELECT id FROM outings WHERE person_id = $1 AND id <> $2 AND (state = 'out' OR back_at > $3)",
                [person.id.rawValue, outing.id.rawValue, at.description] as [any Encodable & Sendable]
            ).isEmpty
            let messages = OutingRules.validate(
                step, outing: outing, at: at, reference: reference, inCustody: inCustody, placed: placed,
                otherOut: otherOut)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            var sets: [(String, any Encodable & Sendable)] = []
            switch step.action {
            case .leave:
                sets = [("state", Outing.State.out.rawValue), ("out_at", at.description)]
                if let escort = step.escort?.trimmingWhitespace(), !escort.isEmpty { sets.append(("escort", escort)) }
            case .back:
                sets = [("state", Outing.State.returned.rawValue), ("back_at", at.description)]
            case .cancel:
                sets = [
                    ("state", Outing.State.cancelled.rawValue), ("closing_reason", step.reason?.trimmingWhitespace()),
                ]
            }
            sets.append(("version", outing.version + 1))
            let assignments = sets.enumerated().map { "\($0.element.0) = $\($0.offset + 1)" }.joined(separator: ", ")
            try await sql.execute(
                "UPDATE outings SET \(assignments) WHERE id = $\(sets.count + 1)", sets.map(\.1) + [outing.id.rawValue])
            return (try await Self.outing(sql, outing.id)!, step.action.rawValue, at)
        }
    }

    public func outing(_ id: Outing.ID) async throws -> Outing? {
        try await database.read { sql in try await Self.outing(sql, id) }
    }

    static func outing(_ sql: any SQLDatabase, _ id: Outing.ID) async throws -> Outing? {
        try await sql.execute("SELECT \(outingColumns) \(outingJoins) WHERE o.id = $1", [id.rawValue]).first.map(
            Decode.outing)
    }

    static func outings(_ sql: any SQLDatabase, of person: Person.ID) async throws -> [Outing] {
        try await sql.execute(
            "SELECT \(outingColumns) \(outingJoins) WHERE o.person_id = $1 ORDER BY o.scheduled_at, o.id", [person.rawValue]
        ).map(Decode.outing)
    }

    public func outings(establishmentCodes: Set<String>?, on day: CivilDate, limit: Int) async throws -> [Outing] {
        try await database.read { sql in
            var binds: [any Encodable & Sendable] = [
                LocalTime.start(of: day).description, LocalTime.start(of: day.adding(days: 1)).description, limit,
            ]
            var place = ""
            if let codes = establishmentCodes?.sorted() {
                binds += codes
                let list = Placeholders.list(codes.count, from: 4)
                place = codes.isEmpty ? "AND 1 = 0" : "AND e.code IN (\(list))"
            }
            return try await sql.execute(
                """
                SELECT \(Self.outingColumns) \(Self.outingJoins)
                WHERE ((o.scheduled_at >= $1 AND o.scheduled_at < $2) OR o.state = 'out') \(place)
                ORDER BY o.scheduled_at, o.id LIMIT $3
                """, binds
            ).map(Decode.outing)
        }
    }

    /// `outing_overdue`: exits past their return minute at the reference minute of `asOf`, of persons still in
    /// custody, with their establishment's code.
    func outingAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        let minute = referenceMinute(asOf)
        return try await database.read { sql in
            try await Self.overdueOutings(sql, at: minute, establishmentID: establishmentID)
        }.map { outing, code in
            (
                Alert(
                    kind: .outingOverdue, personID: outing.personID, establishmentID: outing.establishmentID,
                    date: outing.returnDue.date, days: asOf.days(until: outing.returnDue.date)), code
            )
        }
    }

    static func overdueOutings(_ sql: any SQLDatabase, at minute: LocalTime, establishmentID: Int64?) async throws
        -> [(Outing, String)]
    {
        var binds: [any Encodable & Sendable] = [minute.description]
        if let establishmentID { binds.append(establishmentID) }
        return try await sql.execute(
            """
            SELECT \(Self.outingColumns) \(Self.outingJoins)
            JOIN custody_episodes ce ON ce.id = o.episode_id AND ce.released_on IS NULL
            WHERE o.state = 'out' AND o.return_due < $1 \(establishmentID == nil ? "" : "AND o.establishment_id = $2")
            ORDER BY o.return_due, o.id
            """, binds
        ).map { (try Decode.outing($0), try $0.string("establishment_code")) }
    }

    /// One schedule or step as a change of the person's record; the body returns the exit as written, the action
    /// for the event and its minute.
    private func outingChange(
        _ id: Person.ID, expectedVersion: Int?, actor: Actor,
        _ body: @escaping @Sendable (any SQLDatabase, Person, CustodyEpisode?) async throws -> (Outing, String, LocalTime)
    ) async throws -> ChangeOutcome<Outing> {
        do {
            return .done(
                try await database.transaction { sql in
                    let (person, open) = try await lockedCustody(sql, id, expectedVersion: expectedVersion)
                    let (outing, action, at) = try await body(sql, person, open)
                    try await bumpVersion(sql, person.id)
                    try await record(
                        sql,
                        .outingChanged(
                            .init(
                                outingID: outing.id.rawValue, action: action, state: outing.state.rawValue,
                                kind: outing.kind.rawValue, establishmentCode: outing.establishmentCode,
                                at: at.description)),
                        actor: actor, person: person.id, establishment: outing.establishmentID)
                    return outing
                })
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }
}

extension Decode {
    static func outing(_ row: any SQLRow) throws -> Outing {
        func minute(_ column: String) throws -> LocalTime? { try optionalMinute(row, column) }
        return Outing(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            episodeID: .init(rawValue: try row.int64("episode_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")),
            establishmentCode: try row.string("establishment_code"),
            kind: try row.enumValue("kind", as: Outing.Kind.self), destination: try row.string("destination"),
            requestedBy: try row.string("requested_by"), orderReference: try row.optionalString("order_reference"),
            scheduledAt: try minute("scheduled_at")!, returnDue: try minute("return_due")!,
            escort: try row.optionalString("escort"), state: try row.enumValue("state", as: Outing.State.self),
            outAt: try minute("out_at"), backAt: try minute("back_at"),
            closingReason: try row.optionalString("closing_reason"), version: try row.int("version"))
    }
}
