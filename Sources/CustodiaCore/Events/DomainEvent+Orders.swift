extension DomainEvent {
    /// An order received electronically changed state (issue 13 point 2): received, held for a clerk, matched,
    /// accepted, cleared by a legal officer, executed or refused. The issuer reads it as its acknowledgement.
    public struct InboundOrderChanged: Codable, Sendable, Equatable {
        public var orderID: Int64
        /// `received`, `held`, `matched`, `accepted`, `cleared`, `executed`, `refused`.
        public var action: String
        public var state: String
        public var kind: String
        public var client: String
        public var issuerOrderID: String?
        public var caseNumber: String
        public var establishmentCode: String?
        /// Why: a refusal's codes, a hold's candidates, a legal check's reason.
        public var note: String?

        public init(
            orderID: Int64, action: String, state: String, kind: String, client: String, issuerOrderID: String?,
            caseNumber: String, establishmentCode: String?, note: String?
        ) {
            self.orderID = orderID
            self.action = action
            self.state = state
            self.kind = kind
            self.client = client
            self.issuerOrderID = issuerOrderID
            self.caseNumber = caseNumber
            self.establishmentCode = establishmentCode
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case orderID = "order_id", action, state, kind, client, issuerOrderID = "issuer_order_id"
            case caseNumber = "case_number", establishmentCode = "establishment_code", note
        }
    }
}
