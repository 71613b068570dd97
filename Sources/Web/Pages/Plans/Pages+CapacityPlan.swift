import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Capacity expansion on the staff pages (issue 14 point 4): per department of the reader's establishments, the places
/// needed to be at 120 % without transfers, the announced projects beside them, and the same places allotted by need.
extension Pages {
    func capacityPlanPage(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let alternative = web.query("alternative") == "1"
        let budgetText = web.query("budget") ?? ""
        let budget = Int(budgetText)
        let invalid = !budgetText.isEmpty && budget.map { $0 < 0 || $0 > 10_000_000 } ?? true
        guard
            case .success(let plan) = try await services.registry.capacityPlan(
                establishmentCodes: web.principal?.establishments, budget: invalid ? nil : budget, alternative: alternative)
        else {
            return CustodiaWeb.notFound(web)
        }
        func percent(_ value: Double) -> String { "\(OccupancyChart.format(value)) %" }
        let heading = t["capacity_title"]
        let model = CapacityPlanModel(
            layout: web.layout(title: heading, current: "/plans/capacity"), heading: heading,
            budget: budgetText, budgetError: invalid ? t["capacity_budget_invalid"] : nil, alternative: alternative,
            totals: [
                .init(label: t["capacity_need"], value: OccupancyChart.grouped(plan.totalNeed)),
                .init(label: t["capacity_announced"], value: OccupancyChart.grouped(plan.totalAnnounced)),
                .init(label: t["capacity_budget"], value: OccupancyChart.grouped(plan.budget)),
                .init(label: t["capacity_within_now"], value: "\(plan.withinNow) / \(plan.rows.count)"),
                .init(label: t["capacity_within_announced"], value: "\(plan.withinAnnounced) / \(plan.rows.count)"),
                .init(label: t["capacity_within_allotted"], value: "\(plan.withinAllotted) / \(plan.rows.count)"),
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
                    allottedClass: OccupancyChart.cssClass(row.occupancyAllotted))
            })
        return web.page("capacity_plan", model, status: invalid ? .unprocessableContent : .ok)
    }
}

/// Capacity expansion's page model.
struct CapacityPlanModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var budget: String
    var budgetError: String?
    var alternative: Bool
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
    }
}
