import CustodiaCore
import Foundation
import Hummingbird
import Placement

extension Pages {
    func asOf(_ web: WebRequest) -> (CivilDate, String?) {
        guard let text = web.query("as_of") else { return (services.today(), nil) }
        guard let day = CivilDate(iso: text) else { return (services.today(), web.strings["invalid_date"]) }
        return (day, nil)
    }

    func dashboard(_ web: WebRequest) async throws -> Response {
        guard let principal = web.principal else { return WebRequest.redirect("/login") }
        let (asOf, dateError) = asOf(web)
        let registry = services.registry
        let statistics = try await registry.statistics()
        let visible = statistics.establishments.filter { principal.covers(establishment: $0.establishment.code) }
        let national = visible.reduce(Occupancy.zero) { $0 + $1.occupancy }
        let grouped = web.query("group") == "region"
        let sorted = visible.sorted { ($0.occupancy.occupancyPercent ?? 0) > ($1.occupancy.occupancyPercent ?? 0) }
        let scaleMax = sorted.first?.occupancy.occupancyPercent ?? 100
        func bars(_ items: [EstablishmentOverview]) -> [OccupancyChart.Bar] {
            items.map {
                OccupancyChart.Bar(
                    label: $0.establishment.name, href: "/establishments/\($0.establishment.code)",
                    percent: $0.occupancy.occupancyPercent ?? 0, population: $0.occupancy.population,
                    capacity: $0.occupancy.capacity)
            }
        }
        var sections: [DashboardModel.ChartSection] = []
        if grouped {
            var offices: [String: [EstablishmentOverview]] = [:]
            for item in sorted { offices[item.regionalOffice.name, default: []].append(item) }
            let ordered = offices.map {
                (name: $0.key, items: $0.value, total: $0.value.reduce(Occupancy.zero) { $0 + $1.occupancy })
            }
            .sorted { ($0.total.occupancyPercent ?? 0) > ($1.total.occupancyPercent ?? 0) }
            for office in ordered {
                sections.append(
                    DashboardModel.ChartSection(
                        heading: "\(office.name) · \(OccupancyChart.format(office.total.occupancyPercent ?? 0)) %",
                        chart: OccupancyChart.svg(
                            bars(office.items), title: "\(web.strings["chart_label"]): \(office.name)", scaleMax: scaleMax)))
            }
        } else {
            sections.append(
                DashboardModel.ChartSection(
                    heading: nil, chart: OccupancyChart.svg(bars(sorted), title: web.strings["chart_label"], scaleMax: scaleMax)))
        }
        let rows = sorted.map {
            DashboardModel.EstablishmentRow(
                name: $0.establishment.name, code: $0.establishment.code, office: $0.regionalOffice.name,
                population: OccupancyChart.grouped($0.occupancy.population),
                capacity: OccupancyChart.grouped($0.occupancy.capacity),
                occupancy: OccupancyChart.format($0.occupancy.occupancyPercent ?? 0),
                class: OccupancyChart.cssClass($0.occupancy.occupancyPercent ?? 0))
        }
        var alertRows: [DashboardModel.AlertCount] = []
        if principal.may(.listAlerts) {
            let counts = try await services.registry.alertCounts(
                asOf: asOf, establishmentCode: nil, within: principal.establishments)
            alertRows = AlertKind.allCases.map {
                DashboardModel.AlertCount(
                    label: web.strings["alert.\($0.rawValue)"], severity: web.strings["severity.\($0.severity.rawValue)"],
                    severityCode: $0.severity.rawValue, count: OccupancyChart.grouped(counts[$0] ?? 0),
                    href: "/alerts?kind=\($0.rawValue)&as_of=\(asOf)")
            }
        }
        let total = { (key: String, value: String) in DashboardModel.Total(label: web.strings[key], value: value) }
        let unsentencedShare =
            national.population == 0 ? 0 : 100 * Double(national.unsentenced) / Double(national.population)
        let totals = [
            total("population", OccupancyChart.grouped(national.population)),
            total("capacity", OccupancyChart.grouped(national.capacity)),
            total("occupancy", OccupancyChart.format(national.occupancyPercent ?? 0) + " %"),
            total("overpopulation", OccupancyChart.format(national.overpopulationPercent ?? 0) + " %"),
            total("unsentenced_share", OccupancyChart.format(unsentencedShare) + " %"),
            total("men", OccupancyChart.grouped(national.men)),
            total("women", OccupancyChart.grouped(national.women)),
        ]
        return web.page(
            "dashboard",
            DashboardModel(
                layout: web.layout(title: web.dashboardTitle(principal.scope), current: "/"), asOf: asOf.description,
                dateError: dateError, totals: totals, sections: sections, rows: rows, grouped: grouped, alerts: alertRows,
                hasAlerts: !alertRows.isEmpty, groupHref: grouped ? "/?as_of=\(asOf)" : "/?group=region&as_of=\(asOf)"))
    }
}
