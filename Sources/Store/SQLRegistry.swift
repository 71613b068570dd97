import CustodiaCore
import Foundation
import LegalClock
import SQLKit
import Synchronization

/// The one SQL implementation of `Registry`, for SQLite and PostgreSQL alike.
public struct SQLRegistry: Registry {
    public let database: Database
    /// The instant source for event rows; injected so tests can fix it.
    let now: @Sendable () -> Date
    /// The legal rule tables the stored clocks are computed with.
    public let rules: RuleSet
    /// Whether changes write their audit row. Always on, except in the benchmark baseline that measures the
    /// trail's cost.
    let auditTrail: Bool
    /// Establishment codes by id, for audit rows (codes never change once loaded).
    let establishmentCodes = EstablishmentCodeCache()

    public init(
        database: Database, rules: RuleSet = .shipped, now: @escaping @Sendable () -> Date = { Date() }, auditTrail: Bool = true
    ) {
        self.database = database
        self.rules = rules
        self.now = now
        self.auditTrail = auditTrail
    }

    /// Thrown inside a transaction to roll it back and report an outcome other than success.
    struct Refusal: Error {
        let outcome: Kind
        enum Kind { case rejected([ValidationMessage]), notFound, conflict(Int) }
    }

    private var lockClause: String { database.engine == .postgres ? " FOR UPDATE" : "" }

    // MARK: Establishments

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
                occupancy: Occupancy(
                    capacity: establishment.certifiedCapacity, population: population, unsentenced: unsentenced,
                    sentenced: population - unsentenced, men: men, women: population - men))
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
            let pavilions = try pavilionRows.map { row in
                let pavilion = try Decode.pavilion(row)
                return PavilionOverview(
                    pavilion: pavilion, population: try row.int("population"), cells: cells[pavilion.id] ?? [])
            }
            return EstablishmentDetail(overview: overview, pavilions: pavilions)
        }
    }

    public func statistics() async throws -> NationalStatistics {
        try await database.read { sql in
            NationalStatistics(establishments: try await Self.overviews(sql, whereClause: "", binds: [], limit: nil))
        }
    }

    // MARK: Persons

    public func searchPersons(_ query: String, within scope: Set<String>?, after cursor: String?, limit: Int) async throws
        -> Page<PersonSummary>
    {
        func inScope(_ items: [PersonSummary]) -> [PersonSummary] {
            guard let scope else { return items }
            return items.filter { $0.establishmentCode.map(scope.contains) ?? false }
        }
        let limit = max(1, min(limit, 200))
        let trimmed = query.trimmingWhitespace()
        if trimmed.isEmpty { return Page(items: [], nextCursor: nil) }
        if let number = PersonNumber(trimmed) {
            return Page(items: inScope(try await summaries(ids: [number.id.rawValue])), nextCursor: nil)
        }
        let upper = trimmed.uppercased()
        let looksLikeDocument =
            upper.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."Z").contains($0) }
            && upper.unicodeScalars.contains { ("0"..."9").contains($0) }
        if looksLikeDocument {
            let ids = try await database.read { sql in
                try await sql.execute("SELECT id FROM persons WHERE document_number = $1 ORDER BY id", [upper]).map {
                    try $0.int64("id")
                }
            }
            return Page(items: inScope(try await summaries(ids: ids)), nextCursor: nil)
        }
        let folded = SearchText.fold(trimmed)
        if folded.isEmpty { return Page(items: [], nextCursor: nil) }
        let position = cursor.flatMap(Cursor.decode)
        let afterKey = position?.first ?? ""
        let afterID = position.flatMap { $0.count > 1 ? Int64($0[1]) : nil } ?? 0
        let upperBound = folded + "\u{FFFF}"
        var binds: [any Encodable & Sendable] = [folded, upperBound, afterKey, afterID]
        var join = ""
        if let scope {
            // Only persons held now in the caller's establishments.
            let codes = scope.sorted()
            let placeholders = codes.indices.map { "$\($0 + 5)" }.joined(separator: ", ")
            binds += codes as [any Encodable & Sendable]
            join = """
                JOIN custody_episodes ce ON ce.person_id = k.person_id AND ce.released_on IS NULL
                JOIN establishments e ON e.id = ce.establishment_id AND e.code IN (\(codes.isEmpty ? "NULL" : placeholders))
                """
        }
        let query = binds
        let scopeJoin = join
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT k.search_key, k.person_id FROM person_search_keys k \(scopeJoin)
                WHERE k.search_key >= $1 AND k.search_key < $2 AND (k.search_key > $3 OR (k.search_key = $3 AND k.person_id > $4))
                ORDER BY k.search_key, k.person_id LIMIT \(limit + 1)
                """, query
            ).map { (try $0.string("search_key"), try $0.int64("person_id")) }
        }
        let page = Array(rows.prefix(limit))
        var seen = Set<Int64>()
        let ids = page.map(\.1).filter { seen.insert($0).inserted }
        let next = rows.count > limit ? Cursor.encode([page.last!.0, String(page.last!.1)]) : nil
        return Page(items: try await summaries(ids: ids), nextCursor: next)
    }

    private func summaries(ids: [Int64]) async throws -> [PersonSummary] {
        if ids.isEmpty { return [] }
        let placeholders = (1...ids.count).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT \(Columns.person), e.code AS establishment_code, ce.procedural_status AS status
                FROM persons p
                LEFT JOIN custody_episodes ce ON ce.person_id = p.id AND ce.released_on IS NULL
                LEFT JOIN establishments e ON e.id = ce.establishment_id
                WHERE p.id IN (\(placeholders))
                """, ids)
        }
        let byID = Dictionary(
            uniqueKeysWithValues: try rows.map { row in
                (
                    try row.int64("id"),
                    PersonSummary(
                        person: try Decode.person(row), establishmentCode: try row.optionalString("establishment_code"),
                        proceduralStatus: try row.optionalString("status").flatMap(ProceduralStatus.init(rawValue:)))
                )
            })
        return ids.compactMap { byID[$0] }
    }

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
        return file
    }

    // MARK: Changes

    /// What a change wrote: a person whose file is read back after the commit, or a file built from the
    /// very values written (a new person has nothing else).
    enum Written: Sendable {
        case person(Person.ID)
        case file(PersonFile)
    }

    func change(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Written
    ) async throws -> ChangeOutcome<PersonFile> {
        do {
            switch try await database.transaction({ sql in try await body(sql) }) {
            case .file(let file):
                return .done(file)
            case .person(let id):
                // Read back after the commit, outside the writer's lock: the file is at least as new as the change.
                guard let file = try await personFile(id) else { throw StoreError.corrupt("person vanished") }
                return .done(file)
            }
        } catch let refusal as Refusal {
            switch refusal.outcome {
            case .rejected(let messages): return .rejected(messages)
            case .notFound: return .notFound
            case .conflict(let current): return .versionConflict(current: current)
            }
        }
    }

    /// The establishment (by id or code), its pavilion by code, and the cell when one is asked for, in one query.
    private func target(
        _ sql: any SQLDatabase, establishmentCode: String?, establishmentID: Establishment.ID?, pavilionCode: String,
        cellCode: String?
    ) async throws -> PlacementTarget {
        let condition = establishmentID == nil ? "e.code = $1" : "e.id = $1"
        let key: any Encodable & Sendable = establishmentID?.rawValue ?? establishmentCode ?? ""
        let row = try await sql.execute(
            """
            SELECT \(Columns.establishment), \(Columns.prefixedPavilion), c.id AS c_id, c.code AS c_code,
              c.certified_capacity AS c_certified_capacity
            FROM establishments e
            LEFT JOIN pavilions v ON v.establishment_id = e.id AND v.code = $2
            LEFT JOIN cells c ON c.pavilion_id = v.id AND c.code = $3
            WHERE \(condition)
            """, [key, pavilionCode, cellCode ?? ""]
        ).first
        guard let row else { return PlacementTarget(establishment: nil, pavilion: nil, cell: nil) }
        let establishment = try Decode.establishment(row)
        let pavilion = try row.optionalInt64("v_id") == nil ? nil : try Decode.pavilion(row, prefix: "v_")
        var cell: Cell??
        if cellCode != nil {
            if let pavilion, let cellID = try row.optionalInt64("c_id") {
                cell = .some(
                    Cell(
                        id: .init(rawValue: cellID), pavilionID: pavilion.id, code: try row.string("c_code"),
                        certifiedCapacity: try row.int("c_certified_capacity")))
            } else {
                cell = .some(nil)
            }
        }
        return PlacementTarget(establishment: establishment, pavilion: pavilion, cell: cell)
    }

    func lockedPerson(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> Person? {
        try await sql.execute("SELECT \(Columns.person) FROM persons p WHERE p.id = $1\(lockClause)", [id.rawValue]).first.map {
            try Decode.person($0)
        }
    }

    func openEpisode(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> CustodyEpisode? {
        try await sql.execute(
            "SELECT \(Columns.episode) FROM custody_episodes ce WHERE ce.person_id = $1 AND ce.released_on IS NULL", [id.rawValue]
        ).first.map(Decode.episode)
    }

    func bumpVersion(_ sql: any SQLDatabase, _ id: Person.ID) async throws {
        try await sql.execute("UPDATE persons SET version = version + 1 WHERE id = $1", [id.rawValue])
    }

    /// The change's event row and its audit row, in the change's transaction.
    func event(
        _ sql: any SQLDatabase, kind: String, actor: Actor, person: Person.ID, establishment: Establishment.ID?,
        detail: [String: String]
    ) async throws {
        let instant = now()
        try await sql.execute(
            "INSERT INTO events (occurred_at, kind, actor, person_id, establishment_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
            [Instant.iso(instant), kind, actor.user, person.rawValue, establishment?.rawValue, JSONText.object(detail)]
                as [any Encodable & Sendable])
        guard auditTrail else { return }
        var establishmentCode: String?
        if let establishment {
            establishmentCode = try await establishmentCodes.code(of: establishment, sql)
        }
        let number = PersonNumber(id: person).description
        try await AuditChain.append(
            NewAuditRecord(
                actor: actor, resource: number, personNumber: number, establishmentCode: establishmentCode, outcome: "ok"),
            at: instant, on: sql, engine: database.engine)
    }

    public func admit(_ request: AdmissionRequest, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<PersonFile> {
        let createdAt = Instant.iso(now())
        return try await change { sql in
            let place = try await target(
                sql, establishmentCode: request.establishmentCode, establishmentID: nil, pavilionCode: request.pavilionCode,
                cellCode: request.cellCode)
            let crimes = try await crimeNames(sql, request.legalCase.chargeArticles)
            var existing: Person?
            var open: CustodyEpisode?
            var documentOwner: Person.ID?
            switch request.subject {
            case .existing(let id):
                existing = try await lockedPerson(sql, id)
                if existing != nil { open = try await openEpisode(sql, id) }
            case .new(let person):
                if let number = person.document.number {
                    documentOwner = try await sql.execute(
                        "SELECT id FROM persons WHERE document_type = $1 AND document_number = $2",
                        [person.document.kind.rawValue, number]
                    ).first.map { Person.ID(rawValue: try $0.int64("id")) }
                }
            }
            let context = Admission.Context(
                asOf: asOf, existingPerson: existing, openEpisode: open, documentOwner: documentOwner, target: place,
                knownArticles: Set(crimes.keys), pretrialLimits: rules.table(on: asOf).pretrial)
            let messages = Admission.validate(request, in: context)
            guard messages.isEmpty, let order = request.order, let establishment = place.establishment,
                let pavilion = place.pavilion, let status = order.kind.proceduralStatus
            else { throw Refusal(outcome: .rejected(messages)) }

            let personID: Person.ID
            var newPerson: Person?
            if let existing {
                personID = existing.id
                try await bumpVersion(sql, personID)
            } else if case .new(let person) = request.subject {
                newPerson = try await insertPerson(sql, person, createdAt: createdAt)
                personID = newPerson!.id
            } else {
                throw StoreError.corrupt("admission without subject")
            }
            let legalCase = try await upsertCase(
                sql, personID: personID, isNew: newPerson != nil, legalCase: request.legalCase, status: status,
                crimeNames: crimes)
            let orderID = try await insertOrder(sql, personID: personID, caseID: legalCase.id.rawValue, order: order)
            let episode = CustodyEpisode(
                id: .init(rawValue: 0), personID: personID, establishmentID: establishment.id, admittedOn: request.admittedOn,
                admittedAt: request.admittedAt, authorizingOrderID: .init(rawValue: orderID),
                sendingAuthority: request.sendingAuthority.trimmingWhitespace(), arrestedOn: request.arrestedOn,
                arrestPlace: request.arrestPlace?.trimmingWhitespace(), proceduralStatus: status)
            let episodeID = try await sql.insertReturningID(
                "custody_episodes",
                [
                    "person_id", "establishment_id", "admitted_on", "admitted_at", "authorizing_order_id", "sending_authority",
                    "arrested_on", "arrest_place", "procedural_status",
                ],
                [
                    personID.rawValue, establishment.id.rawValue, episode.admittedOn.description, episode.admittedAt.description,
                    orderID, episode.sendingAuthority, episode.arrestedOn?.description, episode.arrestPlace, status.rawValue,
                ])
            let cell = place.cell ?? nil
            let placementID = try await insertPlacement(
                sql, person: personID, episode: episodeID, establishment: establishment.id, pavilion: pavilion.id,
                cell: cell?.id, from: request.admittedOn, reason: "admission")
            try await event(
                sql, kind: "admission", actor: actor, person: personID, establishment: establishment.id,
                detail: [
                    "episode_id": String(episodeID), "order_id": String(orderID), "pavilion": pavilion.code,
                    "admitted_on": request.admittedOn.description,
                ])
            guard let newPerson else {
                // A registered person: the file (and so the clock) comes from everything the register holds.
                guard let file = try await Self.personFile(personID, sql) else { throw StoreError.corrupt("person vanished") }
                try await storeClock(sql, file: file, asOf: asOf)
                return .file(file)
            }
            var opened = episode
            opened.id = .init(rawValue: episodeID)
            let file =
                PersonFile(
                    person: newPerson, episodes: [opened], cases: [legalCase],
                    orders: [
                        CourtOrder(
                            id: .init(rawValue: orderID), personID: personID, caseID: legalCase.id, kind: order.kind,
                            issuingCourt: order.issuingCourt.trimmingWhitespace(), issuedOn: order.issuedOn,
                            reference: order.reference.trimmingWhitespace())
                    ],
                    placements: [
                        Placement(
                            id: .init(rawValue: placementID), personID: personID, episodeID: opened.id,
                            establishmentID: establishment.id, pavilionID: pavilion.id, cellID: cell?.id,
                            fromDate: request.admittedOn, untilDate: nil)
                    ],
                    establishmentCodes: [establishment.id: establishment.code], pavilionCodes: [pavilion.id: pavilion.code],
                    cellCodes: cell.map { [$0.id: $0.code] } ?? [:])
            try await storeClock(sql, file: file, asOf: asOf, replacing: false)
            return .file(file)
        }
    }

    /// Names of the catalogued crimes among `articles` (unknown articles are simply absent).
    private func crimeNames(_ sql: any SQLDatabase, _ articles: [String]) async throws -> [String: String] {
        let unique = Array(Set(articles))
        if unique.isEmpty { return [:] }
        let placeholders = (1...unique.count).map { "$\($0)" }.joined(separator: ", ")
        var names: [String: String] = [:]
        for row in try await sql.execute("SELECT article, name FROM crimes WHERE article IN (\(placeholders))", unique) {
            names[try row.string("article")] = try row.string("name")
        }
        return names
    }

    private func insertPerson(_ sql: any SQLDatabase, _ person: NewPerson, createdAt: String) async throws -> Person {
        let name = PersonName(
            givenNames: person.name.givenNames.trimmingWhitespace(),
            paternalSurname: person.name.paternalSurname.trimmingWhitespace(),
            maternalSurname: person.name.maternalSurname.trimmingWhitespace())
        let aliases = person.aliases.map { $0.trimmingWhitespace() }
        let id = try await sql.insertReturningID(
            "persons",
            [
                "document_type", "document_number", "given_names", "paternal_surname", "maternal_surname", "sex", "birth_date",
                "nationality", "version", "created_at",
            ],
            [
                person.document.kind.rawValue, person.document.number, name.givenNames, name.paternalSurname,
                name.maternalSurname, person.sex.rawValue, person.birthDate?.description, person.nationality, 1, createdAt,
            ])
        try await sql.insertRows("person_aliases", ["person_id", "alias"], aliases.map { [id, $0] })
        try await sql.insertRows(
            "person_search_keys", ["person_id", "search_key"], SearchKeys.keys(for: name, aliases: aliases).map { [id, $0] })
        return Person(
            id: .init(rawValue: id), document: person.document, name: name, aliases: aliases, sex: person.sex,
            birthDate: person.birthDate, nationality: person.nationality, version: 1)
    }

    /// The person's case with this number (updated to the new status), or a new one with its charges.
    private func upsertCase(
        _ sql: any SQLDatabase, personID: Person.ID, isNew: Bool, legalCase: NewLegalCase, status: ProceduralStatus,
        crimeNames: [String: String]
    ) async throws -> LegalCase {
        let court = legalCase.court.trimmingWhitespace()
        let district = legalCase.judicialDistrict.trimmingWhitespace()
        if !isNew,
            let row = try await sql.execute(
                "SELECT id FROM legal_cases WHERE person_id = $1 AND case_number = $2",
                [personID.rawValue, legalCase.number.text] as [any Encodable & Sendable]
            ).first
        {
            let id = try row.int64("id")
            try await sql.execute(
                "UPDATE legal_cases SET procedural_status = $1, case_type = $2 WHERE id = $3",
                [status.rawValue, legalCase.caseType.rawValue, id] as [any Encodable & Sendable])
            return LegalCase(
                id: .init(rawValue: id), personID: personID, number: legalCase.number, court: court,
                judicialDistrict: district, caseType: legalCase.caseType, proceduralStatus: status, charges: [])
        }
        let id = try await sql.insertReturningID(
            "legal_cases", ["person_id", "case_number", "court", "judicial_district", "case_type", "procedural_status"],
            [personID.rawValue, legalCase.number.text, court, district, legalCase.caseType.rawValue, status.rawValue])
        var charges: [Charge] = []
        for article in legalCase.chargeArticles {
            let name = crimeNames[article] ?? article
            let chargeID = try await sql.insertReturningID("charges", ["case_id", "article", "crime_name"], [id, article, name])
            charges.append(Charge(id: .init(rawValue: chargeID), article: article, crimeName: name))
        }
        return LegalCase(
            id: .init(rawValue: id), personID: personID, number: legalCase.number, court: court, judicialDistrict: district,
            caseType: legalCase.caseType, proceduralStatus: status, charges: charges)
    }

    private func insertOrder(_ sql: any SQLDatabase, personID: Person.ID, caseID: Int64?, order: NewOrder) async throws -> Int64 {
        let columns = OrderColumns(order.kind)
        return try await sql.insertReturningID(
            "court_orders", OrderColumns.names, columns.bindValues(personID: personID.rawValue, caseID: caseID, order: order))
    }

    /// The person (locked for the change) and their open episode; refuses an unknown person or a stale version.
    func lockedCustody(_ sql: any SQLDatabase, _ id: Person.ID, expectedVersion: Int?) async throws
        -> (Person, CustodyEpisode?)
    {
        guard let person = try await lockedPerson(sql, id) else { throw Refusal(outcome: .notFound) }
        if let expectedVersion, expectedVersion != person.version { throw Refusal(outcome: .conflict(person.version)) }
        return (person, try await openEpisode(sql, person.id))
    }

    private func insertPlacement(
        _ sql: any SQLDatabase, person: Person.ID, episode: Int64, establishment: Establishment.ID, pavilion: Pavilion.ID,
        cell: Cell.ID?, from: CivilDate, reason: String
    ) async throws -> Int64 {
        try await sql.insertReturningID(
            "placements", ["person_id", "episode_id", "establishment_id", "pavilion_id", "cell_id", "from_date", "reason"],
            [person.rawValue, episode, establishment.rawValue, pavilion.rawValue, cell?.rawValue, from.description, reason])
    }

    public func move(_ request: MoveRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await change { sql in
            let (person, open) = try await lockedCustody(sql, request.personID, expectedVersion: expectedVersion)
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
            let messages = Move.validate(
                request,
                in: Move.Context(asOf: asOf, person: person, openEpisode: open, currentPlacement: current, target: target))
            guard messages.isEmpty, let open, let current, let pavilion = target.pavilion else {
                throw Refusal(outcome: .rejected(messages))
            }
            try await sql.execute(
                "UPDATE placements SET until_date = $1 WHERE id = $2",
                [request.movedOn.description, current.id.rawValue] as [any Encodable & Sendable])
            _ = try await insertPlacement(
                sql, person: person.id, episode: open.id.rawValue, establishment: open.establishmentID, pavilion: pavilion.id,
                cell: (target.cell ?? nil)?.id, from: request.movedOn, reason: request.reason.trimmingWhitespace())
            try await bumpVersion(sql, person.id)
            try await event(
                sql, kind: "move", actor: actor, person: person.id, establishment: open.establishmentID,
                detail: ["to_pavilion": pavilion.code, "moved_on": request.movedOn.description, "reason": request.reason])
            return .person(person.id)
        }
    }

    public func release(_ request: ReleaseRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await change { sql in
            let (person, open) = try await lockedCustody(sql, request.personID, expectedVersion: expectedVersion)
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
                orderID = try await insertOrder(sql, personID: person.id, caseID: nil, order: order)
            }
            try await sql.execute(
                "UPDATE custody_episodes SET released_on = $1, released_at = $2, release_ground = $3, release_order_id = $4 WHERE id = $5",
                [
                    request.releasedOn.description, request.releasedAt.description, request.ground.rawValue, orderID,
                    open.id.rawValue,
                ] as [any Encodable & Sendable])
            try await sql.execute(
                "UPDATE placements SET until_date = $1 WHERE person_id = $2 AND until_date IS NULL",
                [request.releasedOn.description, person.id.rawValue] as [any Encodable & Sendable])
            try await bumpVersion(sql, person.id)
            try await sql.execute("DELETE FROM legal_clocks WHERE person_id = $1", [person.id.rawValue])
            try await event(
                sql, kind: "release", actor: actor, person: person.id, establishment: open.establishmentID,
                detail: ["ground": request.ground.rawValue, "released_on": request.releasedOn.description])
            return .person(person.id)
        }
    }
}

extension OrderColumns {
    func bindValues(personID: Int64, caseID: Int64?, order: NewOrder) -> [any Encodable & Sendable] {
        [
            personID, caseID, kind, order.issuingCourt.trimmingWhitespace(), order.issuedOn.description,
            order.reference.trimmingWhitespace(), caseType, months, startsOn, years, sentenceMonths, days, life, recidivism,
        ]
    }
}

/// Establishment codes by id, read once each.
final class EstablishmentCodeCache: Sendable {
    private let codes = Mutex<[Establishment.ID: String]>([:])

    func code(of id: Establishment.ID, _ sql: any SQLDatabase) async throws -> String? {
        if let known = codes.withLock({ $0[id] }) { return known }
        let code = try await sql.execute("SELECT code FROM establishments WHERE id = $1", [id.rawValue]).first?.string("code")
        if let code { codes.withLock { $0[id] = code } }
        return code
    }
}

/// Instants are stored as ISO 8601 text in UTC.
enum Instant {
    /// Reads back what `iso` wrote (milliseconds optional).
    static func parse(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8[10] == UInt8(ascii: "T"), utf8.last == UInt8(ascii: "Z"),
            let day = CivilDate(iso: String(decoding: utf8[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: utf8[range], as: UTF8.self)) }
        guard let hours = number(11..<13), let minutes = number(14..<16), let seconds = number(17..<19) else { return nil }
        var millis = 0
        if utf8.count == 24, utf8[19] == UInt8(ascii: ".") {
            guard let value = number(20..<23) else { return nil }
            millis = value
        }
        let total = ((day.daysSinceEpoch * 86_400 + hours * 3_600 + minutes * 60 + seconds) * 1000) + millis
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, computed directly (Foundation's formatters cost more than the INSERT).
    static func iso(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int((Double(milliseconds) / 86_400_000).rounded(.down))
        var rest = milliseconds - days * 86_400_000
        let day = CivilDate(daysSinceEpoch: days)
        let hours = rest / 3_600_000
        rest -= hours * 3_600_000
        let minutes = rest / 60_000
        rest -= minutes * 60_000
        let seconds = rest / 1000
        let millis = rest - seconds * 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : String(millis)
        return "\(day)T\(two(hours)):\(two(minutes)):\(two(seconds)).\(ms)Z"
    }
}

/// Small JSON objects of strings for event details, keys sorted.
enum JSONText {
    static func object(_ values: [String: String]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { "\(string($0.key)):\(string($0.value))" }.joined(separator: ",") + "}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Opaque pagination cursors: base64url of the sort key parts.
enum Cursor {
    static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "\u{1F}").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [String]? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        guard let data = Data(base64Encoded: base), let string = String(data: data, encoding: .utf8) else { return nil }
        return string.components(separatedBy: "\u{1F}")
    }
}

extension SQLDatabase {
    /// Runs a statement with `$n` placeholders on either engine and returns its rows.
    @discardableResult
    func execute(_ text: String, _ binds: [any Encodable & Sendable]) async throws -> [any SQLRow] {
        try await raw(PlaceholderQuery.build(text, binds: binds, dialect: dialect.name)).all()
    }

    /// INSERT … RETURNING id, on both engines.
    /// One multi-row INSERT (nothing when `rows` is empty).
    func insertRows(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
        guard !rows.isEmpty else { return }
        var binds: [any Encodable & Sendable] = []
        var tuples: [String] = []
        for row in rows {
            tuples.append("(" + (0..<row.count).map { "$\(binds.count + $0 + 1)" }.joined(separator: ", ") + ")")
            binds += row
        }
        try await execute(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))", binds)
    }

    /// Optional values must keep their type (`Int64?`, not an untyped nil) so PostgreSQL gets a typed NULL.
    func insertReturningID(_ table: String, _ columns: [String], _ binds: [any Encodable & Sendable]) async throws -> Int64 {
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await execute(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) RETURNING id", binds)
        guard let row = rows.first else { throw StoreError.corrupt("no id returned by INSERT INTO \(table)") }
        return try row.int64("id")
    }
}

/// Builds an SQLQueryString from text with `$1…$n` placeholders, binding each value at its place,
/// so one statement text serves both SQLite (`?`) and PostgreSQL (`$n`).
enum PlaceholderQuery {
    static func build(_ text: String, binds: [any Encodable & Sendable], dialect: String) -> SQLQueryString {
        var query = SQLQueryString("")
        let bytes = Array(text.utf8)
        var literalStart = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "$") else {
                index += 1
                continue
            }
            var end = index + 1
            var number = 0
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") {
                number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                end += 1
            }
            if end > index + 1, number >= 1, number <= binds.count {
                query.appendLiteral(String(decoding: bytes[literalStart..<index], as: UTF8.self))
                query.appendInterpolation(bind: binds[number - 1])
                literalStart = end
            }
            index = end
        }
        query.appendLiteral(String(decoding: bytes[literalStart..<bytes.count], as: UTF8.self))
        return query
    }
}
