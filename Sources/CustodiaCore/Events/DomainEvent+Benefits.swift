extension DomainEvent {
    /// A benefit file opened or moved a step (issue 26; docs/legal/peru-relief.md BP-*). The court's system reads a
    /// `send` as the document package it receives; its acknowledgement, hearing and decision come back as steps.
    public struct BenefitFileChanged: Codable, Sendable, Equatable {
        public var fileID: Int64
        /// `semiliberty` or `conditional_release`.
        public var benefit: String
        /// `opened`, or the step: `document`, `not_applicable`, `request`, `send`, `acknowledge`, `hearing`, `grant`,
        /// `deny`, `appeal`, `release`, `revoke`.
        public var step: String
        public var state: String
        /// The day the step happened on.
        public var on: CivilDate
        public var establishmentCode: String
        public var court: String?
        /// A document's name, a denial's or a revocation's grounds.
        public var note: String?
        /// The documents of a file sent to the court.
        public var documents: [PackagedDocument]?

        public init(
            fileID: Int64, benefit: String, step: String, state: String, on: CivilDate, establishmentCode: String,
            court: String?, note: String?, documents: [PackagedDocument]?
        ) {
            self.fileID = fileID
            self.benefit = benefit
            self.step = step
            self.state = state
            self.on = on
            self.establishmentCode = establishmentCode
            self.court = court
            self.note = note
            self.documents = documents
        }

        enum CodingKeys: String, CodingKey {
            case fileID = "file_id", benefit, step, state, on, establishmentCode = "establishment_code", court, note, documents
        }
    }

    /// One document of a package sent to a court.
    public struct PackagedDocument: Codable, Sendable, Equatable {
        public var document: String
        /// `issued` or `not_applicable`.
        public var state: String
        public var issuedOn: CivilDate?
        public var issuer: String?
        public var reference: String?

        public init(document: String, state: String, issuedOn: CivilDate?, issuer: String?, reference: String?) {
            self.document = document
            self.state = state
            self.issuedOn = issuedOn
            self.issuer = issuer
            self.reference = reference
        }

        enum CodingKeys: String, CodingKey { case document, state, issuedOn = "issued_on", issuer, reference }
    }
}
