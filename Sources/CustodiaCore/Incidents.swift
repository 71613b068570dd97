import Foundation

/// The kind of an incident (INC-1), anchored where it can be to the article of the Código Penal that makes it a
/// crime; the rest of the service's day-to-day reports (fights, self-harm, deaths, searches, seizures) and the two
/// the legal clocks exist to prevent (a release in error, a detention found unlawful).
public enum IncidentKind: String, Hashable, Sendable, CaseIterable, Codable {
    case escape = "fuga"
    case escapeAttempt = "intento_fuga"
    case riot = "motin"
    case riotAttempt = "intento_motin"
    case communicationDeviceEntry = "ingreso_equipo_comunicacion"
    case componentEntry = "ingreso_componentes"
    case securitySabotage = "sabotaje_seguridad"
    case phonePossession = "posesion_celular"
    case weaponPossession = "posesion_arma"
    case weaponEntry = "ingreso_arma"
    case perimeterAntenna = "antena_perimetro"
    case fight = "reyerta"
    case assault = "agresion"
    case assaultOnStaff = "agresion_personal"
    case selfHarm = "autolesion"
    case death = "fallecimiento"
    /// A cell or pavilion search (INC-2), with what it found as seized items.
    case search = "requisa"
    /// Items seized outside a search (at the gate, in a parcel).
    case seizure = "decomiso"
    case releaseInError = "liberacion_indebida"
    case unlawfulDetention = "detencion_ilegal"

    /// The Código Penal article the kind is anchored to (INC-1); `nil` where no official taxonomy was found.
    public var penalCodeArticle: String? {
        switch self {
        case .escape: "413"
        case .escapeAttempt: "414"
        case .riot, .riotAttempt: "415"
        case .communicationDeviceEntry: "368-A"
        case .componentEntry: "368-B"
        case .securitySabotage: "368-C"
        case .phonePossession, .weaponPossession: "368-D"
        case .weaponEntry: "368-E"
        case .perimeterAntenna: "368-F"
        default: nil
        }
    }

    /// Kinds that are a seizure: the report names at least one item.
    public var needsItems: Bool {
        switch self {
        case .seizure, .phonePossession, .weaponPossession, .communicationDeviceEntry, .componentEntry, .weaponEntry,
            .perimeterAntenna:
            true
        default: false
        }
    }

    /// Kinds that happen to a person: the report names at least one person in custody.
    public var needsPerson: Bool {
        switch self {
        case .escape, .escapeAttempt, .selfHarm, .death, .releaseInError, .unlawfulDetention, .phonePossession,
            .weaponPossession:
            true
        default: false
        }
    }

    /// The two kinds a legal clock should have prevented: the report links that clock.
    public var linksClock: Bool { self == .releaseInError || self == .unlawfulDetention }
}

/// The kind of a search (INC-2): the INPE's own, a large operation with the Ministerio Público and the police, or
/// one ordered by a court.
public enum SearchKind: String, Hashable, Sendable, CaseIterable, Codable {
    case ordinary = "ordinaria"
    case largeOperation = "megaoperativo"
    case courtOrdered = "allanamiento"
}

/// The relevance of an incident in the INPE's daily report (INC-5).
public enum IncidentRelevance: String, Hashable, Sendable, CaseIterable, Codable {
    case low = "baja"
    case medium = "media"
    case high = "alta"
}

/// The category of a seized item and its unit (INC-3).
public enum SeizedCategory: String, Hashable, Sendable, CaseIterable, Codable {
    case phone = "celular"
    /// A battery, SIM card, charger, earphones, memory card, USB stick.
    case accessory = "accesorio"
    /// Drugs, by weight (PBC, marihuana, cocaína; ketes).
    case drug = "droga"
    case fermentedLiquid = "liquido_fermentado"
    case bladedWeapon = "arma_blanca"
    case firearm = "arma_fuego"
    case notebook = "libreta"
    case clandestineConnection = "conexion_clandestina"
    case antenna
    case cash = "dinero"

    public enum Unit: String, Hashable, Sendable, Codable {
        case units = "u"
        case grams = "g"
        case litres = "L"
        case soles = "PEN"
    }

    public var unit: Unit {
        switch self {
        case .drug: .grams
        case .fermentedLiquid: .litres
        case .cash: .soles
        default: .units
        }
    }

    /// Counted in whole units (phones, weapons) rather than weighed or measured.
    public var isCounted: Bool { unit == .units }
}

/// What a person named in a report was in the incident (INC-4).
public enum IncidentRole: String, Hashable, Sendable, CaseIterable, Codable {
    case author = "autor"
    case victim = "victima"
    /// Searched, held or questioned (intervenido).
    case intervened = "intervenido"
    case witness = "testigo"
    /// The staff member who reports or led the response.
    case reporter = "informante"
}

/// Someone named in an incident: a person in custody, a registered visitor, or a member of staff by name.
public struct IncidentParticipant: Hashable, Sendable {
    public enum Who: Hashable, Sendable {
        case person(Person.ID)
        case visitor(Visitor.ID)
        case staff(String)
    }

    public var who: Who
    public var role: IncidentRole

    public init(_ who: Who, role: IncidentRole) {
        self.who = who
        self.role = role
    }

    public var personID: Person.ID? { if case .person(let id) = who { id } else { nil } }
    public var visitorID: Visitor.ID? { if case .visitor(let id) = who { id } else { nil } }
    public var staffName: String? { if case .staff(let name) = who { name } else { nil } }
}

/// An item seized (INC-3): how much, where it was found, and for a phone its IMEI (the identifier the intelligence
/// unit links seized phones by).
public struct SeizedItem: Hashable, Sendable {
    public var category: SeizedCategory
    public var quantity: Double
    public var description: String
    public var foundAt: String
    public var imei: String?

    public init(category: SeizedCategory, quantity: Double, description: String = "", foundAt: String, imei: String? = nil) {
        self.category = category
        self.quantity = quantity
        self.description = description
        self.foundAt = foundAt
        self.imei = imei
    }

    /// A quantity as people write it: whole numbers without decimals, others with two.
    public static func quantityText(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// Whether a text is an IMEI: 15 digits whose last is the Luhn check digit of the first 14.
    public static func isIMEI(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard text.count == 15, digits.count == 15 else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            let value = index % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }
}

/// What the legal clock said of the person a release in error or an unlawful detention is about, computed when the
/// report was filed: the clock that should have prevented it.
public struct IncidentClockLink: Hashable, Sendable {
    public var personID: Person.ID
    public var episodeID: CustodyEpisode.ID
    /// `pretrial`, `sentenced` or `not_computable`, as the clock read it.
    public var status: StoredClock.Status
    /// The day the clock gave as the end of the lawful detention (the pretrial limit or the sentence's end).
    public var endsOn: CivilDate?
    /// The day the clock was read for: the release's day for a release in error, the incident's day otherwise.
    public var readOn: CivilDate

    public init(
        personID: Person.ID, episodeID: CustodyEpisode.ID, status: StoredClock.Status, endsOn: CivilDate?, readOn: CivilDate
    ) {
        self.personID = personID
        self.episodeID = episodeID
        self.status = status
        self.endsOn = endsOn
        self.readOn = readOn
    }

    /// Days between the clock's end and the day it was read for: positive when held past the end (an unlawful
    /// detention), negative when released before it (a release in error).
    public var daysPastEnd: Int? { endsOn.map { $0.days(until: readOn) } }
}

/// The life of a report (issue 12 point 3): open when filed, under review, closed; each change kept with who and when.
public enum IncidentState: String, Hashable, Sendable, CaseIterable, Codable {
    case open
    case underReview = "under_review"
    case closed

    /// The states a report may go to from this one: forward, or back to review from closed with a reason.
    public var next: [IncidentState] {
        switch self {
        case .open: [.underReview, .closed]
        case .underReview: [.closed]
        case .closed: [.underReview]
        }
    }
}

/// A correction or complement to a report: the original is never rewritten (INC, point 3).
public struct IncidentAddendum: Hashable, Sendable {
    /// What part of the report the addendum corrects or complements (`nil`: a general note).
    public enum Part: String, Hashable, Sendable, CaseIterable, Codable {
        case narrative, time, place, persons, items, police
    }

    public var text: String
    public var corrects: Part?
    public var author: String
    public var at: LocalTime

    public init(text: String, corrects: Part?, author: String, at: LocalTime) {
        self.text = text
        self.corrects = corrects
        self.author = author
        self.at = at
    }
}

/// One change of a report's state, with who and when and why.
public struct IncidentStateChange: Hashable, Sendable {
    public var state: IncidentState
    public var author: String
    public var at: LocalTime
    public var note: String

    public init(state: IncidentState, author: String, at: LocalTime, note: String) {
        self.state = state
        self.author = author
        self.at = at
        self.note = note
    }
}

/// An incident as reported (INC-1 … INC-7): never rewritten; addenda and state changes are added to it.
public struct Incident: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Incident, Int64>

    public var id: ID
    public var establishmentID: Establishment.ID
    public var establishmentCode: String
    public var kind: IncidentKind
    public var searchKind: SearchKind?
    public var relevance: IncidentRelevance
    public var occurredAt: LocalTime
    public var place: String
    public var narrative: String
    /// The police (PNP) notification, when one was made (INC-4): its reference.
    public var policeNotice: String?
    public var participants: [IncidentParticipant]
    public var items: [SeizedItem]
    public var clock: IncidentClockLink?
    public var reportedBy: String
    public var reportedAt: LocalTime
    public var state: IncidentState
    public var history: [IncidentStateChange]
    public var addenda: [IncidentAddendum]
    public var version: Int

    public init(
        id: ID, establishmentID: Establishment.ID, establishmentCode: String, kind: IncidentKind, searchKind: SearchKind?,
        relevance: IncidentRelevance, occurredAt: LocalTime, place: String, narrative: String, policeNotice: String?,
        participants: [IncidentParticipant], items: [SeizedItem], clock: IncidentClockLink?, reportedBy: String,
        reportedAt: LocalTime, state: IncidentState, history: [IncidentStateChange], addenda: [IncidentAddendum],
        version: Int
    ) {
        self.id = id
        self.establishmentID = establishmentID
        self.establishmentCode = establishmentCode
        self.kind = kind
        self.searchKind = searchKind
        self.relevance = relevance
        self.occurredAt = occurredAt
        self.place = place
        self.narrative = narrative
        self.policeNotice = policeNotice
        self.participants = participants
        self.items = items
        self.clock = clock
        self.reportedBy = reportedBy
        self.reportedAt = reportedAt
        self.state = state
        self.history = history
        self.addenda = addenda
        self.version = version
    }

    /// The persons in custody the report names.
    public var personIDs: [Person.ID] { participants.compactMap(\.personID) }
}

/// A report as filed: what happened, where and when, who was involved, what was seized.
public struct IncidentReport: Hashable, Sendable {
    public var establishmentCode: String
    public var kind: IncidentKind
    public var searchKind: SearchKind?
    public var relevance: IncidentRelevance
    public var occurredAt: LocalTime
    public var place: String
    public var narrative: String
    public var policeNotice: String?
    public var participants: [IncidentParticipant]
    public var items: [SeizedItem]

    public init(
        establishmentCode: String, kind: IncidentKind, searchKind: SearchKind? = nil, relevance: IncidentRelevance,
        occurredAt: LocalTime, place: String, narrative: String, policeNotice: String? = nil,
        participants: [IncidentParticipant] = [], items: [SeizedItem] = []
    ) {
        self.establishmentCode = establishmentCode
        self.kind = kind
        self.searchKind = searchKind
        self.relevance = relevance
        self.occurredAt = occurredAt
        self.place = place
        self.narrative = narrative
        self.policeNotice = policeNotice
        self.participants = participants
        self.items = items
    }
}
