import CustodiaCore
import SQLKit

/// The roll count (conteo, issue 11 point 6, ADR 0017) at a minute: each person in custody at that minute is in
/// exactly one place — the placement whose minutes cover it, or in transit on a transfer that left and has not yet
/// arrived — and, when placed, present or out on a temporary exit. Every time is a Lima minute compared as text.
extension SQLRegistry {
    /// The condition "the episode `alias` is open at minute `$n`".
    static func held(_ alias: String, _ parameter: String) -> String {
        """
        \(alias).admitted_on || 'T' || \(alias).admitted_at <= \(parameter)
        AND (\(alias).released_on IS NULL OR \(alias).released_on || 'T' || \(alias).released_at > \(parameter))
        """
    }

    /// The condition "the placement `alias` covers minute `$n`".
    static func covers(_ alias: String, _ parameter: String) -> String {
        "\(alias).from_at <= \(parameter) AND (\(alias).until_at IS NULL OR \(alias).until_at > \(parameter))"
    }

    public func roll(establishmentCode: String, at minute: LocalTime) async throws -> Roll? {
        try await database.read { sql in
            guard
                let establishment = try await sql.execute(
                    "SELECT id FROM establishments WHERE code = $1", [establishmentCode]
                ).first.map({ try $0.int64("id") })
            else { return nil }
            let binds: [any Encodable & Sendable] = [establishment, minute.description]
            let assigned = try await sql.execute(
                """
                SELECT v.id, v.code, v.name, COUNT(pl.id) AS assigned FROM pavilions v
                LEFT JOIN placements pl ON pl.pavilion_id = v.id AND \(Self.covers("pl", "$2"))
                  AND EXISTS (SELECT 1 FROM custody_episodes ce WHERE ce.id = pl.episode_id AND \(Self.held("ce", "$2")))
                WHERE v.establishment_id = $1 GROUP BY v.id, v.code, v.name ORDER BY v.code
                """, binds)
            var out: [Int64: [Outing.Kind: Int]] = [:]
            for row in try await sql.execute(
                """
                SELECT pl.pavilion_id, o.kind, COUNT(*) AS n FROM outings o
                JOIN placements pl ON pl.episode_id = o.episode_id AND \(Self.covers("pl", "$2"))
                JOIN custody_episodes ce ON ce.id = o.episode_id AND \(Self.held("ce", "$2"))
                WHERE pl.establishment_id = $1 AND o.kind <> 'videoconference' AND o.out_at IS NOT NULL
                  AND o.out_at <= $2 AND (o.back_at IS NULL OR o.back_at > $2)
                GROUP BY pl.pavilion_id, o.kind
                """, binds)
            {
                out[try row.int64("pavilion_id"), default: [:]][try row.enumValue("kind", as: Outing.Kind.self)] =
                    try row.int("n")
            }
            let transit = try await sql.execute(
                """
                SELECT SUM(CASE WHEN t.from_establishment_id = $1 THEN 1 ELSE 0 END) AS leaving,
                  SUM(CASE WHEN t.to_establishment_id = $1 THEN 1 ELSE 0 END) AS arriving
                FROM transfers t JOIN custody_episodes ce ON ce.id = t.episode_id AND \(Self.held("ce", "$2"))
                WHERE (t.from_establishment_id = $1 OR t.to_establishment_id = $1)
                  AND t.departed_minute IS NOT NULL AND t.departed_minute <= $2
                  AND (t.received_minute IS NULL OR t.received_minute > $2)
                """, binds
            ).first
            return Roll(
                establishmentCode: establishmentCode, at: minute,
                lines: try assigned.map { row in
                    Roll.Line(
                        pavilionCode: try row.string("code"), pavilionName: try row.string("name"),
                        assigned: try row.int("assigned"), out: out[try row.int64("id")] ?? [:])
                },
                inTransitOut: try transit?.optionalInt("leaving") ?? 0,
                inTransitIn: try transit?.optionalInt("arriving") ?? 0)
        }
    }

    /// How many persons the register holds in custody at a minute (the roll's national check).
    public func heldCount(at minute: LocalTime) async throws -> Int {
        try await database.read { sql in
            try await sql.execute(
                "SELECT COUNT(*) AS n FROM custody_episodes ce WHERE \(Self.held("ce", "$1"))", [minute.description]
            ).first!.int("n")
        }
    }
}
