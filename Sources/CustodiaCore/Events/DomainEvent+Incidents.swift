extension DomainEvent {
    /// An incident reported, an addendum added to it, or its state changed (issue 12 points 3 and 7). The persons,
    /// the visitors' documents and the seized phones' IMEIs are in the payload: they are what the intelligence unit
    /// links incidents by.
    public struct IncidentChanged: Codable, Sendable, Equatable {
        public var incidentID: Int64
        /// `reported`, `addendum`, `state`.
        public var action: String
        public var kind: String
        public var state: String
        public var establishmentCode: String
        /// The minute it happened (`YYYY-MM-DDTHH:MM`, Lima).
        public var occurredAt: String
        public var personIDs: [Int64]
        public var visitorIDs: [Int64]
        public var visitorDocuments: [String]
        public var imeis: [String]
        /// Seized quantities by category (INC-3).
        public var seized: [String: Double]

        public init(
            incidentID: Int64, action: String, kind: String, state: String, establishmentCode: String, occurredAt: String,
            personIDs: [Int64], visitorIDs: [Int64], visitorDocuments: [String], imeis: [String], seized: [String: Double]
        ) {
            self.incidentID = incidentID
            self.action = action
            self.kind = kind
            self.state = state
            self.establishmentCode = establishmentCode
            self.occurredAt = occurredAt
            self.personIDs = personIDs
            self.visitorIDs = visitorIDs
            self.visitorDocuments = visitorDocuments
            self.imeis = imeis
            self.seized = seized
        }

        enum CodingKeys: String, CodingKey {
            case incidentID = "incident_id", action, kind, state, establishmentCode = "establishment_code"
            case occurredAt = "occurred_at", personIDs = "person_ids", visitorIDs = "visitor_ids"
            case visitorDocuments = "visitor_documents", imeis, seized
        }
    }
}
