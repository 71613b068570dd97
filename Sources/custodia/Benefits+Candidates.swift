import App
import ArgumentParser
import CustodiaCore
import Foundation
import LegalClock
import Store

extension Benefits {
    /// `custodia benefits candidates`: the relief candidate lists (issue 26 point 2), as lines or CSV for the defense,
    /// prosecutors and courts.
    struct Candidates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Who meets the legal criteria for vigilancia electrónica (electronic), whose prisión preventiva is due for review (pretrial_review), whose sentence could become jornadas (conversion) or a foreigner's expulsion (expulsion), with the rules that put each on the list."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "electronic, pretrial_review, conversion or expulsion.") var list: String
        @Option(help: "An establishment's code (every establishment when omitted).") var establishment: String?
        @Option(help: "A judicial district: only the persons with a case there.") var district: String?
        @Option(
            name: .customLong("within-days"),
            help: "pretrial_review: a term ending within these days; expulsion: two thirds served within them (0-365).")
        var withinDays = 30
        @Flag(
            name: .customLong("include-excluded"),
            help: "electronic, conversion, expulsion: also those a rule keeps off, with that rule.")
        var includeExcluded = false
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?
        @Flag(help: "Print CSV.") var csv = false

        func validate() throws {
            guard ReliefCandidateList.Kind(rawValue: list) != nil else {
                throw ValidationError("--list: electronic, pretrial_review, conversion or expulsion, not \(list)")
            }
            guard (0...365).contains(withinDays) else { throw ValidationError("--within-days: from 0 to 365") }
        }

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                try await CLI.requireEstablishment(establishment, in: registry)
                let day = config.environment.today()
                let result = try await registry.reliefCandidates(
                    ReliefCandidateList.Kind(rawValue: list)!, establishmentCodes: establishment.map { [$0] },
                    districts: district.map { [$0] }, asOf: day, rules: config.environment.rules, withinDays: withinDays,
                    includeExcluded: includeExcluded)
                if csv {
                    print(result.csv(), terminator: "")
                    return
                }
                let qualifying = result.rows.filter(\.qualifies).count
                print(
                    "\(qualifying) of \(result.examined) on the \(list) list at \(establishment ?? "every establishment") on \(day) (penalties \(result.penaltiesVersion)\(result.penaltiesNeedLegalReview ? ", pending legal review" : ""))"
                )
                for row in result.rows {
                    let s = row.subject
                    let flags = [
                        row.qualifies ? nil : "excluded", row.priority ? "priority" : nil, row.needsLegalReview ? "review" : nil,
                    ]
                    .compactMap { $0 }
                    print(
                        "\(PersonNumber(id: s.personID))  \(s.name.displayForm)  \(s.establishmentCode)  \(s.status.rawValue)"
                            + (flags.isEmpty ? "" : "  [\(flags.joined(separator: ", "))]"))
                    for reason in row.reasons {
                        print("    \(reason.qualifies ? "+" : "-") \(reason.rule.rawValue) \(reason.code): \(reason.detail)")
                    }
                }
            }
        }
    }
}
