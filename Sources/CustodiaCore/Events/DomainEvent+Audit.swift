extension DomainEvent {
    /// A signed checkpoint of the audit trail (issue 17 point 5; ADR 0028): the trail's size and Merkle root, when, and
    /// the Ed25519 signature with its public key. Subscribers (the Ombudsman's) keep it as outside witnesses.
    public struct AuditCheckpointed: Codable, Sendable, Equatable {
        public var format: String
        public var treeSize: Int
        public var rootHash: String
        public var issuedAt: String
        public var publicKey: String
        public var signature: String

        public init(format: String, treeSize: Int, rootHash: String, issuedAt: String, publicKey: String, signature: String) {
            self.format = format
            self.treeSize = treeSize
            self.rootHash = rootHash
            self.issuedAt = issuedAt
            self.publicKey = publicKey
            self.signature = signature
        }

        enum CodingKeys: String, CodingKey {
            case format, treeSize = "tree_size", rootHash = "root_hash", issuedAt = "issued_at", publicKey = "public_key"
            case signature
        }
    }
}
