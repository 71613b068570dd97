import Foundation

/// An order a court, a prosecutor's office or the police sent electronically (issue 13; ADR 0024): received,
/// matched to the register, accepted by the establishment's clerk, executed, or refused with reasons. One row keeps
/// the latest state with its own version; `history` keeps every step with who and when, and each step is an event.
public struct InboundOrder: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<InboundOrder, Int64>

    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        /// Stored; nobody in the register identified yet (an admission order for a person not registered).
        case received
        /// Held for a clerk: the identity matched more than one person, or matched one only in part. Never guessed.
        case held
        /// The person is identified.
        case matched
        /// The establishment's clerk confirmed it.
        case accepted
        /// Done in the register: the person released, the order recorded on the case, the suspension counted.
        case executed
        /// Refused, with the register's reasons.
        case refused

        /// Still waiting for someone: the inbox shows these.
        public var isOpen: Bool { self != .executed && self != .refused }
    }

    /// What the order tells the prison service to do.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case detention
        case pretrialDetention = "pretrial_detention"
        case prolongation, adecuacion
        case appealProlongation = "appeal_prolongation"
        case appealedConviction = "appealed_conviction"
        case sentence, release
        /// CPP art. 275: the pretrial term does not run for the days given.
        case suspension
        /// A transfer a court ordered (TR-3, mandato judicial).
        case transfer
        /// The court's word on a benefit file it received (issue 26 point 3): the file acknowledged, the hearing's
        /// date, or a denial. Recorded on the file at receipt; a grant comes as a release order by benefit.
        case benefitDecision = "benefit_decision"

        /// Orders that bring a person into custody: they are executed by an admission.
        public var admits: Bool { self == .detention || self == .pretrialDetention }
    }

    /// Why a release order frees the person (the register's ground is always a court order).
    public enum ReleaseReason: String, Hashable, Sendable, CaseIterable, Codable {
        case acquittal
        case expiredTerm = "expired_term"
        case benefit
        case sentenceServed = "sentence_served"
        case comparecencia
        case other
    }

    public var id: ID
    /// The client (token) that sent it, and its kind of institution.
    public var client: String
    public var clientKind: ClientKind
    public var issuerOrderID: String?
    public var content: InboundOrderContent
    public var personID: Person.ID?
    /// Persons the identity could be, when held for a clerk.
    public var candidates: [Person.ID]
    public var caseID: LegalCase.ID?
    /// Where the person is held (or last was): the establishment whose inbox shows the order.
    public var establishmentCode: String?
    public var state: State
    public var version: Int
    public var receivedAt: Date
    /// The register's minute it arrived at, and for a release order the minute it must have been executed by.
    public var receivedMinute: LocalTime
    public var releaseDue: LocalTime?
    /// A release order for a person held under another case too waits for a legal officer (issue 13 point 3):
    /// the reason, and who cleared it and when.
    public var legalCheck: LegalCheck?
    public var history: [Change]
    /// The transfer a court-ordered transfer was executed by, once requested.
    public var transferID: Transfer.ID?

    public init(
        id: ID, client: String, clientKind: ClientKind, issuerOrderID: String?, content: InboundOrderContent,
        personID: Person.ID?, candidates: [Person.ID], caseID: LegalCase.ID?, establishmentCode: String?, state: State,
        version: Int, receivedAt: Date, receivedMinute: LocalTime, releaseDue: LocalTime?, legalCheck: LegalCheck?,
        history: [Change], transferID: Transfer.ID? = nil
    ) {
        self.id = id
        self.client = client
        self.clientKind = clientKind
        self.issuerOrderID = issuerOrderID
        self.content = content
        self.personID = personID
        self.candidates = candidates
        self.caseID = caseID
        self.establishmentCode = establishmentCode
        self.state = state
        self.version = version
        self.receivedAt = receivedAt
        self.receivedMinute = receivedMinute
        self.releaseDue = releaseDue
        self.legalCheck = legalCheck
        self.history = history
        self.transferID = transferID
    }

    public struct LegalCheck: Hashable, Sendable {
        /// The other cases with detention, as the legal officer reads them.
        public var reason: String
        public var clearedBy: String?
        public var clearedAt: Date?

        public init(reason: String, clearedBy: String? = nil, clearedAt: Date? = nil) {
            self.reason = reason
            self.clearedBy = clearedBy
            self.clearedAt = clearedAt
        }

        public var isPending: Bool { clearedAt == nil }
    }

    /// One step of the order's life.
    public struct Change: Hashable, Sendable {
        public var state: State
        public var at: Date
        public var by: String
        /// Why (a refusal's reasons, a legal officer's note), when said.
        public var note: String?

        public init(state: State, at: Date, by: String, note: String?) {
            self.state = state
            self.at = at
            self.by = by
            self.note = note
        }
    }

    /// Whether a release order is still not executed past its time, at the register's minute `now`.
    public func releaseOverdue(at now: LocalTime) -> Bool { state.isOpen && (releaseDue.map { now > $0 } ?? false) }

    /// The instant it was executed, from its history.
    public var executedAt: Date? { history.last { $0.state == .executed }?.at }
}

/// What the issuer said: the court, the judge, the resolution, the case, the person, and what to do.
public struct InboundOrderContent: Hashable, Sendable {
    public var kind: InboundOrder.Kind
    public var court: String
    public var judge: String
    public var resolution: String
    public var issuedOn: CivilDate
    public var caseNumber: CaseNumber
    public var judicialDistrict: String
    public var subject: OrderSubject
    /// The terms of a court order (prisión preventiva, prolongation, sentence …); `.release` for a release.
    public var terms: CourtOrder.Kind?
    public var releaseReason: InboundOrder.ReleaseReason?
    /// An art. 275 suspension's days.
    public var suspensionFrom: CivilDate?
    public var suspensionUntil: CivilDate?
    /// A court-ordered transfer's destination.
    public var transferTo: String?
    /// A release by benefit: the file the court granted (issue 26 point 3); the order's receipt records the grant.
    /// A benefit decision: the file it is about.
    public var benefitFileID: BenefitFile.ID?
    /// A benefit decision: what the court decided.
    public var benefitDecision: BenefitDecision?

    public init(
        kind: InboundOrder.Kind, court: String, judge: String, resolution: String, issuedOn: CivilDate, caseNumber: CaseNumber,
        judicialDistrict: String, subject: OrderSubject, terms: CourtOrder.Kind? = nil,
        releaseReason: InboundOrder.ReleaseReason? = nil, suspensionFrom: CivilDate? = nil, suspensionUntil: CivilDate? = nil,
        transferTo: String? = nil, benefitFileID: BenefitFile.ID? = nil, benefitDecision: BenefitDecision? = nil
    ) {
        self.benefitFileID = benefitFileID
        self.benefitDecision = benefitDecision
        self.kind = kind
        self.court = court
        self.judge = judge
        self.resolution = resolution
        self.issuedOn = issuedOn
        self.caseNumber = caseNumber
        self.judicialDistrict = judicialDistrict
        self.subject = subject
        self.terms = terms
        self.releaseReason = releaseReason
        self.suspensionFrom = suspensionFrom
        self.suspensionUntil = suspensionUntil
        self.transferTo = transferTo
    }

    /// The step a benefit decision takes on its file: the acknowledgement and the denial on the day the order was
    /// issued, the hearing on its own day.
    public var benefitStep: BenefitStep? {
        switch benefitDecision {
        case .acknowledged: .acknowledge(on: issuedOn)
        case .hearing(let on): .hearing(on: on)
        case .denied(let grounds, let again): .deny(on: issuedOn, grounds: grounds, mayRequestAgainOn: again)
        case nil: nil
        }
    }

    /// The order as the register records it on the person's case.
    public var courtOrder: NewOrder? {
        terms.map { NewOrder(kind: $0, issuingCourt: court, issuedOn: issuedOn, reference: resolution) }
    }
}

/// What a court decided on a benefit file it received (BP-5 to BP-6).
public enum BenefitDecision: Hashable, Sendable {
    case acknowledged
    case hearing(on: CivilDate)
    case denied(grounds: String, mayRequestAgainOn: CivilDate?)

    /// Its name in the API and the database.
    public var code: String {
        switch self {
        case .acknowledged: "acknowledged"
        case .hearing: "hearing_set"
        case .denied: "denied"
        }
    }

    /// The hearing's day, of a hearing set.
    public var hearingOn: CivilDate? {
        if case .hearing(let on) = self { return on }
        return nil
    }

    /// The grounds and the day the person may ask again, of a denial.
    public var grounds: String? {
        if case .denied(let grounds, _) = self { return grounds }
        return nil
    }

    public var mayRequestAgainOn: CivilDate? {
        if case .denied(_, let again) = self { return again }
        return nil
    }
}

/// Whom the order is about: a person number, or an identity to match against the register.
public enum OrderSubject: Hashable, Sendable {
    case personNumber(PersonNumber)
    case identity(OrderIdentity)
}

public struct OrderIdentity: Hashable, Sendable {
    public var document: IdentityDocument
    public var name: PersonName
    public var birthDate: CivilDate?

    public init(document: IdentityDocument, name: PersonName, birthDate: CivilDate?) {
        self.document = document
        self.name = name
        self.birthDate = birthDate
    }
}

/// An order as it arrives, with the key that makes a retry safe: the `Idempotency-Key` header, or the issuer's own
/// order id. The fingerprint is the canonical body's SHA-256: a retry under the same key with another body is refused.
public struct InboundOrderRequest: Hashable, Sendable {
    public var idempotencyKey: String
    public var fingerprint: String
    public var issuerOrderID: String?
    public var content: InboundOrderContent

    public init(idempotencyKey: String, fingerprint: String, issuerOrderID: String?, content: InboundOrderContent) {
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.issuerOrderID = issuerOrderID
        self.content = content
    }
}

/// What a receipt answered: a new order, the same order again (a retry), or a key reused with another body.
public enum OrderReceipt: Sendable {
    case created(InboundOrder)
    case replayed(InboundOrder)
    case keyReused
}

/// A clerk's or a legal officer's step on an order.
public struct OrderStep: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable, Codable {
        /// A clerk names the person a held order is about.
        case match
        /// The establishment confirms the order.
        case accept
        /// A legal officer has read the other cases: the release may go ahead.
        case clear
        /// Done in the register.
        case execute
        case refuse
    }

    public var id: InboundOrder.ID
    public var action: Action
    public var personNumber: PersonNumber?
    /// Executing a court-ordered transfer: the destination's pavilion.
    public var pavilionCode: String? = nil
    /// The instant of a release (local minute of the day executed), when executing a release.
    public var at: TimeOfDay?
    public var note: String?

    public init(id: InboundOrder.ID, action: Action, personNumber: PersonNumber? = nil, at: TimeOfDay? = nil, note: String? = nil)
    {
        self.id = id
        self.action = action
        self.personNumber = personNumber
        self.at = at
        self.note = note
    }
}
