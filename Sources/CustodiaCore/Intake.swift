/// What the admission leaves to be done in its first hours (docs/legal/peru-operations.md section 6, IN-*): the
/// medical examination (IN-1), the next of kin and the notice to the family (IN-2), the written information on
/// rules and rights (IN-3), the personal file's identification (IN-4), the property received into custody (IN-5), a
/// foreign national's consulate told (IN-6). One record per custody episode.
public struct IntakeRecord: Hashable, Sendable {
    public var episodeID: CustodyEpisode.ID
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    /// The admission minute the terms run from.
    public var admittedAt: LocalTime
    /// IN-1: when and by whom (the health service) the examination was made; its findings stay in the health notes.
    public var medicalExamAt: LocalTime?
    public var medicalExamBy: String?
    /// IN-2: the person the detainee designates, and how and when they were told.
    public var nextOfKin: NextOfKin?
    public var familyNotifiedAt: LocalTime?
    public var familyNotifiedHow: String?
    /// IN-3: the written information on rules and rights, delivered.
    public var rightsInformedAt: LocalTime?
    /// IN-5: valuables and belongings received into custody (the signed inventory's summary).
    public var property: String?
    /// IN-4: the ficha opened — identity established (RENIEC for a DNI, Migraciones for a foreigner, or declared),
    /// photographs, ten fingerprints, the odontogram — when and how; and the distinguishing marks (señas particulares).
    /// The images and prints themselves stay in the identification system; this records that it was done.
    public var identifiedAt: LocalTime?
    public var identifiedHow: String?
    public var distinguishingMarks: String?
    /// IN-6: a foreign national's consulate told (Vienna Convention on Consular Relations art. 36), or the person's
    /// wish that it not be, and when.
    public var consularNoticeAt: LocalTime?
    public var consularNotice: String?
    /// The person's nationality is not Peru's: IN-6's consular notice is due.
    public var foreignNational: Bool
    /// The episode began before intake was recorded in Custodia (loaded from an earlier register): no term runs.
    public var predates: Bool
    public var version: Int

    public init(
        episodeID: CustodyEpisode.ID, personID: Person.ID, establishmentID: Establishment.ID, admittedAt: LocalTime,
        medicalExamAt: LocalTime? = nil, medicalExamBy: String? = nil, nextOfKin: NextOfKin? = nil,
        familyNotifiedAt: LocalTime? = nil, familyNotifiedHow: String? = nil, rightsInformedAt: LocalTime? = nil,
        property: String? = nil, identifiedAt: LocalTime? = nil, identifiedHow: String? = nil,
        distinguishingMarks: String? = nil, consularNoticeAt: LocalTime? = nil, consularNotice: String? = nil,
        foreignNational: Bool = false, predates: Bool = false, version: Int = 1
    ) {
        self.episodeID = episodeID
        self.personID = personID
        self.establishmentID = establishmentID
        self.admittedAt = admittedAt
        self.medicalExamAt = medicalExamAt
        self.medicalExamBy = medicalExamBy
        self.nextOfKin = nextOfKin
        self.familyNotifiedAt = familyNotifiedAt
        self.familyNotifiedHow = familyNotifiedHow
        self.rightsInformedAt = rightsInformedAt
        self.property = property
        self.identifiedAt = identifiedAt
        self.identifiedHow = identifiedHow
        self.distinguishingMarks = distinguishingMarks
        self.consularNoticeAt = consularNoticeAt
        self.consularNotice = consularNotice
        self.foreignNational = foreignNational
        self.predates = predates
        self.version = version
    }
}

/// IN-2: the person to tell.
public struct NextOfKin: Hashable, Sendable {
    public var name: String
    public var relationship: String
    /// A telephone or an address.
    public var contact: String

    public init(name: String, relationship: String, contact: String) {
        self.name = name
        self.relationship = relationship
        self.contact = contact
    }
}

/// What a clerk or the health service records of the intake, at the admission or later; a field left `nil` keeps
/// what is recorded.
public struct IntakeDetails: Hashable, Sendable {
    public var medicalExamAt: LocalTime?
    public var medicalExamBy: String?
    public var nextOfKin: NextOfKin?
    public var familyNotifiedAt: LocalTime?
    public var familyNotifiedHow: String?
    public var rightsInformedAt: LocalTime?
    public var property: String?
    public var identifiedAt: LocalTime?
    public var identifiedHow: String?
    public var distinguishingMarks: String?
    public var consularNoticeAt: LocalTime?
    public var consularNotice: String?

    public init(
        medicalExamAt: LocalTime? = nil, medicalExamBy: String? = nil, nextOfKin: NextOfKin? = nil,
        familyNotifiedAt: LocalTime? = nil, familyNotifiedHow: String? = nil, rightsInformedAt: LocalTime? = nil,
        property: String? = nil, identifiedAt: LocalTime? = nil, identifiedHow: String? = nil,
        distinguishingMarks: String? = nil, consularNoticeAt: LocalTime? = nil, consularNotice: String? = nil
    ) {
        self.medicalExamAt = medicalExamAt
        self.medicalExamBy = medicalExamBy
        self.nextOfKin = nextOfKin
        self.familyNotifiedAt = familyNotifiedAt
        self.familyNotifiedHow = familyNotifiedHow
        self.rightsInformedAt = rightsInformedAt
        self.property = property
        self.identifiedAt = identifiedAt
        self.identifiedHow = identifiedHow
        self.distinguishingMarks = distinguishingMarks
        self.consularNoticeAt = consularNoticeAt
        self.consularNotice = consularNotice
    }

    /// The record as it stands after these details.
    public func applied(to record: IntakeRecord) -> IntakeRecord {
        var r = record
        if let medicalExamAt { r.medicalExamAt = medicalExamAt }
        if let medicalExamBy { r.medicalExamBy = medicalExamBy }
        if let nextOfKin { r.nextOfKin = nextOfKin }
        if let familyNotifiedAt { r.familyNotifiedAt = familyNotifiedAt }
        if let familyNotifiedHow { r.familyNotifiedHow = familyNotifiedHow }
        if let rightsInformedAt { r.rightsInformedAt = rightsInformedAt }
        if let property { r.property = property }
        if let identifiedAt { r.identifiedAt = identifiedAt }
        if let identifiedHow { r.identifiedHow = identifiedHow }
        if let distinguishingMarks { r.distinguishingMarks = distinguishingMarks }
        if let consularNoticeAt { r.consularNoticeAt = consularNoticeAt }
        if let consularNotice { r.consularNotice = consularNotice }
        return r
    }
}

/// Intake details for a person's open episode.
@dynamicMemberLookup
public struct IntakeUpdate: Hashable, Sendable {
    public var personID: Person.ID
    public var details: IntakeDetails

    public init(
        personID: Person.ID, medicalExamAt: LocalTime? = nil, medicalExamBy: String? = nil, nextOfKin: NextOfKin? = nil,
        familyNotifiedAt: LocalTime? = nil, familyNotifiedHow: String? = nil, rightsInformedAt: LocalTime? = nil,
        property: String? = nil
    ) {
        self.personID = personID
        self.details = IntakeDetails(
            medicalExamAt: medicalExamAt, medicalExamBy: medicalExamBy, nextOfKin: nextOfKin,
            familyNotifiedAt: familyNotifiedAt, familyNotifiedHow: familyNotifiedHow, rightsInformedAt: rightsInformedAt,
            property: property)
    }

    public init(personID: Person.ID, details: IntakeDetails) {
        self.personID = personID
        self.details = details
    }

    public subscript<Value>(dynamicMember path: KeyPath<IntakeDetails, Value>) -> Value { details[keyPath: path] }

    public func applied(to record: IntakeRecord) -> IntakeRecord { details.applied(to: record) }
}
