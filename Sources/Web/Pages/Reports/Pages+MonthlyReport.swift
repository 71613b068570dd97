import CustodiaCore
import Hummingbird
import Placement

extension Pages {
    /// INPE's monthly report (issue 15 point 1) for the reader's establishments: a month up to the current one, cut at
    /// its last day (the month so far when current); `format=csv&table=R5…` downloads one table.
    func monthlyReportPage(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let today = services.today()
        let (text, day, error) = reportMonth(web, today: today)
        let codes = web.principal?.establishments
        guard
            let report = try await services.registry.monthlyReport(
                year: day.year, month: day.month, through: today, establishmentCodes: codes)
        else { return CustodiaWeb.notFound(web) }
        if error == nil, web.query("format") == "csv" {
            let table = web.query("table").flatMap(MonthlyReport.Table.init(rawValue:)) ?? .offices
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"custodia-\(table.rawValue)-\(report.cutoff).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: report.csv(table))))
        }
        func row(_ name: String, _ counts: MonthlyReport.Counts) -> MonthlyReportModel.Row {
            let o = counts.occupancy
            let percent = o.occupancyPercent ?? 0
            return .init(
                name: name, capacity: String(o.capacity), population: String(o.population), procesados: String(o.unsentenced),
                sentenciados: String(o.sentenced), men: String(o.men), women: String(o.women),
                occupancy: o.occupancyPercent.map { "\($0) %" } ?? "—", occupancyClass: OccupancyChart.cssClass(percent),
                overpopulation: String(o.population - o.capacity), overcrowded: o.isOvercrowded ? t["yes"] : t["no"])
        }
        func cells(_ list: [MonthlyReport.BySex], label: (String) -> String = { $0 }) -> [MonthlyReportModel.Cells] {
            list.map { .init(label: label($0.label), men: String($0.men), women: String($0.women), total: String($0.total)) }
        }
        let bars = report.establishments.map {
            OccupancyChart.Bar(
                label: web.names.establishment(code: $0.code), href: "/establishments/\($0.code)",
                percent: $0.counts.occupancy.occupancyPercent ?? 0, population: $0.counts.population,
                capacity: $0.counts.capacity)
        }
        let month = "\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)"
        let heading = t["report_title"]
        return web.page(
            "monthly_report",
            MonthlyReportModel(
                layout: web.layout(title: heading, current: "/reports/monthly"), heading: heading,
                month: error == nil ? month : text, monthError: error, cutoff: report.cutoff.description,
                chart: OccupancyChart.svg(
                    bars, title: t["report_chart"], scaleMax: bars.map(\.percent).max() ?? 100),
                trendChart: TrendChart.svg(
                    report.trend.map { .init(label: String($0.day.description.prefix(7)), value: $0.population) },
                    title: t["report_trend"]),
                trend: report.trend.map {
                    .init(label: $0.day.description, men: "", women: "", total: OccupancyChart.grouped($0.population))
                },
                offices: report.offices.map { row($0.office, $0.counts) },
                total: row("TOTAL", report.nation),
                establishments: report.establishments.map { row(web.names.establishment(code: $0.code), $0.counts) },
                ages: cells(report.ages), foreigners: cells(report.foreigners), hasForeigners: !report.foreigners.isEmpty,
                movements: cells(report.admissions) { t["report_admitted.\($0)"] }
                    + cells(report.releases) { t["report_released.\($0)"] },
                types: report.types.map {
                    .init(
                        office: $0.office, a: String($0.a), b: String($0.b), c: String($0.c), d: String($0.d),
                        total: String($0.total))
                },
                crimes: report.crimesPrinted.enumerated().map { index, row in
                    .init(
                        rank: index < MonthlyReport.namedCrimes ? String(index + 1) : "",
                        label: row.label == "Otros delitos" ? t["report_other_crimes"] : row.label,
                        procesados: String(row.procesados), sentenciados: String(row.sentenciados), total: String(row.total),
                        share: MonthlyReport.percent(row.total, of: report.nation.population) + " %")
                },
                sentences: report.sentences.enumerated().map { index, row in
                    .init(
                        label: t["report_band_\(index)"], men: String(row.men), women: String(row.women),
                        total: String(row.total))
                },
                csv: MonthlyReport.Table.allCases.map {
                    .init(href: "/reports/monthly?month=\(month)&format=csv&table=\($0.rawValue)", label: $0.rawValue)
                }),
            status: error == nil ? .ok : .unprocessableContent)
    }

    /// A report page's `month`: as typed (the current month when empty), the month's first day to show (the current
    /// month's when the one asked for is refused), and why it is refused.
    func reportMonth(_ web: WebRequest, today: CivilDate) -> (text: String, day: CivilDate, error: String?) {
        let t = web.strings
        let text = web.query("month").flatMap { $0.isEmpty ? nil : $0 } ?? String(today.description.prefix(7))
        let first = CivilDate(month: text)
        let error: String? = first == nil ? t["report_month_invalid"] : (first! > today ? t["report_month_future"] : nil)
        return (text, error == nil ? first! : CivilDate(year: today.year, month: today.month, day: 1)!, error)
    }
}
