import Foundation

/// A plan as stored (issue 14 point 3): its document (the inputs, the result, the bounds and the gap, as JSON), who made
/// it and when. A plan is never changed once stored: a new plan is a new document.
public struct StoredPlan: Sendable, Hashable {
    public var id: Int64
    /// `transfers` (and `capacity` once capacity expansion lands).
    public var kind: String
    public var createdAt: Date
    public var createdBy: String
    public var document: String
    public var version: Int

    public init(id: Int64, kind: String, createdAt: Date, createdBy: String, document: String, version: Int) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.document = document
        self.version = version
    }
}

/// The plans that relieve overcrowding, kept as documents.
public protocol PlanStore: Sendable {
    /// Stores a plan's document with its audit row, in one transaction.
    func savePlan(kind: String, document: String, actor: Actor) async throws -> StoredPlan
    func plan(id: Int64) async throws -> StoredPlan?
    /// Turns a stored plan's route into transfer requests: refused (422) when the plan has no such route or fewer persons
    /// on it than asked; `notFound` for no such plan.
    func requestPlannedTransfers(_ request: PlannedTransferRequest, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PlannedTransfers>
}

/// A plan's route turned into transfer requests (issue 14 point 3): up to `persons` of the route's sex held at `from`
/// are asked to move to `to`, each with `requestTransfer` (the placement check at the destination, in its own
/// transaction, audited, with its event), under the plan's ground and reason.
public struct PlannedTransferRequest: Hashable, Sendable {
    public var planID: Int64
    public var from: String
    public var to: String
    public var sex: Sex
    public var persons: Int
    public var requestedOn: CivilDate

    public init(planID: Int64, from: String, to: String, sex: Sex, persons: Int, requestedOn: CivilDate) {
        self.planID = planID
        self.from = from
        self.to = to
        self.sex = sex
        self.persons = persons
        self.requestedOn = requestedOn
    }
}

/// What a route's requests came to: the transfers requested, and each person examined and not requested with the
/// placement check's reasons (a keep-apart record at the destination, a court hearing, no pavilion of their legal status
/// with room …).
public struct PlannedTransfers: Hashable, Sendable {
    public struct Refusal: Hashable, Sendable {
        public var personID: Person.ID
        public var messages: [ValidationMessage]

        public init(personID: Person.ID, messages: [ValidationMessage]) {
            self.personID = personID
            self.messages = messages
        }
    }

    public var requested: [Transfer]
    public var refused: [Refusal]

    public init(requested: [Transfer], refused: [Refusal]) {
        self.requested = requested
        self.refused = refused
    }
}
