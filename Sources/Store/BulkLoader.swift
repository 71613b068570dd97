import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Loads a whole register at once (the national demo): multi-row INSERTs in one transaction, then the
/// identity sequences moved past the loaded ids and the planner's statistics refreshed.
public enum BulkLoader {
    public struct Registers: Sendable {
        public var regionalOffices: [RegionalOffice]
        public var establishments: [Establishment]
        public var pavilions: [Pavilion]
        public var cells: [Cell]
        public var persons: [Person]
        public var cases: [LegalCase]
        public var orders: [CourtOrder]
        public var episodes: [CustodyEpisode]
        public var placements: [Placement]
        public var redemption: [(Person.ID, RedemptionRecord)]
        public var suspensions: [(Person.ID, SuspensionRecord)]
        public var sensitive: [(Person.ID, SensitiveProfile)]
        public var classifications: [(Person.ID, ClassificationRecord)] = []
        public var pavilionRegimes: [(Pavilion.ID, Regime)] = []
        public var organizations: [Organization] = []
        public var memberships: [(Person.ID, Membership)] = []
        public var keepApart: [KeepApartDraft] = []
        public var visitors: [Visitor] = []
        public var visitorLinks: [VisitorLink] = []
        public var visitorBans: [VisitorBan] = []
        /// Visits with the custody episode they belong to.
        public var visits: [(Visit, CustodyEpisode.ID)] = []
        /// Incident reports as filed, with their persons, items and history.
        public var incidents: [Incident] = []

        public init(
            regionalOffices: [RegionalOffice], establishments: [Establishment], pavilions: [Pavilion], cells: [Cell] = [],
            persons: [Person], cases: [LegalCase], orders: [CourtOrder], episodes: [CustodyEpisode], placements: [Placement],
            redemption: [(Person.ID, RedemptionRecord)] = [], suspensions: [(Person.ID, SuspensionRecord)] = [],
            sensitive: [(Person.ID, SensitiveProfile)] = []
        ) {
            self.sensitive = sensitive
            self.redemption = redemption
            self.suspensions = suspensions
            self.regionalOffices = regionalOffices
            self.establishments = establishments
            self.pavilions = pavilions
            self.cells = cells
            self.persons = persons
            self.cases = cases
            self.orders = orders
            self.episodes = episodes
            self.placements = placements
        }
    }

    /// The tables a load writes rows into.
    static let loadedTables = [
        "regional_offices", "establishments", "pavilions", "cells", "persons", "person_aliases", "person_search_keys",
        "legal_cases", "charges", "court_orders", "custody_episodes", "placements", "redemption_entries",
        "pretrial_suspensions", "person_sensitive", "classifications", "pavilion_regimes",
        "organizations", "memberships", "keep_apart", "intake", "visitors", "visitor_links", "visitor_bans", "visits",
        "visit_visitors", "incidents", "incident_participants", "seized_items", "incident_states",
    ]

    public static func load(
        _ registers: Registers, into database: Database, actor: Actor, note: String, createdAt: Date
    )
        async throws
    {
        let created = Instant.iso(createdAt)
        let maxBinds = database.engine == .sqlite ? 30_000 : 60_000
        try await database.transaction { sql in
            func insert(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
                let perStatement = max(1, maxBinds / columns.count)
                var start = 0
                while start < rows.count {
                    let end = min(rows.count, start + perStatement)
                    var query = SQLQueryString(
                        "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
                    for index in start..<end {
                        query.appendLiteral(index == start ? "(" : ", (")
                        for (c, value) in rows[index].enumerated() {
                            if c > 0 { query.appendLiteral(", ") }
                            query.appendInterpolation(bind: value)
                        }
                        query.appendLiteral(")")
                    }
                    try await sql.raw(query).run()
                    start = end
                }
            }
            try await insert(
                "regional_offices", ["id", "code", "name"],
                registers.regionalOffices.map { [$0.id.rawValue, $0.code, $0.name] })
            try await insert(
                "establishments",
                [
                    "id", "code", "name", "short_name", "regional_office_id", "department", "city", "housed_sex",
                    "certified_capacity", "version",
                ],
                registers.establishments.map {
                    [
                        $0.id.rawValue, $0.code, $0.name, $0.shortName, $0.regionalOfficeID.rawValue, $0.department, $0.city,
                        $0.housedSex.rawValue, $0.certifiedCapacity, $0.version,
                    ]
                })
            try await insert(
                "pavilions",
                ["id", "establishment_id", "code", "name", "housed_sex", "procedural_status", "certified_capacity", "version"],
                registers.pavilions.map {
                    [
                        $0.id.rawValue, $0.establishmentID.rawValue, $0.code, $0.name, $0.housedSex.rawValue,
                        $0.proceduralStatus.rawValue, $0.certifiedCapacity, $0.version,
                    ]
                })
            try await insert(
                "cells", ["id", "pavilion_id", "code", "certified_capacity"],
                registers.cells.map { [$0.id.rawValue, $0.pavilionID.rawValue, $0.code, $0.certifiedCapacity] })
            try await insert(
                "persons",
                [
                    "id", "document_type", "document_number", "given_names", "paternal_surname", "maternal_surname", "sex",
                    "birth_date", "nationality", "version", "created_at",
                ],
                registers.persons.map {
                    [
                        $0.id.rawValue, $0.document.kind.rawValue, $0.document.number, $0.name.givenNames,
                        $0.name.paternalSurname, $0.name.maternalSurname, $0.sex.rawValue, $0.birthDate?.description,
                        $0.nationality, $0.version, created,
                    ]
                })
            var aliasRows: [[any Encodable & Sendable]] = []
            var keyRows: [[any Encodable & Sendable]] = []
            for person in registers.persons {
                for alias in person.aliases { aliasRows.append([person.id.rawValue, alias]) }
                for key in SearchKeys.keys(for: person.name, aliases: person.aliases) {
                    keyRows.append([person.id.rawValue, key])
                }
            }
            try await insert("person_aliases", ["person_id", "alias"], aliasRows)
            try await insert("person_search_keys", ["person_id", "search_key"], keyRows)
            try await insert(
                "legal_cases",
                ["id", "person_id", "case_number", "court", "judicial_district", "case_type", "procedural_status"],
                registers.cases.map {
                    [
                        $0.id.rawValue, $0.personID.rawValue, $0.number.text, $0.court, $0.judicialDistrict,
                        $0.caseType.rawValue, $0.proceduralStatus.rawValue,
                    ]
                })
            try await insert(
                "charges", ["id", "case_id", "article", "crime_name"],
                registers.cases.flatMap { legalCase in
                    legalCase.charges.map { [$0.id.rawValue, legalCase.id.rawValue, $0.article, $0.crimeName] }
                })
            try await insert(
                "court_orders", ["id"] + OrderColumns.names,
                registers.orders.map { order in
                    let columns = OrderColumns(order.kind)
                    return [order.id.rawValue]
                        + columns.bindValues(
                            personID: order.personID.rawValue, caseID: order.caseID?.rawValue,
                            order: NewOrder(
                                kind: order.kind, issuingCourt: order.issuingCourt, issuedOn: order.issuedOn,
                                reference: order.reference))
                })
            try await insert(
                "custody_episodes",
                [
                    "id", "person_id", "establishment_id", "admitted_on", "admitted_at", "authorizing_order_id",
                    "sending_authority", "arrested_on", "arrest_place", "procedural_status", "released_on", "released_at",
                    "release_ground", "release_order_id",
                ],
                registers.episodes.map {
                    [
                        $0.id.rawValue, $0.personID.rawValue, $0.establishmentID.rawValue, $0.admittedOn.description,
                        $0.admittedAt.description, $0.authorizingOrderID.rawValue, $0.sendingAuthority,
                        $0.arrestedOn?.description, $0.arrestPlace, $0.proceduralStatus.rawValue,
                        $0.release?.releasedOn.description, $0.release?.releasedAt.description, $0.release?.ground.rawValue,
                        $0.release?.orderID?.rawValue,
                    ]
                })
            let minutes = PlacementMinutes(episodes: registers.episodes, placements: registers.placements)
            try await insert(
                "placements",
                [
                    "id", "person_id", "episode_id", "establishment_id", "pavilion_id", "cell_id", "from_date", "until_date",
                    "reason", "from_at", "until_at",
                ],
                registers.placements.map {
                    [
                        $0.id.rawValue, $0.personID.rawValue, $0.episodeID.rawValue, $0.establishmentID.rawValue,
                        $0.pavilionID.rawValue, $0.cellID?.rawValue, $0.fromDate.description, $0.untilDate?.description,
                        $0.untilDate == nil ? "current" : "history", minutes.from($0).description,
                        minutes.until($0)?.description,
                    ]
                })
            try await insert(
                "redemption_entries",
                ["person_id", "episode_id", "activity", "from_date", "to_date", "days", "evaluation_passed", "certified_by"],
                registers.redemption.map { person, entry in
                    [
                        person.rawValue, entry.episodeID.rawValue, entry.activity.rawValue, entry.fromDate.description,
                        entry.toDate.description, entry.days, entry.evaluationPassed ? 1 : 0, entry.certifiedBy,
                    ]
                })
            try await insert(
                "pretrial_suspensions", ["person_id", "episode_id", "from_date", "to_date", "resolution"],
                registers.suspensions.map { person, entry in
                    [
                        person.rawValue, entry.episodeID.rawValue, entry.fromDate.description, entry.toDate.description,
                        entry.resolution,
                    ]
                })
            try await insert(
                "person_sensitive", ["person_id", "health", "affiliation", "intelligence"],
                registers.sensitive.map { person, profile in
                    [person.rawValue, profile.health, profile.affiliation, profile.intelligence]
                })
            try await insert(
                "classifications",
                ["person_id", "episode_id", "regime", "decided_on", "body", "resolution", "reason", "leader"],
                registers.classifications.map { person, entry in
                    [
                        person.rawValue, entry.episodeID.rawValue, entry.regime.rawValue, entry.decidedOn.description,
                        entry.body, entry.resolution, entry.reason, entry.leader ? 1 : 0,
                    ]
                })
            try await insert(
                "pavilion_regimes", ["pavilion_id", "regime"],
                registers.pavilionRegimes.map { pavilion, regime in [pavilion.rawValue, regime.rawValue] })
            try await insert(
                "organizations", ["id", "name", "name_key", "kind", "aliases"],
                registers.organizations.map {
                    [
                        $0.id.rawValue, $0.name, OrganizationRules.nameKey($0.name), $0.kind.rawValue,
                        $0.aliases.joined(separator: "\n"),
                    ]
                })
            try await insert(
                "memberships",
                ["person_id", "organization_id", "role", "evidence_source", "confidence", "from_date", "to_date"],
                registers.memberships.map { person, m in
                    [
                        person.rawValue, m.organizationID.rawValue, m.role.rawValue, m.evidenceSource, m.confidence.rawValue,
                        m.from.description, m.to?.description,
                    ]
                })
            try await insert(
                "keep_apart",
                [
                    "first_person_id", "second_person_id", "first_organization_id", "second_organization_id", "scope",
                    "reason", "starts_on", "version",
                ],
                registers.keepApart.map { draft in
                    var row: [any Encodable & Sendable] = []
                    switch draft.parties {
                    case .persons(let a, let b): row = [a.rawValue, b.rawValue, Int64?.none, Int64?.none]
                    case .organizations(let a, let b): row = [Int64?.none, Int64?.none, a.rawValue, b.rawValue]
                    }
                    return row + [draft.scope.rawValue, draft.reason, draft.startsOn.description, 1]
                })
            try await insertVisits(registers, insert)
            try await insertIncidents(registers, insert)
            // Loaded episodes began before Custodia recorded intake: their rows say so, and no term runs for them.
            try await insert(
                "intake", ["episode_id", "person_id", "predates"],
                registers.episodes.map { [$0.id.rawValue, $0.personID.rawValue, 1] })
            try await EventLog.append(
                .registerLoaded(
                    .init(persons: registers.persons.count, establishments: registers.establishments.count, note: note)),
                at: createdAt, actor: actor.user, person: nil, establishment: nil, on: sql)
            try await AuditChain.append(
                NewAuditRecord(actor: actor, resource: "register", outcome: "ok: \(registers.persons.count) persons loaded"),
                at: createdAt, on: sql, engine: database.engine)
            if database.engine == .postgres {
                for table in Self.loadedTables
                where ![
                    "person_search_keys", "person_sensitive", "pavilion_regimes", "intake", "visitor_links", "visit_visitors",
                    "incident_participants", "seized_items",
                ]
                .contains(table) {
                    try await sql.raw(
                        "SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), COALESCE((SELECT MAX(id) FROM \(unsafeRaw: table)), 0) + 1, false)"
                    ).run()
                }
            }
        }
        // Statistics for the tables just loaded. On PostgreSQL by name: a bare ANALYZE would take locks on every
        // table of every schema in the database, and wait on (or time out behind) other schemas' work.
        let analyze =
            database.engine == .postgres
            ? "ANALYZE " + Self.loadedTables.joined(separator: ", ")
            : "ANALYZE"
        try await database.read { sql in try await sql.raw(SQLQueryString(analyze)).run() }
    }
}

/// The minutes a loaded placement began and ended (the roll's time base, migration 16): the first of an episode
/// at the admission minute, the last of a closed episode at the release minute, the others at midnight of their
/// day, so consecutive placements meet and never overlap.
struct PlacementMinutes {
    private let episodes: [CustodyEpisode.ID: CustodyEpisode]
    private let first: [CustodyEpisode.ID: Placement.ID]
    private let last: [CustodyEpisode.ID: Placement.ID]

    init(episodes: [CustodyEpisode], placements: [Placement]) {
        self.episodes = Dictionary(episodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var first: [CustodyEpisode.ID: Placement.ID] = [:]
        var last: [CustodyEpisode.ID: Placement.ID] = [:]
        for placement in placements {
            if first[placement.episodeID].map({ $0.rawValue > placement.id.rawValue }) ?? true {
                first[placement.episodeID] = placement.id
            }
            if last[placement.episodeID].map({ $0.rawValue < placement.id.rawValue }) ?? true {
                last[placement.episodeID] = placement.id
            }
        }
        self.first = first
        self.last = last
    }

    func from(_ placement: Placement) -> LocalTime {
        if first[placement.episodeID] == placement.id, let episode = episodes[placement.episodeID] {
            return LocalTime(date: episode.admittedOn, time: episode.admittedAt)
        }
        return .start(of: placement.fromDate)
    }

    func until(_ placement: Placement) -> LocalTime? {
        guard let day = placement.untilDate else { return nil }
        if last[placement.episodeID] == placement.id, let release = episodes[placement.episodeID]?.release {
            return LocalTime(date: release.releasedOn, time: release.releasedAt)
        }
        return .start(of: day)
    }
}
