import CustodiaCore
import Intelligence
import SQLKit

/// The candidate search (issue 16 point 1, ADR 0033): blocks of the register read through its indexes — the same
/// document; the name keys that begin with both surnames, or with the given names and the paternal surname (a slip in
/// the maternal one); the phonetic keys of both surnames in order and swapped, and of the given names with the
/// maternal surname (a slip in the paternal one) — each at most 100 persons, then every one scored by
/// `IdentityMatcher`; those at or above the review threshold, best first. A scoped caller sees the persons held now in its establishments, as search
/// does.
extension SQLRegistry {
    public func identityCandidates(_ record: IdentityRecord, within scope: Set<String>?, limit: Int) async throws
        -> [IdentityCandidate]
    {
        let perBlock = 100
        let prefixes = SearchKeys.blocks(record.name)
        let ids = try await database.read { sql in
            var found: [Int64] = []
            if let number = record.document.number {
                found += try await sql.execute(
                    "SELECT id FROM persons WHERE document_type = $1 AND document_number = $2 LIMIT \(perBlock)",
                    [record.document.kind.rawValue, number]
                ).map { try $0.int64("id") }
            }
            for prefix in prefixes {
                found += try await sql.execute(
                    """
                    SELECT DISTINCT person_id FROM person_search_keys WHERE search_key >= $1 AND search_key < $2
                    ORDER BY person_id LIMIT \(perBlock)
                    """, [prefix, prefix + "\u{FFFF}"]
                ).map { try $0.int64("person_id") }
            }
            var seen = Set<Int64>()
            return found.filter { seen.insert($0).inserted }
        }
        guard !ids.isEmpty else { return [] }
        let aliases = try await database.read { sql in
            let list = Placeholders.list(ids.count, from: 1)
            return try await sql.execute(
                "SELECT person_id, alias FROM person_aliases WHERE person_id IN (\(list)) ORDER BY id", ids
            ).reduce(into: [Int64: [String]]()) { map, row in
                map[try row.int64("person_id"), default: []].append(try row.string("alias"))
            }
        }
        let scored = try await summaries(ids: ids).compactMap { summary -> IdentityCandidate? in
            if let scope, !(summary.establishmentCode.map(scope.contains) ?? false) { return nil }
            let person = summary.person
            let known = IdentityRecord(
                document: person.document, name: person.name, aliases: aliases[person.id.rawValue] ?? [],
                sex: person.sex, birthDate: person.birthDate, nationality: person.nationality)
            let match = IdentityMatcher.compare(record, known)
            return match.weight >= IdentityMatcher.reviewThreshold ? IdentityCandidate(summary: summary, match: match) : nil
        }
        return Array(
            scored.sorted { ($1.match.weight, $0.summary.person.id.rawValue) < ($0.match.weight, $1.summary.person.id.rawValue) }
                .prefix(limit))
    }
}

extension SQLRegistry {
    /// Every person's identity as the matcher reads it (name, document, aliases, sex, birth date, nationality), in the
    /// order of their ids: the input of `custodia identities duplicates`.
    public func identityRecords() async throws -> [(id: Person.ID, record: IdentityRecord)] {
        try await database.read { sql in
            let aliases = try await sql.execute("SELECT person_id, alias FROM person_aliases ORDER BY id", []).reduce(
                into: [Int64: [String]]()
            ) { map, row in map[try row.int64("person_id"), default: []].append(try row.string("alias")) }
            return try await sql.execute(
                """
                SELECT id, document_type, document_number, given_names, paternal_surname, maternal_surname, sex, birth_date,
                  nationality, version FROM persons ORDER BY id
                """, []
            ).map { row in
                let person = try Decode.person(row, aliases: aliases[try row.int64("id")] ?? [])
                return (
                    person.id,
                    IdentityRecord(
                        document: person.document, name: person.name, aliases: person.aliases, sex: person.sex,
                        birthDate: person.birthDate, nationality: person.nationality)
                )
            }
        }
    }
}
