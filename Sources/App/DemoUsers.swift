import API
import CustodiaCore
import Foundation
import Placement
import Store

/// One account per role for the demo database, so a newcomer can sign in at once. Only `custodia demo`
/// creates them; `serve` never does.
public enum DemoUsers {
    public struct Account: Sendable {
        public var username: String
        public var role: Role
        public var scope: Scope
        public var password: String
        /// The TOTP secret, for the roles that need a second factor.
        public var totpSecret: String?
    }

    /// Creates the accounts. Establishment-scoped roles get the most crowded establishment; the regional
    /// analyst its regional office. `password` fixes every demo password (scripted walkthroughs); otherwise
    /// each is random and printed once.
    public static func create(
        in services: Services, statistics: NationalStatistics, password: String?, bcryptCost: UInt8 = 10
    ) async throws -> [Account] {
        guard let busiest = statistics.establishments.max(by: { $0.occupancy.population < $1.occupancy.population }) else {
            return []
        }
        let local = Scope.establishments([busiest.establishment.code])
        let plan: [(String, String, Role, Scope)] = [
            ("registro", "Rosa Registro (demo)", .registryClerk, local),
            ("seguridad", "Simón Seguridad (demo)", .securityOfficer, local),
            ("legal", "Lucía Legal (demo)", .legalOfficer, local),
            ("director", "Diego Director (demo)", .warden, local),
            ("analista.regional", "Raúl Regional (demo)", .regionalAnalyst, .regionalOffice(busiest.regionalOffice.code)),
            ("analista.nacional", "Nora Nacional (demo)", .nationalAnalyst, .nation),
            ("inteligencia", "Iván Inteligencia (demo)", .intelligenceAnalyst, .nation),
            ("auditor", "Aurora Auditora (demo)", .auditor, .nation),
            ("admin", "Ada Administradora (demo)", .administrator, .nation),
        ]
        var accounts: [Account] = []
        for (username, displayName, role, scope) in plan {
            let secret = role.requiresSecondFactor ? AccessControl.newTOTPSecret() : nil
            let chosen = password ?? AccessControl.newPassword()
            _ = try await services.directory.createUser(
                username: username, displayName: displayName,
                passwordHash: await AccessControl.hashPassword(chosen, cost: bcryptCost), roles: [role], scope: scope,
                totpSecret: secret, actor: "custodia demo")
            accounts.append(Account(username: username, role: role, scope: scope, password: chosen, totpSecret: secret))
        }
        return accounts
    }
}
