/// Visits and visitors (docs/legal/peru-operations.md section 4, VI-1 … VI-9; the quotas of CL-7, CL-9, CL-10).

/// A person registered to visit (VI-2): the identity document checked at the gate, name, sex, birth date (a minor is
/// registered as such, VI-4), address and the reference of the photo taken at registration.
public struct Visitor: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Visitor, Int64>

    public var id: ID
    public var document: IdentityDocument
    public var name: PersonName
    public var sex: Sex
    public var birthDate: CivilDate?
    public var address: String
    /// Where the photo taken at registration is kept (a placeholder until the photo service exists).
    public var photoReference: String?
    public var registeredOn: CivilDate
    public var version: Int

    public init(
        id: ID, document: IdentityDocument, name: PersonName, sex: Sex, birthDate: CivilDate?, address: String,
        photoReference: String?, registeredOn: CivilDate, version: Int
    ) {
        self.id = id
        self.document = document
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.address = address
        self.photoReference = photoReference
        self.registeredOn = registeredOn
        self.version = version
    }

    /// Under 18 on the day (VI-4); an unknown birth date counts as an adult.
    public func isMinor(on day: CivilDate) -> Bool { birthDate.map { $0.wholeYears(until: day) < 18 } ?? false }
}

/// A visitor to register.
public struct NewVisitor: Hashable, Sendable {
    public var document: IdentityDocument
    public var name: PersonName
    public var sex: Sex
    public var birthDate: CivilDate?
    public var address: String
    public var photoReference: String?

    public init(
        document: IdentityDocument, name: PersonName, sex: Sex, birthDate: CivilDate?, address: String,
        photoReference: String? = nil
    ) {
        self.document = document
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.address = address
        self.photoReference = photoReference
    }
}

/// What a visitor is to the person they visit (VI-3): the kinship degree is computed from it, as the civil code
/// counts it (a cousin is 4th degree of consanguinity, a spouse's cousin 4th of affinity).
public enum Relationship: String, Hashable, Sendable, CaseIterable, Codable {
    case spouse, partner, parent, child, sibling, grandparent, grandchild
    case uncleOrAunt = "uncle_or_aunt"
    case nephewOrNiece = "nephew_or_niece"
    case cousin
    case parentInLaw = "parent_in_law"
    case childInLaw = "child_in_law"
    case stepchild
    case siblingInLaw = "sibling_in_law"
    case spouseGrandparent = "spouse_grandparent"
    case spouseUncleOrAunt = "spouse_uncle_or_aunt"
    case spouseCousin = "spouse_cousin"
    case friend, lawyer
    case consularOfficer = "consular_officer"
    case minister

    public enum Kinship: Hashable, Sendable {
        /// Spouse, or conviviente / designated partner.
        case spouse
        case consanguinity(Int)
        case affinity(Int)
        /// Not a relative: a friend, a lawyer, a consular officer, a minister of religion.
        case none
    }

    public var kinship: Kinship {
        switch self {
        case .spouse, .partner: .spouse
        case .parent, .child: .consanguinity(1)
        case .sibling, .grandparent, .grandchild: .consanguinity(2)
        case .uncleOrAunt, .nephewOrNiece: .consanguinity(3)
        case .cousin: .consanguinity(4)
        case .parentInLaw, .childInLaw, .stepchild: .affinity(1)
        case .siblingInLaw, .spouseGrandparent: .affinity(2)
        case .spouseUncleOrAunt: .affinity(3)
        case .spouseCousin: .affinity(4)
        case .friend, .lawyer, .consularOfficer, .minister: .none
        }
    }

    /// VI-3: within the degrees the special regime and the emergency admit — consanguinity to the 4th degree,
    /// affinity to the 2nd, spouse or partner.
    public var isCloseRelative: Bool {
        switch kinship {
        case .spouse: true
        case .consanguinity(let degree): degree <= 4
        case .affinity(let degree): degree <= 2
        case .none: false
        }
    }

    /// A relative of any degree (who may make a family visit where the regime does not narrow the degrees).
    public var isFamily: Bool { kinship != .none || self == .friend }
}

/// A visitor registered as visiting a person, with what they are to them.
public struct VisitorLink: Hashable, Sendable {
    public var visitorID: Visitor.ID
    public var personID: Person.ID
    public var relationship: Relationship
    public var since: CivilDate

    public init(visitorID: Visitor.ID, personID: Person.ID, relationship: Relationship, since: CivilDate) {
        self.visitorID = visitorID
        self.personID = personID
        self.relationship = relationship
        self.since = since
    }
}

/// A ban on a visitor (VI-5): from a day, until a day or open-ended, for visiting one person, one establishment or
/// any, with the reason and the resolution that decided it.
public struct VisitorBan: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<VisitorBan, Int64>

    public var id: ID
    public var visitorID: Visitor.ID
    /// The one person the ban concerns; `nil` for all.
    public var personID: Person.ID?
    /// The one establishment the ban concerns; `nil` for all.
    public var establishmentID: Establishment.ID?
    public var startsOn: CivilDate
    public var endsOn: CivilDate?
    public var reason: String
    public var resolution: String

    public init(
        id: ID, visitorID: Visitor.ID, personID: Person.ID?, establishmentID: Establishment.ID?, startsOn: CivilDate,
        endsOn: CivilDate?, reason: String, resolution: String
    ) {
        self.id = id
        self.visitorID = visitorID
        self.personID = personID
        self.establishmentID = establishmentID
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.reason = reason
        self.resolution = resolution
    }

    /// Whether it bars a visit to the person in the establishment on the day.
    public func bars(person: Person.ID, establishment: Establishment.ID, on day: CivilDate) -> Bool {
        startsOn <= day && endsOn.map { day <= $0 } != false && (personID == nil || personID == person)
            && (establishmentID == nil || establishmentID == establishment)
    }
}

/// The kinds of visit (point 2 of issue 12): only family visits count in the quotas of the regime (VI-6).
public enum VisitKind: String, Hashable, Sendable, CaseIterable, Codable {
    case family, intimate, lawyer, consular, religious

    /// VI-6, VI-8: lawyer, consular and religious visits are never limited by the regime or its quotas.
    public var isProfessional: Bool { self == .lawyer || self == .consular || self == .religious }
}

/// Where the visit is held: through the glass of the locutorio, or in the same room.
public enum VisitMode: String, Hashable, Sendable, CaseIterable, Codable {
    case locutorio, contact
}

/// A visit: booked for a day and minute, checked in and out at the gate; cancelled; or refused under a rule, the
/// refusal kept with its codes (every visit, refused or not, is in the file).
public struct Visit: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Visit, Int64>

    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        case booked, inside, finished, cancelled, refused
    }

    public var id: ID
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    public var establishmentCode: String
    public var kind: VisitKind
    public var mode: VisitMode
    public var startsAt: LocalTime
    public var minutes: Int
    public var visitorIDs: [Visitor.ID]
    public var state: State
    /// The codes of the rules that refused it.
    public var refusal: [String]
    public var checkedInAt: LocalTime?
    public var checkedOutAt: LocalTime?
    public var version: Int

    public init(
        id: ID, personID: Person.ID, establishmentID: Establishment.ID, establishmentCode: String, kind: VisitKind,
        mode: VisitMode, startsAt: LocalTime, minutes: Int, visitorIDs: [Visitor.ID], state: State, refusal: [String],
        checkedInAt: LocalTime?, checkedOutAt: LocalTime?, version: Int
    ) {
        self.id = id
        self.personID = personID
        self.establishmentID = establishmentID
        self.establishmentCode = establishmentCode
        self.kind = kind
        self.mode = mode
        self.startsAt = startsAt
        self.minutes = minutes
        self.visitorIDs = visitorIDs
        self.state = state
        self.refusal = refusal
        self.checkedInAt = checkedInAt
        self.checkedOutAt = checkedOutAt
        self.version = version
    }

    public var day: CivilDate { startsAt.date }
    public var endsAt: LocalTime { startsAt.adding(minutes: minutes) }
    /// Booked, inside or finished: a visit that took or takes place (and counts in a quota when it is a family one).
    public var stands: Bool { state == .booked || state == .inside || state == .finished }
}

/// A visit asked for.
public struct VisitRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var kind: VisitKind
    public var mode: VisitMode
    public var startsAt: LocalTime
    public var minutes: Int
    public var visitorIDs: [Visitor.ID]

    public init(
        personID: Person.ID, kind: VisitKind, mode: VisitMode, startsAt: LocalTime, minutes: Int, visitorIDs: [Visitor.ID]
    ) {
        self.personID = personID
        self.kind = kind
        self.mode = mode
        self.startsAt = startsAt
        self.minutes = minutes
        self.visitorIDs = visitorIDs
    }

    public var endsAt: LocalTime { startsAt.adding(minutes: minutes) }
}
