/// What a registry clerk or a court's system asks Custodia to do. Plain values, validated by the rules
/// in `Admission`, `Move` and `ReleaseRule` before anything is written.

/// Ingreso: admit a person (new to Custodia or already registered) on an order that authorises it.
public struct AdmissionRequest: Hashable, Sendable {
    public enum Subject: Hashable, Sendable {
        case existing(Person.ID)
        case new(NewPerson)
    }

    public var subject: Subject
    public var establishmentCode: String
    public var pavilionCode: String
    public var cellCode: String?
    public var admittedOn: CivilDate
    public var admittedAt: TimeOfDay
    public var sendingAuthority: String
    public var arrestedOn: CivilDate?
    public var arrestPlace: String?
    public var legalCase: NewLegalCase
    public var order: NewOrder?
    /// A warden's authorisation of an overridable placement conflict (OP-3).
    public var override: PlacementOverrideRequest? = nil
    /// What intake the admission already records (IN-*): the next of kin, the family told, the examination.
    public var intake: IntakeDetails? = nil
    /// The order received electronically this admission executes (issue 13): executed in the admission's transaction.
    public var inboundOrderID: InboundOrder.ID? = nil

    public init(
        subject: Subject, establishmentCode: String, pavilionCode: String, cellCode: String? = nil,
        admittedOn: CivilDate, admittedAt: TimeOfDay, sendingAuthority: String, arrestedOn: CivilDate? = nil,
        arrestPlace: String? = nil, legalCase: NewLegalCase, order: NewOrder?
    ) {
        self.subject = subject
        self.establishmentCode = establishmentCode
        self.pavilionCode = pavilionCode
        self.cellCode = cellCode
        self.admittedOn = admittedOn
        self.admittedAt = admittedAt
        self.sendingAuthority = sendingAuthority
        self.arrestedOn = arrestedOn
        self.arrestPlace = arrestPlace
        self.legalCase = legalCase
        self.order = order
    }
}

public struct NewPerson: Hashable, Sendable {
    public var document: IdentityDocument
    public var name: PersonName
    public var aliases: [String]
    public var sex: Sex
    public var birthDate: CivilDate?
    public var nationality: String

    public init(
        document: IdentityDocument, name: PersonName, aliases: [String] = [], sex: Sex, birthDate: CivilDate?,
        nationality: String
    ) {
        self.document = document
        self.name = name
        self.aliases = aliases
        self.sex = sex
        self.birthDate = birthDate
        self.nationality = nationality
    }
}

public struct NewLegalCase: Hashable, Sendable {
    public var number: CaseNumber
    public var court: String
    public var judicialDistrict: String
    public var caseType: CaseType
    /// Código Penal articles, checked against the crime catalog.
    public var chargeArticles: [String]

    public init(number: CaseNumber, court: String, judicialDistrict: String, caseType: CaseType, chargeArticles: [String]) {
        self.number = number
        self.court = court
        self.judicialDistrict = judicialDistrict
        self.caseType = caseType
        self.chargeArticles = chargeArticles
    }
}

public struct NewOrder: Hashable, Sendable {
    public var kind: CourtOrder.Kind
    public var issuingCourt: String
    public var issuedOn: CivilDate
    public var reference: String

    public init(kind: CourtOrder.Kind, issuingCourt: String, issuedOn: CivilDate, reference: String) {
        self.kind = kind
        self.issuingCourt = issuingCourt
        self.issuedOn = issuedOn
        self.reference = reference
    }
}

/// Traslado interno: move a person in custody to another pavilion (and cell) of the same establishment.
public struct MoveRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var pavilionCode: String
    public var cellCode: String?
    public var movedOn: CivilDate
    public var reason: String
    /// A warden's authorisation of an overridable placement conflict (OP-3).
    public var override: PlacementOverrideRequest? = nil

    public init(personID: Person.ID, pavilionCode: String, cellCode: String? = nil, movedOn: CivilDate, reason: String) {
        self.personID = personID
        self.pavilionCode = pavilionCode
        self.cellCode = cellCode
        self.movedOn = movedOn
        self.reason = reason
    }
}

/// Egreso: release a person in custody.
public struct ReleaseRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var releasedOn: CivilDate
    public var releasedAt: TimeOfDay
    public var ground: ReleaseGround
    public var order: NewOrder?

    public init(personID: Person.ID, releasedOn: CivilDate, releasedAt: TimeOfDay, ground: ReleaseGround, order: NewOrder?) {
        self.personID = personID
        self.releasedOn = releasedOn
        self.releasedAt = releasedAt
        self.ground = ground
        self.order = order
    }
}
