import ArgumentParser
import CustodiaCore
import Foundation
import NationalDataset
import Placement

/// `custodia bench capacity`: which projects to build within a budget (planning.md 2.1, T-B2), timed, for the
/// side-by-side comparison with HiGHS (`benchmarks/capacity_anchors.py`; issue 14 point 4). The instance is January
/// 2026's 25 departments with the announced projects (grown to a year's forecast demand with `--year`), or one read from
/// a JSON file; `--export` writes it for the anchor.
extension Bench {
    struct CapacityBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "capacity",
            abstract:
                "Choose the projects to build within a budget (PE departments, or --from FILE); print the choice and the time.")
        @Option(help: "Read the instance from this JSON file instead (as --export writes it).") var from: String?
        @Option(help: "Write the instance as JSON to this file.") var export: String?
        @Option(help: "Places at most (default: every project's).") var budget: Int?
        @Option(help: "The demand of December of this year (2026-2040), central scenario unless --scenario.") var year: Int?
        @Option(help: "low, central or high, with --year.") var scenario: CapacityHorizon.Scenario = .central
        @Option(help: "Solve it this many times; the median time is printed.") var repeats = 5

        struct Document: Codable {
            var demands: [Demand]
            var projects: [Project]
            var budget: Int

            struct Demand: Codable {
                var department: String
                var capacity: Int
                var population: Int
            }
            struct Project: Codable {
                var name: String
                var department: String
                var places: Int
            }
        }

        func run() async throws {
            var document: Document
            if let from {
                document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: from)))
            } else {
                var demands = PlanningInstances.departmentDemand(try PeruDataset.bundled())
                if let year {
                    guard let horizon = try CapacityHorizon.make(year: year, scenario: scenario) else {
                        throw ValidationError("--year must be from 2026 to 2040")
                    }
                    demands = horizon.grow(demands)
                }
                let projects = try AnnouncedProjects.bundled().compactMap { project in
                    project.places.map { Document.Project(name: project.name, department: project.department, places: $0) }
                }
                document = Document(
                    demands: demands.map { .init(department: $0.department, capacity: $0.capacity, population: $0.population) },
                    projects: projects, budget: projects.map(\.places).reduce(0, +))
            }
            if let budget { document.budget = budget }
            if let export { try JSONEncoder().encode(document).write(to: URL(fileURLWithPath: export)) }
            let demands = document.demands.map {
                CapacityPlan.Demand(department: $0.department, capacity: $0.capacity, population: $0.population)
            }
            let projects = document.projects.map {
                CapacityPlan.Project(name: $0.name, department: $0.department, places: $0.places)
            }
            var seconds: [Double] = []
            var selection: CapacitySelection?
            for _ in 0..<max(1, repeats) {
                let started = ContinuousClock.now
                switch CapacitySelection.make(demands, projects: projects, budget: document.budget) {
                case .failure(let invalid): throw ValidationError("\(invalid.field): \(invalid.description)")
                case .success(let made): selection = made
                }
                seconds.append((ContinuousClock.now - started).seconds)
            }
            guard let selection else { return }
            let line: [String: Any] = [
                "chosen": selection.chosen, "scaled_excess": selection.scaledExcess, "within": selection.within,
                "places": selection.totalPlaces, "budget": document.budget,
                "seconds": seconds.sorted()[seconds.count / 2],
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
        }
    }
}
