import API
import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff accounts: create, list, disable, reset passwords, set roles and scope.",
        subcommands: [CreateAdmin.self, Create.self, List.self, Disable.self, Enable.self, ResetPassword.self, SetRoles.self])

    /// Options of the commands an administrator runs: the administrator's own account, recorded in the trail.
    struct AdminOptions: ParsableArguments {
        @Option(help: "Your administrator account (recorded in the audit trail).") var admin: String
    }

    /// A password from standard input, or a new random one printed once.
    static func password(fromStdin: Bool) throws -> (String, generated: Bool) {
        guard fromStdin else { return (AccessControl.newPassword(), true) }
        guard let line = readLine(strippingNewline: true), line.count >= 12 else {
            throw ValidationError("the password read from standard input must have at least 12 characters")
        }
        return (line, false)
    }

    static func roles(_ text: String) throws -> Set<Role> {
        var roles: Set<Role> = []
        var unknown: [String] = []
        for part in text.split(separator: ",").map({ String($0).trimmingWhitespace() }) where !part.isEmpty {
            if let role = Role(rawValue: part) { roles.insert(role) } else { unknown.append(part) }
        }
        if !unknown.isEmpty || roles.isEmpty {
            throw ValidationError(
                "--roles: \(unknown.isEmpty ? "no role given" : "unknown role(s) \(unknown.joined(separator: ", "))"); one or more of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return roles
    }

    static func scope(_ text: String) throws -> Scope {
        guard let scope = Scope(text: text) else {
            throw ValidationError("--scope: '\(text)' is not nation, region:CODE or establishments:CODE[,CODE…]")
        }
        // Staff work in places; a judicial district is a court's view of its cases, for tokens only.
        if scope.districts != nil { throw ValidationError("--scope: districts:… is for institutional tokens, not staff") }
        return scope
    }

    /// Runs an administrator's command: the named account must be an enabled administrator.
    static func asAdmin(
        _ name: String, _ config: AppConfig, action: String, _ body: @escaping (SQLAccessDirectory, Actor) async throws -> Void
    ) async throws {
        try await CLI.withDatabase(config) { database in
            try await Migrations.migrate(database)
            let directory = SQLAccessDirectory(database: database, now: config.now)
            guard let admin = try await directory.user(named: name), admin.roles.contains(.administrator), !admin.disabled else {
                FileHandle.standardError.write(Data("error: \(name) is not an enabled administrator account\n".utf8))
                throw ExitCode(1)
            }
            try await refusalsToExit {
                try await body(directory, Actor(user: admin.username, role: "administrator", address: nil, action: action))
            }
        }
    }

    static func refusalsToExit(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let refusal as SQLAccessDirectory.Refusal {
            FileHandle.standardError.write(Data("error: \(refusal)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func printCredentials(username: String, password: String, generated: Bool, totpSecret: String?) {
        if generated { print("password (shown once): \(password)") }
        if let totpSecret {
            print("second factor (TOTP) secret: \(totpSecret)")
            print("enrol it in an authenticator app: \(AccessControl.totpURL(secret: totpSecret, username: username))")
        }
    }

    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin", abstract: "Create the first administrator (refused once one exists).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "User name.") var username: String = "admin"
        @Option(name: .customLong("display-name"), help: "Name shown in the pages.") var displayName: String = "Administrador"
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() async throws {
            let config = try CLI.config(database: db.database)
            let (password, generated) = try Users.password(fromStdin: passwordStdin)
            try await CLI.withDatabase(config) { database in
                try await Migrations.migrate(database)
                let directory = SQLAccessDirectory(database: database, now: config.now)
                if try await directory.users().contains(where: { $0.roles.contains(.administrator) }) {
                    FileHandle.standardError.write(
                        Data("error: an administrator already exists; use `custodia users create --admin NAME`\n".utf8))
                    throw ExitCode(1)
                }
                let secret = AccessControl.newTOTPSecret()
                try await refusalsToExit {
                    _ = try await directory.createUser(
                        username: username, displayName: displayName,
                        passwordHash: await AccessControl.hashPassword(password, cost: config.access.bcryptCost),
                        roles: [.administrator], scope: .nation, totpSecret: secret,
                        actor: Actor(
                            user: "custodia users create-admin", role: "system", address: nil, action: "users create-admin"))
                }
                print("administrator \(username) created")
                printCredentials(username: username, password: password, generated: generated, totpSecret: secret)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a staff account.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: AdminOptions
        @Option(help: "User name.") var username: String
        @Option(name: .customLong("display-name"), help: "Name shown in the pages.") var displayName: String
        @Option(help: "Roles, comma-separated: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var roles: String
        @Option(help: "nation, region:CODE or establishments:CODE[,CODE…]") var scope: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() async throws {
            let config = try CLI.config(database: db.database)
            let roles = try Users.roles(roles)
            let scope = try Users.scope(scope)
            guard !username.isEmpty, username.allSatisfy({ $0.isLetter || $0.isNumber || ".-_".contains($0) }) else {
                throw ValidationError("--username: letters, digits, '.', '-' and '_' only")
            }
            let (password, generated) = try Users.password(fromStdin: passwordStdin)
            try await asAdmin(admin.admin, config, action: "users create") { directory, actor in
                let secret = roles.contains(where: \.requiresSecondFactor) ? AccessControl.newTOTPSecret() : nil
                _ = try await directory.createUser(
                    username: username, displayName: displayName,
                    passwordHash: await AccessControl.hashPassword(password, cost: config.access.bcryptCost), roles: roles,
                    scope: scope, totpSecret: secret, actor: actor)
                print("user \(username) created: \(roles.sorted().map(\.rawValue).joined(separator: ",")), scope \(scope.text)")
                printCredentials(username: username, password: password, generated: generated, totpSecret: secret)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                try await Migrations.migrate(database)
                for user in try await SQLAccessDirectory(database: database, now: config.now).users() {
                    let state =
                        user.disabled
                        ? "disabled" : (user.lockedUntil.map { $0 > config.now() ? "locked" : "active" } ?? "active")
                    print(
                        "\(user.username)\t\(user.displayName)\t\(user.roles.sorted().map(\.rawValue).joined(separator: ","))\t\(user.scope.text)\t\(state)"
                    )
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: AdminOptions
        @Option(help: "User name.") var username: String

        func run() async throws {
            try await asAdmin(admin.admin, try CLI.config(database: db.database), action: "users disable") { directory, actor in
                try await directory.setDisabled(username, true, actor: actor)
                print("user \(username) disabled")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: AdminOptions
        @Option(help: "User name.") var username: String

        func run() async throws {
            try await asAdmin(admin.admin, try CLI.config(database: db.database), action: "users enable") { directory, actor in
                try await directory.setDisabled(username, false, actor: actor)
                print("user \(username) enabled")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Set a new password (ends the account's sessions, lifts a lockout).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: AdminOptions
        @Option(help: "User name.") var username: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() async throws {
            let config = try CLI.config(database: db.database)
            let (password, generated) = try Users.password(fromStdin: passwordStdin)
            try await asAdmin(admin.admin, config, action: "users reset-password") { directory, actor in
                try await directory.setPassword(
                    username, passwordHash: await AccessControl.hashPassword(password, cost: config.access.bcryptCost),
                    actor: actor)
                print("password of \(username) reset")
                printCredentials(username: username, password: password, generated: generated, totpSecret: nil)
            }
        }
    }

    struct SetRoles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-roles", abstract: "Replace an account's roles and scope (ends its sessions).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: AdminOptions
        @Option(help: "User name.") var username: String
        @Option(help: "Roles, comma-separated.") var roles: String
        @Option(help: "nation, region:CODE or establishments:CODE[,CODE…]") var scope: String

        func run() async throws {
            let config = try CLI.config(database: db.database)
            let roles = try Users.roles(roles)
            let scope = try Users.scope(scope)
            try await asAdmin(admin.admin, config, action: "users set-roles") { directory, actor in
                let secret = roles.contains(where: \.requiresSecondFactor) ? AccessControl.newTOTPSecret() : nil
                guard let before = try await directory.user(named: username) else {
                    throw SQLAccessDirectory.Refusal.unknownUser(username)
                }
                try await directory.setRoles(username, roles: roles, scope: scope, totpSecret: secret, actor: actor)
                print("user \(username): \(roles.sorted().map(\.rawValue).joined(separator: ",")), scope \(scope.text)")
                if before.totpSecret == nil, let secret {
                    printCredentials(username: username, password: "", generated: false, totpSecret: secret)
                }
            }
        }
    }
}
