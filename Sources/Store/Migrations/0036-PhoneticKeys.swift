import CustodiaCore
import SQLKit

extension Migrations {
    /// The candidate search's phonetic blocks (issue 16 point 1): every name admitted before this migration gets the
    /// phonetic keys an admission writes from now on, in batches of 1,000 persons.
    @Sendable static func phoneticKeys(_ sql: any SQLDatabase) async throws {
        var after: Int64 = 0
        while true {
            let persons = try await sql.execute(
                """
                SELECT id, given_names, paternal_surname, maternal_surname FROM persons WHERE id > $1 ORDER BY id LIMIT 1000
                """, [after])
            guard let last = persons.last else { return }
            var rows: [[any Encodable & Sendable]] = []
            for person in persons {
                let id = try person.int64("id")
                let name = PersonName(
                    givenNames: try person.string("given_names"), paternalSurname: try person.string("paternal_surname"),
                    maternalSurname: try person.string("maternal_surname"))
                rows += SearchKeys.phonetic(name).map { [id, $0] }
            }
            try await sql.insertRows("person_search_keys", ["person_id", "search_key"], rows)
            after = try last.int64("id")
        }
    }
}
