/// A disciplinary offence of the catalogue (DS-1): grave or leve, with its text and the article it comes from. The
/// list of D.Leg. 654 arts. 21-36 was not read [OPEN]: the catalogue is data, versioned by `validFrom`.
public struct Offence: Hashable, Sendable {
    public enum Gravity: String, Hashable, Sendable, CaseIterable, Codable { case grave, leve }

    public var code: String
    public var gravity: Gravity
    public var text: String
    public var article: String
    public var validFrom: CivilDate

    public init(code: String, gravity: Gravity, text: String, article: String, validFrom: CivilDate) {
        self.code = code
        self.gravity = gravity
        self.text = text
        self.article = article
        self.validFrom = validFrom
    }
}

/// The sanctions of the catalogue (DS-2). Peruvian maxima per type were not found [OPEN]: none is imposed here beyond
/// DS-3 … DS-6, which always apply.
public enum SanctionKind: String, Hashable, Sendable, CaseIterable, Codable {
    case reprimand = "amonestacion"
    case noLeave = "privacion_permisos"
    /// Calls and correspondence limited.
    case communications = "limitacion_comunicaciones"
    /// Family and intimate visits suspended (lawyers never, VI-8; DS-11).
    case visits = "limitacion_visitas"
    case noRecreation = "privacion_actos_recreativos"
    /// Disciplinary isolation: an isolation order under DS-3 … DS-5.
    case isolation = "aislamiento"

    /// Whether the sanction lasts a number of days (all but a reprimand).
    public var lasts: Bool { self != .reprimand }
}

/// One measure of a decision: its kind and, for those that last, from when and for how many days.
public struct SanctionMeasure: Hashable, Sendable {
    public var kind: SanctionKind
    public var startsOn: CivilDate
    public var days: Int

    public init(kind: SanctionKind, startsOn: CivilDate, days: Int) {
        self.kind = kind
        self.startsOn = startsOn
        self.days = days
    }

    /// The last day it applies (the first for a reprimand).
    public var endOn: CivilDate { startsOn.adding(days: max(days, 1) - 1) }
    public func covers(_ day: CivilDate) -> Bool { kind.lasts && startsOn <= day && day <= endOn }
}

/// A disciplinary case (DS-7): charged from an incident or on its own, notified in writing, the descargo (or its
/// period run out), the Jefe de Seguridad's report (within 15 days), the Consejo Técnico Penitenciario's acta,
/// the appeal and its result.
public struct DisciplineCase: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<DisciplineCase, Int64>

    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        case opened, notified, heard, reported, decided, appealed, closed
    }

    public enum Outcome: String, Hashable, Sendable, CaseIterable, Codable { case sanctioned, acquitted }

    public enum AppealResult: String, Hashable, Sendable, CaseIterable, Codable { case upheld, annulled }

    public var id: ID
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    public var establishmentCode: String
    public var offence: Offence
    public var incidentID: Incident.ID?
    /// What the person is charged with having done.
    public var act: String
    public var occurredOn: CivilDate
    public var openedOn: CivilDate
    public var openedBy: String
    public var notifiedOn: CivilDate?
    public var notice: String?
    public var descargoOn: CivilDate?
    public var descargo: String?
    public var defender: String?
    /// The descargo period ran out with no descargo: recorded, so the opportunity is on file (DS-7).
    public var descargoLapsed: Bool
    public var reportOn: CivilDate?
    public var report: String?
    public var decidedOn: CivilDate?
    public var acta: String?
    public var outcome: Outcome?
    public var measures: [SanctionMeasure]
    public var appealOn: CivilDate?
    public var appeal: String?
    public var appealResult: AppealResult?
    public var appealResultOn: CivilDate?
    public var appealResultText: String?
    public var state: State
    public var version: Int

    public init(
        id: ID, personID: Person.ID, establishmentID: Establishment.ID, establishmentCode: String, offence: Offence,
        incidentID: Incident.ID?, act: String, occurredOn: CivilDate, openedOn: CivilDate, openedBy: String,
        state: State = .opened, version: Int = 1
    ) {
        self.id = id
        self.personID = personID
        self.establishmentID = establishmentID
        self.establishmentCode = establishmentCode
        self.offence = offence
        self.incidentID = incidentID
        self.act = act
        self.occurredOn = occurredOn
        self.openedOn = openedOn
        self.openedBy = openedBy
        self.descargoLapsed = false
        self.measures = []
        self.state = state
        self.version = version
    }

    /// DS-8: the Jefe de Seguridad's report is due 15 calendar days after the case was opened.
    public var reportDue: CivilDate { openedOn.adding(days: 15) }
    /// DS-8 [OPEN]: the descargo is due 3 working days after the written notification.
    public var descargoDue: CivilDate? { notifiedOn.map { WorkingDays.adding(3, after: $0) } }
    /// DS-9 [OPEN]: an appeal within 15 working days of the decision.
    public var appealDue: CivilDate? { decidedOn.map { WorkingDays.adding(15, after: $0) } }
    /// Whether the case ended in sanctions that stand (not annulled on appeal).
    public var sanctionStands: Bool { outcome == .sanctioned && appealResult != .annulled }
}

/// A charge: the person, the offence of the catalogue, the act, and the incident it comes from if any. A charge
/// against a whole pavilion is collective punishment (DS-6) and is refused.
public struct DisciplineCharge: Hashable, Sendable {
    public var personID: Person.ID?
    public var pavilionCode: String?
    public var offenceCode: String
    public var incidentID: Incident.ID?
    public var act: String
    public var occurredOn: CivilDate

    public init(
        personID: Person.ID?, pavilionCode: String? = nil, offenceCode: String, incidentID: Incident.ID? = nil, act: String,
        occurredOn: CivilDate
    ) {
        self.personID = personID
        self.pavilionCode = pavilionCode
        self.offenceCode = offenceCode
        self.incidentID = incidentID
        self.act = act
        self.occurredOn = occurredOn
    }
}

/// A step of a case after it is opened.
public enum DisciplineStep: Hashable, Sendable {
    /// The written notification of the alleged offence.
    case notify(on: CivilDate, notice: String)
    /// The person's written descargo, with their defender (or none).
    case descargo(on: CivilDate, text: String, defender: String?)
    /// The descargo period ran out with none given.
    case descargoLapsed(on: CivilDate)
    /// The Jefe de Seguridad's report, with the evidence for and against.
    case report(on: CivilDate, text: String)
    /// The Consejo Técnico Penitenciario's motivated acta.
    case decide(DisciplineDecision)
    case appeal(on: CivilDate, text: String)
    case appealResult(on: CivilDate, result: DisciplineCase.AppealResult, text: String)

    public var name: String {
        switch self {
        case .notify: "notify"
        case .descargo: "descargo"
        case .descargoLapsed: "descargo_lapsed"
        case .report: "report"
        case .decide: "decide"
        case .appeal: "appeal"
        case .appealResult: "appeal_result"
        }
    }
}

/// The CTP's decision: the acta, acquittal or the measures; for an isolation, the medical report it follows (DS-5).
public struct DisciplineDecision: Hashable, Sendable {
    public var on: CivilDate
    public var acta: String
    public var outcome: DisciplineCase.Outcome
    public var measures: [SanctionMeasure]
    public var medicalReport: IsolationRequest.MedicalReport?

    public init(
        on: CivilDate, acta: String, outcome: DisciplineCase.Outcome, measures: [SanctionMeasure] = [],
        medicalReport: IsolationRequest.MedicalReport? = nil
    ) {
        self.on = on
        self.acta = acta
        self.outcome = outcome
        self.measures = measures
        self.medicalReport = medicalReport
    }
}
