import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia orders`: the inbox of orders received electronically, one order with its history, and a clerk's or a
/// legal officer's step on it (issue 13 points 2-3).
struct Orders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Orders received from courts, prosecutors and the police: the inbox, one order, a step on it.",
        subcommands: [List.self, Show.self, Step.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An establishment's orders (every establishment without one): release orders past their time first.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The establishment's code (all establishments when omitted).") var establishment: String?
        @Flag(help: "Executed and refused orders too.") var all = false
        @Option(help: "How many orders to list.") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                try await CLI.requireEstablishment(establishment, in: registry)
                let orders = try await registry.inboundOrders(
                    establishmentCodes: establishment.map { [$0] }, openOnly: !all, limit: max(1, limit))
                let now = config.environment.minute()
                if json {
                    let data = try JSONSerialization.data(
                        withJSONObject: orders.map { Orders.object($0, now: now) }, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(orders.count) order(s) at \(establishment ?? "every establishment")")
                for order in orders { print(Orders.line(order, now: now)) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One order with every step, who and when.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The order's number.") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                guard let order = try await registry.inboundOrder(.init(rawValue: id)) else {
                    throw ValidationError("no order \(id)")
                }
                Orders.show(order, json: json, now: config.environment.minute())
            }
        }
    }

    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "match, accept, clear (a legal officer), execute or refuse an order; prints the order.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The order's number.") var id: Int64
        @Argument(help: "match, accept, clear, execute or refuse.") var action: String
        @Option(help: "match: the person number, one of the candidates.") var personNumber: String?
        @Option(help: "execute a release: the minute, HH:MM (the register's minute when omitted).") var at: String?
        @Option(help: "refuse: the reason; otherwise a note.") var note: String?
        @Option(help: "execute a court-ordered transfer: the pavilion at the destination.") var pavilion: String?
        @Option(help: "Your staff account, allowed to handle orders in the order's establishment (audited).") var by: String

        func run() async throws {
            guard let action = OrderStep.Action(rawValue: action) else {
                throw ValidationError("the action is one of match, accept, clear, execute, refuse")
            }
            let number = try personNumber.map { text in
                guard let number = PersonNumber(text) else { throw ValidationError("--person-number: not a person number") }
                return number
            }
            let minute = try at.map { text in
                guard let time = TimeOfDay(text: text) else { throw ValidationError("--at must be HH:MM") }
                return time
            }
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let needed: AccessOperation = action == .clear ? .clearOrder : .handleOrder
                guard
                    let (actor, scope) = try await CLI.staff(
                        by, allowedTo: needed, database: database, config: config, action: "orders step \(action.rawValue)")
                else { throw ValidationError("\(by) is not an enabled account allowed to \(needed.rawValue)") }
                let registry = SQLRegistry(database: database, environment: config.environment)
                var step = OrderStep(id: .init(rawValue: id), action: action, personNumber: number, at: minute, note: note)
                step.pavilionCode = pavilion
                switch try await registry.stepOrder(
                    step,
                    expectedVersion: nil, within: scope, asOf: config.environment.today(), actor: actor)
                {
                case .done(let order): Orders.show(order, json: false, now: config.environment.minute())
                case .rejected(let messages):
                    throw ValidationError(messages.map { "\($0.field): \($0.english)" }.joined(separator: "; "))
                case .notFound: throw ValidationError("no order \(id) in \(by)'s establishments")
                case .versionConflict: throw ValidationError("the order changed meanwhile: try again")
                }
            }
        }
    }

    static func line(_ o: InboundOrder, now: LocalTime) -> String {
        let person = o.personID.map { PersonNumber(id: $0).description } ?? "(\(o.candidates.count) candidate(s))"
        let due = o.releaseDue.map { " due \($0)\(o.releaseOverdue(at: now) ? " OVERDUE" : "")" } ?? ""
        return "#\(o.id.rawValue)  \(o.receivedMinute)  \(o.content.kind.rawValue)  \(o.state.rawValue)  \(person)  "
            + "\(o.content.caseNumber)  \(o.client)\(due)"
    }

    static func show(_ o: InboundOrder, json: Bool, now: LocalTime) {
        if json, let data = try? JSONSerialization.data(withJSONObject: object(o, now: now), options: [.sortedKeys]) {
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        Swift.print(line(o, now: now))
        Swift.print("  \(o.content.court), \(o.content.judge): \(o.content.resolution) of \(o.content.issuedOn)")
        if let check = o.legalCheck {
            Swift.print("  legal check: \(check.reason) — \(check.clearedBy.map { "cleared by \($0)" } ?? "pending")")
        }
        for change in o.history {
            Swift.print("  \(change.at)  \(change.state.rawValue)  \(change.by)\(change.note.map { "  \($0)" } ?? "")")
        }
    }

    static func object(_ o: InboundOrder, now: LocalTime) -> [String: Any] {
        var object: [String: Any] = [
            "id": o.id.rawValue, "kind": o.content.kind.rawValue, "state": o.state.rawValue, "client": o.client,
            "case_number": o.content.caseNumber.text, "received_minute": o.receivedMinute.description,
            "history": o.history.map { ["state": $0.state.rawValue, "by": $0.by, "at": "\($0.at)"] },
        ]
        object["person_number"] = o.personID.map { PersonNumber(id: $0).description }
        object["establishment_code"] = o.establishmentCode
        object["release_due"] = o.releaseDue?.description
        if o.releaseDue != nil { object["release_overdue"] = o.releaseOverdue(at: now) }
        object["legal_check"] = o.legalCheck?.reason
        return object
    }
}
