import App
import ArgumentParser
import CustodiaCore
import Foundation
import Placement
import Store

extension ReportCommand {
    /// `custodia report open-data --month YYYY-MM`: the month's open data (issue 15 point 3, ADR 0040) — every table
    /// as JSON, one file as CSV, or every file written to a directory with the data dictionary and the CKAN package.
    struct OpenDataCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open-data",
            abstract:
                "The month's open data (planning.md 4.2): the monthly report's counts in long format, without names, document or person numbers, counts below the threshold withheld."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The month, YYYY-MM; not after the as-of day's.") var month: String
        @Option(
            help:
                "One file as CSV: \(OpenData.File.allCases.map(\.rawValue).joined(separator: ", ")) or diccionario_datos.")
        var file: String?
        @Option(help: "Write every file, the data dictionary and the package (CKAN JSON) into this directory.")
        var out: String?
        @Option(
            name: .customLong("min-cell"),
            help: "The smallest count published, at least 1 (default: CUSTODIA_OPEN_DATA_MIN_CELL, else 5).")
        var minimumCell: Int?
        @Option(name: .customLong("as-of"), help: "The day, YYYY-MM-DD (default: today in Lima).") var asOf: String?

        func validate() throws {
            guard CivilDate(month: month) != nil else { throw ValidationError("--month: YYYY-MM, not \(month)") }
            if let file, file != "diccionario_datos", OpenData.File(rawValue: file) == nil {
                throw ValidationError(
                    "--file: \(OpenData.File.allCases.map(\.rawValue).joined(separator: ", ")) or diccionario_datos, not \(file)")
            }
            if let minimumCell, minimumCell < 1 { throw ValidationError("--min-cell: at least 1, not \(minimumCell)") }
            if file != nil && out != nil { throw ValidationError("--file and --out: one or the other") }
        }

        func run() async throws {
            let config = try CLI.config(database: db.database, asOf: asOf)
            let first = CivilDate(month: month)!
            let today = config.environment.today()
            guard first <= today else { throw ValidationError("--month: \(month) is after the as-of day \(today)") }
            if file == "diccionario_datos" {
                print(OpenData.dictionaryCSV(), terminator: "")
                return
            }
            try await CLI.withDatabase(config) { database in
                let registry = SQLRegistry(database: database, environment: config.environment)
                guard
                    let data = try await registry.openData(
                        year: first.year, month: first.month, through: today,
                        minimumCell: minimumCell ?? config.openDataMinimumCell)
                else { throw ValidationError("--month: \(month)") }
                if let file = file.flatMap(OpenData.File.init(rawValue:)) {
                    print(data.csv(file), terminator: "")
                    return
                }
                guard let out else {
                    print(data.json(), terminator: "")
                    return
                }
                try write(data, into: out)
            }
        }

        /// Every file into `directory` (created when missing), each written whole or not at all.
        func write(_ data: OpenData, into directory: String) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var files = OpenData.File.allCases.map { (data.fileName($0), data.csv($0)) }
            files += [
                ("diccionario_datos.csv", OpenData.dictionaryCSV()), ("paquete_\(data.month).json", data.packageJSON()),
                ("datos_\(data.month).json", data.json()),
            ]
            for (name, text) in files {
                try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
            }
            print("Open data \(data.month) (cut \(data.cutoff)), counts below \(data.minimumCell) withheld, in \(directory):")
            for table in data.tables {
                print("  \(data.fileName(table.file))  \(table.rows.count) rows, \(table.withheld) withheld")
            }
            print("  diccionario_datos.csv  paquete_\(data.month).json  datos_\(data.month).json")
        }
    }
}
