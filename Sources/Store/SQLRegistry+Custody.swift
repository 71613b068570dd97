import CustodiaCore
import Foundation
import LegalClock
import Placement
import SQLKit

/// Moves within an establishment and releases (egreso).
extension SQLRegistry {
    public func move(_ request: MoveRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, open in
            let current = try await sql.execute(
                "SELECT \(Columns.placement) FROM placements pl WHERE pl.person_id = $1 AND pl.until_date IS NULL",
                [person.id.rawValue]
            ).first.map(Decode.placement)
            let target =
                open == nil
                ? PlacementTarget(establishment: nil, pavilion: nil, cell: nil)
                : try await target(
                    sql, establishmentCode: nil, establishmentID: open!.establishmentID, pavilionCode: request.pavilionCode,
                    cellCode: request.cellCode)
            var placement: PlacementContext?
            if let open {
                placement = try await placementContext(
                    sql, person: person, episode: open.id, establishment: open.establishmentID, asOf: asOf)
            }
            let overridden = try decidePlacement(
                Move.validate(
                    request,
                    in: Move.Context(
                        asOf: asOf, person: person, openEpisode: open, currentPlacement: current, target: target,
                        placement: placement)),
                override: request.override)
            guard let open, let current, let pavilion = target.pavilion, let placement else {
                throw StoreError.corrupt("move accepted without a placement")
            }
            let minute = LocalTime.movement(
                on: request.movedOn, reference: referenceMinute(asOf),
                notBefore: try await currentPlacementStart(sql, person: person.id))
            try await endPlacement(sql, person: person.id, on: request.movedOn, at: minute)
            let cell = target.cell ?? nil
            _ = try await insertPlacement(
                sql, person: person.id, episode: open.id.rawValue, establishment: open.establishmentID, pavilion: pavilion.id,
                cell: cell?.id, from: request.movedOn, at: minute, reason: request.reason.trimmingWhitespace())
            try await recordOverride(
                sql, overridden: overridden, movement: .move, person: person.id, target: target, current: current,
                context: placement, override: request.override, actor: actor, asOf: asOf)
            let from = try await sql.execute("SELECT code FROM pavilions WHERE id = $1", [current.pavilionID.rawValue]).first
            return .moved(
                .init(
                    episodeID: open.id.rawValue, fromPavilionCode: try from?.string("code"), pavilionCode: pavilion.code,
                    cellCode: cell?.code, movedOn: request.movedOn, reason: request.reason.trimmingWhitespace()))
        }
    }

    public func release(_ request: ReleaseRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .remove
        ) { sql, person, open in
            try await releaseWrite(sql, request, person: person, open: open, caseID: nil, asOf: asOf, actor: actor)
        }
    }

    /// The release itself, inside a change of the person (a clerk's release, or a release order executed).
    func releaseWrite(
        _ sql: any SQLDatabase, _ request: ReleaseRequest, person: Person, open: CustodyEpisode?, caseID: Int64?,
        asOf: CivilDate, actor: Actor
    ) async throws -> DomainEvent {
        var hasTemporarySentence = false
        if let open {
            hasTemporarySentence =
                try await sql.execute(
                    "SELECT COUNT(*) AS n FROM court_orders WHERE person_id = $1 AND kind = 'sentence' AND life_sentence = 0 AND (issued_on >= $2 OR id = $3)",
                    [person.id.rawValue, open.admittedOn.description, open.authorizingOrderID.rawValue]
                        as [any Encodable & Sendable]
                ).first!.int("n") > 0
        }
        let messages = ReleaseRule.validate(
            request,
            in: ReleaseRule.Context(asOf: asOf, person: person, openEpisode: open, hasTemporarySentence: hasTemporarySentence)
        )
        guard messages.isEmpty, let open else { throw Refusal(outcome: .rejected(messages)) }
        var orderID: Int64?
        if let order = request.order, request.ground.needsOrder {
            orderID = try await insertOrder(sql, personID: person.id, caseID: caseID, order: order)
        }
        try await sql.execute(
            "UPDATE custody_episodes SET released_on = $1, released_at = $2, release_ground = $3, release_order_id = $4 WHERE id = $5",
            [
                request.releasedOn.description, request.releasedAt.description, request.ground.rawValue, orderID,
                open.id.rawValue,
            ] as [any Encodable & Sendable])
        try await endPlacement(
            sql, person: person.id, on: request.releasedOn,
            at: LocalTime(date: request.releasedOn, time: request.releasedAt))
        // A benefit granted is executed by this release: its file leaves with the person (issue 26 point 3).
        try await releaseBenefitFiles(sql, person: person.id, on: request.releasedOn, asOf: asOf, actor: actor)
        return .released(
            .init(
                episodeID: open.id.rawValue, ground: request.ground.rawValue, releasedOn: request.releasedOn,
                orderID: orderID))
    }
}
