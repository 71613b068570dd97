import CustodiaCore
import SQLKit

extension SQLRegistry {
    /// Everyone held at the end of `day`: the placements that began by then and had not ended (a release or a transfer
    /// ends a placement on its day), each with the person's sex, birth date and nationality, sentenced when a sentence
    /// of the episode's case was issued by then.
    public func census(on day: CivilDate, establishmentCodes: Set<String>?) async throws -> [HeldOnDay] {
        var binds: [any Encodable & Sendable] = [day.description]
        let filter = Placeholders.establishments(establishmentCodes, after: &binds)
        let (query, condition) = (binds, filter)
        return try await database.read { sql in
            try await sql.execute(
                """
                SELECT pl.person_id, e.code, p.sex, p.birth_date, p.nationality, s.id AS sentence_id,
                  s.sentence_years, s.sentence_months, s.sentence_days, s.life_sentence,
                  (SELECT c.crime_name FROM charges c WHERE c.case_id = a.case_id ORDER BY c.id LIMIT 1) AS crime
                FROM placements pl JOIN establishments e ON e.id = pl.establishment_id JOIN persons p ON p.id = pl.person_id
                  JOIN custody_episodes ce ON ce.id = pl.episode_id JOIN court_orders a ON a.id = ce.authorizing_order_id
                  LEFT JOIN court_orders s ON s.id = (SELECT o.id FROM court_orders o
                    WHERE o.person_id = pl.person_id AND o.kind = 'sentence' AND o.case_id = a.case_id AND o.issued_on <= $1
                    ORDER BY o.issued_on DESC, o.id DESC LIMIT 1)
                WHERE pl.from_date <= $1 AND (pl.until_date IS NULL OR pl.until_date > $1)\(condition)
                ORDER BY pl.person_id
                """, query
            ).map { row in
                let sentenced = try row.optionalInt64("sentence_id") != nil
                let years = try row.optionalInt("sentence_years") ?? 0
                return HeldOnDay(
                    personID: Person.ID(rawValue: try row.int64("person_id")), establishmentCode: try row.string("code"),
                    sex: try row.enumValue("sex", as: Sex.self), sentenced: sentenced,
                    birthDate: try row.optionalDate("birth_date"), nationality: try row.string("nationality"),
                    crime: try row.optionalString("crime"),
                    sentence: sentenced
                        ? SentenceLength(
                            months: years * 12 + (try row.optionalInt("sentence_months") ?? 0),
                            days: try row.optionalInt("sentence_days") ?? 0, isLife: try row.int("life_sentence") != 0)
                        : nil)
            }
        }
    }

    /// How many were held at the end of each day: the census's rule, counted by the database in one pass over the
    /// placements that began by the last day.
    public func populations(on days: [CivilDate], establishmentCodes: Set<String>?) async throws -> [Int] {
        guard let last = days.max() else { return [] }
        var binds: [any Encodable & Sendable] = days.map(\.description) + [last.description]
        let condition = Placeholders.establishments(establishmentCodes, after: &binds)
        let sums = days.indices.map { index in
            "SUM(CASE WHEN pl.from_date <= $\(index + 1) AND (pl.until_date IS NULL OR pl.until_date > $\(index + 1)) "
                + "THEN 1 ELSE 0 END) AS d\(index)"
        }
        let (query, text) = (binds, sums.joined(separator: ", "))
        return try await database.read { sql in
            let row = try await sql.execute(
                """
                SELECT \(text) FROM placements pl JOIN establishments e ON e.id = pl.establishment_id
                WHERE pl.from_date <= $\(days.count + 1)\(condition)
                """, query
            ).first
            return try days.indices.map { try row?.optionalInt("d\($0)") ?? 0 }
        }
    }

    /// The admissions (where an episode's first placement was) and releases (where its last one ended) from `from`
    /// through `through`.
    public func movements(from: CivilDate, through: CivilDate, establishmentCodes: Set<String>?) async throws
        -> [CustodyMovement]
    {
        var binds: [any Encodable & Sendable] = [from.description, through.description]
        let filter = Placeholders.establishments(establishmentCodes, after: &binds)
        let (query, condition) = (binds, filter)
        return try await database.read { sql in
            let admitted = try await sql.execute(
                """
                SELECT ce.admitted_on AS day, e.code, p.sex, a.kind, NULL AS ground
                FROM custody_episodes ce
                  JOIN placements pl ON pl.id = (SELECT MIN(f.id) FROM placements f WHERE f.episode_id = ce.id)
                  JOIN establishments e ON e.id = pl.establishment_id
                  JOIN persons p ON p.id = ce.person_id JOIN court_orders a ON a.id = ce.authorizing_order_id
                WHERE ce.admitted_on >= $1 AND ce.admitted_on <= $2\(condition)
                ORDER BY ce.admitted_on, ce.id
                """, query)
            let released = try await sql.execute(
                """
                SELECT ce.released_on AS day, e.code, p.sex, ce.procedural_status AS kind, ce.release_ground AS ground
                FROM custody_episodes ce
                  JOIN placements pl ON pl.id = (SELECT MAX(l.id) FROM placements l WHERE l.episode_id = ce.id)
                  JOIN establishments e ON e.id = pl.establishment_id JOIN persons p ON p.id = ce.person_id
                WHERE ce.released_on >= $1 AND ce.released_on <= $2\(condition)
                ORDER BY ce.released_on, ce.id
                """, query)
            return try (admitted + released).map { row in
                let kind = try row.string("kind")
                return CustodyMovement(
                    day: try row.date("day"), establishmentCode: try row.string("code"),
                    sex: try row.enumValue("sex", as: Sex.self),
                    sentenced: kind == "sentence" || kind == "sentenced",
                    ground: try row.optionalString("ground").flatMap(ReleaseGround.init(rawValue:)))
            }
        }
    }
}
