import CustodiaCore
import CustodiaTestSupport
import Foundation
import Testing

/// The month's open data on the staff pages (issue 15 point 3), both engines: the rule and its threshold, each file with
/// its rows and withheld counts, the dictionary, the downloads (one file as CSV, the package, every table as JSON), a
/// bad month refused at its field; linked from the monthly report.
@Suite struct OpenDataPageTests {
    @Test(arguments: TestDatabase.engines)
    func theFilesTheRuleAndTheDictionary(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            guard
                case .done = try await services.registry.admit(Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            let report = try await analyst.get("/reports/monthly?month=2026-02&lang=es")
            #expect(report.contains("href=\"/reports/open-data?month=2026-02\""))
            let page = try await analyst.get("/reports/open-data?month=2026-02&lang=es")
            #expect(page.status == 200 && page.contains("Datos abiertos del mes") && page.contains("menores que 5 personas"))
            #expect(
                page.contains("href=\"/reports/open-data?month=2026-02&amp;file=poblacion_penal\">poblacion_penal_2026-02.csv"))
            // The one sentenced man is below 5: his cell is withheld (one in the population file, one in occupancy).
            #expect(page.contains("id=\"open-data-dictionary\"") && page.contains("<th scope=\"row\">situacion_juridica</th>"))
            let csv = try await analyst.get("/reports/open-data?month=2026-02&file=poblacion_penal")
            #expect(csv.status == 200 && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.html.contains(",ep-norte,") && csv.html.contains(",H,sentenciado,,SI\r\n"))
            #expect(!csv.html.contains("Juan Carlos") && !csv.html.contains("42345678"))
            let dictionary = try await analyst.get("/reports/open-data?month=2026-02&file=diccionario_datos")
            #expect(dictionary.html.hasPrefix("archivo,campo,tipo,"))
            let package = try await analyst.get("/reports/open-data?month=2026-02&format=package")
            #expect(package.headers[.contentType] == "application/json; charset=utf-8")
            #expect(package.html.contains("\"umbral_supresion\""))
            let json = try await analyst.get("/reports/open-data?month=2026-02&format=json")
            #expect(json.html.contains("\"tablas\"") && json.html.contains("\"cantidad\" : null"))
            let english = try await analyst.get("/reports/open-data?month=2026-02&lang=en")
            #expect(english.contains("Open data of the month") && english.contains("Number of persons; empty when withheld"))
            for (month, message) in [("2099-01", "posterior al actual"), ("marzo", "AAAA-MM")] {
                let bad = try await analyst.get("/reports/open-data?month=\(month)&lang=es")
                #expect(bad.status == 422 && bad.contains("id=\"month-error\"") && bad.contains(message), "\(month)")
            }
        }
    }
}
