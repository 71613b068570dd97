import CustodiaCore
import Hummingbird
import Placement

extension Pages {
    /// The national forecast (issue 15 point 5) from the published series: to a month (2030-12 by default), with a
    /// one-off release programme as a lever; `format=csv` downloads the path.
    func forecastPage(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let to = web.query("to").flatMap { $0.isEmpty ? nil : $0 } ?? "2030-12"
        let programmeText = web.query("release_programme") ?? ""
        let history = try PopulationSeries.forecastPoints()
        var model = try PopulationSeries.nationalModel()
        var programmeError: String?
        if !programmeText.isEmpty {
            if let programme = Forecast.NetFlow.Programme(text: programmeText) {
                model.programmes.append(programme)
            } else {
                programmeError = t["forecast_programme_invalid"]
            }
        }
        let end = CivilDate(month: to)
        var path = end.map { model.path(through: $0) } ?? []
        let toError: String? =
            end == nil || path.isEmpty || end! > CivilDate(year: 2040, month: 12, day: 31)! ? t["forecast_to_invalid"] : nil
        if toError != nil { path = model.path(through: CivilDate(year: 2030, month: 12, day: 1)!) }
        let valid = toError == nil && programmeError == nil
        if valid, web.query("format") == "csv" {
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"custodia-pronostico-\(to).csv\""
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Forecast.NetFlow.csv(path))))
        }
        let origin = history[history.count - 1]
        let heading = t["forecast_title"]
        let query =
            "to=\(valid ? to : "2030-12")" + (valid && !programmeText.isEmpty ? "&release_programme=\(programmeText)" : "")
        return web.page(
            "forecast",
            ForecastModel(
                layout: web.layout(title: heading, current: "/reports/forecast"), heading: heading, to: to, toError: toError,
                programme: programmeText, programmeError: programmeError,
                origin: Forecast.date(month: Int(origin.time.rounded())).description, originPopulation: String(Int(origin.value)),
                drift: String(Int(model.drift.rounded())),
                chart: FanChart.svg(history: history, path: path, title: t["forecast_chart"]),
                rows: path.filter { $0.month.hasSuffix("-12") || $0.month == path.last?.month }.map {
                    .init(month: $0.month, central: String($0.central), low: String($0.low), high: String($0.high))
                },
                csv: "/reports/forecast?\(query)&format=csv"),
            status: valid ? .ok : .unprocessableContent)
    }
}
