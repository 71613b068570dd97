import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Capacity expansion on the staff pages (issue 14 point 4): per department of the reader's establishments, the places
/// needed to be at 120 % without transfers, the announced projects beside them, the same places allotted by need, and
/// the projects to build whole within them; for today's population or a future year's forecast demand.
extension Pages {
    func capacityPlanPage(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let alternative = web.query("alternative") == "1"
        let budgetText = web.query("budget") ?? ""
        let budget = Int(budgetText)
        let invalid = !budgetText.isEmpty && budget.map { $0 < 0 || $0 > 10_000_000 } ?? true
        let yearText = web.query("year") ?? ""
        let scenario = CapacityHorizon.Scenario(rawValue: web.query("scenario") ?? "") ?? .central
        let horizon = try Int(yearText).flatMap { try CapacityHorizon.make(year: $0, scenario: scenario) }
        let yearInvalid = !yearText.isEmpty && horizon == nil
        guard
            case .success(let plan) = try await services.registry.capacityPlan(
                establishmentCodes: web.principal?.establishments, budget: invalid ? nil : budget, alternative: alternative,
                horizon: horizon)
        else {
            return CustodiaWeb.notFound(web)
        }
        func percent(_ value: Double) -> String { "\(OccupancyChart.format(value)) %" }
        let heading = t["capacity_title"]
        let model = CapacityPlanModel(
            layout: web.layout(title: heading, current: "/plans/capacity"), heading: heading,
            budget: budgetText, budgetError: invalid ? t["capacity_budget_invalid"] : nil, alternative: alternative,
            years: CapacityHorizon.years.map { .init(value: String($0), selected: horizon?.year == $0) },
            yearError: yearInvalid ? t["capacity_year_invalid"] : nil,
            scenarios: CapacityHorizon.Scenario.allCases.map {
                .init(value: $0.rawValue, label: t["capacity_scenario_\($0.rawValue)"], selected: $0 == scenario)
            },
            horizon: horizon.map {
                t["capacity_horizon"].replacingOccurrences(of: "{year}", with: String($0.year))
                    .replacingOccurrences(of: "{scenario}", with: t["capacity_scenario_word_\($0.scenario.rawValue)"])
                    .replacingOccurrences(of: "{national}", with: OccupancyChart.grouped($0.national))
                    .replacingOccurrences(of: "{origin}", with: OccupancyChart.grouped($0.origin))
                    .replacingOccurrences(of: "{month}", with: $0.originMonth)
            },
            chosen: plan.selection.chosen.isEmpty ? t["capacity_chosen_none"] : plan.selection.chosen.joined(separator: ", "),
            leftOut: plan.selection.leftOut.isEmpty ? nil : plan.selection.leftOut.joined(separator: ", "),
            totals: [
                .init(label: t["capacity_demand"], value: OccupancyChart.grouped(plan.rows.map(\.population).reduce(0, +))),
                .init(label: t["capacity_need"], value: OccupancyChart.grouped(plan.totalNeed)),
                .init(label: t["capacity_announced"], value: OccupancyChart.grouped(plan.totalAnnounced)),
                .init(label: t["capacity_budget"], value: OccupancyChart.grouped(plan.budget)),
                .init(label: t["capacity_within_now"], value: "\(plan.withinNow) / \(plan.rows.count)"),
                .init(label: t["capacity_within_announced"], value: "\(plan.withinAnnounced) / \(plan.rows.count)"),
                .init(label: t["capacity_within_allotted"], value: "\(plan.withinAllotted) / \(plan.rows.count)"),
                .init(label: t["capacity_places_chosen"], value: OccupancyChart.grouped(plan.selection.totalPlaces)),
                .init(label: t["capacity_within_selected"], value: "\(plan.withinSelected) / \(plan.rows.count)"),
            ],
            unsized: plan.unsized.isEmpty ? nil : t["capacity_unsized"] + " " + plan.unsized.joined(separator: ", "),
            rows: plan.rows.map { row in
                .init(
                    department: row.department, capacity: OccupancyChart.grouped(row.capacity),
                    population: OccupancyChart.grouped(row.population), occupancy: percent(row.occupancy),
                    occupancyClass: OccupancyChart.cssClass(row.occupancy), need: OccupancyChart.grouped(row.need),
                    announced: OccupancyChart.grouped(row.announced), announcedOccupancy: percent(row.occupancyAnnounced),
                    announcedClass: OccupancyChart.cssClass(row.occupancyAnnounced),
                    allotted: OccupancyChart.grouped(row.allotted), allottedOccupancy: percent(row.occupancyAllotted),
                    allottedClass: OccupancyChart.cssClass(row.occupancyAllotted),
                    selected: OccupancyChart.grouped(row.selected), selectedOccupancy: percent(row.occupancySelected),
                    selectedClass: OccupancyChart.cssClass(row.occupancySelected))
            })
        return web.page("capacity_plan", model, status: invalid || yearInvalid ? .unprocessableContent : .ok)
    }
}

/// Capacity expansion's page model.
struct CapacityPlanModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var budget: String
    var budgetError: String?
    var alternative: Bool
    var years: [Option]
    var yearError: String?
    var scenarios: [Option]
    /// The year's demand and where it comes from (nil: today's population).
    var horizon: String?
    var chosen: String
    var leftOut: String?
    var totals: [DashboardModel.Total]
    var unsized: String?
    var rows: [Row]

    struct Row {
        var department: String
        var capacity: String
        var population: String
        var occupancy: String
        var occupancyClass: String
        var need: String
        var announced: String
        var announcedOccupancy: String
        var announcedClass: String
        var allotted: String
        var allottedOccupancy: String
        var allottedClass: String
        var selected: String
        var selectedOccupancy: String
        var selectedClass: String
    }

    struct Option {
        var value: String
        var label: String = ""
        var selected: Bool
    }
}
