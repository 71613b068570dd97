/// Aislamiento (docs/legal/peru-operations.md section 3, DS-3 … DS-6; Mandela Rules 43-46): a disciplinary
/// isolation decided by the Consejo Técnico Penitenciario in a motivated acta, after a medical report, for a number
/// of days. Consecutive isolations add up; the days in isolation count as days of solitary confinement (CL-13).
public struct Isolation: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Isolation, Int64>

    public var id: ID
    public var personID: Person.ID
    public var episodeID: CustodyEpisode.ID
    public var establishmentID: Establishment.ID
    public var establishmentCode: String
    public var startsOn: CivilDate
    /// The last day of isolation as decided (inclusive).
    public var plannedEndOn: CivilDate
    /// The last day actually spent in isolation, when it was lifted early.
    public var liftedOn: CivilDate?
    /// DS-7: the CTP's acta; DS-5: the medical report it follows.
    public var resolution: String
    public var medicalReport: String
    public var reason: String
    public var version: Int
    /// The daily health checks while isolated (DS-5, Mandela Rule 46), by day.
    public var checks: [IsolationCheck] = []

    public init(
        id: ID, personID: Person.ID, episodeID: CustodyEpisode.ID, establishmentID: Establishment.ID,
        establishmentCode: String, startsOn: CivilDate,
        plannedEndOn: CivilDate, liftedOn: CivilDate?, resolution: String, medicalReport: String, reason: String,
        version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.establishmentID = establishmentID
        self.establishmentCode = establishmentCode
        self.startsOn = startsOn
        self.plannedEndOn = plannedEndOn
        self.liftedOn = liftedOn
        self.resolution = resolution
        self.medicalReport = medicalReport
        self.reason = reason
        self.version = version
    }

    /// The last day spent (or to be spent) in isolation.
    public var endOn: CivilDate { liftedOn ?? plannedEndOn }
    public var days: Int { startsOn.days(until: endOn) + 1 }
    public func covers(_ day: CivilDate) -> Bool { startsOn <= day && day <= endOn }
}

/// A day's health check of a person in isolation (DS-5, Mandela Rule 46): the minute the health staff visited and who.
/// Meaningful human contact is recorded as every day's contact (CL-13, `ContactDay`).
public struct IsolationCheck: Hashable, Sendable {
    public var personID: Person.ID
    public var isolationID: Isolation.ID
    public var day: CivilDate
    public var at: LocalTime
    public var by: String
    public var note: String?

    public init(personID: Person.ID, isolationID: Isolation.ID, day: CivilDate, at: LocalTime, by: String, note: String? = nil) {
        self.personID = personID
        self.isolationID = isolationID
        self.day = day
        self.at = at
        self.by = by
        self.note = note
    }
}

/// An isolation asked for: the person, the first day and the number of days, the acta and the medical report with
/// what it says of the person (DS-4's protected groups the report certifies).
public struct IsolationRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var startsOn: CivilDate
    public var days: Int
    public var resolution: String
    public var reason: String
    /// DS-5: the medical report; `nil` when there is none.
    public var medicalReport: MedicalReport?

    public struct MedicalReport: Hashable, Sendable {
        public var reference: String
        /// DS-4: pregnant, postpartum or breastfeeding, a mother with her child in prison, a disability isolation would
        /// worsen — what the report certifies.
        public var protectedCondition: Bool

        public init(reference: String, protectedCondition: Bool = false) {
            self.reference = reference
            self.protectedCondition = protectedCondition
        }
    }

    public init(
        personID: Person.ID, startsOn: CivilDate, days: Int, resolution: String, reason: String,
        medicalReport: MedicalReport?
    ) {
        self.personID = personID
        self.startsOn = startsOn
        self.days = days
        self.resolution = resolution
        self.reason = reason
        self.medicalReport = medicalReport
    }

    public var endOn: CivilDate { startsOn.adding(days: days - 1) }
}

/// An isolation lifted before its planned end (the medical service or the Consejo may suspend it, DS-5): the last day
/// the person spent in isolation, and why.
public struct IsolationLift: Hashable, Sendable {
    public var personID: Person.ID
    public var isolationID: Isolation.ID
    public var lastDay: CivilDate
    public var reason: String

    public init(personID: Person.ID, isolationID: Isolation.ID, lastDay: CivilDate, reason: String) {
        self.personID = personID
        self.isolationID = isolationID
        self.lastDay = lastDay
        self.reason = reason
    }
}
