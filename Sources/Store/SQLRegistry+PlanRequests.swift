import CustodiaCore
import Foundation
import Placement
import SQLKit

/// A stored plan's route turned into transfer requests (issue 14 point 3). The plan moves counts of men or women between
/// establishments; here they become persons: held now at the origin, of the route's sex, with no transfer under way,
/// the sentenced first (a procesado's hearings weigh on a transfer far from the court), each asked for the destination's
/// pavilion of their sex and legal status with the most room, through `requestTransfer` — the same placement check,
/// transaction, event and audit row as a request from the form. Those the check refuses are skipped with its reasons
/// and the next person is tried, up to three times the persons asked for. A route is asked for once in all: what its
/// earlier requests (not refused or cancelled) took is deducted.
extension SQLRegistry {
    public func requestPlannedTransfers(_ request: PlannedTransferRequest, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PlannedTransfers>
    {
        guard let stored = try await plan(id: request.planID), stored.kind == "transfers" else { return .notFound }
        let document = try TransferPlanDocument.decode(stored.document)
        guard
            let route = document.routes.first(where: {
                $0.from == request.from && $0.to == request.to && $0.sex == request.sex.rawValue
            })
        else { return .rejected([ValidationMessage(.planRouteUnknown, field: "from")]) }
        let reason = "Plan de descongestión N.º \(request.planID)"
        // What the route already asked for (requests of this plan not refused or cancelled): a route is asked for once
        // in all, whether at one go or in parts; more than the rest of it is asked for as the rest.
        let already = try await database.read { sql in
            try await sql.execute(
                """
                SELECT COUNT(*) AS n FROM transfers t JOIN establishments fe ON fe.id = t.from_establishment_id
                JOIN establishments te ON te.id = t.to_establishment_id JOIN persons p ON p.id = t.person_id
                WHERE t.reason = $1 AND fe.code = $2 AND te.code = $3 AND p.sex = $4
                  AND t.state NOT IN ('refused', 'cancelled')
                """, [reason, request.from, request.to, request.sex.rawValue]
            ).first?.int("n") ?? 0
        }
        let rest = route.persons - already
        guard request.persons >= 1, request.persons <= route.persons, rest > 0 else {
            return .rejected([ValidationMessage(.planRouteExceeded, field: "persons", detail: "\(max(0, rest))")])
        }
        let persons = min(request.persons, rest)
        let (candidates, pavilions) = try await database.read { sql in
            let candidates = try await sql.execute(
                """
                SELECT pl.person_id, ce.procedural_status FROM placements pl
                JOIN establishments e ON e.id = pl.establishment_id
                JOIN persons p ON p.id = pl.person_id
                JOIN custody_episodes ce ON ce.id = pl.episode_id AND ce.released_on IS NULL
                WHERE e.code = $1 AND pl.until_date IS NULL AND p.sex = $2
                  AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.person_id = pl.person_id
                    AND t.state IN ('requested', 'approved', 'in_transit'))
                ORDER BY CASE ce.procedural_status WHEN 'sentenced' THEN 0 ELSE 1 END, pl.person_id
                LIMIT $3
                """, [request.from, request.sex.rawValue, persons * 3]
            ).map { row in
                (
                    Person.ID(rawValue: try row.int64("person_id")),
                    ProceduralStatus(rawValue: try row.string("procedural_status")) ?? .unsentenced
                )
            }
            let pavilions = try await sql.execute(
                """
                SELECT v.code, v.housed_sex, v.procedural_status, v.certified_capacity,
                  (SELECT COUNT(*) FROM placements x WHERE x.pavilion_id = v.id AND x.until_date IS NULL) AS held
                FROM pavilions v JOIN establishments e ON e.id = v.establishment_id WHERE e.code = $1 ORDER BY v.code
                """, [request.to]
            ).map { row in
                PlannedPavilion(
                    code: try row.string("code"), housedSex: HousedSex(rawValue: try row.string("housed_sex")) ?? .mixed,
                    status: ProceduralStatus(rawValue: try row.string("procedural_status")),
                    capacity: try row.int("certified_capacity"), held: try row.int("held"))
            }
            return (candidates, pavilions)
        }
        var places = pavilions.filter { $0.housedSex.houses(request.sex) }
        var requested: [Transfer] = []
        var refused: [PlannedTransfers.Refusal] = []
        for (person, status) in candidates where requested.count < persons {
            // The pavilion of the person's legal status with the most room; failing one, any of their sex, and the
            // placement check says why not.
            let fitting = places.indices.filter { places[$0].status == nil || places[$0].status == status }
            guard let index = (fitting.isEmpty ? Array(places.indices) : fitting).min(by: { places[$0] < places[$1] })
            else {
                refused.append(.init(personID: person, messages: [ValidationMessage(.pavilionSexMismatch, field: "to")]))
                continue
            }
            let transfer = TransferRequest(
                personID: person, toEstablishmentCode: request.to, toPavilionCode: places[index].code, ground: .hacinamiento,
                reason: reason, requestedOn: request.requestedOn)
            switch try await requestTransfer(transfer, expectedVersion: nil, asOf: asOf, actor: actor) {
            case .done(let made):
                requested.append(made)
                places[index].held += 1
            case .rejected(let messages): refused.append(.init(personID: person, messages: messages))
            case .notFound, .versionConflict: refused.append(.init(personID: person, messages: []))
            }
        }
        return .done(PlannedTransfers(requested: requested, refused: refused))
    }
}

/// A destination pavilion as the route's requests fill it: ordered by how full it is (held over places).
struct PlannedPavilion: Comparable {
    var code: String
    var housedSex: HousedSex
    /// `nil`: a pavilion for both (the column allows it on older schemas).
    var status: ProceduralStatus?
    var capacity: Int
    var held: Int

    static func < (lhs: Self, rhs: Self) -> Bool {
        // held/capacity compared without division; a pavilion with no places is the fullest.
        let left = lhs.held * max(rhs.capacity, 1) + (lhs.capacity == 0 ? Int.max / 4 : 0)
        let right = rhs.held * max(lhs.capacity, 1) + (rhs.capacity == 0 ? Int.max / 4 : 0)
        return (left, lhs.code) < (right, rhs.code)
    }
}
