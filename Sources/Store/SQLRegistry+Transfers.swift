import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Transfers between establishments (TR-*). Every step is a change of the person's record in one transaction (the
/// person locked, the version bumped, `custodia.person.transfer_changed.v1` and its audit row). A departure ends the
/// person's placement: in transit the person belongs to no pavilion and is still counted by the establishment that
/// sent them, until the reception places them at the destination and the episode moves with them.
extension SQLRegistry {
    static let transferColumns = """
        t.id, t.person_id, t.episode_id, t.from_establishment_id, t.to_establishment_id, t.to_pavilion_id, t.ground,
        t.reason, t.state, t.requested_on, t.authority, t.resolution, t.decided_on, t.notified_on, t.appeal_until,
        t.court_notified, t.departed_at, t.received_at, t.closing_reason, t.version, fe.code AS from_code,
        te.code AS to_code, tv.code AS to_pavilion_code
        """
    static let transferJoins = """
        FROM transfers t JOIN establishments fe ON fe.id = t.from_establishment_id
        JOIN establishments te ON te.id = t.to_establishment_id JOIN pavilions tv ON tv.id = t.to_pavilion_id
        """

    public func requestTransfer(_ request: TransferRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<Transfer>
    {
        try await transferChange(request.personID, expectedVersion: expectedVersion, actor: actor) { sql, person, open in
            let current = try await sql.execute(
                "SELECT \(Columns.placement) FROM placements pl WHERE pl.person_id = $1 AND pl.until_date IS NULL",
                [person.id.rawValue]
            ).first.map(Decode.placement)
            let underWay = try await !sql.execute(
                "SELECT id FROM transfers WHERE person_id = $1 AND state IN ('requested', 'approved', 'in_transit')",
                [person.id.rawValue]
            ).isEmpty
            let target = try await target(
                sql, establishmentCode: request.toEstablishmentCode, establishmentID: nil,
                pavilionCode: request.toPavilionCode, cellCode: nil)
            var context = PlacementContext.newPerson(birthDate: person.birthDate)
            if let destination = target.establishment {
                context = try await placementContext(
                    sql, person: person, episode: open?.id, establishment: destination.id, asOf: asOf)
            }
            // Where the person is taken to court from, and their exits: issue 11 point 5's weighing.
            var origin: Establishment?
            var outings: [Outing] = []
            if let open {
                origin = try await sql.execute(
                    "SELECT \(Columns.establishment) FROM establishments e WHERE e.id = $1", [open.establishmentID.rawValue]
                ).first.map(Decode.establishment)
                outings = try await Self.outings(sql, of: person.id).filter { $0.episodeID == open.id }
            }
            let overridden = try decidePlacement(
                TransferRules.validate(
                    request, person: person, episode: open, current: current, openTransfer: underWay, target: target,
                    context: context, asOf: asOf, origin: origin, outings: outings),
                override: request.override)
            guard let open, let destination = target.establishment, let pavilion = target.pavilion else {
                throw StoreError.corrupt("transfer accepted without its place")
            }
            let id = try await sql.insertReturningID(
                "transfers",
                [
                    "person_id", "episode_id", "from_establishment_id", "to_establishment_id", "to_pavilion_id", "ground",
                    "reason", "state", "requested_on", "version",
                ],
                [
                    person.id.rawValue, open.id.rawValue, open.establishmentID.rawValue, destination.id.rawValue,
                    pavilion.id.rawValue, request.ground.rawValue, request.reason.trimmingWhitespace(),
                    Transfer.State.requested.rawValue, request.requestedOn.description, 1,
                ])
            try await recordOverride(
                sql, overridden: overridden, movement: .transfer, person: person.id, target: target, current: current,
                context: context, override: request.override, actor: actor, asOf: asOf, transfer: .init(rawValue: id))
            if let order = request.inboundOrderID {
                try await sql.execute(
                    "UPDATE inbound_orders SET transfer_id = $1, version = version + 1 WHERE id = $2", [id, order.rawValue])
                try await orderStep(sql, order, state: .accepted, action: "transfer_requested", note: "#\(id)", actor: actor)
            }
            return (try await Self.transfer(sql, .init(rawValue: id))!, "requested")
        }
    }

    public func stepTransfer(_ step: TransferStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Transfer>
    {
        guard let found = try await transfer(step.id) else { return .notFound }
        return try await transferChange(found.personID, expectedVersion: nil, actor: actor) { sql, person, open in
            guard
                let transfer = try await sql.execute(
                    "SELECT \(Self.transferColumns) \(Self.transferJoins) WHERE t.id = $1", [step.id.rawValue]
                ).first.map(Decode.transfer)
            else { throw Refusal(outcome: .notFound) }
            if let expectedVersion, expectedVersion != transfer.version {
                throw Refusal(outcome: .conflict(transfer.version))
            }
            let messages = TransferRules.validate(step, transfer: transfer, asOf: asOf)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            var sets: [(String, any Encodable & Sendable)] = []
            switch step.action {
            case .approve:
                sets = [
                    ("state", Transfer.State.approved.rawValue), ("authority", step.authority?.rawValue),
                    ("resolution", step.resolution?.trimmingWhitespace()), ("decided_on", step.on.description),
                    ("notified_on", step.notifiedOn?.description),
                    ("appeal_until", step.notifiedOn.map { TransferRules.appealUntil(notifiedOn: $0).description }),
                ]
                if let court = try await courtInCharge(sql, open), open?.proceduralStatus == .unsentenced {
                    sets.append(("court_notified", court))
                    try await record(
                        sql,
                        .courtNotified(
                            .init(
                                court: court, subject: "transfer", transferID: transfer.id.rawValue,
                                toEstablishmentCode: transfer.toEstablishmentCode, on: step.on)),
                        actor: actor, person: person.id, establishment: transfer.fromEstablishmentID)
                }
            case .refuse, .cancel:
                sets = [
                    ("state", (step.action == .refuse ? Transfer.State.refused : .cancelled).rawValue),
                    ("closing_reason", step.reason?.trimmingWhitespace()),
                ]
                if step.action == .refuse { sets.append(("decided_on", step.on.description)) }
            case .depart:
                if try await !sql.execute(
                    "SELECT id FROM outings WHERE person_id = $1 AND state = 'out'", [person.id.rawValue]
                ).isEmpty {
                    throw Refusal(outcome: .rejected([ValidationMessage(.outingAlreadyOut, field: "action")]))
                }
                if let current = try await sql.execute(
                    "SELECT from_date FROM placements WHERE person_id = $1 AND until_date IS NULL", [person.id.rawValue]
                ).first, step.on < (try current.date("from_date")) {
                    throw Refusal(outcome: .rejected([ValidationMessage(.moveBeforePlacement, field: "on")]))
                }
                let minute = LocalTime.movement(
                    on: step.on, reference: referenceMinute(asOf),
                    notBefore: try await currentPlacementStart(sql, person: person.id))
                try await endPlacement(sql, person: person.id, on: step.on, at: minute)
                sets = [
                    ("state", Transfer.State.inTransit.rawValue), ("departed_at", Instant.iso(now())),
                    ("departed_minute", minute.description),
                ]
            case .receive:
                let minute = try await receive(
                    sql, transfer, step: step, person: person, open: open, asOf: asOf, actor: actor)
                sets = [
                    ("state", Transfer.State.received.rawValue), ("received_at", Instant.iso(now())),
                    ("received_minute", minute.description),
                ]
                // A court's transfer order is done when the person arrives.
                for row in try await sql.execute(
                    "SELECT id FROM inbound_orders WHERE transfer_id = $1 AND state NOT IN ('executed', 'refused')",
                    [transfer.id.rawValue])
                {
                    let order = InboundOrder.ID(rawValue: try row.int64("id"))
                    try await sql.execute(
                        "UPDATE inbound_orders SET state = 'executed', version = version + 1 WHERE id = $1", [order.rawValue])
                    try await orderStep(sql, order, state: .executed, action: "executed", note: "transfer", actor: actor)
                }
            }
            sets.append(("version", transfer.version + 1))
            let assignments = sets.enumerated().map { "\($0.element.0) = $\($0.offset + 1)" }.joined(separator: ", ")
            try await sql.execute(
                "UPDATE transfers SET \(assignments) WHERE id = $\(sets.count + 1)",
                sets.map(\.1) + [transfer.id.rawValue])
            return (try await Self.transfer(sql, transfer.id)!, step.action.rawValue)
        }
    }

    /// The reception: the placement check at the destination (what the request's warden authorised stays
    /// authorised), the new placement, and the episode held by the destination from now on.
    private func receive(
        _ sql: any SQLDatabase, _ transfer: Transfer, step: TransferStep, person: Person, open: CustodyEpisode?,
        asOf: CivilDate, actor: Actor
    ) async throws -> LocalTime {
        let left = try await sql.execute(
            "SELECT MAX(until_date) AS day FROM placements WHERE episode_id = $1", [transfer.episodeID.rawValue]
        ).first.flatMap { try $0.optionalDate("day") }
        if let left, step.on < left {
            throw Refusal(outcome: .rejected([ValidationMessage(.periodEndsBeforeStart, field: "on")]))
        }
        let target = try await target(
            sql, establishmentCode: nil, establishmentID: transfer.toEstablishmentID,
            pavilionCode: step.pavilionCode ?? transfer.toPavilionCode, cellCode: nil)
        let context = try await placementContext(
            sql, person: person, episode: open?.id, establishment: transfer.toEstablishmentID, asOf: asOf)
        let authorised = Set(
            try await sql.execute("SELECT codes FROM placement_overrides WHERE transfer_id = $1", [transfer.id.rawValue])
                .flatMap { try $0.string("codes").split(separator: ",").compactMap { ValidationCode(rawValue: String($0)) } })
        let messages = PlacementPolicy.check(
            .transfer, on: step.on, sex: person.sex, status: open?.proceduralStatus, target: target, current: nil,
            context: context
        ).filter { !($0.code.isOverridable && authorised.contains($0.code)) }
        let overridden = try decidePlacement(messages, override: step.override)
        guard let open, let pavilion = target.pavilion else { throw StoreError.corrupt("reception without its place") }
        let departed = try await sql.execute(
            "SELECT departed_minute FROM transfers WHERE id = $1", [transfer.id.rawValue]
        ).first.flatMap { try $0.optionalString("departed_minute") }.flatMap { LocalTime(text: $0) }
        let minute = LocalTime.movement(on: step.on, reference: referenceMinute(asOf), notBefore: departed)
        _ = try await insertPlacement(
            sql, person: person.id, episode: open.id.rawValue, establishment: transfer.toEstablishmentID,
            pavilion: pavilion.id, cell: nil, from: step.on, at: minute, reason: "transfer \(transfer.id.rawValue)")
        try await sql.execute(
            "UPDATE custody_episodes SET establishment_id = $1 WHERE id = $2",
            [transfer.toEstablishmentID.rawValue, open.id.rawValue])
        try await recordOverride(
            sql, overridden: overridden, movement: .transfer, person: person.id, target: target, current: nil,
            context: context, override: step.override, actor: actor, asOf: asOf, transfer: transfer.id)
        return minute
    }

    /// The court of the case the person is held for (TR-6): the case of the authorizing order, or its court.
    private func courtInCharge(_ sql: any SQLDatabase, _ open: CustodyEpisode?) async throws -> String? {
        guard let open else { return nil }
        return try await sql.execute(
            """
            SELECT COALESCE(lc.court, o.issuing_court) AS court FROM court_orders o
            LEFT JOIN legal_cases lc ON lc.id = o.case_id WHERE o.id = $1
            """, [open.authorizingOrderID.rawValue]
        ).first.map { try $0.string("court") }
    }

    public func transfer(_ id: Transfer.ID) async throws -> Transfer? {
        try await database.read { sql in try await Self.transfer(sql, id) }
    }

    static func transfer(_ sql: any SQLDatabase, _ id: Transfer.ID) async throws -> Transfer? {
        try await sql.execute("SELECT \(transferColumns) \(transferJoins) WHERE t.id = $1", [id.rawValue]).first.map(
            Decode.transfer)
    }

    public func transfers(establishmentCodes: Set<String>?, states: Set<Transfer.State>, limit: Int) async throws
        -> [Transfer]
    {
        try await database.read { sql in
            let states = states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            var binds: [any Encodable & Sendable] = [limit]
            var place = ""
            if let codes = establishmentCodes?.sorted() {
                binds += codes
                let list = Placeholders.list(codes.count, from: 2)
                place = codes.isEmpty ? "AND 1 = 0" : "AND (fe.code IN (\(list)) OR te.code IN (\(list)))"
            }
            return try await sql.execute(
                """
                SELECT \(Self.transferColumns) \(Self.transferJoins)
                WHERE t.state IN (\(states.isEmpty ? "''" : states)) \(place) ORDER BY t.id DESC LIMIT $1
                """, binds
            ).map(Decode.transfer)
        }
    }

    static func transfers(_ sql: any SQLDatabase, of person: Person.ID) async throws -> [Transfer] {
        try await sql.execute(
            "SELECT \(transferColumns) \(transferJoins) WHERE t.person_id = $1 ORDER BY t.id", [person.rawValue]
        ).map(Decode.transfer)
    }

    /// One step of a transfer as a change of the person's record; the body returns the transfer as written and the
    /// action for the event.
    private func transferChange(
        _ id: Person.ID, expectedVersion: Int?, actor: Actor,
        _ body: @escaping @Sendable (any SQLDatabase, Person, CustodyEpisode?) async throws -> (Transfer, String)
    ) async throws -> ChangeOutcome<Transfer> {
        do {
            return .done(
                try await database.transaction { sql in
                    let (person, open) = try await lockedCustody(sql, id, expectedVersion: expectedVersion)
                    let (transfer, action) = try await body(sql, person, open)
                    try await bumpVersion(sql, person.id)
                    try await record(
                        sql,
                        .transferChanged(
                            .init(
                                transferID: transfer.id.rawValue, action: action, state: transfer.state.rawValue,
                                fromEstablishmentCode: transfer.fromEstablishmentCode,
                                toEstablishmentCode: transfer.toEstablishmentCode, ground: transfer.ground.rawValue)),
                        actor: actor, person: person.id, establishment: open?.establishmentID)
                    return transfer
                })
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }
}

extension Decode {
    static func transfer(_ row: any SQLRow) throws -> Transfer {
        Transfer(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            episodeID: .init(rawValue: try row.int64("episode_id")),
            fromEstablishmentID: .init(rawValue: try row.int64("from_establishment_id")),
            toEstablishmentID: .init(rawValue: try row.int64("to_establishment_id")),
            toPavilionID: .init(rawValue: try row.int64("to_pavilion_id")),
            ground: try row.enumValue("ground", as: Transfer.Ground.self), reason: try row.string("reason"),
            state: try row.enumValue("state", as: Transfer.State.self), requestedOn: try row.date("requested_on"),
            authority: try row.optionalString("authority").flatMap(Transfer.Authority.init(rawValue:)),
            resolution: try row.optionalString("resolution"), decidedOn: try row.optionalDate("decided_on"),
            notifiedOn: try row.optionalDate("notified_on"), appealUntil: try row.optionalDate("appeal_until"),
            courtNotified: try row.optionalString("court_notified"), departedAt: try row.optionalString("departed_at"),
            receivedAt: try row.optionalString("received_at"), closingReason: try row.optionalString("closing_reason"),
            version: try row.int("version"), fromEstablishmentCode: try row.string("from_code"),
            toEstablishmentCode: try row.string("to_code"), toPavilionCode: try row.string("to_pavilion_code"))
    }
}
