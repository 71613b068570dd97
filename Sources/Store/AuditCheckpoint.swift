import Crypto
import CustodiaCore
import Foundation

extension AuditCheckpoint {
    public static func sign(
        treeSize: Int, root: MerkleTree.Hash, issuedAt: Date, key: Curve25519.Signing.PrivateKey
    ) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(
            format: currentFormat, treeSize: treeSize, rootHash: Hex.encode(root), issuedAt: Instant.iso(issuedAt),
            publicKey: key.publicKey.rawRepresentation.base64EncodedString(), signature: "")
        checkpoint.signature = try key.signature(for: Data(checkpoint.signedText.utf8)).base64EncodedString()
        return checkpoint
    }

    /// Whether the signature is the given key's over this checkpoint's fields.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard format == Self.currentFormat, let bytes = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(bytes, for: Data(signedText.utf8))
    }

    /// The root as bytes; `nil` when it is not 64 hexadecimal digits.
    public var root: MerkleTree.Hash? { AuditKeys.bytes(hex: rootHash) }
}

/// The checkpoint key: an Ed25519 private key in a file outside the database (base64 of its 32 bytes), and its public
/// half next to it (`.pub`), which witnesses keep.
public enum AuditKeys {
    public struct KeyError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func generate() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (key.rawRepresentation.base64EncodedString(), key.publicKey.rawRepresentation.base64EncodedString())
    }

    /// A private key from its base64 text (a key just generated, in tests); a text that is not one is a programming error.
    public static func privateKey(base64 text: String) -> Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: Data(base64Encoded: text)!)
    }

    public static func privateKey(file path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else { throw KeyError(description: "\(path): not a Custodia checkpoint key (base64 of 32 bytes)") }
        return key
    }

    public static func publicKey(file path: String) throws -> Curve25519.Signing.PublicKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let key = publicKey(base64: text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw KeyError(description: "\(path): not a Custodia checkpoint public key (base64 of 32 bytes)") }
        return key
    }

    public static func publicKey(base64 text: String) -> Curve25519.Signing.PublicKey? {
        Data(base64Encoded: text).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// What a checkpoint says of the trail as it is now.
public enum CheckpointVerification: Sendable, Equatable, CustomStringConvertible {
    /// The trail begins with the checkpoint's rows: the consistency proof (of `proofLength` hashes) from its size to
    /// today's verifies.
    case consistent(treeSize: Int, currentSize: Int, proofLength: Int)
    /// Not signed by the key given (or altered since).
    case badSignature
    /// Fewer rows now than the checkpoint counted.
    case truncated(treeSize: Int, currentSize: Int)
    /// The first `treeSize` rows no longer hash to the checkpoint's root: rewritten, removed or reordered.
    case rewritten(treeSize: Int)

    public var isConsistent: Bool {
        if case .consistent = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .consistent(let size, let current, let proof):
            "consistent: the trail's \(current) rows begin with the checkpoint's \(size) (consistency proof of \(proof) hashes)"
        case .badSignature: "the checkpoint's signature does not verify with the key given"
        case .truncated(let size, let current):
            "truncated: the checkpoint counted \(size) rows, the trail holds \(current)"
        case .rewritten(let size): "rewritten: the first \(size) rows no longer hash to the checkpoint's root"
        }
    }
}

extension SQLAuditLog {
    /// The Merkle leaves of the trail, oldest first: each row's own hash (which covers its content and the row before
    /// it), read in slices.
    public func leafHashes(batch: Int = 20_000) async throws -> [MerkleTree.Hash] {
        var leaves: [MerkleTree.Hash] = []
        var after: Int64 = 0
        while true {
            let from = after
            let rows = try await database.read { sql in
                try await sql.execute(
                    "SELECT seq, hash FROM audit_trail WHERE seq > $1 ORDER BY seq LIMIT \(batch)", [from])
            }
            for row in rows {
                after = try row.int64("seq")
                leaves.append(MerkleTree.leafHash(AuditKeys.bytes(hex: try row.string("hash")) ?? []))
            }
            if rows.count < batch { break }
        }
        return leaves
    }

    /// A checkpoint of the trail as it is now, signed with `key`.
    public func checkpoint(key: Curve25519.Signing.PrivateKey) async throws -> AuditCheckpoint {
        let leaves = try await leafHashes()
        return try AuditCheckpoint.sign(treeSize: leaves.count, root: MerkleTree.root(leaves), issuedAt: now(), key: key)
    }

    /// Each checkpoint against the trail as it is now, in the order given.
    public func verify(_ checkpoints: [AuditCheckpoint], publicKey: Curve25519.Signing.PublicKey) async throws
        -> [CheckpointVerification]
    {
        let leaves = try await leafHashes()
        let current = MerkleTree.root(leaves)
        return checkpoints.map { checkpoint in
            guard checkpoint.isSigned(by: publicKey), let root = checkpoint.root else { return .badSignature }
            guard checkpoint.treeSize <= leaves.count else {
                return .truncated(treeSize: checkpoint.treeSize, currentSize: leaves.count)
            }
            let proof = MerkleTree.consistencyProof(oldSize: checkpoint.treeSize, leaves[...])
            guard
                MerkleTree.verifyConsistency(
                    oldSize: checkpoint.treeSize, newSize: leaves.count, oldRoot: root, newRoot: current, proof: proof)
            else { return .rewritten(treeSize: checkpoint.treeSize) }
            return .consistent(treeSize: checkpoint.treeSize, currentSize: leaves.count, proofLength: proof.count)
        }
    }
}

/// One row's inclusion proof (RFC 9162 section 2.1.3), for an outside auditor: the row as stored, its place, the tree it
/// is proven in, and the hashes from its leaf to that tree's root.
public struct AuditInclusion: Sendable, Equatable {
    public var row: AuditRecord
    public var leafIndex: Int
    public var treeSize: Int
    public var root: MerkleTree.Hash
    public var proof: [MerkleTree.Hash]
}

extension SQLAuditLog {
    /// The inclusion proof of row `sequence` in the tree of the first `treeSize` rows (all of them when `nil`); `nil`
    /// when the row is not in that tree.
    public func inclusion(of sequence: Int64, treeSize: Int? = nil) async throws -> AuditInclusion? {
        let leaves = try await leafHashes()
        let size = treeSize ?? leaves.count
        guard sequence >= 1, sequence <= Int64(size), size <= leaves.count else { return nil }
        guard
            let row = try await database.read({ sql in
                try await sql.execute("SELECT \(AuditChain.columns) FROM audit_trail WHERE seq = $1", [sequence]).first
                    .map(AuditChain.decode)
            })
        else { return nil }
        let tree = leaves[0..<size]
        let index = Int(sequence - 1)
        return AuditInclusion(
            row: row, leafIndex: index, treeSize: size, root: MerkleTree.root(tree),
            proof: MerkleTree.inclusionProof(index: index, tree))
    }
}

extension SQLAuditLog {
    /// Puts a checkpoint in the event log, so the subscriptions that follow it (the Ombudsman's) receive and keep it.
    public func publish(_ checkpoint: AuditCheckpoint, actor: String) async throws {
        try await database.transaction { sql in
            try await EventLog.append(
                .auditCheckpointed(checkpoint),
                at: now(), actor: actor, person: nil, establishment: nil, on: sql)
        }
    }
}
