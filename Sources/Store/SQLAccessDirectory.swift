import CustodiaCore
import Foundation
import SQLKit

/// Staff accounts, sessions and institutional tokens in SQL. Every change writes its audit row in the
/// same transaction.
public struct SQLAccessDirectory: AccessDirectory {
    public let database: Database
    let now: @Sendable () -> Date

    public init(database: Database, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.now = now
    }

    /// Refusals of the account commands, with the message the administrator reads.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case duplicateUser(String)
        case unknownUser(String)
        case duplicateClient(String)
        case unknownClient(String)
        case unknownToken(Int64)
        case unknownEstablishments([String])
        case unknownRegionalOffice(String)

        public var description: String {
            switch self {
            case .duplicateUser(let name): "a user named \(name) already exists"
            case .unknownUser(let name): "no user named \(name)"
            case .duplicateClient(let name): "a client named \(name) already exists"
            case .unknownClient(let name): "no client named \(name)"
            case .unknownToken(let id): "no token \(id)"
            case .unknownEstablishments(let codes): "unknown establishment code(s): \(codes.joined(separator: ", "))"
            case .unknownRegionalOffice(let code): "unknown regional office: \(code)"
            }
        }
    }

    static let userColumns =
        "id, username, display_name, password_hash, roles, scope, totp_secret, disabled, failed_attempts, locked_until"

    static func decodeUser(_ row: any SQLRow) throws -> StaffUser {
        let roles = try row.string("roles").split(separator: ",").compactMap { Role(rawValue: String($0)) }
        guard let scope = Scope(text: try row.string("scope")) else { throw StoreError.corrupt("staff_users.scope") }
        return StaffUser(
            id: try row.int64("id"), username: try row.string("username"), displayName: try row.string("display_name"),
            passwordHash: try row.string("password_hash"), roles: Set(roles), scope: scope,
            totpSecret: try row.optionalString("totp_secret"), disabled: try row.int("disabled") != 0,
            failedAttempts: try row.int("failed_attempts"),
            lockedUntil: try row.optionalString("locked_until").flatMap(Instant.parse))
    }

    private func append(_ record: NewAuditRecord, _ sql: any SQLDatabase) async throws {
        try await AuditChain.append(record, at: now(), on: sql, engine: database.engine)
    }

    // MARK: AccessDirectory

    public func user(named username: String) async throws -> StaffUser? {
        try await database.read { sql in
            try await sql.execute("SELECT \(Self.userColumns) FROM staff_users WHERE username = $1", [username]).first.map(
                Self.decodeUser)
        }
    }

    public func user(id: Int64) async throws -> StaffUser? {
        try await database.read { sql in
            try await sql.execute("SELECT \(Self.userColumns) FROM staff_users WHERE id = $1", [id]).first.map(Self.decodeUser)
        }
    }

    public func takeLoginAttempt(userID: Int64, at instant: Date, maximum: Int) async throws -> Int? {
        try await database.transaction { sql in
            // One statement: the condition and the increment are atomic on both engines (SQLite's single writer,
            // PostgreSQL's row lock), so concurrent logins cannot all read "4 failures" and all be checked.
            try await sql.execute(
                """
                UPDATE staff_users SET failed_attempts = failed_attempts + 1
                WHERE id = $1 AND failed_attempts < $2 AND (locked_until IS NULL OR locked_until <= $3)
                RETURNING failed_attempts
                """, [userID, maximum, Instant.iso(instant)] as [any Encodable & Sendable]
            ).first.map { try $0.int("failed_attempts") }
        }
    }

    public func takeAddressAttempt(_ address: String, at instant: Date, maximum: Int, window: TimeInterval) async throws
        -> Date?
    {
        try await database.transaction { sql in
            // One statement, atomic on both engines: a new window when the last one has ended, one more attempt
            // while the window has some left, and no row returned when it has none.
            let taken = try await sql.execute(
                """
                INSERT INTO login_address_attempts (address, window_ends, attempts) VALUES ($1, $2, 1)
                ON CONFLICT (address) DO UPDATE SET
                  attempts = CASE WHEN login_address_attempts.window_ends <= $3 THEN 1
                    ELSE login_address_attempts.attempts + 1 END,
                  window_ends = CASE WHEN login_address_attempts.window_ends <= $3 THEN $2
                    ELSE login_address_attempts.window_ends END
                WHERE login_address_attempts.window_ends <= $3 OR login_address_attempts.attempts < $4
                RETURNING attempts
                """,
                [address, Instant.iso(instant.addingTimeInterval(window)), Instant.iso(instant), maximum]
                    as [any Encodable & Sendable])
            guard taken.isEmpty else { return nil }
            let row = try await sql.execute("SELECT window_ends FROM login_address_attempts WHERE address = $1", [address])
            return try row.first.flatMap { Instant.parse(try $0.string("window_ends")) } ?? instant
        }
    }

    public func returnAddressAttempt(_ address: String) async throws {
        try await database.transaction { sql in
            _ = try await sql.execute(
                "UPDATE login_address_attempts SET attempts = attempts - 1 WHERE address = $1 AND attempts > 0", [address])
        }
    }

    public func useOneTimeCode(userID: Int64, step: Int64) async throws -> Bool {
        try await database.transaction { sql in
            try await !sql.execute(
                """
                UPDATE staff_users SET totp_last_step = $2
                WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id
                """, [userID, step]
            ).isEmpty
        }
    }

    public func returnLoginAttempt(userID: Int64) async throws {
        try await database.transaction { sql in
            _ = try await sql.execute(
                "UPDATE staff_users SET failed_attempts = failed_attempts - 1 WHERE id = $1 AND failed_attempts > 0", [userID])
        }
    }

    public func recordFailedLogin(lock: (userID: Int64, until: Date)?, audit: NewAuditRecord) async throws {
        try await database.transaction { sql in
            if let lock {
                try await sql.execute(
                    "UPDATE staff_users SET failed_attempts = 0, locked_until = $1 WHERE id = $2",
                    [Instant.iso(lock.until), lock.userID] as [any Encodable & Sendable])
            }
            try await append(audit, sql)
        }
    }

    public func openSession(_ session: StaffSession, audit: NewAuditRecord) async throws {
        try await database.transaction { sql in
            try await sql.execute(
                "UPDATE staff_users SET failed_attempts = 0, locked_until = NULL WHERE id = $1", [session.userID])
            try await sql.execute(
                "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, csrf_token) VALUES ($1, $2, $3, $4, $5)",
                [
                    session.tokenHash, session.userID, Instant.iso(session.createdAt), Instant.iso(session.lastSeenAt),
                    session.csrfToken,
                ] as [any Encodable & Sendable])
            try await append(audit, sql)
        }
    }

    public func session(tokenHash: String) async throws -> (session: StaffSession, user: StaffUser)? {
        let columns = Self.userColumns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        return try await database.read { sql in
            guard
                let row = try await sql.execute(
                    """
                    SELECT s.token_hash, s.created_at, s.last_seen_at, s.csrf_token, \(columns)
                    FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE s.token_hash = $1
                    """, [tokenHash]
                ).first,
                let created = Instant.parse(try row.string("created_at")),
                let seen = Instant.parse(try row.string("last_seen_at"))
            else { return nil }
            let user = try Self.decodeUser(row)
            return (
                StaffSession(
                    tokenHash: try row.string("token_hash"), userID: user.id, createdAt: created, lastSeenAt: seen,
                    csrfToken: try row.string("csrf_token")), user
            )
        }
    }

    public func touchSession(tokenHash: String, at instant: Date) async throws {
        _ = try await database.transaction { sql in
            try await sql.execute(
                "UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2",
                [Instant.iso(instant), tokenHash] as [any Encodable & Sendable])
        }
    }

    public func closeSession(tokenHash: String, audit: NewAuditRecord?) async throws {
        try await database.transaction { sql in
            try await sql.execute("DELETE FROM staff_sessions WHERE token_hash = $1", [tokenHash])
            if let audit { try await append(audit, sql) }
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT t.id, c.name, c.kind, t.operations, t.scope, t.expires_at, t.revoked_at
                FROM api_tokens t JOIN api_clients c ON c.id = t.client_id WHERE t.token_hash = $1
                """, [hash]
            ).first.map(Self.decodeToken)
        }
    }

    static func decodeToken(_ row: any SQLRow) throws -> APIToken {
        guard let scope = Scope(text: try row.string("scope")), let expires = Instant.parse(try row.string("expires_at"))
        else { throw StoreError.corrupt("api_tokens") }
        return APIToken(
            id: try row.int64("id"), clientName: try row.string("name"),
            clientKind: try row.enumValue("kind", as: ClientKind.self),
            operations: Set(
                try row.string("operations").split(separator: ",").compactMap { AccessOperation(rawValue: String($0)) }),
            scope: scope, expiresAt: expires, revokedAt: try row.optionalString("revoked_at").flatMap(Instant.parse))
    }

    public func establishmentsByRegionalOffice() async throws -> [String: Set<String>] {
        try await database.read { sql in
            var map: [String: Set<String>] = [:]
            for row in try await sql.execute(
                "SELECT r.code AS region, e.code AS code FROM establishments e JOIN regional_offices r ON r.id = e.regional_office_id",
                [])
            {
                map[try row.string("region"), default: []].insert(try row.string("code"))
            }
            return map
        }
    }

    public func establishmentOfPerson(_ id: Person.ID) async throws -> String? {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT e.code FROM custody_episodes ce JOIN establishments e ON e.id = ce.establishment_id
                WHERE ce.person_id = $1 ORDER BY CASE WHEN ce.released_on IS NULL THEN 0 ELSE 1 END, ce.admitted_on DESC, ce.id DESC
                LIMIT 1
                """, [id.rawValue]
            ).first?.string("code")
        }
    }

    // MARK: Administration (the `custodia users` and `custodia clients` commands)

    /// Checks that every establishment or regional office a scope names exists.
    public func validate(_ scope: Scope) async throws {
        let offices = try await establishmentsByRegionalOffice()
        switch scope {
        case .nation: return
        case .regionalOffice(let code):
            if offices[code] == nil { throw Refusal.unknownRegionalOffice(code) }
        case .establishments(let codes):
            let known = offices.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            let unknown = codes.subtracting(known).sorted()
            if !unknown.isEmpty { throw Refusal.unknownEstablishments(unknown) }
        case .judicialDistricts: return
        }
    }

    /// Whether a person has a case in one of the judicial districts (a district-scoped token's view).
    public func person(_ id: Person.ID, inDistricts districts: Set<String>) async throws -> Bool {
        let names = districts.sorted()
        guard !names.isEmpty else { return false }
        return try await database.read { sql in
            try await !sql.execute(
                "SELECT 1 AS x FROM legal_cases WHERE person_id = $1 AND judicial_district IN (\(Placeholders.list(names.count, from: 2)))",
                [id.rawValue] + names as [any Encodable & Sendable]
            ).isEmpty
        }
    }

    public func createUser(
        username: String, displayName: String, passwordHash: String, roles: Set<Role>, scope: Scope, totpSecret: String?,
        actor: Actor
    ) async throws -> StaffUser {
        try await validate(scope)
        let created = Instant.iso(now())
        let rolesText = roles.sorted().map(\.rawValue).joined(separator: ",")
        let id: Int64 = try await database.transaction { sql in
            if try await sql.execute("SELECT id FROM staff_users WHERE username = $1", [username]).first != nil {
                throw Refusal.duplicateUser(username)
            }
            let id = try await sql.insertReturningID(
                "staff_users", ["username", "display_name", "password_hash", "roles", "scope", "totp_secret", "created_at"],
                [username, displayName, passwordHash, rolesText, scope.text, totpSecret, created])
            try await append(
                NewAuditRecord(
                    actor: actor, resource: "user:\(username)", outcome: "ok: roles \(rolesText), scope \(scope.text)"), sql)
            return id
        }
        return StaffUser(
            id: id, username: username, displayName: displayName, passwordHash: passwordHash, roles: roles, scope: scope,
            totpSecret: totpSecret, disabled: false, failedAttempts: 0, lockedUntil: nil)
    }

    public func users() async throws -> [StaffUser] {
        try await database.read { sql in
            try await sql.execute("SELECT \(Self.userColumns) FROM staff_users ORDER BY username", []).map(Self.decodeUser)
        }
    }

    /// Changes one account; the audit row says what changed. Disabling or a new password ends the user's sessions.
    private func updateUser(
        _ username: String, set assignments: String, binds: [any Encodable & Sendable], endSessions: Bool, actor: Actor,
        outcome: String
    ) async throws {
        try await database.transaction { sql in
            guard let row = try await sql.execute("SELECT id FROM staff_users WHERE username = $1", [username]).first else {
                throw Refusal.unknownUser(username)
            }
            let id = try row.int64("id")
            try await sql.execute(
                "UPDATE staff_users SET \(assignments), version = version + 1 WHERE id = $\(binds.count + 1)", binds + [id])
            if endSessions { try await sql.execute("DELETE FROM staff_sessions WHERE user_id = $1", [id]) }
            try await append(NewAuditRecord(actor: actor, resource: "user:\(username)", outcome: outcome), sql)
        }
    }

    public func setDisabled(_ username: String, _ disabled: Bool, actor: Actor) async throws {
        try await updateUser(
            username, set: "disabled = $1", binds: [disabled ? 1 : 0], endSessions: disabled, actor: actor,
            outcome: disabled ? "ok: disabled" : "ok: enabled")
    }

    public func setPassword(_ username: String, passwordHash: String, actor: Actor) async throws {
        try await updateUser(
            username, set: "password_hash = $1, failed_attempts = 0, locked_until = NULL", binds: [passwordHash],
            endSessions: true, actor: actor, outcome: "ok: password reset")
    }

    public func setRoles(_ username: String, roles: Set<Role>, scope: Scope, totpSecret: String?, actor: Actor) async throws {
        try await validate(scope)
        let rolesText = roles.sorted().map(\.rawValue).joined(separator: ",")
        try await updateUser(
            username, set: "roles = $1, scope = $2, totp_secret = COALESCE(totp_secret, $3)",
            binds: [rolesText, scope.text, totpSecret], endSessions: true, actor: actor,
            outcome: "ok: roles \(rolesText), scope \(scope.text)")
    }

    public func createClient(name: String, kind: ClientKind, actor: Actor) async throws {
        let created = Instant.iso(now())
        try await database.transaction { sql in
            if try await sql.execute("SELECT id FROM api_clients WHERE name = $1", [name]).first != nil {
                throw Refusal.duplicateClient(name)
            }
            _ = try await sql.insertReturningID("api_clients", ["name", "kind", "created_at"], [name, kind.rawValue, created])
            try await append(NewAuditRecord(actor: actor, resource: "client:\(name)", outcome: "ok: \(kind.rawValue)"), sql)
        }
    }

    /// Stores a new token's hash; returns the token's id.
    public func issueToken(
        client: String, tokenHash: String, operations: Set<AccessOperation>, scope: Scope, expiresAt: Date, actor: Actor
    ) async throws -> Int64 {
        try await validate(scope)
        let created = Instant.iso(now())
        let operationsText = operations.sorted().map(\.rawValue).joined(separator: ",")
        return try await database.transaction { sql in
            guard let row = try await sql.execute("SELECT id FROM api_clients WHERE name = $1", [client]).first else {
                throw Refusal.unknownClient(client)
            }
            let id = try await sql.insertReturningID(
                "api_tokens", ["client_id", "token_hash", "operations", "scope", "created_at", "expires_at"],
                [try row.int64("id"), tokenHash, operationsText, scope.text, created, Instant.iso(expiresAt)])
            try await append(
                NewAuditRecord(
                    actor: actor, resource: "token:\(id)",
                    outcome: "ok: issued to \(client) for \(operationsText), scope \(scope.text), until \(Instant.iso(expiresAt))"
                ), sql)
            return id
        }
    }

    public func revokeToken(_ id: Int64, actor: Actor) async throws {
        let revoked = Instant.iso(now())
        try await database.transaction { sql in
            guard try await sql.execute("SELECT id FROM api_tokens WHERE id = $1", [id]).first != nil else {
                throw Refusal.unknownToken(id)
            }
            try await sql.execute(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                [revoked, id] as [any Encodable & Sendable])
            try await append(NewAuditRecord(actor: actor, resource: "token:\(id)", outcome: "ok: revoked"), sql)
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT t.id, c.name, c.kind, t.operations, t.scope, t.expires_at, t.revoked_at
                FROM api_tokens t JOIN api_clients c ON c.id = t.client_id ORDER BY t.id
                """, []
            ).map(Self.decodeToken)
        }
    }
}
