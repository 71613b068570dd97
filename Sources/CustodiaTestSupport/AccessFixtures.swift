import API
import App
import CustodiaCore
import Foundation
import Store
import Synchronization

/// A clock tests move by hand: sessions, lockouts and tokens are decided against it.
public final class TestClock: Sendable {
    private let instant: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_773_576_000)) { instant = Mutex(start) }

    public var now: Date { instant.withLock { $0 } }
    public var source: @Sendable () -> Date { { [self] in self.now } }
    public func advance(minutes: Double) { instant.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
}

/// Accounts and tokens for tests: bcrypt at the minimum cost, known passwords and TOTP secrets.
public enum AccessFixtures {
    public static let password = "contraseña-de-prueba-1"
    public static let totpSecret = "JBSWY3DPEHPK3PXPJBSW"

    @discardableResult
    public static func user(
        _ username: String, roles: Set<Role>, scope: Scope, in directory: SQLAccessDirectory, password: String = password
    ) async throws -> StaffUser {
        try await directory.createUser(
            username: username, displayName: "Usuario \(username)",
            passwordHash: await AccessControl.hashPassword(password, cost: 4), roles: roles, scope: scope,
            totpSecret: roles.contains(where: \.requiresSecondFactor) ? totpSecret : nil, actor: "test")
    }

    /// Registers a client and issues it a token; returns the token.
    public static func token(
        client: String, kind: ClientKind = .court, operations: Set<AccessOperation>, scope: Scope,
        in directory: SQLAccessDirectory, expiresAt: Date
    ) async throws -> String {
        if try await directory.tokens().contains(where: { $0.clientName == client }) == false {
            do { try await directory.createClient(name: client, kind: kind, actor: "test") } catch SQLAccessDirectory.Refusal
                .duplicateClient
            {}
        }
        let token = AccessControl.newAPIToken()
        _ = try await directory.issueToken(
            client: client, tokenHash: AccessControl.sha256(token), operations: operations, scope: scope, expiresAt: expiresAt,
            actor: "test")
        return token
    }

    /// The configuration tests run the application with: the fixtures' date, a fixed clock, cheap bcrypt.
    public static func config(clock: TestClock, maxBodyBytes: Int = 256 * 1024) -> AppConfig {
        var config = AppConfig(maxBodyBytes: maxBodyBytes, asOf: Fixtures.asOf)
        config.access.bcryptCost = 4
        config.now = clock.source
        return config
    }
}

extension AccessFixtures {
    /// `YYYY-MM-DDTHH:MM:00Z`, for audit searches by time.
    public static func isoMinute(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
