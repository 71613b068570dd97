import CustodiaCore
import Foundation
import OpenAPIRuntime
import Placement

extension Handler {
    /// Why a report's `month` is refused: not a month, or after the current one.
    static func reportMonthProblem(_ text: String, today: CivilDate) -> ValidationMessage {
        CivilDate(month: text) == nil
            ? ValidationMessage(.dateInvalid, field: "month") : ValidationMessage(.periodInFuture, field: "month")
    }

    /// INPE's monthly report (issue 15 point 1): JSON, or one table as CSV when the caller asks for `text/csv` first.
    func getMonthlyReport(_ input: Operations.GetMonthlyReport.Input) async throws -> Operations.GetMonthlyReport.Output {
        let today = today()
        let text = input.query.month
        guard let first = CivilDate(month: text), first <= today else {
            return .unprocessableContent(.init(.validation([Self.reportMonthProblem(text, today: today)])))
        }
        guard
            let report = try await registry.monthlyReport(
                year: first.year, month: first.month, through: today, establishmentCodes: access?.principal.establishments)
        else { return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "month")]))) }
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            let table = input.query.table.flatMap { MonthlyReport.Table(rawValue: $0.rawValue) } ?? .offices
            return .ok(.init(body: .csv(HTTPBody(report.csv(table)))))
        }
        func place(_ p: MonthlyReport.Place?, _ counts: MonthlyReport.Counts, name: String)
            -> Components.Schemas
            .MonthlyReportPlace
        {
            let o = counts.occupancy
            return Components.Schemas.MonthlyReportPlace(
                code: p.flatMap { $0.code.isEmpty ? nil : $0.code }, name: name, department: p?.department,
                office: p?.office, capacity: counts.capacity, population: counts.population,
                procesadosMen: counts.unsentencedMen, procesadosWomen: counts.unsentencedWomen,
                sentencedMen: counts.sentencedMen, sentencedWomen: counts.sentencedWomen,
                occupancyPercent: o.occupancyPercent, overpopulation: o.population - o.capacity,
                overpopulationPercent: o.overpopulationPercent, overcrowded: o.isOvercrowded)
        }
        func rows(_ list: [MonthlyReport.BySex]) -> [Components.Schemas.MonthlyReportBySex] {
            list.map { .init(label: $0.label, men: $0.men, women: $0.women, total: $0.total) }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        month: text, from: report.from.description, cutoff: report.cutoff.description,
                        nation: place(nil, report.nation, name: "TOTAL"),
                        offices: report.offices.map { place(nil, $0.counts, name: $0.office) },
                        establishments: report.establishments.map { place($0, $0.counts, name: $0.name) },
                        ages: rows(report.ages), foreigners: rows(report.foreigners), admissions: rows(report.admissions),
                        releases: rows(report.releases),
                        types: report.types.map {
                            .init(office: $0.office, a: $0.a, b: $0.b, c: $0.c, d: $0.d, total: $0.total)
                        },
                        crimes: report.crimesPrinted.map {
                            .init(label: $0.label, procesados: $0.procesados, sentenced: $0.sentenciados, total: $0.total)
                        }, sentences: rows(report.sentences),
                        trend: report.trend.map { .init(day: $0.day.description, population: $0.population) }))))
    }
}

extension Handler {
    /// The national forecast (issue 15 point 5) from the published series shipped with Custodia: JSON, or the path as
    /// CSV when the caller asks for `text/csv` first.
    func getForecast(_ input: Operations.GetForecast.Input) async throws -> Operations.GetForecast.Output {
        let text = input.query.to ?? "2030-12"
        guard let end = CivilDate(month: text) else {
            return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "to")])))
        }
        let series = try PopulationSeries.bundled()
        var model = try PopulationSeries.nationalModel()
        if let programme = input.query.releaseProgramme {
            guard let lever = Forecast.NetFlow.Programme(text: programme) else {
                return .unprocessableContent(
                    .init(.validation([ValidationMessage(.valueNotAllowed, field: "release_programme")])))
            }
            model.programmes.append(lever)
        }
        let path = model.path(through: end)
        guard !path.isEmpty, end <= CivilDate(year: 2040, month: 12, day: 31)! else {
            return .unprocessableContent(.init(.validation([ValidationMessage(.valueNotAllowed, field: "to")])))
        }
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(Forecast.NetFlow.csv(path)))))
        }
        let origin = series[series.count - 1]
        return .ok(
            .init(
                body: .json(
                    .init(
                        model: "custodia_net_flow", origin: origin.date.description, originPopulation: origin.population,
                        driftPerMonth: model.drift, interval: 0.8,
                        months: path.map { .init(month: $0.month, central: $0.central, low: $0.low, high: $0.high) }))))
    }
}

extension Handler {
    /// The month's open data (issue 15 point 3): JSON, or one file as CSV when the caller asks for `text/csv` first.
    /// The threshold is the register's setting, never the caller's.
    func getOpenData(_ input: Operations.GetOpenData.Input) async throws -> Operations.GetOpenData.Output {
        let today = today()
        let text = input.query.month
        guard let first = CivilDate(month: text), first <= today else {
            return .unprocessableContent(.init(.validation([Self.reportMonthProblem(text, today: today)])))
        }
        guard
            let data = try await registry.openData(
                year: first.year, month: first.month, through: today, establishmentCodes: access?.principal.establishments)
        else { return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "month")]))) }
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            let name = input.query.file?.rawValue ?? OpenData.File.population.rawValue
            let csv = OpenData.File(rawValue: name).map(data.csv) ?? OpenData.dictionaryCSV()
            return .ok(.init(body: .csv(HTTPBody(csv))))
        }
        let dictionary = OpenData.File.allCases.flatMap { file in
            OpenData.fields(file).map {
                Components.Schemas.OpenDataField(
                    file: file.rawValue, field: $0.name, _type: $0.type, es: $0.es, en: $0.en, values: $0.values)
            }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        month: text, from: data.from.description, cutoff: data.cutoff.description,
                        minimumCell: data.minimumCell, withheld: data.tables.reduce(0) { $0 + $1.withheld },
                        files: data.tables.map {
                            .init(
                                table: $0.file.rawValue, name: data.fileName($0.file),
                                description: OpenData.describe($0.file), columns: $0.columns, rows: $0.rows,
                                withheld: $0.withheld)
                        }, dictionary: dictionary))))
    }
}
