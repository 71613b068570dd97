import SQLKit

/// Key-value facts about the database itself (what built it, with which seed).
public enum Meta {
    public static func set(_ values: [String: String], in database: Database) async throws {
        try await database.transaction { sql in
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                try await sql.execute("DELETE FROM meta WHERE key = $1", [key])
                try await sql.execute("INSERT INTO meta (key, value) VALUES ($1, $2)", [key, value])
            }
        }
    }

    /// Empty when the schema is not there yet.
    public static func get(in database: Database) async throws -> [String: String] {
        guard try await Migrations.schemaExists(database) else { return [:] }
        return try await database.read { sql in
            var values: [String: String] = [:]
            for row in try await sql.execute("SELECT key, value FROM meta", []) {
                values[try row.string("key")] = try row.string("value")
            }
            return values
        }
    }

    /// nil when there is no schema yet.
    public static func personCount(in database: Database) async throws -> Int? {
        guard try await Migrations.schemaExists(database) else { return nil }
        return try await database.read { sql in try await sql.execute("SELECT COUNT(*) AS n FROM persons", []).first?.int("n") }
    }
}
