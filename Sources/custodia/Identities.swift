import App
import ArgumentParser
import CustodiaCore
import Foundation
import Intelligence
import Store

/// `custodia identities`: one person, one record (issue 16 point 1).
struct IdentitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identities", abstract: "One person, one record: the register's likely duplicates.",
        subcommands: [Duplicates.self])

    /// `custodia identities duplicates`: every pair of the register sharing a block that the matcher does not call two
    /// people, the heaviest first, with why.
    struct Duplicates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Pairs of persons who may be one: those sharing a document, both surnames, the given names and a surname, or their sounds, that the matcher does not call different (ADR 0033), the heaviest first."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "At most this many pairs (default: all).") var limit: Int?
        @Option(name: .customLong("largest-block"), help: "Blocks of more persons are skipped and counted (default 500).")
        var largestBlock = 500
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit: at least 1, not \(limit)") }
            if largestBlock < 2 { throw ValidationError("--largest-block: at least 2, not \(largestBlock)") }
        }

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                let records = try await registry.identityRecords()
                let names = Dictionary(records.map { ($0.id, $0.record.name.registerForm) }, uniquingKeysWith: { a, _ in a })
                let result = IdentityDuplicates.find(records, largestBlock: largestBlock)
                let pairs = result.pairs.prefix(limit ?? Int.max)
                if json {
                    let document: [String: Any] = [
                        "persons": records.count, "compared": result.compared, "skipped_blocks": result.skippedBlocks,
                        "pairs": pairs.map { pair -> [String: Any] in
                            [
                                "first": PersonNumber(id: pair.first).description,
                                "second": PersonNumber(id: pair.second).description,
                                "weight": (pair.match.weight * 10).rounded() / 10, "decision": pair.match.decision.rawValue,
                                "explanation": pair.match.explanation,
                            ]
                        },
                    ]
                    let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print(
                    "\(records.count) persons, \(result.compared) pairs compared, \(result.skippedBlocks) blocks over "
                        + "\(largestBlock) skipped; \(result.pairs.count) pairs may be one person:")
                for pair in pairs {
                    print(
                        "  \(PersonNumber(id: pair.first)) \(names[pair.first] ?? "")  ~  \(PersonNumber(id: pair.second)) "
                            + "\(names[pair.second] ?? "")  \(String(format: "%.1f", pair.match.weight)) "
                            + "\(pair.match.decision.rawValue): \(pair.match.explanation)")
                }
            }
        }
    }
}
