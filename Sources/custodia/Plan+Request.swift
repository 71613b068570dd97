import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

extension PlanCommand {
    /// `custodia plan request`: a stored plan's route turned into transfer requests (issue 14 point 3), as the plan page's
    /// button and `POST /api/v1/plans/transfers/{id}/requests` do, by a staff account that may request transfers from the
    /// route's origin.
    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Request the transfers of a stored plan's route, each through the placement check.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The stored plan's number.") var plan: Int64
        @Option(help: "The route's origin (establishment code).") var from: String
        @Option(help: "The route's destination (establishment code).") var to: String
        @Option(help: "male or female.") var sex: String
        @Option(help: "How many persons (at most the route's).") var persons: Int
        @Option(help: "Your staff account, which must be allowed to request transfers from the origin (audited).")
        var by: String
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?

        func run() async throws {
            guard let sex = Sex(rawValue: sex) else { throw ValidationError("--sex must be male or female") }
            let config = try CLI.config(database: db.database, asOf: asOf)
            let day = config.environment.today()
            try await CLI.withDatabase(config) { database in
                guard
                    let (actor, scope) = try await CLI.staff(
                        by, allowedTo: .requestTransfer, database: database, config: config, action: "plan request"),
                    scope?.contains(from) ?? true
                else {
                    FileHandle.standardError.write(
                        Data("error: \(by) is not an enabled account allowed to request transfers from \(from)\n".utf8))
                    throw ExitCode(1)
                }
                let registry = SQLRegistry(database: database, environment: config.environment)
                let request = PlannedTransferRequest(
                    planID: plan, from: from, to: to, sex: sex, persons: persons, requestedOn: day)
                switch try await registry.requestPlannedTransfers(request, asOf: day, actor: actor) {
                case .done(let result):
                    print("\(result.requested.count) transfers requested, \(result.refused.count) persons not")
                    for t in result.requested {
                        print(
                            "  #\(t.id.rawValue)  \(PersonNumber(id: t.personID))  \(t.fromEstablishmentCode) → \(t.toEstablishmentCode) \(t.toPavilionCode)"
                        )
                    }
                    for refusal in result.refused {
                        let reasons = refusal.messages.map { "\($0.english) [\($0.code.rawValue)]" }.joined(separator: "; ")
                        print("  not requested: \(PersonNumber(id: refusal.personID))  \(reasons)")
                    }
                case .rejected(let messages):
                    for message in messages {
                        FileHandle.standardError.write(
                            Data("error: \(message.field): \(message.english) [\(message.code.rawValue)]\n".utf8))
                    }
                    throw ExitCode(1)
                case .notFound, .versionConflict:
                    FileHandle.standardError.write(Data("error: no transfer plan #\(plan)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}
