import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia discipline`: an establishment's (or every) disciplinary cases with their stage and time limits, and one
/// case with each step (issue 12 point 4).
struct Discipline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Disciplinary cases: a list with each case's stage and the report's due day, one case with its steps.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cases of an establishment, or of every establishment without one, newest first; not closed unless --all.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The establishment's code (all establishments when omitted).") var establishment: String?
        @Flag(help: "Closed cases too.") var all = false
        @Option(help: "How many cases.") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                try await CLI.requireEstablishment(establishment, in: registry)
                let cases = try await registry.disciplineCases(
                    establishmentCodes: establishment.map { [$0] }, open: !all, limit: max(0, limit))
                if json {
                    let object: [String: Any] = [
                        "establishment": establishment ?? "national", "cases": cases.map(Discipline.object),
                    ]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(cases.count) disciplinary case(s) at \(establishment ?? "every establishment")")
                for c in cases {
                    print(
                        "#\(c.id.rawValue)  \(PersonNumber(id: c.personID))  \(c.establishmentCode)  \(c.offence.code)  "
                            + "\(c.state.rawValue)  opened \(c.openedOn), report due \(c.reportDue)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One case with each step of its procedure.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The case's number.") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                guard let c = try await registry.disciplineCase(.init(rawValue: id)) else {
                    throw ValidationError("no disciplinary case \(id)")
                }
                if json {
                    let data = try JSONSerialization.data(withJSONObject: Discipline.object(c), options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("Case #\(c.id.rawValue): \(PersonNumber(id: c.personID)) at \(c.establishmentCode), \(c.state.rawValue)")
                print("offence \(c.offence.code) (\(c.offence.gravity.rawValue)): \(c.offence.text)")
                print("act of \(c.occurredOn): \(c.act)")
                print("opened \(c.openedOn) by \(c.openedBy); report due \(c.reportDue)")
                if let on = c.notifiedOn { print("notified \(on): \(c.notice ?? "")") }
                if let on = c.descargoOn {
                    print(c.descargoLapsed ? "descargo period run out (\(on))" : "descargo \(on): \(c.descargo ?? "")")
                }
                if let on = c.reportOn { print("report \(on): \(c.report ?? "")") }
                if let on = c.decidedOn { print("decided \(on), \(c.acta ?? ""): \(c.outcome?.rawValue ?? "")") }
                for m in c.measures { print("  \(m.kind.rawValue) from \(m.startsOn) for \(m.days) day(s)") }
                if let on = c.appealOn { print("appealed \(on): \(c.appeal ?? "")") }
                if let on = c.appealResultOn { print("appeal \(c.appealResult?.rawValue ?? "") on \(on)") }
            }
        }
    }

    static func object(_ c: DisciplineCase) -> [String: Any] {
        var object: [String: Any] = [
            "id": c.id.rawValue, "person_number": PersonNumber(id: c.personID).description,
            "establishment_code": c.establishmentCode, "offence_code": c.offence.code, "state": c.state.rawValue,
            "opened_on": c.openedOn.description, "report_due": c.reportDue.description, "version": c.version,
            "measures": c.measures.map {
                ["kind": $0.kind.rawValue, "starts_on": $0.startsOn.description, "days": $0.days] as [String: Any]
            },
        ]
        if let incident = c.incidentID { object["incident_id"] = incident.rawValue }
        if let outcome = c.outcome { object["outcome"] = outcome.rawValue }
        return object
    }
}
