import Foundation

/// The file a prison assembles so that a judge can decide a semilibertad or a liberación condicional (issue 26;
/// docs/legal/peru-relief.md section 1): its documents, the person's own request, the court it went to, the
/// hearing, the decision and what followed. One row keeps the latest state with its own version; `history` keeps
/// every step with who and when, and each step is an event.
public struct BenefitFile: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<BenefitFile, Int64>

    /// The two benefits a judge grants (BF-1, BF-2).
    public enum Benefit: String, Hashable, Sendable, CaseIterable, Codable {
        case semiliberty
        case conditionalRelease = "conditional_release"
    }

    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        /// Opened: documents being gathered.
        case assembling
        /// Every required document is in: it may be sent.
        case complete
        /// Sent to the court (BP-4's remittal).
        case sent
        /// The court set the hearing (BP-6).
        case hearingSet = "hearing_set"
        case granted, denied
        /// A decision appealed (BP-7: an appeal against a grant does not suspend it).
        case appealed
        /// The person left on the benefit: the grant's release executed.
        case released
        /// The benefit revoked (BP-11: a new conviction, or the rules of conduct broken).
        case revoked

        /// Still waiting for the prison or the court.
        public var isOpen: Bool { ![.denied, .released, .revoked].contains(self) }
    }

    /// The documents of the file (BP-3's default checklist; the list of the current text is [OPEN]).
    public enum Document: String, Hashable, Sendable, CaseIterable, Codable {
        /// (a) Certified copy of the sentence and its firmness.
        case sentence
        /// (b) Conduct and disciplinary certificate.
        case conduct
        /// (c) No pending case with a detention order, no requisitoria (national).
        case noDetentionOrder = "no_detention_order"
        /// (d) Work or study computation, only when redemption is claimed.
        case workStudy = "work_study"
        /// (e) The treatment body's legal, social and psychological reports.
        case legalReport = "legal_report", socialReport = "social_report", psychologicalReport = "psychological_report"
        /// (f) Domicile or lodging certificate.
        case domicile
        /// (g) Reparación civil and multa paid, or the guarantee the judge approved.
        case payment

        /// The unit that issues it (its author role).
        public var author: Author {
            switch self {
            case .sentence, .noDetentionOrder: .registry
            case .conduct: .security
            case .workStudy: .workAndEducation
            case .legalReport: .legal
            case .socialReport: .social
            case .psychologicalReport: .psychology
            case .domicile, .payment: .person
            }
        }

        /// Needed only when the person claims redemption: it may be marked not applicable.
        public var mayNotApply: Bool { self == .workStudy }
    }

    /// Who issues a document: a unit of the prison, or the person (with the family or the defence).
    public enum Author: String, Hashable, Sendable, CaseIterable, Codable {
        case registry, security, legal, social, psychology
        case workAndEducation = "work_and_education"
        case person
    }

    /// A document as recorded on the file.
    public struct DocumentRecord: Hashable, Sendable {
        public enum State: String, Hashable, Sendable, Codable {
            case pending, issued
            case notApplicable = "not_applicable"
        }

        public var document: Document
        public var state: State
        public var issuedOn: CivilDate?
        /// Who signed or issued it, and its number.
        public var issuer: String?
        public var reference: String?
        public var recordedBy: String?
        public var recordedAt: Date?

        public init(
            document: Document, state: State, issuedOn: CivilDate? = nil, issuer: String? = nil, reference: String? = nil,
            recordedBy: String? = nil, recordedAt: Date? = nil
        ) {
            self.document = document
            self.state = state
            self.issuedOn = issuedOn
            self.issuer = issuer
            self.reference = reference
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
        }

        /// In, for the file's completeness: issued, or not applicable.
        public var isIn: Bool { state != .pending }
    }

    /// One step of the file's life.
    public struct Change: Hashable, Sendable {
        public var step: String
        public var state: State
        /// The day the step happened on in the world (a document's date, the day sent, the hearing's day).
        public var on: CivilDate
        public var at: Date
        public var by: String
        public var note: String?
        /// The register's day the step was recorded on (the as-of day of the change); `nil` for steps recorded before
        /// it was kept, whose instant's day in Lima stands in.
        public var recordedOn: CivilDate?

        public init(
            step: String, state: State, on: CivilDate, at: Date, by: String, note: String?, recordedOn: CivilDate? = nil
        ) {
            self.step = step
            self.state = state
            self.on = on
            self.at = at
            self.by = by
            self.note = note
            self.recordedOn = recordedOn
        }

        /// The register's day of the step.
        public var registerDay: CivilDate { recordedOn ?? LocalTime(unixSeconds: at.timeIntervalSince1970).date }
    }

    public var id: ID
    public var personID: Person.ID
    public var establishmentCode: String
    public var benefit: Benefit
    /// The day the legal clock makes the person eligible, when the file was opened.
    public var eligibleFrom: CivilDate
    /// The version of the terms the file runs under.
    public var termsVersion: String
    public var openedOn: CivilDate
    /// The person's own request (or the defence's), when made.
    public var requestedOn: CivilDate?
    public var requestedBy: String?
    /// The court the file goes to (BP-5: the court of the case, stored, never assumed).
    public var court: String?
    public var completedOn: CivilDate?
    public var sentOn: CivilDate?
    /// The court's acknowledgement of the package.
    public var acknowledgedOn: CivilDate?
    public var hearingOn: CivilDate?
    public var decidedOn: CivilDate?
    public var grantedOn: CivilDate?
    /// A denial's grounds, and the day the person may ask again (BP-15).
    public var grounds: String?
    public var mayRequestAgainOn: CivilDate?
    public var appealedOn: CivilDate?
    public var appealedBy: String?
    public var releasedOn: CivilDate?
    public var revokedOn: CivilDate?
    public var state: State
    public var version: Int
    public var documents: [DocumentRecord]
    public var history: [Change]

    public init(
        id: ID, personID: Person.ID, establishmentCode: String, benefit: Benefit,
        eligibleFrom: CivilDate, termsVersion: String, openedOn: CivilDate, state: State, version: Int,
        documents: [DocumentRecord], history: [Change]
    ) {
        self.id = id
        self.personID = personID
        self.establishmentCode = establishmentCode
        self.benefit = benefit
        self.eligibleFrom = eligibleFrom
        self.termsVersion = termsVersion
        self.openedOn = openedOn
        self.state = state
        self.version = version
        self.documents = documents
        self.history = history
    }

    public var personNumber: PersonNumber { PersonNumber(id: personID) }

    /// Every document of the checklist in: the file may be sent.
    public var isComplete: Bool { Document.allCases.allSatisfy { document in record(document)?.isIn == true } }

    public func record(_ document: Document) -> DocumentRecord? { documents.first { $0.document == document } }

    /// The documents still missing.
    public var missing: [Document] { Document.allCases.filter { record($0)?.isIn != true } }
}

/// A step on a benefit file, as the legal area, the court (through the order exchange) or the release records it.
public enum BenefitStep: Hashable, Sendable {
    case document(BenefitFile.Document, issuedOn: CivilDate, issuer: String, reference: String?)
    case notApplicable(BenefitFile.Document, reason: String)
    /// The person's own request, or the defence's on their behalf (BP-2).
    case request(on: CivilDate, by: String)
    case send(on: CivilDate, court: String)
    case acknowledge(on: CivilDate)
    case hearing(on: CivilDate)
    case grant(on: CivilDate)
    case deny(on: CivilDate, grounds: String, mayRequestAgainOn: CivilDate?)
    case appeal(on: CivilDate, by: String)
    case release(on: CivilDate)
    case revoke(on: CivilDate, grounds: String)

    /// The step's name in events, history and the API.
    public var name: String {
        switch self {
        case .document: "document"
        case .notApplicable: "not_applicable"
        case .request: "request"
        case .send: "send"
        case .acknowledge: "acknowledge"
        case .hearing: "hearing"
        case .grant: "grant"
        case .deny: "deny"
        case .appeal: "appeal"
        case .release: "release"
        case .revoke: "revoke"
        }
    }

    /// The day the step happened on in the world; `nil` for a mark the legal area makes on the day it records it.
    public var day: CivilDate? {
        switch self {
        case .document(_, let on, _, _): on
        case .notApplicable: nil
        case .request(let on, _), .send(let on, _), .acknowledge(let on), .hearing(let on), .grant(let on),
            .deny(let on, _, _), .appeal(let on, _), .release(let on), .revoke(let on, _):
            on
        }
    }
}
