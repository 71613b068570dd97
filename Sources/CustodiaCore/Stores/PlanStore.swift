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
}
