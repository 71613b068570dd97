import App
import ArgumentParser
import CustodiaCore
import Delivery
import Foundation
import Logging
import Store

/// `custodia subscriptions`: an institutional client's subscriptions to the event log, their secrets, and the dead
/// letters an administrator may replay (issue 13 point 4; ADR 0025).
struct Subscriptions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Webhook subscriptions of institutional clients: create, list, rotate a secret, pause, dead letters, replay.",
        subcommands: [Create.self, List.self, Rotate.self, Pause.self, Resume.self, DeadLetters.self, Replay.self])

    static func registry(_ database: Database, _ config: AppConfig) -> SQLRegistry {
        SQLRegistry(database: database, environment: config.environment)
    }

    static func line(_ s: Subscription) -> String {
        let types = s.eventTypes.isEmpty ? "every type" : s.eventTypes.sorted().joined(separator: ",")
        let state = s.active ? (s.lastError.map { "retrying (\(s.attempts) failed: \($0))" } ?? "up to date") : "paused"
        return
            "#\(s.id.rawValue)  \(s.client)  \(s.url)  \(types)  \(s.scope.text)  delivered to \(s.deliveredPosition)  \(state)"
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe a client's URL; the secret is printed once.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The client's name (custodia clients create).") var client: String
        @Option(help: "Where to POST: https://…, or http:// to this machine only.") var url: String
        @Option(help: "Event types, comma-separated (every type when omitted).") var types: String?
        @Option(help: "nation, region:CODE or establishments:CODE[,CODE…]") var scope = "nation"
        @Option(help: "Deliver from after this position of the log (from now on when omitted).") var fromPosition: Int64?

        func run() async throws {
            guard let parsed = Scope(text: scope) else { throw ValidationError("--scope: '\(scope)' is not a scope") }
            let wanted = Set((types ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
            let config = try CLI.config(database: db.database)
            try await Users.asAdmin(admin.admin, config, action: "subscriptions create") { directory, actor in
                let secret = WebhookSignature.newSecret()
                switch try await Subscriptions.registry(directory.database, config).createSubscription(
                    client: client, url: url, eventTypes: wanted, scope: parsed, secret: secret, fromPosition: fromPosition,
                    actor: actor)
                {
                case .done(let subscription):
                    print(Subscriptions.line(subscription))
                    print("signing secret (shown once): \(secret)")
                case .rejected(let messages):
                    throw ValidationError(messages.map { "\($0.field): \($0.english)" }.joined(separator: "; "))
                case .notFound, .versionConflict: throw ValidationError("not created")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every subscription (or a client's) and where it stands.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Only this client's.") var client: String?

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                for s in try await Subscriptions.registry(database, config).subscriptions(client: client) {
                    print(Subscriptions.line(s))
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new secret (printed once); the old one keeps signing during the overlap.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The subscription's number.") var id: Int64
        @Option(help: "Hours both secrets sign (1-168).") var overlapHours = 24

        func run() async throws {
            guard (1...168).contains(overlapHours) else { throw ValidationError("--overlap-hours must be 1-168") }
            let config = try CLI.config(database: db.database)
            try await Users.asAdmin(admin.admin, config, action: "subscriptions rotate") { directory, actor in
                let secret = WebhookSignature.newSecret()
                let until = config.now().addingTimeInterval(Double(overlapHours) * 3_600)
                guard
                    let rotated = try await Subscriptions.registry(directory.database, config).rotateSecret(
                        .init(rawValue: id), newSecret: secret, overlapUntil: until, actor: actor)
                else { throw ValidationError("no subscription \(id)") }
                print(Subscriptions.line(rotated))
                print("new signing secret (shown once): \(secret); the old one signs too until \(until)")
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop delivering (events wait in the log).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The subscription's number.") var id: Int64

        func run() async throws { try await Subscriptions.set(id, active: false, db: db, admin: admin) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver again, from where it stopped.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The subscription's number.") var id: Int64

        func run() async throws { try await Subscriptions.set(id, active: true, db: db, admin: admin) }
    }

    static func set(_ id: Int64, active: Bool, db: DatabaseOptions, admin: Users.AdminOptions) async throws {
        let config = try CLI.config(database: db.database)
        try await Users.asAdmin(admin.admin, config, action: active ? "subscriptions resume" : "subscriptions pause") {
            directory, actor in
            guard
                let changed = try await registry(directory.database, config).setSubscriptionActive(
                    .init(rawValue: id), active, actor: actor)
            else { throw ValidationError("no subscription \(id)") }
            print(line(changed))
        }
    }

    struct DeadLetters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dead-letters", abstract: "Events a subscription could not deliver within the dead-letter age.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The subscription's number.") var id: Int64

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                let letters = try await Subscriptions.registry(database, config).deadLetters(.init(rawValue: id))
                print("\(letters.count) dead letter(s)")
                for l in letters {
                    let replayed = l.replayedAt.map { "replayed \($0)" } ?? "not replayed"
                    print(
                        "#\(l.id.rawValue)  event \(l.position)  \(l.attempts) attempts  dead \(l.deadAt)  \(l.lastError)  \(replayed)"
                    )
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver a dead letter now (it may arrive out of order).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var admin: Users.AdminOptions
        @Option(help: "The dead letter's number.") var letter: Int64

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await Users.asAdmin(admin.admin, config, action: "subscriptions replay") { directory, actor in
                let registry = Subscriptions.registry(directory.database, config)
                guard let dead = try await registry.deadLetter(.init(rawValue: letter)) else {
                    throw ValidationError("no dead letter \(letter)")
                }
                let dispatcher = Dispatcher(
                    registry: registry, settings: DeliverySettings(), now: config.now, logger: Logger(label: "custodia"),
                    establishments: { _ in nil })
                guard try await dispatcher.replay(dead, actor: actor) else {
                    throw ValidationError("the subscriber did not accept event \(dead.position); it stays a dead letter")
                }
                print("event \(dead.position) delivered")
            }
        }
    }
}
