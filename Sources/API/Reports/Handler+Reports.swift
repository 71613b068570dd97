import CustodiaCore
import Foundation
import OpenAPIRuntime
import Placement

extension Handler {
    /// INPE's monthly report (issue 15 point 1): JSON, or one table as CSV when the caller asks for `text/csv` first.
    func getMonthlyReport(_ input: Operations.GetMonthlyReport.Input) async throws -> Operations.GetMonthlyReport.Output {
        let today = today()
        let text = input.query.month
        guard let first = CivilDate(month: text) else {
            return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "month")])))
        }
        guard first <= today else {
            return .unprocessableContent(.init(.validation([ValidationMessage(.periodInFuture, field: "month")])))
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
                        releases: rows(report.releases)))))
    }
}
