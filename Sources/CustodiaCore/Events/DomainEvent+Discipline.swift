extension DomainEvent {
    /// A disciplinary case opened or moved a step (DS-7 … DS-10; issue 12 point 4), with the measures it imposed.
    public struct DisciplineChanged: Codable, Sendable, Equatable {
        public struct Measure: Codable, Sendable, Equatable {
            public var kind: String
            public var startsOn: String
            public var days: Int

            public init(kind: String, startsOn: String, days: Int) {
                self.kind = kind
                self.startsOn = startsOn
                self.days = days
            }

            enum CodingKeys: String, CodingKey { case kind, startsOn = "starts_on", days }
        }

        public var caseID: Int64
        /// `opened`, `notify`, `descargo`, `descargo_lapsed`, `report`, `decide`, `appeal`, `appeal_result`.
        public var action: String
        public var state: String
        public var offenceCode: String
        public var incidentID: Int64?
        public var measures: [Measure]

        public init(
            caseID: Int64, action: String, state: String, offenceCode: String, incidentID: Int64?, measures: [Measure]
        ) {
            self.caseID = caseID
            self.action = action
            self.state = state
            self.offenceCode = offenceCode
            self.incidentID = incidentID
            self.measures = measures
        }

        enum CodingKeys: String, CodingKey {
            case caseID = "case_id", action, state, offenceCode = "offence_code", incidentID = "incident_id", measures
        }
    }
}

extension DomainEvent {
    /// A day's health check of an isolated person recorded (DS-5, Mandela Rule 46).
    public struct IsolationChecked: Codable, Sendable, Equatable {
        public var isolationID: Int64
        public var day: CivilDate
        /// The minute of the visit (`YYYY-MM-DDTHH:MM`, Lima).
        public var at: String

        public init(isolationID: Int64, day: CivilDate, at: String) {
            self.isolationID = isolationID
            self.day = day
            self.at = at
        }

        enum CodingKeys: String, CodingKey { case isolationID = "isolation_id", day, at }
    }
}
