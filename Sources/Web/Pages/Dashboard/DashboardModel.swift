/// The dashboard: totals of the caller's scope, alerts by kind, establishments by occupancy.
struct DashboardModel: PageModel {
    var layout: LayoutModel
    var asOf: String
    var dateError: String?
    var totals: [Total]
    var sections: [ChartSection]
    var rows: [EstablishmentRow]
    var grouped: Bool
    var alerts: [AlertCount]
    var hasAlerts: Bool
    var groupHref: String

    struct Total {
        var label: String
        var value: String
    }

    /// One chart: all establishments, or those of one regional office under its heading.
    struct ChartSection {
        var heading: String?
        /// SVG markup, rendered unescaped.
        var chart: String
    }

    struct EstablishmentRow {
        var name: String
        var code: String
        var office: String
        var population: String
        var capacity: String
        var occupancy: String
        var `class`: String
    }

    struct AlertCount {
        var label: String
        var severity: String
        var severityCode: String
        var count: String
        var href: String
    }
}
