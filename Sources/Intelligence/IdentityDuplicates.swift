import CustodiaCore

/// The register's likely duplicates (issue 16 point 1): every record indexed under its blocks — its document, both
/// surnames, the given names with the paternal surname, the sounds of both surnames in either order, the sounds of the
/// given names with the maternal surname — and every pair that shares a block compared once by `IdentityMatcher`;
/// the pairs it does not call different, the heaviest first. A block larger than `largestBlock` is skipped and
/// counted (a name so common its pairs say nothing). Deterministic.
public enum IdentityDuplicates {
    public struct Pair: Sendable, Hashable {
        public var first: Person.ID
        public var second: Person.ID
        public var match: MatchResult
    }

    public struct Result: Sendable {
        public var pairs: [Pair]
        public var compared: Int
        public var skippedBlocks: Int
    }

    /// The blocks a record is indexed under.
    public static func blocks(_ record: IdentityRecord) -> [String] {
        let name = record.name
        let (p, m, g) = (
            SearchText.fold(name.paternalSurname), SearchText.fold(name.maternalSurname), SearchText.fold(name.givenNames)
        )
        let sounds = [name.paternalSurname, name.maternalSurname, name.givenNames].map {
            SpanishPhonetic.keys($0).joined(separator: " ")
        }
        var keys = [
            "n:\(p) \(m)", "n:\(g) \(p)", "s:\([sounds[0], sounds[1]].sorted().joined(separator: "|"))",
            "g:\(sounds[2]) \(sounds[1])",
        ]
        if let number = record.document.number { keys.append("d:\(record.document.kind.rawValue):\(number)") }
        return keys
    }

    public static func find(_ records: [(id: Person.ID, record: IdentityRecord)], largestBlock: Int = 500) -> Result {
        var index: [String: [Int]] = [:]
        for (position, entry) in records.enumerated() {
            for key in Set(blocks(entry.record)) { index[key, default: []].append(position) }
        }
        var seen = Set<Int64>()
        var pairs: [Pair] = []
        var compared = 0
        var skipped = 0
        for key in index.keys.sorted() {
            let members = index[key]!
            guard members.count > 1 else { continue }
            guard members.count <= largestBlock else {
                skipped += 1
                continue
            }
            for i in 0..<members.count {
                for j in (i + 1)..<members.count {
                    let (a, b) = (members[i], members[j])
                    guard seen.insert(Int64(min(a, b)) << 32 | Int64(max(a, b))).inserted else { continue }
                    compared += 1
                    let match = IdentityMatcher.compare(records[a].record, records[b].record)
                    if match.decision != .different {
                        let (x, y) = (records[a].id, records[b].id)
                        pairs.append(
                            Pair(first: x.rawValue < y.rawValue ? x : y, second: x.rawValue < y.rawValue ? y : x, match: match))
                    }
                }
            }
        }
        pairs.sort {
            ($1.match.weight, $0.first.rawValue, $0.second.rawValue) < ($0.match.weight, $1.first.rawValue, $1.second.rawValue)
        }
        return Result(pairs: pairs, compared: compared, skippedBlocks: skipped)
    }
}
