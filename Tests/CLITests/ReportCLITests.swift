import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia report monthly` (issue 15 point 1): one table as CSV, every table as JSON, the month so far when it is the
/// current one, and bad months refused.
@Suite struct ReportCLITests {
    @Test(arguments: TestDatabase.engines)
    func theMonthlyReport(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            for request in [Fixtures.sentencedAdmission(), Fixtures.admission()] {
                guard case .done = try await registry.admit(request, asOf: Fixtures.asOf, actor: "t") else {
                    throw CancellationError()
                }
            }
            try await database.close()
            // February: the sentenced man only (the procesado came on 2026-03-02).
            let february = try CLITests.run([
                "report", "monthly", "--month", "2026-02", "--table", "R5", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(february.status == 0, "\(february.error)")
            #expect(february.output.hasPrefix("fecha_corte,oficina_regional,capacidad,poblacion,"))
            #expect(
                february.output.contains("\r\n2026-02-28,TOTAL,14,1,0,0,1,0,0,1,1,0,7.1,-13,-92.9,NO\r\n"), "\(february.output)")
            // March so far (the as-of day): both, and the month's admission.
            let march = try CLITests.run(["report", "monthly", "--month", "2026-03", "--as-of", "2026-03-15", "--database", url])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(march.output.utf8)) as? [String: Any])
            #expect(
                json["cutoff"] as? String == "2026-03-15" && json["population"] as? Int == 2 && json["procesados"] as? Int == 1)
            let tables = try #require(json["tables_csv"] as? [String: String])
            #expect(Set(tables.keys) == ["R1", "R4", "R5", "R6", "R7", "R9", "R10", "R12", "R15"])
            #expect(tables["R15"]?.contains("2026-03-01,2026-03-15,ingreso,procesados,1,0,1") == true)
            // The same register and month: the same bytes.
            let again = try CLITests.run(["report", "monthly", "--month", "2026-03", "--as-of", "2026-03-15", "--database", url])
            #expect(again.output == march.output)
            for (month, message) in [("2026-04", "after the as-of day"), ("2026-13", "--month: YYYY-MM"), ("marzo", "--month")] {
                let bad = try CLITests.run(["report", "monthly", "--month", month, "--as-of", "2026-03-15", "--database", url])
                #expect(bad.status != 0 && bad.error.contains(message), "\(month): \(bad.error)")
            }
            let table = try CLITests.run(["report", "monthly", "--month", "2026-03", "--table", "R99", "--database", url])
            #expect(table.status != 0 && table.error.contains("--table"))
        }
    }
}
