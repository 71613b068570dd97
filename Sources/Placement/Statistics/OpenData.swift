import CustodiaCore

/// A month's open data (issue 15 point 3, docs/planning.md 4.2, ADR 0040): the monthly report's counts in long format,
/// one CSV per table, with nothing that names a person (no names, document or person numbers, birth dates: ages in
/// INPE's groups) and every count of persons below `minimumCell` withheld, with a second count of its group withheld
/// when one alone would be recovered from the group's total. The internal report stays exact; only this is public.
public struct OpenData: Sendable {
    public enum File: String, Sendable, CaseIterable {
        /// Persons held per establishment by sex and situación jurídica (R6, R8).
        case population = "poblacion_penal"
        /// Capacity, population, % ocupación and hacinamiento per establishment (R6).
        case occupancy = "capacidad_ocupacion"
        /// Persons held by age group and sex (R7).
        case ages = "poblacion_edad"
        /// Foreigners held by nationality and sex (R12).
        case foreigners = "poblacion_extranjera"
        /// The month's admissions by situación and releases by ground, by sex (R15).
        case movements = "ingresos_egresos"
    }

    /// One published table: its columns, its rows (counts withheld left empty, `suprimido` = SI) and how many counts it
    /// withholds.
    public struct Table: Sendable, Hashable {
        public var file: File
        public var columns: [String]
        public var rows: [[String]]
        public var withheld: Int
    }

    /// The smallest count of persons published; smaller counts (but zero, never listed) are withheld.
    public var minimumCell: Int
    public var from: CivilDate
    public var cutoff: CivilDate
    public var tables: [Table]

    /// The open data of `report` with counts below `minimumCell` withheld; nil when `minimumCell` is below 1.
    public init?(report: MonthlyReport, minimumCell: Int) {
        guard minimumCell >= 1 else { return nil }
        self.minimumCell = minimumCell
        from = report.from
        cutoff = report.cutoff
        let day = cutoff.description
        let place = ["fecha_corte", "oficina_regional", "departamento", "establecimiento_codigo", "establecimiento"]
        func key(_ p: MonthlyReport.Place) -> [String] { [day, p.office, p.department, p.code, p.name] }

        var population = Builder(minimumCell: minimumCell)
        for p in report.establishments {
            let c = p.counts
            for (sex, situation, count) in [
                ("H", "procesado", c.unsentencedMen), ("M", "procesado", c.unsentencedWomen),
                ("H", "sentenciado", c.sentencedMen), ("M", "sentenciado", c.sentencedWomen),
            ] {
                population.add(key(p) + [sex, situation], count, group: p.code)
            }
        }
        var occupancy: [[String]] = []
        var occupancyWithheld = 0
        for p in report.establishments {
            let o = p.counts.occupancy
            if o.population > 0 && o.population < minimumCell {
                occupancyWithheld += 1
                occupancy.append(key(p) + [String(o.capacity), "", "", "", "SI"])
            } else {
                occupancy.append(
                    key(p) + [
                        String(o.capacity), String(o.population), o.occupancyPercent.map { "\($0)" } ?? "",
                        o.isOvercrowded ? "SI" : "NO", "NO",
                    ])
            }
        }
        var ages = Builder(minimumCell: minimumCell)
        for row in report.ages {
            ages.add([day, row.label, "H"], row.men, group: "H")
            ages.add([day, row.label, "M"], row.women, group: "M")
        }
        var foreigners = Builder(minimumCell: minimumCell)
        for row in report.foreigners {
            foreigners.add([day, row.label, "H"], row.men, group: "H")
            foreigners.add([day, row.label, "M"], row.women, group: "M")
        }
        var movements = Builder(minimumCell: minimumCell)
        for (kind, rows) in [("ingreso", report.admissions), ("egreso", report.releases)] {
            for row in rows {
                let category = ReleaseGround(rawValue: row.label).map(Self.releaseCategory) ?? row.label
                movements.add([report.from.description, day, kind, category, "H"], row.men, group: kind + "H")
                movements.add([report.from.description, day, kind, category, "M"], row.women, group: kind + "M")
            }
        }
        let counted = ["cantidad", "suprimido"]
        tables = [
            population.table(.population, columns: place + ["sexo", "situacion_juridica"] + counted),
            Table(
                file: .occupancy,
                columns: place + ["capacidad", "poblacion", "ocupacion_pct", "hacinamiento", "suprimido"],
                rows: occupancy, withheld: occupancyWithheld),
            ages.table(.ages, columns: ["fecha_corte", "rango_edad", "sexo"] + counted),
            foreigners.table(.foreigners, columns: ["fecha_corte", "nacionalidad", "sexo"] + counted),
            movements.table(
                .movements, columns: ["fecha_inicio", "fecha_corte", "movimiento", "categoria", "sexo"] + counted),
        ]
    }

    /// The published category of a release ground, in Spanish as the rest of the files.
    public static func releaseCategory(_ ground: ReleaseGround) -> String {
        switch ground {
        case .courtOrder: "orden_judicial"
        case .sentenceServed: "pena_cumplida"
        case .death: "fallecimiento"
        }
    }

    public func table(_ file: File) -> Table { tables.first { $0.file == file }! }

    /// A table as CSV (RFC 4180, CRLF, UTF-8, header first): the same register and month give the same bytes.
    public func csv(_ file: File) -> String {
        let table = table(file)
        return ([table.columns] + table.rows).map { $0.map(MonthlyReport.field).joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// The name a table is published under: `poblacion_penal_2026-01.csv`.
    public func fileName(_ file: File) -> String {
        "\(file.rawValue)_\(month).csv"
    }

    /// The month, YYYY-MM.
    public var month: String { String(cutoff.description.prefix(7)) }

    /// Collects one table's counts: zero counts are left out, counts below the threshold withheld, and where a group
    /// (an establishment, a sex, a movement and sex) has exactly one withheld count, its smallest published count
    /// too, so that the group's total does not give the first away.
    struct Builder {
        var minimumCell: Int
        var cells: [(key: [String], count: Int, group: String)] = []

        mutating func add(_ key: [String], _ count: Int, group: String) {
            if count > 0 { cells.append((key, count, group)) }
        }

        func table(_ file: File, columns: [String]) -> Table {
            var withheld = cells.map { $0.count < minimumCell }
            var byGroup: [String: [Int]] = [:]
            for (index, cell) in cells.enumerated() { byGroup[cell.group, default: []].append(index) }
            for indexes in byGroup.values where indexes.filter({ withheld[$0] }).count == 1 {
                let smallest = indexes.filter { !withheld[$0] }.min { (cells[$0].count, $0) < (cells[$1].count, $1) }
                if let smallest { withheld[smallest] = true }
            }
            let rows = cells.enumerated().map { index, cell in
                cell.key + (withheld[index] ? ["", "SI"] : [String(cell.count), "NO"])
            }
            return Table(file: file, columns: columns, rows: rows, withheld: withheld.filter { $0 }.count)
        }
    }
}
