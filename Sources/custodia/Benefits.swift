import App
import ArgumentParser
import CustodiaCore
import Foundation
import LegalClock
import Placement
import Store

/// `custodia benefits`: the benefits board, one file, opening a file and a step on it, and the counts per
/// establishment (issue 26; docs/legal/peru-relief.md BP-*).
struct Benefits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Semilibertad and liberación condicional files: the board, one file, open, a step, the counts.",
        subcommands: [List.self, Show.self, Open.self, Step.self, Report.self, Candidates.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everyone eligible (or within the lead days) with their file, late first.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The establishment's code (every establishment when omitted).") var establishment: String?
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?
        @Flag(help: "Only those past a term.") var late = false
        @Option(help: "How many to list.") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                try await CLI.requireEstablishment(establishment, in: registry)
                let day = config.environment.today()
                let board = try await registry.benefitBoard(
                    establishmentCodes: establishment.map { [$0] }, asOf: day, rules: config.environment.rules)
                let entries = board.entries.filter { !late || $0.late != nil }.prefix(max(1, limit))
                if json {
                    let object: [String: Any] = [
                        "as_of": day.description, "terms_version": board.terms.version, "counts": board.counts,
                        "items": entries.map(Benefits.object),
                    ]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                let counts = board.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                print("\(board.entries.count) eligible at \(establishment ?? "every establishment") on \(day): \(counts)")
                print("terms \(board.terms.version)\(board.terms.needsLegalReview ? " (defaults pending legal review)" : "")")
                for entry in entries { print(Benefits.line(entry)) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One file: documents, due dates and every step.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The file's number.") var id: Int64
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                guard let file = try await registry.benefitFile(.init(rawValue: id)) else {
                    throw ValidationError("no benefit file \(id)")
                }
                Benefits.show(file, rules: config.environment.rules, asOf: config.environment.today())
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open the file of an eligible person; prints it.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The person number.") var person: String
        @Option(help: "semiliberty or conditional_release.") var benefit = "semiliberty"
        @Option(help: "Your staff account, allowed to handle benefit files in the person's establishment (audited).")
        var by: String

        func run() async throws {
            guard let number = PersonNumber(person) else { throw ValidationError("not a person number: \(person)") }
            guard let kind = BenefitFile.Benefit(rawValue: benefit) else {
                throw ValidationError("--benefit is semiliberty or conditional_release")
            }
            let config = try CLI.config(database: db.database, asOf: nil)
            try await CLI.withDatabase(config) { database in
                let (actor, scope) = try await Benefits.staff(by, database: database, config: config, action: "benefits open")
                let registry = SQLRegistry(database: database, environment: config.environment)
                let day = config.environment.today()
                switch try await registry.openBenefitFile(
                    person: number.id, benefit: kind, within: scope, asOf: day, actor: actor)
                {
                case .done(let file): Benefits.show(file, rules: config.environment.rules, asOf: day)
                case .rejected(let messages): throw ValidationError(Benefits.text(messages))
                case .notFound, .versionConflict:
                    throw ValidationError("no person \(number) in custody in \(by)'s establishments")
                }
            }
        }
    }

    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "document, not_applicable, request, send, acknowledge, hearing, grant, deny, appeal or revoke; prints the file.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The file's number.") var id: Int64
        @Argument(help: "The step.") var step: String
        @Option(help: "The day it happened, YYYY-MM-DD (default: today).") var on: String?
        @Option(help: "document, not_applicable: which document.") var document: String?
        @Option(help: "document: who issued it.") var issuer: String?
        @Option(help: "document: its number.") var reference: String?
        @Option(help: "not_applicable: why; deny, revoke: the grounds.") var reason: String?
        @Option(help: "request, appeal: who asked or appealed.") var who: String?
        @Option(help: "send: the court.") var court: String?
        @Option(help: "deny: when the person may ask again, YYYY-MM-DD.") var again: String?
        @Option(help: "Your staff account, allowed to handle benefit files in the file's establishment (audited).") var by: String

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: nil)
            let today = config.environment.today()
            let day = try CLI.day(on, or: today)
            let again = try again.map { text in
                guard let date = CivilDate(iso: text) else { throw ValidationError("--again must be YYYY-MM-DD") }
                return date
            }
            let kind = try document.map { text in
                guard let kind = BenefitFile.Document(rawValue: text) else {
                    throw ValidationError(
                        "--document is one of \(BenefitFile.Document.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            }
            func needed<T>(_ value: T?, _ option: String) throws -> T {
                guard let value else { throw ValidationError("\(step) needs \(option)") }
                return value
            }
            let parsed: BenefitStep
            switch step {
            case "document":
                parsed = .document(
                    try needed(kind, "--document"), issuedOn: day, issuer: try needed(issuer, "--issuer"), reference: reference)
            case "not_applicable": parsed = .notApplicable(try needed(kind, "--document"), reason: try needed(reason, "--reason"))
            case "request": parsed = .request(on: day, by: try needed(who, "--who"))
            case "send": parsed = .send(on: day, court: try needed(court, "--court"))
            case "acknowledge": parsed = .acknowledge(on: day)
            case "hearing": parsed = .hearing(on: day)
            case "grant": parsed = .grant(on: day)
            case "deny": parsed = .deny(on: day, grounds: try needed(reason, "--reason"), mayRequestAgainOn: again)
            case "appeal": parsed = .appeal(on: day, by: try needed(who, "--who"))
            case "revoke": parsed = .revoke(on: day, grounds: try needed(reason, "--reason"))
            default:
                throw ValidationError(
                    "the step is one of document, not_applicable, request, send, acknowledge, hearing, grant, deny, appeal, revoke"
                )
            }
            try await CLI.withDatabase(config) { database in
                let (actor, scope) = try await Benefits.staff(
                    by, database: database, config: config, action: "benefits step \(step)")
                let registry = SQLRegistry(database: database, environment: config.environment)
                switch try await registry.stepBenefitFile(
                    .init(rawValue: id), step: parsed, expectedVersion: nil, within: scope, asOf: today, actor: actor)
                {
                case .done(let file): Benefits.show(file, rules: config.environment.rules, asOf: today)
                case .rejected(let messages): throw ValidationError(Benefits.text(messages))
                case .notFound: throw ValidationError("no benefit file \(id) in \(by)'s establishments")
                case .versionConflict: throw ValidationError("the file changed meanwhile: try again")
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "What the law would free: per establishment, the eligible, their files on time, late or not started, and the occupancy if every file were decided on time; the nation last."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?
        @Option(
            help:
                "A past day, YYYY-MM-DD, up to the as-of day: the report replayed as the register stood at its end (who was held where, every clock computed on that day, every file as its steps then stood)."
        )
        var on: String?
        @Flag(help: "Print CSV.") var csv = false

        func validate() throws {
            if let on, CivilDate(iso: on) == nil { throw ValidationError("--on: a date, YYYY-MM-DD, not \(on)") }
        }

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            let replayed = on.flatMap { CivilDate(iso: $0) }
            if let replayed, replayed > config.environment.today() {
                throw ValidationError("--on: \(replayed) is after the as-of day \(config.environment.today())")
            }
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                let day = replayed ?? config.environment.today()
                let relief =
                    if let replayed {
                        try await registry.reliefPotential(
                            establishmentCodes: nil, replaying: replayed, rules: config.environment.rules)
                    } else {
                        try await registry.reliefPotential(
                            establishmentCodes: nil, asOf: day, rules: config.environment.rules)
                    }
                let separator = csv ? "," : "  "
                let columns = [
                    "establishment", "capacity", "population", "occupancy", "eligible", "on_time", "late", "not_started",
                    "granted",
                    "occupancy_if_decided",
                ]
                if !csv {
                    print(
                        "As of \(day)\(replayed == nil ? "" : ", replayed from the dated rows (today's places)"), terms \(relief.termsVersion)\(relief.needsLegalReview ? " (defaults pending legal review)" : "")"
                    )
                }
                print(columns.joined(separator: separator))
                for row in relief.rows + [relief.nation] {
                    let values: [String] = [
                        row.code, String(row.capacity), String(row.population), String(format: "%.1f", row.occupancy),
                        String(row.eligible), String(row.onTime), String(row.late), String(row.notStarted), String(row.granted),
                        String(format: "%.1f", row.occupancyIfDecided),
                    ]
                    print(values.joined(separator: separator))
                }
                if !csv {
                    let b = relief.transferBound
                    print(
                        "Transfers alone: \(b.excessByEstablishment) over capacity today, at best \(b.floorExcess) (\(String(format: "%.1f", b.floorOccupancy)) %) after any transfer plan; "
                            + "with every file decided: \(b.excessByEstablishmentIfDecided), at best \(b.floorExcessIfDecided) (\(String(format: "%.1f", b.floorOccupancyIfDecided)) %)."
                    )
                    let need = try await registry.capacityNeed(
                        establishmentCodes: nil, leaving: relief.leaving,
                        population: replayed == nil
                            ? nil : relief.population)
                    print(
                        "New places for 120 % without transfers: \(need.placesNow) today, \(need.placesIfDecided) with every file decided "
                            + "(\(need.withinNow) of \(need.departments) departments within 120 % today, \(need.withinIfDecided) if decided; "
                            + "announced projects: \(need.announced) places).")
                }
            }
        }
    }

    /// The staff account that acts, with the establishments it covers.
    static func staff(_ name: String, database: Database, config: AppConfig, action: String) async throws -> (
        Actor, Set<String>?
    ) {
        guard
            let (actor, scope) = try await CLI.staff(
                name, allowedTo: .handleBenefits, database: database, config: config, action: action)
        else { throw ValidationError("\(name) is not an enabled account allowed to benefits.handle") }
        return (actor, scope)
    }

    static func text(_ messages: [ValidationMessage]) -> String {
        messages.map { "\($0.field): \($0.english)" }.joined(separator: "; ")
    }

    static func line(_ entry: BenefitBoard.Entry) -> String {
        let file = entry.candidate.file.map { "#\($0.id.rawValue)" } ?? "-"
        let late = entry.late.map { "  LATE (\($0.rawValue))" } ?? ""
        return "\(PersonNumber(id: entry.candidate.personID))  \(entry.candidate.establishmentCode)  "
            + "\(entry.candidate.benefit.rawValue) from \(entry.candidate.eligibleFrom)  \(entry.state?.rawValue ?? "not_started")  "
            + "\(file)  due \(entry.dueBy)\(late)"
    }

    static func object(_ entry: BenefitBoard.Entry) -> [String: Any] {
        var object: [String: Any] = [
            "person_number": PersonNumber(id: entry.candidate.personID).description,
            "establishment_code": entry.candidate.establishmentCode, "benefit": entry.candidate.benefit.rawValue,
            "eligible_from": entry.candidate.eligibleFrom.description, "state": entry.state?.rawValue ?? "not_started",
            "due_by": entry.dueBy.description,
        ]
        object["file_id"] = entry.candidate.file?.id.rawValue
        object["late"] = entry.late?.rawValue
        return object
    }

    static func show(_ file: BenefitFile, rules: RuleSet, asOf: CivilDate) {
        let terms = rules.benefitTerms.terms(version: file.termsVersion) ?? rules.benefitTerms.terms(on: file.openedOn)
        let dates = BenefitProcedure.schedule(of: file, terms: terms)
        let late = BenefitProcedure.late(file, terms: terms, asOf: asOf).map { "  LATE (\($0.rawValue))" } ?? ""
        print(
            "#\(file.id.rawValue)  \(file.personNumber)  \(file.establishmentCode)  \(file.benefit.rawValue)  "
                + "\(file.state.rawValue)  v\(file.version)\(late)")
        print("  eligible from \(file.eligibleFrom); terms \(file.termsVersion)")
        print(
            "  due: file \(dates.completeBy), sent \(dates.sendBy), hearing \(dates.hearingBy), decision \(dates.decisionBy), "
                + "appeal \(dates.appealBy)")
        for document in BenefitFile.Document.allCases {
            let record = file.record(document)
            let detail = record.map { r in
                [r.state.rawValue, r.issuedOn?.description, r.issuer, r.reference].compactMap { $0 }.joined(separator: " ")
            }
            print(
                "  [\(record?.isIn == true ? "x" : " ")] \(document.rawValue) (\(document.author.rawValue))  \(detail ?? "pending")"
            )
        }
        for change in file.history {
            print("  \(change.on)  \(change.step)  \(change.state.rawValue)  \(change.by)\(change.note.map { "  \($0)" } ?? "")")
        }
    }
}
