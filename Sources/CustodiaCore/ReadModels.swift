/// Views the registry answers with. They join what a reader needs in one value.

/// Who is held somewhere now, by procedural status and by sex.
public struct Headcount: Hashable, Sendable {
    public var population: Int
    public var unsentenced: Int
    public var sentenced: Int
    public var men: Int
    public var women: Int

    public init(population: Int, unsentenced: Int, sentenced: Int, men: Int, women: Int) {
        self.population = population
        self.unsentenced = unsentenced
        self.sentenced = sentenced
        self.men = men
        self.women = women
    }
}

/// An establishment with its regional office and who is held there now (its occupancy: `Placement`).
public struct EstablishmentOverview: Hashable, Sendable {
    public var establishment: Establishment
    public var regionalOffice: RegionalOffice
    public var headcount: Headcount

    public init(establishment: Establishment, regionalOffice: RegionalOffice, headcount: Headcount) {
        self.establishment = establishment
        self.regionalOffice = regionalOffice
        self.headcount = headcount
    }
}

/// A pavilion and who is in it now.
public struct PavilionOverview: Hashable, Sendable {
    public var pavilion: Pavilion
    public var population: Int
    public var cells: [Cell]
    /// The regimes and stages the pavilion declares it holds (CL-1), in the order of `Regime.allCases`.
    public var regimes: [Regime]

    public init(pavilion: Pavilion, population: Int, cells: [Cell], regimes: [Regime] = []) {
        self.pavilion = pavilion
        self.population = population
        self.cells = cells
        self.regimes = regimes
    }

}

public struct EstablishmentDetail: Hashable, Sendable {
    public var overview: EstablishmentOverview
    public var pavilions: [PavilionOverview]

    public init(overview: EstablishmentOverview, pavilions: [PavilionOverview]) {
        self.overview = overview
        self.pavilions = pavilions
    }
}

/// One line of a person search.
public struct PersonSummary: Hashable, Sendable {
    public var person: Person
    /// Where the person is held now, if in custody.
    public var establishmentCode: String?
    public var proceduralStatus: ProceduralStatus?

    public init(person: Person, establishmentCode: String?, proceduralStatus: ProceduralStatus?) {
        self.person = person
        self.establishmentCode = establishmentCode
        self.proceduralStatus = proceduralStatus
    }
}

/// The prisoner file (Mandela Rules 7-8): identity, every custody episode, cases, charges, orders, placements.
public struct PersonFile: Hashable, Sendable {
    public var person: Person
    public var episodes: [CustodyEpisode]
    public var cases: [LegalCase]
    public var orders: [CourtOrder]
    public var placements: [Placement]
    /// Codes of the establishments and pavilions the episodes and placements name.
    public var establishmentCodes: [Establishment.ID: String]
    public var pavilionCodes: [Pavilion.ID: String]
    public var cellCodes: [Cell.ID: String]
    /// Days of work and study recorded (redención), every episode.
    public var redemption: [RedemptionRecord]
    /// Art. 275 suspensions of pretrial terms, every episode.
    public var suspensions: [SuspensionRecord]
    /// Health, affiliation and intelligence notes; shown only to the roles `AccessPolicy` names.
    public var sensitive: SensitiveProfile = SensitiveProfile()
    /// Decisions of the Junta Técnica de Clasificación, every episode, oldest first (the last is current).
    public var classifications: [ClassificationRecord] = []
    /// Memberships of criminal organizations (SEP-6), oldest first; shown only to the roles that read affiliation.
    public var memberships: [Membership] = []
    /// Placements a warden authorised despite a conflict: the person's own and those that named the person.
    public var overrides: [PlacementOverride] = []
    /// Transfers between establishments, oldest first (the one under way, if any, is the last).
    public var transfers: [Transfer] = []
    /// Temporary exits (court production, hospital, other), earliest first.
    public var outings: [Outing] = []
    /// The intake of the open episode (or of the last one), IN-*.
    public var intake: IntakeRecord?
    /// Days of meaningful human contact recorded (CL-13), oldest first.
    public var contactDays: [ContactDay] = []
    /// Disciplinary isolations, oldest first (DS-3 … DS-7).
    public var isolations: [Isolation] = []

    public init(
        person: Person, episodes: [CustodyEpisode], cases: [LegalCase], orders: [CourtOrder], placements: [Placement],
        establishmentCodes: [Establishment.ID: String], pavilionCodes: [Pavilion.ID: String], cellCodes: [Cell.ID: String],
        redemption: [RedemptionRecord] = [], suspensions: [SuspensionRecord] = []
    ) {
        self.redemption = redemption
        self.suspensions = suspensions
        self.person = person
        self.episodes = episodes
        self.cases = cases
        self.orders = orders
        self.placements = placements
        self.establishmentCodes = establishmentCodes
        self.pavilionCodes = pavilionCodes
        self.cellCodes = cellCodes
    }

    public var openEpisode: CustodyEpisode? { episodes.first(where: \.isOpen) }

    /// Whether a caller scoped to `establishments` may see this person: held now (or last) in one of them;
    /// `nil` is the whole nation.
    public func isVisible(within establishments: Set<String>?) -> Bool {
        guard let establishments else { return true }
        return episodes.last.flatMap { establishmentCodes[$0.establishmentID] }.map(establishments.contains) ?? false
    }
    public var currentPlacement: Placement? { placements.first(where: { $0.untilDate == nil }) }
}

/// The parts of a person file that only some roles may read.
public struct SensitiveProfile: Hashable, Sendable {
    /// Health conditions relevant to custody (Mandela Rules 24-35): medical staff and those who must act on them.
    public var health: String?
    /// Gang or criminal organization the person is linked to, for keeping rivals apart.
    public var affiliation: String?
    /// Intelligence notes.
    public var intelligence: String?

    public init(health: String? = nil, affiliation: String? = nil, intelligence: String? = nil) {
        self.health = health
        self.affiliation = affiliation
        self.intelligence = intelligence
    }

    public var isEmpty: Bool { health == nil && affiliation == nil && intelligence == nil }

    public subscript(_ section: SensitiveSection) -> String? {
        get {
            switch section {
            case .health: health
            case .affiliation: affiliation
            case .intelligence: intelligence
            }
        }
        set {
            switch section {
            case .health: health = newValue
            case .affiliation: affiliation = newValue
            case .intelligence: intelligence = newValue
            }
        }
    }
}

/// New text for some sections of a person's sensitive profile; `nil` clears a section.
public struct SensitiveUpdate: Sendable, Hashable {
    public var personID: Person.ID
    public var changes: [SensitiveSection: String?]

    public init(personID: Person.ID, changes: [SensitiveSection: String?]) {
        self.personID = personID
        self.changes = changes
    }

    /// Longest note kept.
    public static let maxLength = 2_000
}

/// A slice of a longer list and the opaque cursor of the next slice.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// The outcome of a change: done, refused with validation messages, or refused for a stale version.
public enum ChangeOutcome<Value: Sendable>: Sendable {
    case done(Value)
    case rejected([ValidationMessage])
    case notFound
    case versionConflict(current: Int)
}

/// National figures: every establishment, every regional office, and the nation.
public struct NationalStatistics: Sendable {
    public var establishments: [EstablishmentOverview]

    public init(establishments: [EstablishmentOverview]) { self.establishments = establishments }
}

/// An alert with what a reader needs to act on it.
public struct AlertEntry: Sendable, Hashable {
    public var alert: Alert
    public var establishmentCode: String
    public var personName: PersonName

    public init(alert: Alert, establishmentCode: String, personName: PersonName) {
        self.alert = alert
        self.establishmentCode = establishmentCode
        self.personName = personName
    }
}

/// What happened in an establishment on one day.
public struct DailyMovements: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var personID: Person.ID
        public var name: PersonName
        /// The pavilion the person was placed in (admissions, moves) or left (releases).
        public var pavilionCode: String?

        public init(personID: Person.ID, name: PersonName, pavilionCode: String?) {
            self.personID = personID
            self.name = name
            self.pavilionCode = pavilionCode
        }
    }

    public var admissions: [Entry]
    public var releases: [Entry]
    /// Moves between pavilions (a placement that starts after the admission).
    public var moves: [Entry]

    public init(admissions: [Entry], releases: [Entry], moves: [Entry]) {
        self.admissions = admissions
        self.releases = releases
        self.moves = moves
    }
}
