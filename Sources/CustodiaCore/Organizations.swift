/// A banda, organización criminal or grupo terrorista in the catalogue the keep-apart rules read
/// (docs/legal/peru-operations.md SEP-6). The demo's and the tests' names are fictional.
public struct Organization: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Organization, Int64>

    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case banda
        case organizacionCriminal = "organizacion_criminal"
        case grupoTerrorista = "grupo_terrorista"
    }

    public var id: ID
    public var name: String
    public var aliases: [String]
    public var kind: Kind

    public init(id: ID, name: String, aliases: [String], kind: Kind) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.kind = kind
    }
}

/// A new entry of the catalogue.
public struct OrganizationDraft: Hashable, Sendable {
    public var name: String
    public var aliases: [String]
    public var kind: Organization.Kind

    public init(name: String, aliases: [String], kind: Organization.Kind) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
    }
}

/// A person's membership of an organization over a period, with the source of the evidence and how far it is
/// trusted. Readable only by the roles that read affiliation (`SensitiveSection.affiliation`).
public struct Membership: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable, CaseIterable, Codable {
        /// Jefe, líder or cabecilla (CL-6, CL-8).
        case leader
        case member
        case associate
    }

    public enum Confidence: String, Hashable, Sendable, CaseIterable, Codable {
        case low, medium, high
    }

    public var organizationID: Organization.ID
    public var organizationName: String
    public var role: Role
    public var evidenceSource: String
    public var confidence: Confidence
    public var from: CivilDate
    /// `nil` while current.
    public var to: CivilDate?

    public init(
        organizationID: Organization.ID, organizationName: String, role: Role, evidenceSource: String,
        confidence: Confidence, from: CivilDate, to: CivilDate?
    ) {
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.role = role
        self.evidenceSource = evidenceSource
        self.confidence = confidence
        self.from = from
        self.to = to
    }

    /// Whether two periods share a day (an open end runs forever).
    public func overlaps(from otherFrom: CivilDate, to otherTo: CivilDate?) -> Bool {
        (otherTo.map { from <= $0 } ?? true) && (to.map { otherFrom <= $0 } ?? true)
    }
}

/// Record a membership.
public struct MembershipRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var organizationID: Organization.ID
    public var role: Membership.Role
    public var evidenceSource: String
    public var confidence: Membership.Confidence
    public var from: CivilDate
    public var to: CivilDate?

    public init(
        personID: Person.ID, organizationID: Organization.ID, role: Membership.Role, evidenceSource: String,
        confidence: Membership.Confidence, from: CivilDate, to: CivilDate?
    ) {
        self.personID = personID
        self.organizationID = organizationID
        self.role = role
        self.evidenceSource = evidenceSource
        self.confidence = confidence
        self.from = from
        self.to = to
    }
}
