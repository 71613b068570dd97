import CustodiaCore
import Foundation
import SQLKit

/// Versioned schema changes, applied in order, each in its own transaction together with its row in
/// `schema_migrations`. Never edit an applied migration: add a new one, in its own file
/// (`Migrations/NNNN-Name.swift`), and append it to `all`.
public enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: @Sendable (Database.Engine) -> [String]
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "registry", statements: registry),
        Migration(version: 2, name: "crime catalog", statements: { _ in crimeCatalogRows() }),
        Migration(version: 3, name: "legal clocks", statements: { _ in legalClocks() }),
        Migration(version: 4, name: "work, study and suspensions", statements: legalRecords),
        Migration(version: 5, name: "staff, clients, sessions, audit trail, daily movements", statements: access),
        Migration(version: 6, name: "recidivism declared by a sentence", statements: { _ in recidivism() }),
        Migration(version: 7, name: "event log positions and versioned types", statements: eventLog),
    ]

    public static var latestVersion: Int { all.last!.version }

    /// Applies every migration not yet applied; returns the versions applied now.
    @discardableResult
    public static func migrate(_ database: Database) async throws -> [Int] {
        try await database.read { sql in
            try await sql.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        let applied = try await appliedVersions(database)
        var done: [Int] = []
        for migration in all where !applied.contains(migration.version) {
            let statements = migration.statements(database.engine)
            try await database.transaction { sql in
                for statement in statements {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                // The database's own clock stamps its schema: bookkeeping, not a fact of the register.
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(
                        SQLBind(migration.version), SQLBind(migration.name), SQLRaw("CAST(CURRENT_TIMESTAMP AS TEXT)")
                    )
                    .run()
            }
            done.append(migration.version)
        }
        return done
    }

    /// Whether Custodia's tables exist in this database.
    public static func schemaExists(_ database: Database) async throws -> Bool {
        try await database.read { sql in
            let query =
                database.engine == .sqlite
                ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'persons'"
                : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'persons'"
            return try await sql.execute(query, []).first!.int("n") > 0
        }
    }

    public static func appliedVersions(_ database: Database) async throws -> Set<Int> {
        try await database.read { sql in
            Set(
                try await sql.raw("SELECT version FROM schema_migrations").all().map {
                    try $0.decode(column: "version", as: Int.self)
                })
        }
    }

    /// Removes every table Custodia owns (used by `custodia demo` to rebuild its database).
    public static func dropAll(_ database: Database) async throws {
        // Children before parents: with foreign keys on, SQLite deletes the rows of a dropped table first and
        // checks every reference to them.
        let tables = [
            "audit_trail", "audit_head", "staff_sessions", "api_tokens", "api_clients", "staff_users", "person_sensitive",
            "redemption_entries", "pretrial_suspensions", "legal_clocks", "event_head", "events", "placements",
            "custody_episodes",
            "charges", "court_orders", "legal_cases", "person_search_keys", "person_aliases", "persons", "crimes", "cells",
            "pavilions", "establishments", "regional_offices", "meta", "schema_migrations",
        ]
        try await database.transaction { sql in
            for table in tables {
                let cascade = database.engine == .postgres ? " CASCADE" : ""
                try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: table)\(unsafeRaw: cascade)").run()
            }
        }
    }
}

extension String {
    /// For the few literal statements built from our own constant data (never from input).
    var sqlEscaped: String { replacingOccurrences(of: "'", with: "''") }
}
