import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// Search of the register by person number, document or name.
extension SQLRegistry {
    public func searchPersons(_ query: String, within scope: Set<String>?, after cursor: String?, limit: Int) async throws
        -> Page<PersonSummary>
    {
        func inScope(_ items: [PersonSummary]) -> [PersonSummary] {
            guard let scope else { return items }
            return items.filter { $0.establishmentCode.map(scope.contains) ?? false }
        }
        let limit = max(1, min(limit, 200))
        let trimmed = query.trimmingWhitespace()
        if trimmed.isEmpty { return Page(items: [], nextCursor: nil) }
        if let number = PersonNumber(trimmed) {
            return Page(items: inScope(try await summaries(ids: [number.id.rawValue])), nextCursor: nil)
        }
        let upper = trimmed.uppercased()
        let looksLikeDocument =
            upper.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."Z").contains($0) }
            && upper.unicodeScalars.contains { ("0"..."9").contains($0) }
        if looksLikeDocument {
            let ids = try await database.read { sql in
                try await sql.execute("SELECT id FROM persons WHERE document_number = $1 ORDER BY id", [upper]).map {
                    try $0.int64("id")
                }
            }
            return Page(items: inScope(try await summaries(ids: ids)), nextCursor: nil)
        }
        let folded = SearchText.fold(trimmed)
        if folded.isEmpty { return Page(items: [], nextCursor: nil) }
        let position = cursor.flatMap(Cursor.decode)
        let afterKey = position?.first ?? ""
        let afterID = position.flatMap { $0.count > 1 ? Int64($0[1]) : nil } ?? 0
        let upperBound = folded + "\u{FFFF}"
        var binds: [any Encodable & Sendable] = [folded, upperBound, afterKey, afterID]
        var join = ""
        if let scope {
            // Only persons held now in the caller's establishments.
            let codes = scope.sorted()
            let placeholders = Placeholders.list(codes.count, from: 5)
            binds += codes as [any Encodable & Sendable]
            join = """
                JOIN custody_episodes ce ON ce.person_id = k.person_id AND ce.released_on IS NULL
                JOIN establishments e ON e.id = ce.establishment_id AND e.code IN (\(codes.isEmpty ? "NULL" : placeholders))
                """
        }
        let query = binds
        let scopeJoin = join
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT k.search_key, k.person_id FROM person_search_keys k \(scopeJoin)
                WHERE k.search_key >= $1 AND k.search_key < $2 AND (k.search_key > $3 OR (k.search_key = $3 AND k.person_id > $4))
                ORDER BY k.search_key, k.person_id LIMIT \(limit + 1)
                """, query
            ).map { (try $0.string("search_key"), try $0.int64("person_id")) }
        }
        let page = Array(rows.prefix(limit))
        var seen = Set<Int64>()
        let ids = page.map(\.1).filter { seen.insert($0).inserted }
        let next = rows.count > limit ? Cursor.encode([page.last!.0, String(page.last!.1)]) : nil
        return Page(items: try await summaries(ids: ids), nextCursor: next)
    }

    func summaries(ids: [Int64]) async throws -> [PersonSummary] {
        if ids.isEmpty { return [] }
        let placeholders = (1...ids.count).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT \(Columns.person), e.code AS establishment_code, ce.procedural_status AS status
                FROM persons p
                LEFT JOIN custody_episodes ce ON ce.person_id = p.id AND ce.released_on IS NULL
                LEFT JOIN establishments e ON e.id = ce.establishment_id
                WHERE p.id IN (\(placeholders))
                """, ids)
        }
        let byID = Dictionary(
            uniqueKeysWithValues: try rows.map { row in
                (
                    try row.int64("id"),
                    PersonSummary(
                        person: try Decode.person(row), establishmentCode: try row.optionalString("establishment_code"),
                        proceduralStatus: try row.optionalString("status").flatMap(ProceduralStatus.init(rawValue:)))
                )
            })
        return ids.compactMap { byID[$0] }
    }
}
