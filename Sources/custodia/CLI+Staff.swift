import App
import CustodiaCore
import Store

extension CLI {
    /// The staff account a command acts as (`--by`, `--user`): enabled, with a role granted `operation`; its actor for
    /// the audit trail and the establishments it covers (`nil`: the nation). `nil` when the account may not; each
    /// command says so in its own words.
    static func staff(_ name: String, allowedTo operation: AccessOperation, database: Database, config: AppConfig, action: String)
        async throws -> (actor: Actor, establishments: Set<String>?)?
    {
        let directory = SQLAccessDirectory(database: database, now: config.now)
        guard let user = try await directory.user(named: name), !user.disabled,
            user.roles.contains(where: { AccessPolicy.grants[$0]?.contains(operation) == true })
        else { return nil }
        let scope = user.scope.establishmentCodes(regionalOffices: try await directory.establishmentsByRegionalOffice())
        let actor = Actor(
            user: user.username, role: user.roles.map(\.rawValue).sorted().joined(separator: ","), address: nil, action: action)
        return (actor, scope)
    }
}
