import App
import ArgumentParser
import CustodiaCore
import Foundation
import NationalDataset
import Placement
import Store

extension CapacityHorizon.Scenario: ExpressibleByArgument {}

extension PlanCommand {
    /// `custodia plan capacity`: where new places do the most good, beside the announced projects (issue 14 point 4).
    struct Capacity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Places each department needs to be at 120 % without transfers, the announced projects' places beside them, and the same places allotted to bring the most departments to 120 %."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Places to allot (default: the announced projects' total).") var budget: Int?
        @Option(help: "A CSV of projects (columns project, department, places) instead of the announced ones.")
        var projects: String?
        @Flag(help: "Take each announced project's alternative size where it has one (El Frontón: 108 places).")
        var alternative = false
        @Option(
            help:
                "Plan for the demand of December of this year (2026-2040): each department grown at the national forecast's rate."
        )
        var year: Int?
        @Option(help: "The forecast's scenario with --year: low, central or high (the 80 % interval's bounds).")
        var scenario: CapacityHorizon.Scenario = .central
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let budget, budget < 0 { throw ValidationError("--budget must be 0 places or more, not \(budget)") }
            if let year, !CapacityHorizon.years.contains(year) {
                throw ValidationError(
                    "--year must be from \(CapacityHorizon.years.lowerBound) to \(CapacityHorizon.years.upperBound), not \(year)")
            }
        }

        func run() async throws {
            let list: [CapacityPlan.Project]?
            do {
                list = try projects.map { try AnnouncedProjects.parse(try String(contentsOfFile: $0, encoding: .utf8)) }
            } catch let invalid as AnnouncedProjects.Invalid {
                throw ValidationError("\(invalid.field): \(invalid.description)")
            }
            let horizon = try year.flatMap { try CapacityHorizon.make(year: $0, scenario: scenario) }
            let config = try CLI.config(database: db.database)
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                // The announced projects of the register's departments; a file's project elsewhere is an error.
                let plan: CapacityPlan
                switch try await registry.capacityPlan(
                    establishmentCodes: nil, budget: budget, alternative: alternative, horizon: horizon, projects: list)
                {
                case .failure(let invalid): throw ValidationError("\(invalid.field): \(invalid.description)")
                case .success(let made): plan = made
                }
                if json {
                    try PlanCommand.Transfers.printJSON(Self.document(plan))
                } else {
                    Self.printText(plan)
                }
            }
        }

        static func printText(_ plan: CapacityPlan) {
            if let horizon = plan.horizon {
                print(
                    """
                    Demand of December \(horizon.year), \(horizon.scenario.rawValue) scenario: \(horizon.national) persons nationally \
                    against \(horizon.origin) in \(horizon.originMonth); every department grown at that rate \
                    (no series by department is published).
                    """)
            }
            let selection = plan.selection
            print(
                """
                Places needed for every department to be at 120 % of its places without transfers: \(plan.totalNeed)
                (\(plan.withinNow) of \(plan.rows.count) departments are there now).
                Announced projects: \(plan.totalAnnounced) places\(plan.unsized.isEmpty ? "" : " (size not known, counted as 0: \(plan.unsized.joined(separator: ", ")))"); \
                \(plan.withinAnnounced) departments at 120 % with them.
                The same \(plan.budget) places allotted to the smallest needs first: \(plan.withinAllotted) departments at 120 %.
                Projects built whole within \(plan.budget) places, the least excess over 120 %: \(selection.chosen.joined(separator: ", ")) \
                (\(selection.totalPlaces) places, \(plan.withinSelected) departments at 120 %)\
                \(selection.leftOut.isEmpty ? "" : "; left out: " + selection.leftOut.joined(separator: ", ")).

                department            places  persons   occ. %    need announced  occ. %  allotted  occ. %    chosen  occ. %
                """)
            for row in plan.rows {
                let name = row.department.padding(toLength: 20, withPad: " ", startingAt: 0)
                let columns = [
                    String(row.capacity), String(row.population), String(format: "%.1f", row.occupancy), String(row.need),
                    String(row.announced), String(format: "%.1f", row.occupancyAnnounced), String(row.allotted),
                    String(format: "%.1f", row.occupancyAllotted), String(row.selected),
                    String(format: "%.1f", row.occupancySelected),
                ]
                let widths = [8, 9, 9, 8, 10, 8, 10, 8, 10, 8]
                print(
                    name
                        + zip(columns, widths).map { String(repeating: " ", count: max(1, $1 - $0.count)) + $0 }.joined())
            }
        }

        static func document(_ plan: CapacityPlan) -> [String: Any] {
            var document: [String: Any] = [
                "alpha_percent": Double(plan.alphaNumerator * 100) / Double(plan.alphaDenominator),
                "total_need": plan.totalNeed, "total_announced": plan.totalAnnounced, "budget": plan.budget,
                "departments_within_now": plan.withinNow, "departments_within_announced": plan.withinAnnounced,
                "departments_within_allotted": plan.withinAllotted, "projects_of_unknown_size": plan.unsized,
                "departments": plan.rows.map {
                    [
                        "department": $0.department, "capacity": $0.capacity, "population": $0.population, "need": $0.need,
                        "announced": $0.announced, "allotted": $0.allotted, "occupancy": $0.occupancy,
                        "occupancy_announced": $0.occupancyAnnounced, "occupancy_allotted": $0.occupancyAllotted,
                        "selected": $0.selected, "occupancy_selected": $0.occupancySelected,
                    ] as [String: Any]
                },
                "departments_within_selected": plan.withinSelected, "projects_chosen": plan.selection.chosen,
                "projects_left_out": plan.selection.leftOut, "places_chosen": plan.selection.totalPlaces,
                "excess_chosen": Double(plan.selection.scaledExcess) / Double(plan.alphaDenominator),
                "demand_total": plan.rows.map(\.population).reduce(0, +),
            ]
            if let horizon = plan.horizon {
                document["horizon"] = [
                    "year": horizon.year, "scenario": horizon.scenario.rawValue, "origin_month": horizon.originMonth,
                    "origin": horizon.origin, "national": horizon.national,
                ]
            }
            return document
        }
    }
}
