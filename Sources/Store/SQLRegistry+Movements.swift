import CustodiaCore
import SQLKit

extension SQLRegistry {
    public func movements(establishmentCode: String, on day: CivilDate) async throws -> DailyMovements? {
        try await database.read { sql in
            guard
                let establishment = try await sql.execute("SELECT id FROM establishments WHERE code = $1", [establishmentCode])
                    .first?.int64("id")
            else { return nil }
            let date = day.description
            let names = "p.id AS person_id, p.given_names, p.paternal_surname, p.maternal_surname"
            func entries(_ query: String) async throws -> [DailyMovements.Entry] {
                try await sql.execute(query, [establishment, date] as [any Encodable & Sendable]).map { row in
                    DailyMovements.Entry(
                        personID: .init(rawValue: try row.int64("person_id")),
                        name: PersonName(
                            givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                            maternalSurname: try row.string("maternal_surname")),
                        pavilionCode: try row.optionalString("pavilion_code"))
                }
            }
            let admissions = try await entries(
                """
                SELECT \(names), (SELECT v.code FROM placements pl JOIN pavilions v ON v.id = pl.pavilion_id
                  WHERE pl.episode_id = ce.id ORDER BY pl.from_date, pl.id LIMIT 1) AS pavilion_code
                FROM custody_episodes ce JOIN persons p ON p.id = ce.person_id
                WHERE ce.establishment_id = $1 AND ce.admitted_on = $2 ORDER BY ce.admitted_at, ce.id
                """)
            let releases = try await entries(
                """
                SELECT \(names), (SELECT v.code FROM placements pl JOIN pavilions v ON v.id = pl.pavilion_id
                  WHERE pl.episode_id = ce.id ORDER BY pl.from_date DESC, pl.id DESC LIMIT 1) AS pavilion_code
                FROM custody_episodes ce JOIN persons p ON p.id = ce.person_id
                WHERE ce.establishment_id = $1 AND ce.released_on = $2 ORDER BY ce.released_at, ce.id
                """)
            let moves = try await entries(
                """
                SELECT \(names), v.code AS pavilion_code
                FROM placements pl JOIN custody_episodes ce ON ce.id = pl.episode_id JOIN persons p ON p.id = pl.person_id
                JOIN pavilions v ON v.id = pl.pavilion_id
                WHERE pl.establishment_id = $1 AND pl.from_date = $2 AND pl.from_date > ce.admitted_on ORDER BY pl.id
                """)
            return DailyMovements(admissions: admissions, releases: releases, moves: moves)
        }
    }
}
