extension DomainEvent {
    /// A visitor registered, linked to a person they visit, or banned (issue 12 point 1). The document is in the
    /// payload: it is the identifier the intelligence unit links visitors by (point 7).
    public struct VisitorChanged: Codable, Sendable, Equatable {
        public var visitorID: Int64
        /// `registered`, `linked`, `banned`.
        public var action: String
        public var documentKind: String
        public var documentNumber: String
        public var personID: Int64?
        public var relationship: String?
        public var banID: Int64?

        public init(
            visitorID: Int64, action: String, documentKind: String, documentNumber: String, personID: Int64? = nil,
            relationship: String? = nil, banID: Int64? = nil
        ) {
            self.visitorID = visitorID
            self.action = action
            self.documentKind = documentKind
            self.documentNumber = documentNumber
            self.personID = personID
            self.relationship = relationship
            self.banID = banID
        }

        enum CodingKeys: String, CodingKey {
            case visitorID = "visitor_id", action, documentKind = "document_kind", documentNumber = "document_number"
            case personID = "person_id", relationship, banID = "ban_id"
        }
    }

    /// A visit booked, refused, checked in, checked out or cancelled, with its visitors and their documents.
    public struct VisitChanged: Codable, Sendable, Equatable {
        public var visitID: Int64
        /// `booked`, `refused`, `check_in`, `check_out`, `cancel`.
        public var action: String
        public var state: String
        public var kind: String
        public var establishmentCode: String
        /// The visit's first minute (`YYYY-MM-DDTHH:MM`, Lima).
        public var startsAt: String
        public var visitorIDs: [Int64]
        public var visitorDocuments: [String]
        /// The codes of the rules that refused it.
        public var refusal: [String]

        public init(
            visitID: Int64, action: String, state: String, kind: String, establishmentCode: String, startsAt: String,
            visitorIDs: [Int64], visitorDocuments: [String], refusal: [String]
        ) {
            self.visitID = visitID
            self.action = action
            self.state = state
            self.kind = kind
            self.establishmentCode = establishmentCode
            self.startsAt = startsAt
            self.visitorIDs = visitorIDs
            self.visitorDocuments = visitorDocuments
            self.refusal = refusal
        }

        enum CodingKeys: String, CodingKey {
            case visitID = "visit_id", action, state, kind, establishmentCode = "establishment_code"
            case startsAt = "starts_at", visitorIDs = "visitor_ids", visitorDocuments = "visitor_documents", refusal
        }
    }

    /// An establishment's visiting calendar set (VI-1): the days (Monday = 0), hours and seats.
    public struct VisitCalendarChanged: Codable, Sendable, Equatable {
        public var establishmentCode: String
        public var familyDays: [Int]
        public var familyHours: String
        public var professionalDays: [Int]
        public var professionalHours: String
        public var seats: Int?

        public init(
            establishmentCode: String, familyDays: [Int], familyHours: String, professionalDays: [Int],
            professionalHours: String, seats: Int?
        ) {
            self.establishmentCode = establishmentCode
            self.familyDays = familyDays
            self.familyHours = familyHours
            self.professionalDays = professionalDays
            self.professionalHours = professionalHours
            self.seats = seats
        }

        enum CodingKeys: String, CodingKey {
            case establishmentCode = "establishment_code", familyDays = "family_days", familyHours = "family_hours"
            case professionalDays = "professional_days", professionalHours = "professional_hours", seats
        }
    }
}
