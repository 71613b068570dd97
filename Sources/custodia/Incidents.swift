import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia incidents`: an establishment's (or the nation's) incident reports with INC-7's figures, and one report
/// with its addenda and history (issue 12 point 3).
struct Incidents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Incident reports: a list with INC-7's figures (searches, seizures, persons intervened), one report.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports of an establishment, or of every establishment without one, newest first, with the figures.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The establishment's code (all establishments when omitted).") var establishment: String?
        @Option(help: "First day of occurrence, YYYY-MM-DD.") var from: String?
        @Option(help: "Last day of occurrence, YYYY-MM-DD.") var until: String?
        @Option(help: "Only this kind (INC-1), e.g. posesion_celular, requisa, decomiso.") var kind: String?
        @Option(help: "Only this state: open, under_review, closed.") var state: String?
        @Option(help: "How many reports to list (the figures count them all).") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            let kind = try kind.map { text in
                guard let kind = IncidentKind(rawValue: text) else { throw ValidationError("unknown kind \(text)") }
                return kind
            }
            let state = try state.map { text in
                guard let state = IncidentState(rawValue: text) else { throw ValidationError("unknown state \(text)") }
                return state
            }
            func day(_ text: String?, _ option: String) throws -> CivilDate? {
                guard let text else { return nil }
                guard let day = CivilDate(iso: text) else { throw ValidationError("--\(option) must be YYYY-MM-DD") }
                return day
            }
            let first = try day(from, "from")
            let last = try day(until, "until")
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                try await CLI.requireEstablishment(establishment, in: registry)
                let list = try await registry.incidents(
                    IncidentQuery(
                        establishmentCodes: establishment.map { [$0] }, kind: kind, state: state, from: first, until: last,
                        limit: max(0, limit)))
                if json {
                    let object: [String: Any] = [
                        "establishment": establishment ?? "national", "total": list.total,
                        "by_kind": Dictionary(uniqueKeysWithValues: list.byKind.map { ($0.rawValue, $1) }),
                        "searches": Dictionary(uniqueKeysWithValues: list.searches.map { ($0.rawValue, $1) }),
                        "seized": Dictionary(uniqueKeysWithValues: list.seized.map { ($0.rawValue, $1) }),
                        "intervened": list.intervened,
                        "incidents": list.incidents.map(Incidents.object),
                    ]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(list.total) incident report(s) at \(establishment ?? "every establishment")")
                let searches = SearchKind.allCases.compactMap { k in list.searches[k].map { "\(k.rawValue) \($0)" } }
                if !searches.isEmpty { print("searches: \(searches.joined(separator: ", "))") }
                let seized = SeizedCategory.allCases.compactMap { c in
                    list.seized[c].map { "\(c.rawValue) \(SeizedItem.quantityText($0)) \(c.unit.rawValue)" }
                }
                if !seized.isEmpty { print("seized: \(seized.joined(separator: ", "))") }
                print("persons intervened: \(list.intervened)")
                for i in list.incidents {
                    let article = i.kind.penalCodeArticle.map { " (CP \($0))" } ?? ""
                    print(
                        "#\(i.id.rawValue)  \(i.occurredAt)  \(i.establishmentCode)  \(i.kind.rawValue)\(article)  "
                            + "\(i.state.rawValue)  \(i.place)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One report as filed, with its addenda and history.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The report's number.") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                guard let i = try await registry.incident(.init(rawValue: id)) else {
                    throw ValidationError("no incident \(id)")
                }
                if json {
                    let data = try JSONSerialization.data(withJSONObject: Incidents.object(i), options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("Incident #\(i.id.rawValue) at \(i.establishmentCode): \(i.kind.rawValue), \(i.state.rawValue)")
                print("occurred \(i.occurredAt) at \(i.place); relevance \(i.relevance.rawValue)")
                if let search = i.searchKind { print("during a search: \(search.rawValue)") }
                print("reported by \(i.reportedBy) at \(i.reportedAt)")
                print(i.narrative)
                for p in i.participants {
                    let who =
                        switch p.who {
                        case .person(let id): PersonNumber(id: id).description
                        case .visitor(let id): "visitor #\(id.rawValue)"
                        case .staff(let name): "staff \(name)"
                        }
                    print("  \(p.role.rawValue): \(who)")
                }
                for item in i.items {
                    print(
                        "  seized \(SeizedItem.quantityText(item.quantity)) \(item.category.unit.rawValue) \(item.category.rawValue) "
                            + "at \(item.foundAt)\(item.imei.map { " IMEI \($0)" } ?? "")")
                }
                for a in i.addenda {
                    print("  addendum \(a.at) by \(a.author)\(a.corrects.map { " (\($0.rawValue))" } ?? ""): \(a.text)")
                }
                for h in i.history { print("  \(h.at) \(h.state.rawValue) by \(h.author): \(h.note)") }
            }
        }
    }

    static func object(_ i: Incident) -> [String: Any] {
        var object: [String: Any] = [
            "id": i.id.rawValue, "establishment_code": i.establishmentCode, "kind": i.kind.rawValue,
            "relevance": i.relevance.rawValue, "occurred_at": i.occurredAt.description, "place": i.place,
            "narrative": i.narrative, "state": i.state.rawValue, "version": i.version,
            "person_numbers": i.personIDs.map { PersonNumber(id: $0).description },
            "items": i.items.map { item -> [String: Any] in
                var row: [String: Any] = [
                    "category": item.category.rawValue, "quantity": item.quantity, "unit": item.category.unit.rawValue,
                    "found_at": item.foundAt,
                ]
                if let imei = item.imei { row["imei"] = imei }
                return row
            },
            "addenda": i.addenda.map { ["text": $0.text, "author": $0.author, "at": $0.at.description] },
            "history": i.history.map { ["state": $0.state.rawValue, "author": $0.author, "at": $0.at.description] },
        ]
        if let article = i.kind.penalCodeArticle { object["penal_code_article"] = article }
        if let search = i.searchKind { object["search_kind"] = search.rawValue }
        return object
    }
}
