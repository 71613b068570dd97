import Foundation

/// A staff member's account. The password is kept only as a bcrypt hash.
public struct StaffUser: Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var passwordHash: String
    public var roles: Set<Role>
    public var scope: Scope
    /// The TOTP shared secret, for roles that need a second factor.
    public var totpSecret: String?
    public var disabled: Bool
    public var failedAttempts: Int
    public var lockedUntil: Date?

    public init(
        id: Int64, username: String, displayName: String, passwordHash: String, roles: Set<Role>, scope: Scope,
        totpSecret: String?, disabled: Bool, failedAttempts: Int, lockedUntil: Date?
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.roles = roles
        self.scope = scope
        self.totpSecret = totpSecret
        self.disabled = disabled
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
    }

    public var requiresSecondFactor: Bool { roles.contains { $0.requiresSecondFactor } }
}

/// A login session. Only the SHA-256 of the cookie's token is stored.
public struct StaffSession: Sendable, Hashable {
    public var tokenHash: String
    public var userID: Int64
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Sent with every form and every unsafe API call from a browser.
    public var csrfToken: String

    public init(tokenHash: String, userID: Int64, createdAt: Date, lastSeenAt: Date, csrfToken: String) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.csrfToken = csrfToken
    }
}

/// An institutional client's API token. Only its SHA-256 is stored.
public struct APIToken: Sendable, Hashable {
    public var id: Int64
    public var clientName: String
    public var clientKind: ClientKind
    public var operations: Set<AccessOperation>
    public var scope: Scope
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(
        id: Int64, clientName: String, clientKind: ClientKind, operations: Set<AccessOperation>, scope: Scope, expiresAt: Date,
        revokedAt: Date?
    ) {
        self.id = id
        self.clientName = clientName
        self.clientKind = clientKind
        self.operations = operations
        self.scope = scope
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// What the access layer needs from storage: accounts, sessions, tokens, and where people and
/// establishments sit, so scope can be checked. One SQL implementation lives in `Store`.
public protocol AccessDirectory: Sendable {
    func user(named username: String) async throws -> StaffUser?
    func user(id: Int64) async throws -> StaffUser?
    /// Takes one of the account's attempts before its password is checked, in one atomic update: the number of
    /// attempts taken so far in this window, or nil when the account is locked or its attempts are all taken
    /// (then the password must not be checked). However many logins arrive at once, at most `maximum` get one.
    func takeLoginAttempt(userID: Int64, at instant: Date, maximum: Int) async throws -> Int?
    /// Takes one of a network address's login attempts, in one atomic statement: `nil` when taken, or the
    /// instant the address may try again when `maximum` attempts were already taken in its current window (a
    /// window of `window` seconds starts with the first attempt after the last one ended).
    func takeAddressAttempt(_ address: String, at instant: Date, maximum: Int, window: TimeInterval) async throws -> Date?
    /// Gives back an address's attempt that was not a failure (a successful login).
    func returnAddressAttempt(_ address: String) async throws
    /// Marks the authenticator code of `step` (a 30-second step) used, atomically: false when a code of that step
    /// or a later one was already accepted for the account.
    func useOneTimeCode(userID: Int64, step: Int64) async throws -> Bool
    /// Gives back an attempt that turned out not to be a failure (the password was right, the code not sent yet).
    func returnLoginAttempt(userID: Int64) async throws
    /// Records a refused login in the audit trail and, when given, locks the account until then (its attempts
    /// start again from zero when the lock ends); both in one transaction.
    func recordFailedLogin(lock: (userID: Int64, until: Date)?, audit: NewAuditRecord) async throws
    /// Resets the failure count and opens a session; the audit row in the same transaction.
    func openSession(_ session: StaffSession, audit: NewAuditRecord) async throws
    /// The session and its user, read together (one query on every request).
    func session(tokenHash: String) async throws -> (session: StaffSession, user: StaffUser)?
    func touchSession(tokenHash: String, at: Date) async throws
    func closeSession(tokenHash: String, audit: NewAuditRecord?) async throws
    func token(hash: String) async throws -> APIToken?
    /// Establishment codes by regional office, to resolve a regional scope.
    func establishmentsByRegionalOffice() async throws -> [String: Set<String>]
    /// The establishment a person is held in, or was last held in; `nil` if the person is unknown.
    func establishmentOfPerson(_ id: Person.ID) async throws -> String?
    /// Whether a person has a case in one of the judicial districts (a district-scoped token's view).
    func person(_ id: Person.ID, inDistricts districts: Set<String>) async throws -> Bool
}

/// The append-only, hash-chained audit trail.
public protocol AuditLog: Sendable {
    /// Appends a row in its own transaction.
    func record(_ record: NewAuditRecord) async throws
    /// Rows matching the filter, newest first.
    func search(_ filter: AuditFilter, after cursor: String?, limit: Int) async throws -> Page<AuditRecord>
}
