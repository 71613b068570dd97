import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// The whole file of one person, read in one session.
extension SQLRegistry {
    public func personFile(_ id: Person.ID) async throws -> PersonFile? {
        try await database.read { sql in try await Self.personFile(id, sql) }
    }

    static func personFile(_ id: Person.ID, _ sql: any SQLDatabase) async throws -> PersonFile? {
        let key = id.rawValue
        guard let personRow = try await sql.execute("SELECT \(Columns.person) FROM persons p WHERE p.id = $1", [key]).first
        else { return nil }
        let aliases = try await sql.execute("SELECT alias FROM person_aliases WHERE person_id = $1 ORDER BY id", [key]).map {
            try $0.string("alias")
        }
        let person = try Decode.person(personRow, aliases: aliases)
        let episodes = try await sql.execute(
            "SELECT \(Columns.episode) FROM custody_episodes ce WHERE ce.person_id = $1 ORDER BY ce.admitted_on, ce.id", [key]
        ).map(Decode.episode)
        let chargeRows = try await sql.execute(
            """
            SELECT ch.id, ch.case_id, ch.article, ch.crime_name FROM charges ch
            JOIN legal_cases lc ON lc.id = ch.case_id WHERE lc.person_id = $1 ORDER BY ch.id
            """, [key])
        var charges: [Int64: [Charge]] = [:]
        for row in chargeRows {
            charges[try row.int64("case_id"), default: []].append(
                Charge(
                    id: .init(rawValue: try row.int64("id")), article: try row.string("article"),
                    crimeName: try row.string("crime_name")))
        }
        let cases = try await sql.execute(
            "SELECT id, person_id, case_number, court, judicial_district, case_type, procedural_status FROM legal_cases WHERE person_id = $1 ORDER BY id",
            [key]
        ).map { row in
            let caseID = try row.int64("id")
            guard let number = CaseNumber(try row.string("case_number")) else { throw StoreError.corrupt("case_number") }
            return LegalCase(
                id: .init(rawValue: caseID), personID: id, number: number, court: try row.string("court"),
                judicialDistrict: try row.string("judicial_district"),
                caseType: try row.enumValue("case_type", as: CaseType.self),
                proceduralStatus: try row.enumValue("procedural_status", as: ProceduralStatus.self),
                charges: charges[caseID] ?? [])
        }
        let orders = try await sql.execute(
            "SELECT \(Columns.order) FROM court_orders o WHERE o.person_id = $1 ORDER BY o.issued_on, o.id", [key]
        ).map(Decode.order)
        let placementRows = try await sql.execute(
            """
            SELECT \(Columns.placement), e.code AS establishment_code, v.code AS pavilion_code, c.code AS cell_code
            FROM placements pl JOIN establishments e ON e.id = pl.establishment_id JOIN pavilions v ON v.id = pl.pavilion_id
            LEFT JOIN cells c ON c.id = pl.cell_id WHERE pl.person_id = $1 ORDER BY pl.from_date, pl.id
            """, [key])
        var establishmentCodes: [Establishment.ID: String] = [:]
        var pavilionCodes: [Pavilion.ID: String] = [:]
        var cellCodes: [Cell.ID: String] = [:]
        var placements: [Placement] = []
        for row in placementRows {
            let placement = try Decode.placement(row)
            placements.append(placement)
            establishmentCodes[placement.establishmentID] = try row.string("establishment_code")
            pavilionCodes[placement.pavilionID] = try row.string("pavilion_code")
            if let cell = placement.cellID { cellCodes[cell] = try row.optionalString("cell_code") }
        }
        for episode in episodes where establishmentCodes[episode.establishmentID] == nil {
            if let row = try await sql.execute(
                "SELECT code FROM establishments WHERE id = $1", [episode.establishmentID.rawValue]
            ).first {
                establishmentCodes[episode.establishmentID] = try row.string("code")
            }
        }
        let redemption = try await sql.execute(
            "SELECT episode_id, activity, from_date, to_date, days, evaluation_passed, certified_by FROM redemption_entries WHERE person_id = $1 ORDER BY from_date, id",
            [key]
        ).map(Decode.redemption)
        let suspensions = try await sql.execute(
            "SELECT episode_id, from_date, to_date, resolution FROM pretrial_suspensions WHERE person_id = $1 ORDER BY from_date, id",
            [key]
        ).map(Decode.suspension)
        var file = PersonFile(
            person: person, episodes: episodes, cases: cases, orders: orders, placements: placements,
            establishmentCodes: establishmentCodes, pavilionCodes: pavilionCodes, cellCodes: cellCodes,
            redemption: redemption, suspensions: suspensions)
        if let row = try await sql.execute(
            "SELECT health, affiliation, intelligence FROM person_sensitive WHERE person_id = $1", [key]
        ).first {
            file.sensitive = SensitiveProfile(
                health: try row.optionalString("health"), affiliation: try row.optionalString("affiliation"),
                intelligence: try row.optionalString("intelligence"))
        }
        file.classifications = try await classifications(sql, id)
        file.memberships = try await memberships(sql, id)
        file.overrides = try await placementOverrides(sql, id)
        file.transfers = try await transfers(sql, of: id)
        file.outings = try await outings(sql, of: id)
        file.intake = try await Self.intake(sql, person: id)
        file.contactDays = try await Self.contactDays(sql, of: id)
        file.isolations = try await Self.isolations(sql, of: id)
        return file
    }

    /// Every classification of a person, oldest first (the order the rules read a history in).
    static func classifications(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> [ClassificationRecord] {
        try await sql.execute(
            """
            SELECT episode_id, regime, decided_on, body, resolution, reason, leader FROM classifications
            WHERE person_id = $1 ORDER BY decided_on, id
            """, [id.rawValue]
        ).map(Decode.classification)
    }
}
