import Store
import Testing

/// The Merkle tree of RFC 9162 section 2.1 (issue 17 point 5): the reference roots of RFC 6962's test data (the same
/// tree hashes), every inclusion and consistency proof up to 20 leaves verified by the RFC's algorithms, and any
/// tampering refused.
@Suite struct MerkleTreeTests {
    /// The eight leaves of the Certificate Transparency reference tests.
    static let leaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57], Array(0x60...0x6f),
    ]
    /// Their roots for 1 to 8 leaves (also computed here with Python's hashlib, an independent implementation).
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func tree(_ n: Int) -> [MerkleTree.Hash] { (0..<n).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), 7]) } }

    @Test func theReferenceRoots() {
        let hashes = Self.leaves.map(MerkleTree.leafHash)
        for size in 1...8 {
            #expect(Self.hex(MerkleTree.root(hashes.prefix(size))) == Self.roots[size - 1], "size \(size)")
        }
        #expect(
            Self.hex(MerkleTree.root([MerkleTree.Hash]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func everyInclusionProofVerifiesAndNothingElseDoes() {
        for n in 1...20 {
            let leaves = Self.tree(n)
            let root = MerkleTree.root(leaves)
            for index in 0..<n {
                let proof = MerkleTree.inclusionProof(index: index, leaves[...])
                #expect(MerkleTree.verifyInclusion(index: index, treeSize: n, leaf: leaves[index], proof: proof, root: root))
                // Another leaf, another place, a shorter proof: refused.
                let other = MerkleTree.leafHash([0xff])
                #expect(!MerkleTree.verifyInclusion(index: index, treeSize: n, leaf: other, proof: proof, root: root))
                if n > 1 {
                    #expect(
                        !MerkleTree.verifyInclusion(
                            index: (index + 1) % n, treeSize: n, leaf: leaves[index], proof: proof, root: root))
                    #expect(
                        !MerkleTree.verifyInclusion(
                            index: index, treeSize: n, leaf: leaves[index], proof: Array(proof.dropLast()), root: root))
                }
            }
            #expect(!MerkleTree.verifyInclusion(index: n, treeSize: n, leaf: leaves[0], proof: [], root: root))
        }
    }

    @Test func everyConsistencyProofVerifiesAndARewriteDoesNot() {
        for n in 1...20 {
            let leaves = Self.tree(n)
            let newRoot = MerkleTree.root(leaves)
            for m in 0...n {
                let oldRoot = MerkleTree.root(leaves.prefix(m))
                let proof = MerkleTree.consistencyProof(oldSize: m, leaves[...])
                #expect(
                    MerkleTree.verifyConsistency(oldSize: m, newSize: n, oldRoot: oldRoot, newRoot: newRoot, proof: proof),
                    "\(m) → \(n)")
                guard m > 0, m < n else { continue }
                // The old tree with one leaf rewritten: its root no longer fits the new tree.
                var rewritten = leaves
                rewritten[m - 1] = MerkleTree.leafHash([0xee])
                let forged = MerkleTree.root(rewritten.prefix(m))
                #expect(!MerkleTree.verifyConsistency(oldSize: m, newSize: n, oldRoot: forged, newRoot: newRoot, proof: proof))
                // A new tree whose old part was rewritten: no proof from it fits the old root.
                let rewrittenProof = MerkleTree.consistencyProof(oldSize: m, rewritten[...])
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: m, newSize: n, oldRoot: oldRoot, newRoot: MerkleTree.root(rewritten), proof: rewrittenProof))
                // A proof with a hash missing, or one too many.
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: m, newSize: n, oldRoot: oldRoot, newRoot: newRoot, proof: Array(proof.dropLast())))
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: m, newSize: n, oldRoot: oldRoot, newRoot: newRoot, proof: proof + [MerkleTree.emptyRoot]))
            }
        }
    }
}
