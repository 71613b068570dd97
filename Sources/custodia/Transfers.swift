import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia transfers`: the transfers under way, and the decision on one, for an operator at a terminal.
struct Transfers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List transfers between establishments, or record the decision on one.",
        subcommands: [List.self, Approve.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transfers leaving or reaching an establishment (all by default), under way unless --state says.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Only this establishment (code).") var establishment: String?
        @Option(help: "Comma-separated states (default requested,approved,in_transit).") var state: String?
        @Option(help: "At most this many.") var limit = 200
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var states: Set<Transfer.State> = [.requested, .approved, .inTransit]
            if let state {
                states = []
                for name in state.split(separator: ",") {
                    guard let value = Transfer.State(rawValue: String(name)) else {
                        throw ValidationError(
                            "unknown state \(name): \(Transfer.State.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    states.insert(value)
                }
            }
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                let items = try await registry.transfers(
                    establishmentCodes: establishment.map { [$0] }, states: states, limit: limit)
                if json {
                    let rows = items.map { t -> [String: Any] in
                        [
                            "id": t.id.rawValue, "person_number": PersonNumber(id: t.personID).description,
                            "from": t.fromEstablishmentCode, "to": t.toEstablishmentCode, "pavilion": t.toPavilionCode,
                            "ground": t.ground.rawValue, "state": t.state.rawValue, "requested_on": t.requestedOn.description,
                            "version": t.version,
                        ]
                    }
                    let data = try JSONSerialization.data(withJSONObject: ["transfers": rows], options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                print("\(items.count) transfer(s)")
                for t in items {
                    print(
                        "#\(t.id.rawValue)  \(PersonNumber(id: t.personID))  \(t.fromEstablishmentCode) → \(t.toEstablishmentCode)/\(t.toPavilionCode)  "
                            + "\(t.ground.rawValue)  \(t.state.rawValue)  requested \(t.requestedOn)  v\(t.version)")
                }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the approval of a requested transfer: the deciding authority and its resolution (TR-2).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The transfer's number.") var id: Int64
        @Option(help: "Your staff account, which must be allowed to decide transfers (recorded in the audit trail).")
        var by: String
        @Option(help: "director_regional, presidencia_inpe, director_establecimiento or juez.") var authority: String
        @Option(help: "The resolution that decides it.") var resolution: String
        @Option(name: .customLong("notified-on"), help: "The day the person was notified, YYYY-MM-DD (TR-4).")
        var notifiedOn: String?
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?

        func run() async throws {
            guard let authority = Transfer.Authority(rawValue: authority) else {
                throw ValidationError("unknown authority: \(Transfer.Authority.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var notified: CivilDate?
            if let notifiedOn {
                guard let day = CivilDate(iso: notifiedOn) else { throw ValidationError("--notified-on must be YYYY-MM-DD") }
                notified = day
            }
            let config = try CLI.config(database: db.database, asOf: asOf)
            let day = config.environment.today()
            try await CLI.withDatabase(config) { database in
                guard
                    let (actor, _) = try await CLI.staff(
                        by, allowedTo: .decideTransfer, database: database, config: config, action: "transfers approve")
                else {
                    FileHandle.standardError.write(
                        Data("error: \(by) is not an enabled account allowed to decide transfers\n".utf8))
                    throw ExitCode(1)
                }
                let registry = SQLRegistry(database: database, environment: config.environment)
                let step = TransferStep(
                    id: .init(rawValue: id), action: .approve, on: day, authority: authority, resolution: resolution,
                    notifiedOn: notified)
                switch try await registry.stepTransfer(step, expectedVersion: nil, asOf: day, actor: actor) {
                case .done(let t):
                    print(
                        "transfer #\(t.id.rawValue) approved: \(t.fromEstablishmentCode) → \(t.toEstablishmentCode) (\(t.resolution ?? ""))"
                            + (t.appealUntil.map { "; appeal until \($0)" } ?? "")
                            + (t.courtNotified.map { "; court notified: \($0)" } ?? ""))
                case .rejected(let messages):
                    for message in messages {
                        FileHandle.standardError.write(
                            Data("error: \(message.field): \(message.english) [\(message.code.rawValue)]\n".utf8))
                    }
                    throw ExitCode(1)
                case .notFound:
                    FileHandle.standardError.write(Data("error: no transfer #\(id)\n".utf8))
                    throw ExitCode(1)
                case .versionConflict:
                    FileHandle.standardError.write(Data("error: the transfer changed meanwhile; try again\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}
