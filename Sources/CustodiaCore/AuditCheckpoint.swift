/// A signed checkpoint of the audit trail (issue 17 point 5; ADR 0028; RFC 9162's signed tree head): the number of
/// rows, the Merkle root over them, when, and an Ed25519 signature by a key kept outside the database. Held by outside
/// witnesses (as a file, or as the event `custodia.audit.checkpoint.v1`), it lets anyone prove later that the trail
/// still begins with those rows: a truncation, a rewrite re-hashed to keep the chain, or a deletion renumbered all
/// change the root. Signing and checking are the store's (`AuditCheckpoint.sign`, `isSigned(by:)`).
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    public static let currentFormat = "custodia-audit-checkpoint/1"

    public var format: String
    public var treeSize: Int
    /// The Merkle root, lowercase hexadecimal.
    public var rootHash: String
    public var issuedAt: String
    /// The signer's public key and the signature over `signedText`, base64.
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

    /// What is signed: every field but the signature and the key, one per line.
    public var signedText: String { "\(format)\n\(treeSize)\n\(rootHash)\n\(issuedAt)\n" }
}
