import App
import ArgumentParser
import CustodiaCore
import Foundation
import Placement
import Store

/// `custodia plan transfers`: the transfer plan that brings the most crowded establishment lowest, on the live register
/// (issue 14 points 3 and 5; the aggregate model of establishment and sex, Tier 1).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plans that relieve overcrowding: transfers, and new places.",
        subcommands: [Transfers.self, Request.self, Capacity.self])

    struct Transfers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The least max ratio of population to places any transfers can reach (men and women apart), the fewest moves at it, and the bounds."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("moves-per-month"), help: "The most persons moved (PL-H8); 0 is a plan with no moves.")
        var movesPerMonth: Int?
        @Option(
            help:
                "max-ratio (the least max ratio, then the fewest moves) or excess (the fewest persons above --alpha-percent of their places, then the fewest moves)."
        )
        var objective: Objective = .maxRatio
        @Option(name: .customLong("alpha-percent"), help: "The excess objective's line, in per cent of the places (50-400).")
        var alphaPercent = 120
        @Option(help: "Comma-separated establishment codes to plan among (default: all).") var establishments: String?
        @Option(help: "How many origin-destination lines to print (all with --json or --csv).") var top = 20
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Print the establishments before and after as CSV.") var csv = false

        func validate() throws {
            if let movesPerMonth, movesPerMonth < 0 {
                throw ValidationError("--moves-per-month must be 0 or more, not \(movesPerMonth)")
            }
            if top < 0 { throw ValidationError("--top must be 0 or more") }
            if json && csv { throw ValidationError("choose one of --json and --csv") }
            if !TransferPlanDocument.alphaPercents.contains(alphaPercent) {
                throw ValidationError("--alpha-percent must be from 50 to 400, not \(alphaPercent)")
            }
        }

        enum Objective: String, ExpressibleByArgument {
            case maxRatio = "max-ratio"
            case excess
        }

        func run() async throws {
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                let wanted = establishments.map {
                    $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                }
                guard let rows = try await registry.aggregateEstablishments(codes: wanted.map(Set.init)) else {
                    let known = Set(try await registry.statistics().establishments.map(\.establishment.code))
                    throw ValidationError("no establishment with code \(wanted?.first { !known.contains($0) } ?? "")")
                }
                let instance = TransferInstance.aggregate(rows, movesCap: movesPerMonth)
                let started = ContinuousClock.now
                let result =
                    objective == .excess
                    ? TransferPlanner.planExcess(instance, alpha: Ratio(alphaPercent, 100)) : TransferPlanner.plan(instance)
                let seconds = (ContinuousClock.now - started).seconds
                switch result {
                case .failure(let failure):
                    if json {
                        try Self.printJSON([
                            "status": "infeasible", "constraint": failure.code, "shortfall": failure.shortfall,
                            "detail": failure.detail,
                        ])
                    } else {
                        print("No plan: \(failure.code), short by \(failure.shortfall): \(failure.detail).")
                    }
                    throw ExitCode(2)
                case .success(let plan):
                    let report = TransferPlanReport(plan: plan, instance: instance, establishments: rows)
                    if json {
                        try Self.printJSON(Self.document(report, seconds: seconds))
                    } else if csv {
                        print("code,capacity,population_before,population_after,occupancy_before,occupancy_after")
                        for row in report.rows {
                            print(
                                "\(row.code),\(row.capacity),\(row.before),\(row.after),\(row.occupancyBefore),\(row.occupancyAfter)"
                            )
                        }
                    } else {
                        Self.printText(report, top: top, seconds: seconds)
                    }
                }
            }
        }

        static func printText(_ report: TransferPlanReport, top: Int, seconds: Double) {
            let plan = report.plan
            let worstBefore = report.rows.max { $0.occupancyBefore < $1.occupancyBefore }
            if let excess = plan.excess {
                print(
                    """
                    Transfer plan for the fewest persons above \(excess.alpha.percent) % of their places (men and women apart, \
                    \(String(format: "%.2f", seconds)) s):
                      above the line          \(excess.before) now, \(excess.after) after the plan; no transfers can leave fewer than \(excess.floor)
                      persons moved           \(plan.moves) (at least \(plan.movesFloor))
                      highest occupancy left  \(plan.maxRatio.percent) % of places (--objective max-ratio gives the least reachable)
                      excess over capacity    \(report.excessBefore) now, \(report.excessAfter) after the plan
                    Largest moves (from → to, sex, persons):
                    """)
            } else {
                print(
                    """
                    Transfer plan (men and women apart; Tier 1 of the planner, \(String(format: "%.2f", seconds)) s):
                      most crowded now        \(worstBefore.map { "\($0.code) \($0.occupancyBefore) %" } ?? "-")
                      least max ratio (θ*)    \(plan.maxRatio.percent) % of places (exact \(plan.maxRatio)); the \(plan.bindingKind ?? "-") places bind
                      floor (LB0)             \(String(format: "%.2f", plan.ratioFloor * 100)) % (population over places)
                      persons moved           \(plan.moves) (at least \(plan.movesFloor) at θ*)
                      excess over capacity    \(report.excessBefore) now, \(report.excessAfter) after the plan; no transfers can bring it below \(report.excessFloor)
                        (the nation's population over its places): only new places or fewer people in custody can.
                    Largest moves (from → to, sex, persons):
                    """)
            }
            for flow in report.flows.prefix(top) {
                print("  \(flow.from) → \(flow.to)  \(flow.kind)  \(flow.persons)")
            }
            if report.flows.count > top { print("  … \(report.flows.count - top) more (--json for all)") }
        }

        static func document(_ report: TransferPlanReport, seconds: Double) -> [String: Any] {
            let plan = report.plan
            var document: [String: Any] = [
                "objective": plan.excess == nil ? "max-ratio" : "excess",
                "status": "optimal", "max_ratio_percent": plan.maxRatio.value * 100,
                "max_ratio": ["numerator": plan.maxRatio.numerator, "denominator": plan.maxRatio.denominator],
                "ratio_floor_percent": plan.ratioFloor * 100, "moves": plan.moves, "moves_floor": plan.movesFloor,
                "binding": plan.bindingKind ?? NSNull(), "excess_before": report.excessBefore,
                "excess_after": report.excessAfter, "excess_floor": report.excessFloor, "seconds": seconds,
                "establishments": report.rows.map {
                    [
                        "code": $0.code, "capacity": $0.capacity, "population_before": $0.before, "population_after": $0.after,
                        "occupancy_before": $0.occupancyBefore, "occupancy_after": $0.occupancyAfter,
                    ] as [String: Any]
                },
                "moves_by_route": report.flows.map {
                    ["from": $0.from, "to": $0.to, "sex": $0.kind, "persons": $0.persons] as [String: Any]
                },
            ]
            if let excess = plan.excess {
                document["excess_over_alpha"] = [
                    "alpha_percent": Int((excess.alpha.value * 100).rounded()), "before": excess.before, "after": excess.after,
                    "floor": excess.floor,
                ]
            }
            return document
        }

        static func printJSON(_ object: [String: Any]) throws {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
