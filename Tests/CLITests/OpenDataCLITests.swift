import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia report open-data` (issue 15 point 3): every file written to a directory with the dictionary and the CKAN
/// package, one file to standard output, the threshold from the command line or `CUSTODIA_OPEN_DATA_MIN_CELL`, and a
/// threshold below 1, a bad month or an unknown file refused with nothing written.
@Suite struct OpenDataCLITests {
    @Test func theFilesTheThresholdAndBadInput() async throws {
        try await CLITests.withDatabase(.sqlite) { address, url in
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
            let directory = CLITests.temporaryPath("open-data")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let written = try CLITests.run([
                "report", "open-data", "--month", "2026-03", "--as-of", "2026-03-15", "--out", directory, "--database", url,
            ])
            #expect(written.status == 0, "\(written.error)")
            #expect(written.output.contains("counts below 5 withheld"))
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            #expect(
                names == [
                    "capacidad_ocupacion_2026-03.csv", "datos_2026-03.json", "diccionario_datos.csv",
                    "ingresos_egresos_2026-03.csv", "paquete_2026-03.json", "poblacion_edad_2026-03.csv",
                    "poblacion_extranjera_2026-03.csv", "poblacion_penal_2026-03.csv",
                ])
            let population = try String(contentsOfFile: directory + "/poblacion_penal_2026-03.csv", encoding: .utf8)
            // Two men, one procesado and one sentenced: both below 5, both withheld.
            #expect(population.contains(",ep-norte,E.P. Norte de Prueba,H,procesado,,SI\r\n"), "\(population)")
            #expect(!population.contains("Ñahui") && !population.contains("41234567"))

            // The threshold from the command line and from the environment; below 1 refused, nothing written.
            let one = try CLITests.run([
                "report", "open-data", "--month", "2026-03", "--as-of", "2026-03-15", "--file", "poblacion_penal",
                "--min-cell", "1", "--database", url,
            ])
            #expect(one.output.contains(",H,procesado,1,NO\r\n"), "\(one.output)")
            let configured = try CLITests.run(
                [
                    "report", "open-data", "--month", "2026-03", "--as-of", "2026-03-15", "--file", "poblacion_penal",
                    "--database", url,
                ], environment: ["CUSTODIA_OPEN_DATA_MIN_CELL": "1"])
            #expect(configured.output == one.output)
            let empty = CLITests.temporaryPath("open-data-refused")
            defer { try? FileManager.default.removeItem(atPath: empty) }
            for (arguments, environment, message) in [
                (["--min-cell", "0", "--out", empty], [String: String](), "--min-cell"),
                (["--out", empty], ["CUSTODIA_OPEN_DATA_MIN_CELL": "0"], "CUSTODIA_OPEN_DATA_MIN_CELL"),
                (["--file", "nombres"], [:], "--file"),
            ] {
                let bad = try CLITests.run(
                    ["report", "open-data", "--month", "2026-03", "--as-of", "2026-03-15", "--database", url] + arguments,
                    environment: environment)
                #expect(bad.status != 0 && bad.error.contains(message), "\(arguments): \(bad.error)")
            }
            #expect(!FileManager.default.fileExists(atPath: empty))
            for month in ["2026-04", "2026-13"] {
                let bad = try CLITests.run([
                    "report", "open-data", "--month", month, "--as-of", "2026-03-15", "--out", empty, "--database", url,
                ])
                #expect(bad.status != 0 && bad.error.contains("--month"), "\(month): \(bad.error)")
            }
            #expect(!FileManager.default.fileExists(atPath: empty))
        }
    }
}
