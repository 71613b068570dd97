import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia outings`: the day's temporary exits and court production, for the duty officer at a terminal.
struct Outings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Temporary exits and court production: the day's list.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The exits scheduled on a day (today by default) and every exit still out, earliest first.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Only this establishment (code).") var establishment: String?
        @Option(name: .customLong("on"), help: "The day, YYYY-MM-DD (default: today in Lima).") var day: String?
        @Option(help: "At most this many.") var limit = 500
        @Option(
            name: .customLong("as-of"),
            help: "Fix today's date, YYYY-MM-DD, or a rehearsal's start, YYYY-MM-DDTHH:MM (default: today in Lima).") var asOf:
            String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            let environment = config.environment
            let on = try CLI.day(day, or: environment.today())
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: environment)
                let items = try await registry.outings(
                    establishmentCodes: establishment.map { [$0] }, on: on, limit: limit)
                let now = environment.minute()
                if json {
                    let rows = items.map { o -> [String: Any] in
                        [
                            "id": o.id.rawValue, "person_number": PersonNumber(id: o.personID).description,
                            "establishment": o.establishmentCode, "kind": o.kind.rawValue, "destination": o.destination,
                            "scheduled_at": o.scheduledAt.description, "return_due": o.returnDue.description,
                            "state": o.state.rawValue, "overdue": o.isOverdue(at: now), "version": o.version,
                        ]
                    }
                    let data = try JSONSerialization.data(withJSONObject: ["outings": rows], options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(items.count) exit(s) on \(on)")
                for o in items {
                    print(
                        "#\(o.id.rawValue)  \(PersonNumber(id: o.personID))  \(o.establishmentCode)  \(o.kind.rawValue)  "
                            + "\(o.scheduledAt) → \(o.returnDue)  \(o.state.rawValue)\(o.isOverdue(at: now) ? "  OVERDUE" : "")  "
                            + o.destination)
                }
            }
        }
    }
}

/// `custodia roll`: the roll count of an establishment at a minute.
struct RollCount: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roll",
        abstract: "The roll count (conteo) of an establishment: per pavilion assigned, present and out; in transit.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The establishment's code.") var establishment: String
    @Option(help: "The Lima minute, YYYY-MM-DDTHH:MM (default now).") var at: String?
    @Option(
        name: .customLong("as-of"),
        help: "Fix today's date, YYYY-MM-DD, or a rehearsal's start, YYYY-MM-DDTHH:MM (default: today in Lima).") var asOf:
        String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let config = try CLI.config(database: db.database, asOf: asOf)
        let environment = config.environment
        var minute = environment.minute()
        if let at {
            guard let parsed = LocalTime(text: at) else { throw ValidationError("--at must be YYYY-MM-DDTHH:MM") }
            minute = parsed
        }
        try await CLI.withDatabase(config) { database in
            let registry = SQLRegistry(database: database, environment: environment)
            guard let roll = try await registry.roll(establishmentCode: establishment, at: minute) else {
                throw ValidationError("no establishment with code \(establishment)")
            }
            if json {
                let lines = roll.lines.map { l -> [String: Any] in
                    [
                        "pavilion": l.pavilionCode, "assigned": l.assigned, "present": l.present,
                        "out_court": l.out[.courtHearing] ?? 0, "out_hospital": l.out[.hospital] ?? 0,
                        "out_other": l.out[.other] ?? 0,
                    ]
                }
                let object: [String: Any] = [
                    "establishment": roll.establishmentCode, "at": roll.at.description, "assigned": roll.assigned,
                    "present": roll.present, "out": roll.outTotal, "in_transit_out": roll.inTransitOut,
                    "in_transit_in": roll.inTransitIn, "pavilions": lines,
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            print(
                "\(roll.establishmentCode) at \(roll.at): assigned \(roll.assigned), present \(roll.present), out \(roll.outTotal) "
                    + "(court \(roll.out(.courtHearing)), hospital \(roll.out(.hospital)), other \(roll.out(.other))); "
                    + "in transit out \(roll.inTransitOut), in \(roll.inTransitIn)")
            for l in roll.lines {
                print("  \(l.pavilionCode)  assigned \(l.assigned)  present \(l.present)  out \(l.outTotal)")
            }
        }
    }
}
