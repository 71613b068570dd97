import CustodiaCore
import Foundation
import Placement
import SQLKit

/// The one loader of what `PlacementPolicy` needs to know, and the record of a warden's override (OP-3), both in
/// the transaction of the movement they decide.
extension SQLRegistry {
    /// The person's current classification (of the open episode) and every keep-apart partner now placed in the
    /// target establishment: persons named with them in an open record, and current members of organizations kept
    /// apart from an organization the person currently belongs to.
    func placementContext(
        _ sql: any SQLDatabase, person: Person, episode: CustodyEpisode.ID?, establishment: Establishment.ID,
        asOf: CivilDate, knownRegime: Regime?? = nil
    ) async throws -> PlacementContext {
        var regime: Regime?
        if let knownRegime {
            regime = knownRegime
        } else if let episode {
            regime = try await Self.currentRegime(sql, person: person.id, episode: episode)
        }
        let day = asOf.description
        let open = "k.starts_on <= $2 AND (k.ends_on IS NULL OR k.ends_on > $2)"
        let place = "pl.until_date IS NULL AND pl.establishment_id = $3 AND pl.person_id <> $1"
        let columns = "pl.person_id, pl.establishment_id, pl.pavilion_id, pl.cell_id"
        // Persons named with the person: a record or two each, by the indexes on either side.
        let rows = try await sql.execute(
            """
            SELECT k.id AS keep_apart_id, k.scope, \(columns)
            FROM keep_apart k JOIN placements pl ON pl.person_id = k.second_person_id
            WHERE k.first_person_id = $1 AND \(open) AND \(place)
            UNION ALL
            SELECT k.id, k.scope, \(columns)
            FROM keep_apart k JOIN placements pl ON pl.person_id = k.first_person_id
            WHERE k.second_person_id = $1 AND \(open) AND \(place)
            """, [person.id.rawValue, day, establishment.rawValue])
        // Organizations kept apart from one the person belongs to (a few), then their members placed in the target
        // establishment, read from the rival's members (a covering index) into their current placement: the
        // smaller side of the join, whatever the size of the establishment.
        let rivals = try await sql.execute(
            """
            SELECT k.id AS keep_apart_id, k.scope,
              CASE WHEN k.first_organization_id = m.organization_id THEN k.second_organization_id
                   ELSE k.first_organization_id END AS rival
            FROM memberships m JOIN keep_apart k
              ON k.first_organization_id = m.organization_id OR k.second_organization_id = m.organization_id
            WHERE m.person_id = $1 AND m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date >= $2) AND \(open)
            """, [person.id.rawValue, day])
        func partner(_ row: any SQLRow, record: Int64, scope text: String) throws -> KeepApartPartner {
            guard let scope = KeepApart.Scope(rawValue: text) else { throw StoreError.corrupt("scope=\(text)") }
            return KeepApartPartner(
                keepApartID: .init(rawValue: record), scope: scope,
                personID: .init(rawValue: try row.int64("person_id")),
                establishmentID: .init(rawValue: try row.int64("establishment_id")),
                pavilionID: .init(rawValue: try row.int64("pavilion_id")),
                cellID: try row.optionalInt64("cell_id").map { .init(rawValue: $0) })
        }
        var partners = try rows.map { try partner($0, record: try $0.int64("keep_apart_id"), scope: try $0.string("scope")) }
        for rival in rivals {
            let (record, scope) = (try rival.int64("keep_apart_id"), try rival.string("scope"))
            partners += try await sql.execute(
                """
                SELECT \(columns) FROM memberships theirs CROSS JOIN placements pl
                WHERE theirs.organization_id = $4 AND theirs.from_date <= $2
                  AND (theirs.to_date IS NULL OR theirs.to_date >= $2) AND pl.person_id = theirs.person_id AND \(place)
                """, [person.id.rawValue, day, establishment.rawValue, try rival.int64("rival")]
            ).map { try partner($0, record: record, scope: scope) }
        }
        return PlacementContext(birthDate: person.birthDate, regime: regime, partners: partners)
    }

    /// What the placement check would answer if the person were placed there on `day`, without placing anyone:
    /// the question a planned move, a transfer request and the planner ask (and the benchmark times). `nil` for a
    /// person the register does not know.
    public func checkPlacement(
        _ id: Person.ID, establishmentCode: String, pavilionCode: String, cellCode: String?, on day: CivilDate,
        asOf: CivilDate
    ) async throws -> [ValidationMessage]? {
        try await database.read { sql in
            // The person, the open episode, the current placement and the current classification in one statement.
            guard
                let row = try await sql.execute(
                    """
                    SELECT \(Columns.person), \(PrefixedRow.columns(Columns.episode, prefix: "ce_")),
                      \(PrefixedRow.columns(Columns.placement, prefix: "pl_")),
                      (SELECT c.regime FROM classifications c WHERE c.person_id = p.id AND c.episode_id = ce.id
                       ORDER BY c.decided_on DESC, c.id DESC LIMIT 1) AS current_regime
                    FROM persons p LEFT JOIN custody_episodes ce ON ce.person_id = p.id AND ce.released_on IS NULL
                    LEFT JOIN placements pl ON pl.person_id = p.id AND pl.until_date IS NULL
                    WHERE p.id = $1
                    """, [id.rawValue]
                ).first
            else { return nil }
            let person = try Decode.person(row)
            let open = try row.optionalInt64("ce_id") == nil ? nil : try Decode.episode(PrefixedRow(base: row, prefix: "ce_"))
            let current =
                try row.optionalInt64("pl_id") == nil ? nil : try Decode.placement(PrefixedRow(base: row, prefix: "pl_"))
            let regime = try row.optionalString("current_regime").map { text -> Regime in
                guard let regime = Regime(rawValue: text) else { throw StoreError.corrupt("regime \(text)") }
                return regime
            }
            let target = try await self.target(
                sql, establishmentCode: establishmentCode, establishmentID: nil, pavilionCode: pavilionCode, cellCode: cellCode)
            guard let establishment = target.establishment else {
                return [ValidationMessage(.establishmentUnknown, field: "establishment_code")]
            }
            let context = try await self.placementContext(
                sql, person: person, episode: open?.id, establishment: establishment.id, asOf: asOf, knownRegime: .some(regime))
            return PlacementPolicy.check(
                .move, on: day, sex: person.sex, status: open?.proceduralStatus, target: target, current: current,
                context: context)
        }
    }

    /// Applies `PlacementPolicy.decide`: throws the refusal, or returns the override to write once the movement is
    /// written (nil when nothing was overridden).
    func decidePlacement(
        _ messages: [ValidationMessage], override: PlacementOverrideRequest?
    ) throws -> [ValidationMessage] {
        switch PlacementPolicy.decide(messages, override: override) {
        case .refuse(let reasons): throw Refusal(outcome: .rejected(reasons))
        case .place(let overridden): return overridden
        }
    }

    /// Writes a warden's override of `overridden` with the persons the conflicts named, its event and audit row.
    func recordOverride(
        _ sql: any SQLDatabase, overridden: [ValidationMessage], movement: Movement, person: Person.ID,
        target: PlacementTarget, current: Placement?, context: PlacementContext, override: PlacementOverrideRequest?,
        actor: Actor, asOf: CivilDate, transfer: Transfer.ID? = nil
    ) async throws {
        guard !overridden.isEmpty, let override, let establishment = target.establishment, let pavilion = target.pavilion
        else { return }
        let codes = Array(Set(overridden.map(\.code))).sorted { $0.rawValue < $1.rawValue }
        let conflicting = PlacementPolicy.keepApartConflicts(target: target, current: current, partners: context.partners)
        let records = Array(Set(conflicting.map(\.keepApartID))).sorted()
        let counterparts = Array(Set(conflicting.map(\.personID))).sorted()
        let id = try await sql.insertReturningID(
            "placement_overrides",
            [
                "person_id", "movement", "establishment_id", "pavilion_id", "codes", "keep_apart_ids", "resolution", "reason",
                "decided_by", "role", "decided_on", "transfer_id",
            ],
            [
                person.rawValue, movement.rawValue, establishment.id.rawValue, pavilion.id.rawValue,
                codes.map(\.rawValue).joined(separator: ","), records.map { String($0.rawValue) }.joined(separator: ","),
                override.resolution.trimmingWhitespace(), override.reason.trimmingWhitespace(), actor.user, actor.role,
                asOf.description, transfer?.rawValue,
            ])
        try await sql.insertRows(
            "placement_override_persons", ["override_id", "person_id"], counterparts.map { [id, $0.rawValue] })
        try await record(
            sql,
            .placementOverridden(
                .init(
                    overrideID: id, movement: movement.rawValue, pavilionCode: pavilion.code, codes: codes.map(\.rawValue),
                    keepApartIDs: records.map(\.rawValue))),
            actor: actor, person: person, establishment: establishment.id,
            outcome: "ok: placement overridden (\(codes.map(\.rawValue).joined(separator: ", ")))")
    }

    /// The overrides of a person's placements and those that named the person as the other side of a conflict.
    /// The overrides decided for a person or naming them as a counterpart, oldest first, and the counterparts of each
    /// (both read as sections of the person file too).
    static let overrideSections = (
        overrides: RowSection(
            "overrides",
            select: """
                o.id, o.person_id, o.movement, o.establishment_id, o.pavilion_id, o.codes, o.keep_apart_ids,
                  o.resolution, o.reason, o.decided_by, o.role, o.decided_on, e.code AS establishment_code,
                  v.code AS pavilion_code
                """,
            """
            FROM placement_overrides o JOIN establishments e ON e.id = o.establishment_id
            JOIN pavilions v ON v.id = o.pavilion_id
            WHERE o.person_id = $1 OR o.id IN (SELECT op.override_id FROM placement_override_persons op WHERE op.person_id = $1)
            """, orderBy: "o.decided_on, o.id"),
        counterparts: RowSection(
            "override_persons", select: "cp.override_id, cp.person_id",
            """
            FROM placement_override_persons cp WHERE cp.override_id IN (SELECT o.id FROM placement_overrides o
              WHERE o.person_id = $1 OR o.id IN (SELECT op.override_id FROM placement_override_persons op WHERE op.person_id = $1))
            """, orderBy: "cp.override_id, cp.person_id")
    )

    static func placementOverrides(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> [PlacementOverride] {
        let (overrides, counterparts) = overrideSections
        let rows = try await sql.execute(
            "SELECT \(overrides.expressions.joined(separator: ", ")) \(overrides.source) ORDER BY \(overrides.orderBy)",
            [id.rawValue])
        let others = try await sql.execute(
            "SELECT \(counterparts.expressions.joined(separator: ", ")) \(counterparts.source) ORDER BY \(counterparts.orderBy)",
            [id.rawValue])
        return try Decode.overrides(rows, counterparts: others)
    }
}
