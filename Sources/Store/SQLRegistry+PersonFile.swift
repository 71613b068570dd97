import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// The whole file of one person, read in one session.
extension SQLRegistry {
    public func personFile(_ id: Person.ID) async throws -> PersonFile? {
        try await database.read { sql in try await Self.personFile(id, sql) }
    }

    /// The sections of a person file, each a list read with the person's row in one statement (ADR 0036).
    enum FileSections {
        static let aliases = RowSection(
            "aliases", select: "pa.alias", "FROM person_aliases pa WHERE pa.person_id = $1", orderBy: "pa.id")
        static let episodes = RowSection(
            "episodes", select: Columns.episode, "FROM custody_episodes ce WHERE ce.person_id = $1",
            orderBy: "ce.admitted_on, ce.id")
        static let charges = RowSection(
            "charges", select: "ch.id, ch.case_id, ch.article, ch.crime_name",
            "FROM charges ch JOIN legal_cases lc ON lc.id = ch.case_id WHERE lc.person_id = $1", orderBy: "ch.id")
        static let cases = RowSection(
            "cases",
            select: "lc.id, lc.person_id, lc.case_number, lc.court, lc.judicial_district, lc.case_type, lc.procedural_status",
            "FROM legal_cases lc WHERE lc.person_id = $1", orderBy: "lc.id")
        static let orders = RowSection(
            "orders", select: Columns.order, "FROM court_orders o WHERE o.person_id = $1", orderBy: "o.issued_on, o.id")
        static let placements = RowSection(
            "placements",
            select: Columns.placement + ", e.code AS establishment_code, v.code AS pavilion_code, c.code AS cell_code",
            """
            FROM placements pl JOIN establishments e ON e.id = pl.establishment_id JOIN pavilions v ON v.id = pl.pavilion_id
            LEFT JOIN cells c ON c.id = pl.cell_id WHERE pl.person_id = $1
            """, orderBy: "pl.from_date, pl.id")
        /// The codes of the establishments of the person's episodes (an episode may have no placement yet).
        static let episodeEstablishments = RowSection(
            "episode_establishments", select: "ee.id, ee.code",
            "FROM establishments ee WHERE ee.id IN (SELECT ce.establishment_id FROM custody_episodes ce WHERE ce.person_id = $1)",
            orderBy: "ee.id")
        static let redemption = RowSection(
            "redemption",
            select: "r.episode_id, r.activity, r.from_date, r.to_date, r.days, r.evaluation_passed, r.certified_by, r.id",
            "FROM redemption_entries r WHERE r.person_id = $1", orderBy: "r.from_date, r.id")
        static let suspensions = RowSection(
            "suspensions", select: "su.episode_id, su.from_date, su.to_date, su.resolution, su.id",
            "FROM pretrial_suspensions su WHERE su.person_id = $1", orderBy: "su.from_date, su.id")
        static let sensitive = RowSection(
            "sensitive", select: "ps.health, ps.affiliation, ps.intelligence",
            "FROM person_sensitive ps WHERE ps.person_id = $1", orderBy: "ps.person_id")
        static let classifications = RowSection(
            "classifications",
            select: "cl.episode_id, cl.regime, cl.decided_on, cl.body, cl.resolution, cl.reason, cl.leader, cl.id",
            "FROM classifications cl WHERE cl.person_id = $1", orderBy: "cl.decided_on, cl.id")
        static let memberships = RowSection(
            "memberships",
            select: """
                m.organization_id, og.name AS organization_name, m.role, m.evidence_source, m.confidence, m.from_date,
                  m.to_date, m.id
                """,
            "FROM memberships m JOIN organizations og ON og.id = m.organization_id WHERE m.person_id = $1",
            orderBy: "m.from_date, m.id")
        static let transfers = RowSection(
            "transfers", select: SQLRegistry.transferColumns, SQLRegistry.transferJoins + " WHERE t.person_id = $1",
            orderBy: "t.id")
        static let outings = RowSection(
            "outings", select: SQLRegistry.outingColumns, SQLRegistry.outingJoins + " WHERE o.person_id = $1",
            orderBy: "o.scheduled_at, o.id")
        /// Every intake of the person, the latest episode's first.
        static let intake = RowSection(
            "intake", select: SQLRegistry.intakeColumns, SQLRegistry.intakeJoins + " WHERE i.person_id = $1",
            orderBy: "ce.admitted_on DESC, ce.id DESC")
        static let contactDays = RowSection(
            "contact_days", select: "cd.day, cd.minutes, cd.note", "FROM contact_days cd WHERE cd.person_id = $1",
            orderBy: "cd.day")
        static let isolations = RowSection(
            "isolations", select: SQLRegistry.isolationColumns, SQLRegistry.isolationJoins + " WHERE i.person_id = $1",
            orderBy: "i.starts_on, i.id")

        static let all = [
            aliases, episodes, charges, cases, orders, placements, episodeEstablishments, redemption, suspensions,
            sensitive, classifications, memberships, SQLRegistry.overrideSections.overrides,
            SQLRegistry.overrideSections.counterparts, transfers, outings, intake, contactDays, isolations,
            SQLRegistry.isolationCheckSection,
        ]

        /// The statement, per engine: the person's row with every section as a column.
        static func statement(dialect: String) -> String {
            "SELECT \(Columns.person), \(all.map { $0.column(dialect: dialect) }.joined(separator: ",\n")) FROM persons p WHERE p.id = $1"
        }
        static let postgres = statement(dialect: "postgresql")
        static let sqlite = statement(dialect: "sqlite")
    }

    /// The whole file of one person in one statement, prepared once per connection on PostgreSQL (ADR 0036).
    static func personFile(_ id: Person.ID, _ sql: any SQLDatabase) async throws -> PersonFile? {
        guard let row = try await sql.personFileRow(id.rawValue) else { return nil }
        typealias S = FileSections
        let person = try Decode.person(row, aliases: try S.aliases.rows(in: row).map { try $0.string("alias") })
        let episodes = try S.episodes.rows(in: row).map(Decode.episode)
        var charges: [Int64: [Charge]] = [:]
        for charge in try S.charges.rows(in: row) {
            charges[try charge.int64("case_id"), default: []].append(
                Charge(
                    id: .init(rawValue: try charge.int64("id")), article: try charge.string("article"),
                    crimeName: try charge.string("crime_name")))
        }
        let cases = try S.cases.rows(in: row).map { row in
            let caseID = try row.int64("id")
            guard let number = CaseNumber(try row.string("case_number")) else { throw StoreError.corrupt("case_number") }
            return LegalCase(
                id: .init(rawValue: caseID), personID: id, number: number, court: try row.string("court"),
                judicialDistrict: try row.string("judicial_district"),
                caseType: try row.enumValue("case_type", as: CaseType.self),
                proceduralStatus: try row.enumValue("procedural_status", as: ProceduralStatus.self),
                charges: charges[caseID] ?? [])
        }
        let orders = try S.orders.rows(in: row).map(Decode.order)
        var establishmentCodes: [Establishment.ID: String] = [:]
        var pavilionCodes: [Pavilion.ID: String] = [:]
        var cellCodes: [Cell.ID: String] = [:]
        var placements: [Placement] = []
        for placementRow in try S.placements.rows(in: row) {
            let placement = try Decode.placement(placementRow)
            placements.append(placement)
            establishmentCodes[placement.establishmentID] = try placementRow.string("establishment_code")
            pavilionCodes[placement.pavilionID] = try placementRow.string("pavilion_code")
            if let cell = placement.cellID { cellCodes[cell] = try placementRow.optionalString("cell_code") }
        }
        for establishment in try S.episodeEstablishments.rows(in: row) {
            let key = Establishment.ID(rawValue: try establishment.int64("id"))
            if establishmentCodes[key] == nil { establishmentCodes[key] = try establishment.string("code") }
        }
        var file = PersonFile(
            person: person, episodes: episodes, cases: cases, orders: orders, placements: placements,
            establishmentCodes: establishmentCodes, pavilionCodes: pavilionCodes, cellCodes: cellCodes,
            redemption: try S.redemption.rows(in: row).map(Decode.redemption),
            suspensions: try S.suspensions.rows(in: row).map(Decode.suspension))
        if let sensitive = try S.sensitive.rows(in: row).first {
            file.sensitive = SensitiveProfile(
                health: try sensitive.optionalString("health"), affiliation: try sensitive.optionalString("affiliation"),
                intelligence: try sensitive.optionalString("intelligence"))
        }
        file.classifications = try S.classifications.rows(in: row).map(Decode.classification)
        file.memberships = try S.memberships.rows(in: row).map(Decode.membership)
        file.overrides = try Decode.overrides(
            try overrideSections.overrides.rows(in: row), counterparts: try overrideSections.counterparts.rows(in: row))
        file.transfers = try S.transfers.rows(in: row).map(Decode.transfer)
        file.outings = try S.outings.rows(in: row).map(Decode.outing)
        file.intake = try S.intake.rows(in: row).first.map(Decode.intake)
        file.contactDays = try S.contactDays.rows(in: row).map {
            ContactDay(
                personID: id, day: try $0.date("day"), minutes: try $0.int("minutes"), note: try $0.optionalString("note"))
        }
        file.isolations = try Decode.isolations(
            try S.isolations.rows(in: row), checks: try isolationCheckSection.rows(in: row), person: id)
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
