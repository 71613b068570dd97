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
        /// Rebuilds a table others refer to (SQLite cannot alter a constraint): on SQLite it runs with foreign
        /// keys off, as SQLite's own procedure for such changes says, and every reference is checked before
        /// the commit.
        var rebuildsTables = false
        /// Rows computed in Swift from those already stored, written in the migration's transaction after its
        /// statements (the phonetic keys of every name, migration 36).
        var rows: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "registry", statements: registry),
        Migration(version: 2, name: "crime catalog", statements: { _ in crimeCatalogRows() }),
        Migration(version: 3, name: "legal clocks", statements: { _ in legalClocks() }),
        Migration(version: 4, name: "work, study and suspensions", statements: legalRecords),
        Migration(version: 5, name: "staff, clients, sessions, audit trail, daily movements", statements: access),
        Migration(version: 6, name: "recidivism declared by a sentence", statements: { _ in recidivism() }),
        Migration(version: 7, name: "event log positions and versioned types", statements: eventLog),
        Migration(
            version: 8, name: "adecuación, appealed conviction and prolongation on appeal", statements: orderKinds,
            rebuildsTables: true),
        Migration(version: 9, name: "authenticator codes accepted once", statements: { _ in oneTimeCodes() }),
        Migration(version: 10, name: "failed logins per address", statements: { _ in loginAddresses() }),
        Migration(version: 11, name: "classification and the regimes of each pavilion", statements: classifications),
        Migration(version: 12, name: "criminal organizations and memberships", statements: organizations),
        Migration(version: 13, name: "keep-apart records", statements: keepApart),
        Migration(
            version: 14, name: "areas for adolescents and placement overrides", statements: placementOverrides),
        Migration(version: 15, name: "transfers between establishments", statements: transfers),
        Migration(version: 16, name: "minutes of movements and temporary exits", statements: outings),
        Migration(version: 17, name: "intake: medical examination, next of kin, family notice", statements: intake),
        Migration(version: 18, name: "days of meaningful human contact (CL-13)", statements: contactDays),
        Migration(version: 19, name: "disciplinary isolation", statements: isolations),
        Migration(version: 20, name: "visitors and visits", statements: visits),
        Migration(version: 21, name: "classification indexes", statements: classificationIndexes),
        Migration(version: 22, name: "incident reports, append-only", statements: incidents),
        Migration(version: 23, name: "disciplinary cases and the catalogue of offences", statements: discipline),
        Migration(version: 24, name: "daily health checks of isolated persons", statements: { _ in isolationChecks() }),
        Migration(version: 25, name: "each establishment's visiting calendar", statements: { _ in visitCalendars() }),
        Migration(version: 26, name: "orders received electronically", statements: inboundOrders),
        Migration(version: 27, name: "subscriptions to the event log", statements: subscriptions),
        Migration(version: 28, name: "the transfer a court ordered", statements: { _ in transferOrders() }),
        Migration(version: 29, name: "benefit files", statements: benefitFiles),
        Migration(version: 30, name: "the benefit file a release order grants", statements: { _ in benefitOrders() }),
        Migration(
            version: 31, name: "the court's decisions on benefit files as orders", statements: benefitDecisionOrders,
            rebuildsTables: true),
        Migration(version: 32, name: "which server delivers a subscription", statements: { _ in deliveryLeases() }),
        Migration(version: 33, name: "plans that relieve overcrowding", statements: plans),
        Migration(
            version: 34, name: "intake's identification and consular notice", statements: { _ in intakeIdentification() }),
        Migration(
            version: 35, name: "the register's day of a benefit file's step", statements: { _ in benefitStepRecordedOn() }),
        Migration(
            version: 36, name: "phonetic keys of every name", statements: { _ in [] }, rows: phoneticKeys),
    ]

    public static var latestVersion: Int { all.last!.version }

    /// Applies every migration not yet applied, up to `version` (all of them by default: a smaller version, or
    /// versions `skipping`, are for tests of a migration over the rows an earlier schema held, while the code of
    /// today reads the tables of the later ones); returns the versions applied now.
    @discardableResult
    public static func migrate(_ database: Database, upTo version: Int = .max, skipping: Set<Int> = []) async throws -> [Int] {
        try await database.read { sql in
            try await sql.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        let applied = try await appliedVersions(database)
        var done: [Int] = []
        for migration in all
        where !applied.contains(migration.version) && migration.version <= version && !skipping.contains(migration.version) {
            let statements = migration.statements(database.engine)
            @Sendable func apply(_ sql: any SQLDatabase) async throws {
                for statement in statements {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await migration.rows?(sql)
                // The database's own clock stamps its schema: bookkeeping, not a fact of the register.
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(
                        SQLBind(migration.version), SQLBind(migration.name), SQLRaw("CAST(CURRENT_TIMESTAMP AS TEXT)")
                    )
                    .run()
            }
            if migration.rebuildsTables, database.engine == .sqlite {
                try await rebuildingTables(database, apply)
            } else {
                try await database.transaction(apply)
            }
            done.append(migration.version)
        }
        return done
    }

    /// SQLite's procedure for a change `ALTER TABLE` cannot make: foreign keys off (a setting that only takes
    /// effect outside a transaction), the change in one transaction, `foreign_key_check` before the commit (a
    /// dangling reference rolls everything back), foreign keys on again whatever happened. Migrations run
    /// before anything is served, so no other writer is waiting.
    private static func rebuildingTables(
        _ database: Database, _ apply: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await database.read { sql in
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    try await apply(sql)
                    let dangling = try await sql.raw("PRAGMA foreign_key_check").all()
                    if !dangling.isEmpty {
                        throw StoreError.corrupt("a table rebuild left \(dangling.count) references dangling")
                    }
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            } catch {
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
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
            "audit_trail", "audit_head", "login_address_attempts", "staff_sessions", "api_tokens", "api_clients", "staff_users",
            "person_sensitive", "placement_override_persons", "placement_overrides", "outings", "intake", "contact_days",
            "plans", "dead_letters", "subscriptions", "inbound_order_steps", "inbound_orders",
            "benefit_file_steps", "benefit_documents", "benefit_files", "visit_calendars", "isolation_checks",
            "discipline_measures",
            "discipline_cases", "discipline_offences",
            "incident_states", "incident_addenda", "seized_items", "incident_participants", "incidents",
            "isolations", "visit_visitors", "visits", "visitor_bans", "visitor_links", "visitors",
            "transfers",
            "classifications",
            "pavilion_regimes", "keep_apart", "memberships", "organizations",
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
