import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia visits`: the day's visit calendar of an establishment and the visitors' register, for the gate's terminal
/// (issue 12 points 1-2).
struct Visits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Visits and visitors: the day's calendar, a visitor's file.",
        subcommands: [Calendar.self, Visitor.self, SetVisitCalendar.self])

    struct Calendar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An establishment's visits of a day (today by default), earliest first, refused ones included.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The establishment's code.") var establishment: String
        @Option(name: .customLong("on"), help: "The day, YYYY-MM-DD (default: today in Lima).") var day: String?
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
                try await CLI.requireEstablishment(establishment, in: registry)
                let visits = try await registry.visits(establishmentCode: establishment, on: on)
                let names = try await registry.visitorNames(Set(visits.flatMap(\.visitorIDs)))
                if json {
                    let rows = visits.map { v -> [String: Any] in
                        [
                            "id": v.id.rawValue, "person_number": PersonNumber(id: v.personID).description,
                            "kind": v.kind.rawValue, "mode": v.mode.rawValue, "starts_at": v.startsAt.description,
                            "minutes": v.minutes, "state": v.state.rawValue, "refusal": v.refusal,
                            "visitor_ids": v.visitorIDs.map(\.rawValue), "version": v.version,
                        ]
                    }
                    let object: [String: Any] = ["establishment": establishment, "on": on.description, "visits": rows]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(visits.count) visit(s) at \(establishment) on \(on)")
                for v in visits {
                    let who = v.visitorIDs.map { names[$0] ?? "#\($0.rawValue)" }.joined(separator: "; ")
                    let refusal = v.refusal.isEmpty ? "" : "  (\(v.refusal.joined(separator: ", ")))"
                    print(
                        "#\(v.id.rawValue)  \(v.startsAt.time)–\(v.endsAt.time)  \(PersonNumber(id: v.personID))  "
                            + "\(v.kind.rawValue)/\(v.mode.rawValue)  \(v.state.rawValue)\(refusal)  \(who)")
                }
            }
        }
    }

    struct Visitor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Visitors by document number or surname, each with whom they visit, their bans and flags.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "A document number, or the start of a surname or given name.") var query: String
        @Option(
            name: .customLong("as-of"),
            help: "Fix today's date, YYYY-MM-DD, or a rehearsal's start, YYYY-MM-DDTHH:MM (default: today in Lima).") var asOf:
            String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            let environment = config.environment
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: environment)
                var files: [VisitorFile] = []
                for visitor in try await registry.findVisitors(query, limit: 20) {
                    if let file = try await registry.visitorFile(visitor.id) { files.append(file) }
                }
                let today = environment.today()
                if json {
                    let rows = files.map { f -> [String: Any] in
                        [
                            "id": f.visitor.id.rawValue, "name": f.visitor.name.registerForm,
                            "document": f.visitor.document.number ?? "", "minor": f.visitor.isMinor(on: today),
                            "visits_persons": f.links.map {
                                [
                                    "person_number": PersonNumber(id: $0.personID).description,
                                    "relationship": $0.relationship.rawValue,
                                ]
                            },
                            "banned": f.bans.contains { $0.startsOn <= today && $0.endsOn.map { today <= $0 } != false },
                            "in_custody": f.inCustody.map { PersonNumber(id: $0).description },
                            "visits": f.visits.count,
                        ]
                    }
                    let data = try JSONSerialization.data(withJSONObject: ["visitors": rows], options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(files.count) visitor(s)")
                for f in files {
                    let links = f.links.map { "\(PersonNumber(id: $0.personID)) (\($0.relationship.rawValue))" }
                    print("#\(f.visitor.id.rawValue)  \(f.visitor.name.registerForm)  \(f.visitor.document.number ?? "")")
                    if !links.isEmpty { print("  visits: \(links.joined(separator: ", "))") }
                    for ban in f.bans {
                        print("  banned \(ban.startsOn) – \(ban.endsOn?.description ?? "open"): \(ban.reason)")
                    }
                    if !f.inCustody.isEmpty {
                        print(
                            "  FLAG: the document is that of \(f.inCustody.map { PersonNumber(id: $0).description }.joined(separator: ", ")), in custody"
                        )
                    }
                }
            }
        }
    }
}
