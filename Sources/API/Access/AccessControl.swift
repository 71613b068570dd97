import Crypto
import CustodiaCore
import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// The limits of authentication (CJIS-style): lockout, session lifetimes, cookie flags.
public struct AccessSettings: Sendable {
    /// Failed logins in a row that lock an account.
    public var maxFailedLogins = 5
    public var lockout: TimeInterval = 15 * 60
    /// Logins refused per network address in a window of `lockout` before the address gets 429: a password
    /// tried on many accounts from one place meets a limit too (issue 17, point 1).
    public var maxFailedLoginsPerAddress = 20
    /// Refusals of callers not signed in, per address: how many are written one by one and how many answered.
    public var anonymousRefusals = AnonymousRefusals.Limits()
    /// Requests per minute of one token or account and of one address, answered 429 past them (see `RequestRates`).
    public var requestRates = RequestRates.Limits()
    /// The load balancers and reverse proxies in front of the servers: a request from one of them is taken to come from
    /// the address it names last in `X-Forwarded-For` that is not itself one of them (issue 17, point 8). Empty: the
    /// network peer is the caller, and `X-Forwarded-For` is ignored.
    public var trustedProxies: Set<String> = []
    /// A session ends after this long without a request …
    public var idleTimeout: TimeInterval = 30 * 60
    /// … and this long after login, whatever happens.
    public var absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// The last-seen time of a session is written at most this often.
    public var touchInterval: TimeInterval = 60
    /// Session cookies carry `Secure` (browsers still accept them on http://localhost).
    public var secureCookies = true
    /// bcrypt cost for new password hashes (12 in production; tests use the minimum, 4).
    public var bcryptCost: UInt8 = 12

    public init() {}
}

/// Why a caller was not let in. Each has a stable code and the status the API answers with.
public enum AccessFailure: Error, Sendable, Hashable {
    case notAuthenticated
    case invalidCredentials
    case accountLocked(until: Date)
    case secondFactorRequired
    case secondFactorInvalid
    case sessionExpired
    case tokenInvalid
    case tokenExpired
    case tokenRevoked
    /// Too many failed logins from the caller's address: answered 429 with `Retry-After`.
    case tooManyAttempts(retryAfter: Int)

    /// The status the API answers with.
    public var status: Int {
        if case .tooManyAttempts = self { 429 } else { 401 }
    }

    public var code: String {
        switch self {
        case .notAuthenticated: "auth.required"
        case .invalidCredentials: "auth.invalid_credentials"
        case .accountLocked: "auth.account_locked"
        case .secondFactorRequired: "auth.second_factor_required"
        case .secondFactorInvalid: "auth.second_factor_invalid"
        case .sessionExpired: "auth.session_expired"
        case .tokenInvalid: "auth.token_invalid"
        case .tokenExpired: "auth.token_expired"
        case .tokenRevoked: "auth.token_revoked"
        case .tooManyAttempts: "auth.too_many_attempts"
        }
    }

    public var detail: String {
        switch self {
        case .notAuthenticated: "Sign in, or send an API token."
        case .invalidCredentials: "Unknown user or wrong password."
        case .accountLocked(let until): "Too many failed logins: the account is locked until \(Self.format(until)) UTC."
        case .secondFactorRequired: "This account needs the six-digit code of its authenticator app."
        case .secondFactorInvalid: "The authenticator code is wrong or too old."
        case .sessionExpired: "The session has ended; sign in again."
        case .tokenInvalid: "The API token is not known."
        case .tokenExpired: "The API token has expired."
        case .tokenRevoked: "The API token was revoked."
        case .tooManyAttempts(let seconds):
            "Too many failed logins from this address: try again in \(seconds) seconds."
        }
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}

/// Authentication: passwords (bcrypt), the TOTP second factor, lockout, sessions and institutional tokens.
/// Authorisation is the access table's; this type only says who is calling.
public final class AccessControl: Sendable {
    public let directory: any AccessDirectory
    public let audit: any AuditLog
    public let settings: AccessSettings
    public let now: @Sendable () -> Date
    /// Refusals of callers not signed in, counted per address (see `AnonymousRefusals`).
    public let refusals: AnonymousRefusals
    /// Requests counted per token or account and per address (see `RequestRates`).
    public let rates: RequestRates
    private let regionCache = Mutex<(at: Date, map: [String: Set<String>])?>(nil)

    public static let cookieName = "custodia_session"
    public static let csrfHeader = "X-CSRF-Token"
    /// A bcrypt hash of nothing anyone knows, at the configured cost, checked for unknown users so they take as
    /// long as known ones (made once, on the first login of an unknown name).
    private let decoy = Mutex<String?>(nil)

    private func decoyHash() async -> String {
        if let hash = decoy.withLock({ $0 }) { return hash }
        let hash = await Self.hashPassword(Self.randomToken(), cost: settings.bcryptCost)
        decoy.withLock { $0 = $0 ?? hash }
        return decoy.withLock { $0 ?? hash }
    }

    public init(
        directory: any AccessDirectory, audit: any AuditLog, settings: AccessSettings = AccessSettings(),
        now: @escaping @Sendable () -> Date
    ) {
        self.directory = directory
        self.audit = audit
        self.settings = settings
        self.now = now
        self.refusals = AnonymousRefusals(limits: settings.anonymousRefusals)
        self.rates = RequestRates(limits: settings.requestRates)
    }

    /// A signed-in caller, and the session when it came with one (a browser or a staff client).
    public struct Authenticated: Sendable {
        public var principal: Principal
        public var session: StaffSession?
    }

    public struct LoginSuccess: Sendable {
        public var sessionToken: String
        public var csrfToken: String
        public var principal: Principal
    }

    // MARK: Login

    public func login(username: String, password: String, totp: String?, address: String?) async throws
        -> Result<LoginSuccess, AccessFailure>
    {
        let instant = now()
        // Unknown users, wrong passwords and locked accounts get one answer, `auth.invalid_credentials`, after
        // one password check each (a decoy hash where there is no real one to check), so neither the code nor
        // the time tells them apart; the audit trail records which it was.
        func refuse(
            _ failure: AccessFailure, user: StaffUser?, audited: AccessFailure? = nil, lock: Date? = nil
        ) async throws -> Result<LoginSuccess, AccessFailure> {
            let actor = Actor(
                user: user?.username ?? username,
                role: user.map { $0.roles.sorted().map(\.rawValue).joined(separator: ",") } ?? "unknown",
                address: address, action: "login")
            try await directory.recordFailedLogin(
                lock: lock.flatMap { until in user.map { ($0.id, until) } },
                audit: NewAuditRecord(
                    actor: actor, resource: "user:\(username)", outcome: "401 \((audited ?? failure).code)"))
            return .failure(failure)
        }
        // The address's attempts first: past its limit nothing is looked up or checked, whatever the account.
        if let address,
            let retryAt = try await directory.takeAddressAttempt(
                address, at: instant, maximum: settings.maxFailedLoginsPerAddress, window: settings.lockout)
        {
            let failure = AccessFailure.tooManyAttempts(retryAfter: max(1, Int(retryAt.timeIntervalSince(instant).rounded(.up))))
            _ = try await anonymousRefusal(
                NewAuditRecord(
                    actor: Actor(user: username, role: "unknown", address: address, action: "login"),
                    resource: "user:\(username)", outcome: "429 \(failure.code)"))
            return .failure(failure)
        }
        guard let user = try await directory.user(named: username), !user.disabled else {
            // The same work as a known account: the attempt's update (which finds no row here) and one check.
            _ = try await directory.takeLoginAttempt(userID: 0, at: instant, maximum: settings.maxFailedLogins)
            _ = await Self.verify(password, hash: await decoyHash())
            return try await refuse(.invalidCredentials, user: nil)
        }
        // One of the account's attempts is taken before its password is checked: at most `maxFailedLogins`
        // passwords are ever checked per account per lockout window, however many logins arrive at once.
        guard
            let taken = try await directory.takeLoginAttempt(
                userID: user.id, at: instant, maximum: settings.maxFailedLogins)
        else {
            // Locked: the password is checked all the same (its answer is not used), so a locked account takes
            // as long as a wrong password.
            _ = await Self.verify(password, hash: user.passwordHash)
            let until = user.lockedUntil.map { max($0, instant) } ?? instant
            return try await refuse(.invalidCredentials, user: user, audited: .accountLocked(until: until))
        }
        let passwordMatches = await Self.verify(password, hash: user.passwordHash)
        func failedAttempt(_ failure: AccessFailure) async throws -> Result<LoginSuccess, AccessFailure> {
            let lock = taken >= settings.maxFailedLogins ? instant.addingTimeInterval(settings.lockout) : nil
            return try await refuse(failure, user: user, lock: lock)
        }
        guard passwordMatches else { return try await failedAttempt(.invalidCredentials) }
        if user.requiresSecondFactor {
            guard let totp = totp?.trimmingWhitespace(), !totp.isEmpty else {
                try await directory.returnLoginAttempt(userID: user.id)
                if let address { try await directory.returnAddressAttempt(address) }
                return try await refuse(.secondFactorRequired, user: user)
            }
            // The code of the current step or of the steps either side, and never one already accepted.
            guard let secret = user.totpSecret, let step = Self.totpStep(totp, secret: secret, at: instant),
                try await directory.useOneTimeCode(userID: user.id, step: step)
            else {
                return try await failedAttempt(.secondFactorInvalid)
            }
        }
        if let address { try await directory.returnAddressAttempt(address) }
        let principal = try await principal(for: user)
        let token = Self.randomToken()
        let csrf = Self.randomToken()
        let session = StaffSession(
            tokenHash: Self.sha256(token), userID: user.id, createdAt: instant, lastSeenAt: instant, csrfToken: csrf)
        try await directory.openSession(
            session,
            audit: NewAuditRecord(
                actor: Actor(principal, address: address, action: "login"), resource: "user:\(username)", outcome: "ok"))
        return .success(LoginSuccess(sessionToken: token, csrfToken: csrf, principal: principal))
    }

    /// A refusal of a caller who is not signed in: written to the trail, or only counted, or turned into a 429,
    /// as the address's window decides (see `AnonymousRefusals`); summaries of ended windows are written too.
    /// Without an address (no network peer) every refusal is written.
    public func anonymousRefusal(_ record: NewAuditRecord) async throws -> AnonymousRefusals.Decision {
        guard let address = record.actor.address else {
            try await audit.record(record)
            return .record
        }
        let (decision, summaries) = refusals.decide(address: address, outcome: record.outcome, at: now())
        try await write(summaries)
        if decision == .record { try await audit.record(record) }
        return decision
    }

    /// Writes the summaries of the refusal windows that have ended (all of them when `closing`): `serve` calls
    /// this every minute and when it stops, so a flood that stops is still summarised.
    public func writeRefusalSummaries(closing: Bool = false) async throws {
        try await write(refusals.ended(at: now(), closing: closing))
    }

    private func write(_ summaries: [AnonymousRefusals.Summary]) async throws {
        for summary in summaries {
            try await audit.record(
                NewAuditRecord(
                    actor: Actor(user: "anonymous", role: "none", address: summary.address, action: "refusals"),
                    resource: nil, outcome: summary.outcome))
        }
    }

    /// The session cookie (`Secure; HttpOnly; SameSite=Strict`, for the whole site, as long as a session may
    /// last); with `nil`, the cookie that removes it.
    public func sessionCookie(_ token: String?) -> Cookie {
        Cookie(
            name: Self.cookieName, value: token ?? "", maxAge: token == nil ? 0 : Int(settings.absoluteTimeout), path: "/",
            secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }

    public func logout(sessionToken: String, actor: Actor) async throws {
        try await directory.closeSession(
            tokenHash: Self.sha256(sessionToken),
            audit: NewAuditRecord(actor: actor, resource: "user:\(actor.user)", outcome: "ok"))
    }

    // MARK: Each request

    /// Who is calling, from a bearer token or a session cookie; `nil` when the request carries neither.
    public func authenticate(bearer: String?, sessionToken: String?) async throws -> Result<Authenticated, AccessFailure>? {
        let instant = now()
        if let bearer {
            guard let token = try await directory.token(hash: Self.sha256(bearer)) else { return .failure(.tokenInvalid) }
            if token.revokedAt != nil { return .failure(.tokenRevoked) }
            if instant >= token.expiresAt { return .failure(.tokenExpired) }
            let principal = Principal(
                kind: .client(tokenID: token.id, clientKind: token.clientKind, operations: token.operations),
                name: token.clientName,
                displayName: token.clientName, scope: token.scope, establishments: try await establishments(in: token.scope))
            return .success(Authenticated(principal: principal, session: nil))
        }
        guard let sessionToken else { return nil }
        let hash = Self.sha256(sessionToken)
        guard let (session, user) = try await directory.session(tokenHash: hash) else { return .failure(.sessionExpired) }
        if instant.timeIntervalSince(session.lastSeenAt) > settings.idleTimeout
            || instant.timeIntervalSince(session.createdAt) > settings.absoluteTimeout
        {
            try await directory.closeSession(tokenHash: hash, audit: nil)
            return .failure(.sessionExpired)
        }
        guard !user.disabled else {
            try await directory.closeSession(tokenHash: hash, audit: nil)
            return .failure(.sessionExpired)
        }
        if instant.timeIntervalSince(session.lastSeenAt) >= settings.touchInterval {
            try await directory.touchSession(tokenHash: hash, at: instant)
        }
        return .success(Authenticated(principal: try await principal(for: user), session: session))
    }

    public func principal(for user: StaffUser) async throws -> Principal {
        Principal(
            kind: .staff(userID: user.id, roles: user.roles), name: user.username, displayName: user.displayName,
            scope: user.scope, establishments: try await establishments(in: user.scope))
    }

    /// The establishment codes of a scope; regional offices are read at most once a minute.
    func establishments(in scope: Scope) async throws -> Set<String>? {
        guard case .regionalOffice = scope else { return scope.establishmentCodes(regionalOffices: [:]) }
        let instant = now()
        if let cached = regionCache.withLock({ $0 }), abs(instant.timeIntervalSince(cached.at)) < 60 {
            return scope.establishmentCodes(regionalOffices: cached.map)
        }
        let map = try await directory.establishmentsByRegionalOffice()
        regionCache.withLock { $0 = (instant, map) }
        return scope.establishmentCodes(regionalOffices: map)
    }

    /// Whether a person is visible to the caller: known, and held (or last held) in an establishment in scope.
    public func covers(person id: Person.ID, for principal: Principal) async throws -> Bool {
        guard let code = try await directory.establishmentOfPerson(id) else { return false }
        if let districts = principal.districts, try await !directory.person(id, inDistricts: districts) { return false }
        return principal.covers(establishment: code)
    }

    // MARK: Secrets

    /// SHA-256 in hex: how session and API tokens are stored (they are long random values, so a fast hash is enough).
    public static func sha256(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }

    /// 256 random bits, base64url.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        ).replacingOccurrences(of: "=", with: "")
    }

    /// A new institutional token: `cust_` and 256 random bits.
    public static func newAPIToken() -> String { "cust_" + randomToken() }

    /// A TOTP shared secret: 160 random bits in base32 (`OneTimeCode.newSecret`).
    public static func newTOTPSecret() -> String { OneTimeCode.newSecret() }

    /// A random password for a new or reset account, printed once.
    public static func newPassword() -> String { String(randomToken().prefix(20)) }

    /// The code an authenticator app shows at an instant (RFC 6238; "" for a secret that is not base32).
    public static func totpCode(secret: String, at date: Date) -> String {
        OneTimeCode.code(secret: secret, at: date) ?? ""
    }

    /// The otpauth:// address to enrol the secret in an authenticator app.
    public static func totpURL(secret: String, username: String) -> String {
        OneTimeCode.enrolmentURL(secret: secret, username: username)
    }

    /// The 30-second step whose code `code` is, among the current step and the steps either side (clock
    /// drift); nil when it is none of them.
    static func totpStep(_ code: String, secret: String, at date: Date) -> Int64? {
        guard code.count == 6 else { return nil }
        let current = Int64(floor(date.timeIntervalSince1970 / OneTimeCode.period))
        return [current, current - 1, current + 1].first {
            totpCode(secret: secret, at: Date(timeIntervalSince1970: Double($0) * OneTimeCode.period)) == code
        }
    }

    public static func hashPassword(_ password: String, cost: UInt8) async -> String {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) })
            ?? Bcrypt.hash(password, cost: cost)
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
    }
}
