import Foundation

/// One entry of the event log as a consumer reads it.
public struct EventRecord: Sendable, Equatable {
    /// Strictly increasing in commit order: a consumer that read up to a position never misses a later event.
    public var position: Int64
    public var type: String
    public var occurredAt: Date
    public var actor: String
    public var personID: Person.ID?
    public var establishmentCode: String?
    /// The payload, JSON text.
    public var payload: String

    public init(
        position: Int64, type: String, occurredAt: Date, actor: String, personID: Person.ID?, establishmentCode: String?,
        payload: String
    ) {
        self.position = position
        self.type = type
        self.occurredAt = occurredAt
        self.actor = actor
        self.personID = personID
        self.establishmentCode = establishmentCode
        self.payload = payload
    }
}
