import API
import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Institutional API clients (courts, prosecutors, police, Ombudsman) and their tokens.",
        subcommands: [Create.self, IssueToken.self, RevokeToken.self, Tokens.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an institution as an API client.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The institution's name.") var name: String
        @Option(help: "court, prosecutor, police or ombudsman.") var kind: String

        func run() async throws {
            guard let kind = ClientKind(rawValue: kind) else {
                throw ValidationError("--kind: '\(kind)' is not one of court, prosecutor, police, ombudsman")
            }
            try await Users.asAdmin(admin.admin, try CLI.config(database: db.database), action: "clients create") {
                directory, actor in
                try await directory.createClient(name: name, kind: kind, actor: actor)
                print("client \(name) (\(kind.rawValue)) created")
            }
        }
    }

    struct IssueToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-token", abstract: "Issue a token: printed once, stored only as its SHA-256.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The client's name.") var client: String
        @Option(help: "Operations, comma-separated: \(AccessOperation.allCases.map(\.rawValue).joined(separator: ", ")).")
        var operations: String
        @Option(help: "nation, region:CODE, establishments:CODE[,CODE…] or districts:NAME[,NAME…] (judicial districts)")
        var scope: String
        @Option(help: "Days until the token expires (1-365).") var days: Int = 90

        func run() async throws {
            var granted: Set<AccessOperation> = []
            var unknown: [String] = []
            for part in operations.split(separator: ",").map({ String($0).trimmingWhitespace() }) where !part.isEmpty {
                if let operation = AccessOperation(rawValue: part) { granted.insert(operation) } else { unknown.append(part) }
            }
            var problems: [String] = []
            if !unknown.isEmpty || granted.isEmpty {
                problems.append("--operations: \(unknown.isEmpty ? "none given" : "unknown \(unknown.joined(separator: ", "))")")
            }
            if granted.contains(.searchAudit) {
                problems.append("--operations: audit.search is for auditors' accounts, not tokens")
            }
            if !(1...365).contains(days) { problems.append("--days: \(days) is not in 1...365") }
            let parsedScope = Scope(text: scope)
            if parsedScope == nil {
                problems.append("--scope: '\(scope)' is not nation, region:CODE or establishments:CODE[,CODE…]")
            }
            if parsedScope?.districts != nil, !granted.isSubset(of: Scope.districtOperations) {
                let extra = granted.subtracting(Scope.districtOperations).map(\.rawValue).sorted().joined(separator: ", ")
                problems.append(
                    "--operations: a district scope answers only about its cases' persons; not for \(extra) (allowed: \(Scope.districtOperations.map(\.rawValue).sorted().joined(separator: ", ")))"
                )
            }
            guard problems.isEmpty, let parsedScope else { throw ValidationError(problems.joined(separator: "\n")) }
            let config = try CLI.config(database: db.database)
            try await Users.asAdmin(admin.admin, config, action: "clients issue-token") {
                directory, actor in
                let token = AccessControl.newAPIToken()
                let expires = config.now().addingTimeInterval(Double(days) * 86_400)
                let id = try await directory.issueToken(
                    client: client, tokenHash: AccessControl.sha256(token), operations: granted, scope: parsedScope,
                    expiresAt: expires, actor: actor)
                print("token \(id) for \(client), expires \(ISO8601DateFormatter().string(from: expires))")
                print("token (shown once): \(token)")
            }
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-token", abstract: "Revoke a token at once.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The token's number.") var id: Int64

        func run() async throws {
            try await Users.asAdmin(admin.admin, try CLI.config(database: db.database), action: "clients revoke-token") {
                directory, actor in
                try await directory.revokeToken(id, actor: actor)
                print("token \(id) revoked")
            }
        }
    }

    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their values).")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                try await Migrations.migrate(database)
                let formatter = ISO8601DateFormatter()
                for token in try await SQLAccessDirectory(database: database, now: config.now).tokens() {
                    let state = token.revokedAt != nil ? "revoked" : (token.expiresAt < config.now() ? "expired" : "active")
                    print(
                        "\(token.id)\t\(token.clientName)\t\(token.clientKind.rawValue)\t\(token.operations.sorted().map(\.rawValue).joined(separator: ","))\t\(token.scope.text)\t\(formatter.string(from: token.expiresAt))\t\(state)"
                    )
                }
            }
        }
    }
}
