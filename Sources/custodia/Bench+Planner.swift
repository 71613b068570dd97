import ArgumentParser
import CustodiaCore
import Foundation
import NationalDataset
import Placement

/// `custodia bench planner`: the transfer planner on one instance, timed, for the side-by-side comparison with OR-Tools
/// and HiGHS (`benchmarks/planner_anchors.py`; issue 14 point 6). The instance is PE-69-agg or one read from a JSON file;
/// `--export` writes it for the anchors.
extension Bench {
    struct Planner: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve one transfer-planner instance (PE-69-agg, or --from FILE) and print θ*, the moves and the time.")
        @Option(
            help:
                "pe-69-agg (default), pe-69-tc (the judgment's six at 120 %), x10-agg (ten copies of pe-69-agg) or pe-69-full.")
        var instance = "pe-69-agg"
        @Option(help: "The seed of pe-69-full.") var seed: UInt64 = 2026
        @Option(help: "Read the instance from this JSON file instead (as --export writes it).") var from: String?
        @Option(help: "Write the instance as JSON to this file.") var export: String?
        @Option(name: .customLong("moves-cap"), help: "The cap on moves (PL-H8).") var movesCap: Int?
        @Option(help: "Solve it this many times; the median time is printed.") var repeats = 3

        struct Document: Codable {
            struct Unit: Codable {
                var establishment: Int
                var kind: String
                var numerator: Int
                var denominator: Int
                /// The unit's own limit as a share of its places (PE-69-TC), numerator over denominator.
                var limit: [Int]? = nil
            }
            struct Cohort: Codable {
                var origin: Int
                var kind: String
                var size: Int
                var destinations: [Int]? = nil
                var home: Int? = nil
                var group: Int? = nil
            }
            var establishments: [String]
            var units: [Unit]
            var cohorts: [Cohort]
            var movesCap: Int?
            var distances: [[Int]]? = nil
            var homeDistances: [[Int]]? = nil
            var familyLimitKm: Int? = nil
            var conflicts: [[Int]]? = nil
        }

        func run() async throws {
            var problem: TransferInstance
            if let from {
                let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: from)))
                problem = TransferInstance(
                    establishments: document.establishments,
                    units: document.units.map {
                        .init(
                            establishment: $0.establishment, kind: $0.kind, capacity: Ratio($0.numerator, $0.denominator),
                            limit: $0.limit.map { Ratio($0[0], $0[1]) })
                    },
                    cohorts: document.cohorts.map {
                        .init(
                            origin: $0.origin, kind: $0.kind, size: $0.size, destinations: $0.destinations.map(Set.init),
                            home: $0.home, group: $0.group)
                    },
                    movesCap: document.movesCap)
                problem.distances = document.distances
                problem.homeDistances = document.homeDistances
                problem.familyLimitKm = document.familyLimitKm
                problem.conflicts = Set((document.conflicts ?? []).map { TransferInstance.Conflict($0[0], $0[1]) })
            } else {
                let rows = PlanningInstances.establishments(try PeruDataset.bundled())
                switch instance {
                case "pe-69-agg": problem = .aggregate(rows)
                case "pe-69-tc": problem = PlanningInstances.peru69Tribunal(try PeruDataset.bundled())
                case "pe-69-full":
                    var options = PlanningInstances.FullOptions()
                    options.seed = seed
                    problem = PlanningInstances.peru69Full(try PeruDataset.bundled(), options: options)
                case "x10-agg":
                    problem = .aggregate(
                        (1...10).flatMap { copy in rows.map { row in with(row) { $0.code += copy == 1 ? "" : "-\(copy)" } } })
                default: throw ValidationError("unknown instance \(instance): pe-69-agg, pe-69-tc, x10-agg or pe-69-full")
                }
            }
            if let movesCap { problem.movesCap = movesCap }
            if let export {
                let document = Document(
                    establishments: problem.establishments,
                    units: problem.units.map {
                        .init(
                            establishment: $0.establishment, kind: $0.kind, numerator: $0.capacity.numerator,
                            denominator: $0.capacity.denominator, limit: $0.limit.map { [$0.numerator, $0.denominator] })
                    },
                    cohorts: problem.cohorts.map {
                        .init(
                            origin: $0.origin, kind: $0.kind, size: $0.size, destinations: $0.destinations?.sorted(),
                            home: $0.home, group: $0.group)
                    },
                    movesCap: problem.movesCap, distances: problem.distances, homeDistances: problem.homeDistances,
                    familyLimitKm: problem.familyLimitKm,
                    conflicts: problem.conflicts.sorted { ($0.first, $0.second) < ($1.first, $1.second) }.map {
                        [$0.first, $0.second]
                    })
                try JSONEncoder().encode(document).write(to: URL(fileURLWithPath: export))
            }
            var seconds: [Double] = []
            var result: Result<TransferPlan, PlanInfeasibility>?
            for _ in 0..<max(1, repeats) {
                let started = ContinuousClock.now
                result = TransferPlanner.plan(problem)
                seconds.append((ContinuousClock.now - started).seconds)
            }
            let median = seconds.sorted()[seconds.count / 2]
            switch result {
            case .success(let plan)?:
                print(
                    """
                    {"status": "optimal", "theta_numerator": \(plan.maxRatio.numerator), "theta_denominator": \(plan.maxRatio.denominator), \
                    "theta": \(plan.maxRatio.value), "moves": \(plan.moves), "ratio_floor": \(plan.ratioFloor), \
                    "cohorts": \(problem.cohorts.count), "units": \(problem.units.count), "seconds": \(median)\
                    \(plan.distance.map { ", \"kilometres\": \($0.kilometres), \"kilometres_floor\": \($0.floor)" } ?? "")\
                    \(plan.keepApart.map { ", \"tier1_theta\": \($0.relaxedRatio.value), \"colocations_existing\": \($0.existing), \"repair_rounds\": \($0.rounds)" } ?? "")}
                    """)
            case .failure(let failure)?:
                print("{\"status\": \"infeasible\", \"constraint\": \"\(failure.code)\", \"seconds\": \(median)}")
            case nil: break
            }
        }

        func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
            var value = value
            change(&value)
            return value
        }
    }
}
