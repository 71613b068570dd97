import CustodiaCore
import Foundation
import LegalClock
import Placement
import SQLKit

/// Establishments with their occupancy, one or all, and the national statistics built from them.
extension SQLRegistry {

    static let occupancySubquery = """
        SELECT ce.establishment_id AS establishment_id, COUNT(*) AS population,
          SUM(CASE WHEN ce.procedural_status = 'unsentenced' THEN 1 ELSE 0 END) AS unsentenced,
          SUM(CASE WHEN p.sex = 'male' THEN 1 ELSE 0 END) AS men
        FROM custody_episodes ce JOIN persons p ON p.id = ce.person_id
        WHERE ce.released_on IS NULL GROUP BY ce.establishment_id
        """

    static func overviews(_ sql: any SQLDatabase, whereClause: String, binds: [any Encodable & Sendable], limit: Int?)
        async throws -> [EstablishmentOverview]
    {
        var text = """
            SELECT \(Columns.establishment), r.code AS r_code, r.name AS r_name,
              COALESCE(s.population, 0) AS population, COALESCE(s.unsentenced, 0) AS unsentenced,
              COALESCE(s.men, 0) AS men
            FROM establishments e JOIN regional_offices r ON r.id = e.regional_office_id
            LEFT JOIN (\(occupancySubquery)) s ON s.establishment_id = e.id
            \(whereClause) ORDER BY e.code
            """
        if let limit { text += " LIMIT \(limit)" }
        let rows = try await sql.execute(text, binds)
        return try rows.map { row in
            let establishment = try Decode.establishment(row)
            let population = try row.int("population")
            let unsentenced = try row.int("unsentenced")
            let men = try row.int("men")
            return EstablishmentOverview(
                establishment: establishment,
                regionalOffice: RegionalOffice(
                    id: establishment.regionalOfficeID, code: try row.string("r_code"), name: try row.string("r_name")),
                headcount: Headcount(
                    population: population, unsentenced: unsentenced, sentenced: population - unsentenced, men: men,
                    women: population - men))
        }
    }

    public func establishments(after cursor: String?, limit: Int) async throws -> Page<EstablishmentOverview> {
        let limit = max(1, min(limit, 500))
        let after = cursor.flatMap(Cursor.decode)?.first ?? ""
        let items = try await database.read { sql in
            try await Self.overviews(sql, whereClause: "WHERE e.code > $1", binds: [after], limit: limit + 1)
        }
        let page = Array(items.prefix(limit))
        return Page(items: page, nextCursor: items.count > limit ? Cursor.encode([page.last!.establishment.code]) : nil)
    }

    public func establishment(code: String) async throws -> EstablishmentDetail? {
        try await database.read { sql in
            guard let overview = try await Self.overviews(sql, whereClause: "WHERE e.code = $1", binds: [code], limit: 1).first
            else { return nil }
            let pavilionRows = try await sql.execute(
                """
                SELECT \(Columns.pavilion), (SELECT COUNT(*) FROM placements pl WHERE pl.pavilion_id = v.id AND pl.until_date IS NULL) AS population
                FROM pavilions v WHERE v.establishment_id = $1 ORDER BY v.code
                """, [overview.establishment.id.rawValue])
            let cellRows = try await sql.execute(
                """
                SELECT c.id, c.pavilion_id, c.code, c.certified_capacity FROM cells c
                JOIN pavilions v ON v.id = c.pavilion_id WHERE v.establishment_id = $1 ORDER BY c.code
                """, [overview.establishment.id.rawValue])
            let cells = Dictionary(grouping: try cellRows.map(Decode.cell), by: \.pavilionID)
            var regimes: [Pavilion.ID: Set<Regime>] = [:]
            for row in try await sql.execute(
                """
                SELECT pr.pavilion_id, pr.regime FROM pavilion_regimes pr
                JOIN pavilions v ON v.id = pr.pavilion_id WHERE v.establishment_id = $1
                """, [overview.establishment.id.rawValue])
            {
                regimes[.init(rawValue: try row.int64("pavilion_id")), default: []].insert(
                    try row.enumValue("regime", as: Regime.self))
            }
            let pavilions = try pavilionRows.map { row in
                let pavilion = try Decode.pavilion(row)
                let declared = regimes[pavilion.id] ?? []
                return PavilionOverview(
                    pavilion: pavilion, population: try row.int("population"), cells: cells[pavilion.id] ?? [],
                    regimes: Regime.allCases.filter(declared.contains))
            }
            return EstablishmentDetail(overview: overview, pavilions: pavilions)
        }
    }

    public func placeNames() async throws -> PlaceNames {
        try await database.read { sql in
            let rows = try await sql.execute(
                """
                SELECT \(Columns.establishment), r.code AS r_code, r.name AS r_name
                FROM establishments e JOIN regional_offices r ON r.id = e.regional_office_id
                """, [])
            return PlaceNames(
                try rows.map { row in
                    let establishment = try Decode.establishment(row)
                    let office = RegionalOffice(
                        id: establishment.regionalOfficeID, code: try row.string("r_code"), name: try row.string("r_name"))
                    return (establishment, office)
                })
        }
    }

    public func statistics() async throws -> NationalStatistics {
        try await database.read { sql in
            NationalStatistics(establishments: try await Self.overviews(sql, whereClause: "", binds: [], limit: nil))
        }
    }
}
