import CustodiaCore
import CustodiaTestSupport
import Foundation
import Testing

/// INPE's monthly report on the staff pages (issue 15 point 1), both engines: the month's tables and chart for the
/// reader's establishments, each table as CSV, a bad or future month refused at its field.
@Suite struct MonthlyReportPageTests {
    @Test(arguments: TestDatabase.engines)
    func theMonthsTablesAndTheirCSV(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            guard
                case .done = try await services.registry.admit(Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            // February: the sentenced man alone (the robbery's procesado came on 2026-03-02).
            let february = try await analyst.get("/reports/monthly?month=2026-02")
            #expect(february.status == 200 && february.contains("Informe estadístico mensual"))
            #expect(february.contains("Fecha de corte: 2026-02-28") && february.contains("<svg"))
            #expect(
                february.contains(
                    "<tr class=\"total\"><th scope=\"row\">TOTAL</th><td class=\"num\">14</td><td class=\"num\">1</td>"))
            #expect(february.contains("href=\"/reports/monthly\"") && february.contains("id=\"report-establishments\""))
            // R1: the last 13 months, charted and listed; R4, R9, R10: the establishments by type, the crime he is held for,
            // his three years' band.
            #expect(february.contains("id=\"report-trend\"") && february.contains("<svg class=\"chart trend\""))
            #expect(february.contains("<tr><th scope=\"row\">2025-02-28</th><td class=\"num\">1</td></tr>"))
            #expect(february.contains("id=\"report-types\"") && february.contains("id=\"report-crimes\""))
            #expect(february.contains("<th scope=\"row\">Hurto simple</th><td class=\"num\">0</td><td class=\"num\">1</td>"))
            #expect(february.contains("<th scope=\"row\">De 1 a menos de 4 años</th><td class=\"num\">1</td>"))
            // March so far: two held, one admitted this month.
            let march = try await analyst.get("/reports/monthly?month=2026-03&lang=en")
            #expect(march.contains("<th scope=\"row\">Admitted awaiting trial</th><td class=\"num\">1</td>"))
            let csv = try await analyst.get("/reports/monthly?month=2026-03&format=csv&table=R6")
            #expect(csv.status == 200 && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.html.hasPrefix("fecha_corte,codigo,establecimiento,") && csv.html.contains(",ep-norte,"))
            for (month, message) in [("2099-01", "posterior al actual"), ("marzo", "AAAA-MM")] {
                let bad = try await analyst.get("/reports/monthly?month=\(month)&lang=es")
                #expect(bad.status == 422 && bad.contains("id=\"month-error\"") && bad.contains(message), "\(month): \(bad.html)")
            }
            // A clerk of one establishment reads it too, for that establishment only.
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-mujeres"]), in: services.directory),
                clock: clock)
            let scoped = try await clerk.get("/reports/monthly?month=2026-02")
            #expect(
                scoped.status == 200
                    && scoped.contains(
                        "<tr class=\"total\"><th scope=\"row\">TOTAL</th><td class=\"num\">4</td><td class=\"num\">0</td>")
            )
            #expect(!scoped.contains(">E.P. Norte de Prueba<"))
        }
    }
}
