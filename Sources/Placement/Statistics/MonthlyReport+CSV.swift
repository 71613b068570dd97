import CustodiaCore

extension MonthlyReport {
    /// The tables the report prints, by INPE's numbering (planning.md 4.1).
    public enum Table: String, Sendable, CaseIterable {
        /// R3 and R5: situación jurídica and sex, capacity, occupancy and hacinamiento per regional office, and the
        /// nation.
        case offices = "R5"
        /// R6 and R8: the same per establishment.
        case establishments = "R6"
        /// R7: sex by age group.
        case ages = "R7"
        /// R12: foreigners by nationality.
        case foreigners = "R12"
        /// R15: the month's admissions by situación jurídica and releases by ground, by sex.
        case movements = "R15"
        /// R4: establishments by type of capacity per regional office.
        case types = "R4"
        /// R9: the crimes held for, the first 20 by name, by situación jurídica.
        case crimes = "R9"
        /// R10: the sentenced by sentence length.
        case sentences = "R10"
        /// R1: the population at the end of the last 13 months.
        case trend = "R1"
    }

    /// One table as CSV (RFC 4180, CRLF), one row per place or category, with the cut-off day on every row; the same
    /// report gives the same bytes.
    public func csv(_ table: Table) -> String {
        let day = cutoff.description
        var lines: [[String]] = []
        switch table {
        case .offices:
            lines.append(["fecha_corte", "oficina_regional"] + Self.countColumns)
            lines += offices.map { [day, $0.office] + Self.countValues($0.counts) }
            lines.append([day, "TOTAL"] + Self.countValues(nation))
        case .establishments:
            lines.append(["fecha_corte", "codigo", "establecimiento", "departamento", "oficina_regional"] + Self.countColumns)
            lines += establishments.map { [day, $0.code, $0.name, $0.department, $0.office] + Self.countValues($0.counts) }
        case .ages:
            lines.append(["fecha_corte", "rango_edad", "hombres", "mujeres", "total"])
            lines += ages.map { [day, $0.label, String($0.men), String($0.women), String($0.total)] }
        case .foreigners:
            lines.append(["fecha_corte", "nacionalidad", "hombres", "mujeres", "total"])
            lines += foreigners.map { [day, $0.label, String($0.men), String($0.women), String($0.total)] }
        case .types:
            lines.append(["fecha_corte", "oficina_regional", "tipo_a", "tipo_b", "tipo_c", "tipo_d", "total"])
            var sum = Types(office: "TOTAL")
            for row in types {
                lines.append([day, row.office] + [row.a, row.b, row.c, row.d, row.total].map(String.init))
                (sum.a, sum.b, sum.c, sum.d) = (sum.a + row.a, sum.b + row.b, sum.c + row.c, sum.d + row.d)
            }
            lines.append([day, "TOTAL"] + [sum.a, sum.b, sum.c, sum.d, sum.total].map(String.init))
        case .crimes:
            lines.append(["fecha_corte", "puesto", "delito", "procesados", "sentenciados", "total", "porcentaje"])
            let total = nation.population
            for (index, row) in crimesPrinted.enumerated() {
                let rank = index < Self.namedCrimes && row.label != "Otros delitos" ? String(index + 1) : ""
                lines.append(
                    [day, rank, row.label, String(row.procesados), String(row.sentenciados), String(row.total)]
                        + [Self.percent(row.total, of: total)])
            }
            lines.append(
                [day, "", "TOTAL", String(nation.occupancy.unsentenced), String(nation.occupancy.sentenced), String(total)]
                    + [Self.percent(total, of: total)])
        case .trend:
            lines.append(["fecha_corte", "mes", "poblacion_penal"])
            lines += trend.map { [$0.day.description, String($0.day.description.prefix(7)), String($0.population)] }
        case .sentences:
            lines.append(["fecha_corte", "rango_pena", "hombres", "mujeres", "total"])
            lines += sentences.map { [day, $0.label, String($0.men), String($0.women), String($0.total)] }
        case .movements:
            lines.append(["fecha_inicio", "fecha_corte", "movimiento", "categoria", "hombres", "mujeres", "total"])
            lines += admissions.map {
                [from.description, day, "ingreso", $0.label, String($0.men), String($0.women), String($0.total)]
            }
            lines += releases.map {
                [from.description, day, "egreso", $0.label, String($0.men), String($0.women), String($0.total)]
            }
        }
        return lines.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static let countColumns = [
        "capacidad", "poblacion", "procesados_hombres", "procesados_mujeres", "sentenciados_hombres", "sentenciados_mujeres",
        "procesados", "sentenciados", "hombres", "mujeres", "ocupacion_pct", "sobrepoblacion", "sobrepoblacion_pct",
        "hacinamiento",
    ]

    static func countValues(_ c: Counts) -> [String] {
        let o = c.occupancy
        return [
            c.capacity, c.population, c.unsentencedMen, c.unsentencedWomen, c.sentencedMen, c.sentencedWomen, o.unsentenced,
            o.sentenced, o.men, o.women,
        ].map(String.init) + [
            o.occupancyPercent.map { "\($0)" } ?? "", String(o.population - o.capacity),
            o.overpopulationPercent.map { "\($0)" } ?? "", o.isOvercrowded ? "SI" : "NO",
        ]
    }

    /// A field quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + String(text.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}

extension Registry {
    /// The monthly report of `year`-`month`, cut at the month's last day (or `through`, when earlier: the month so
    /// far), from the register's census of that day and the month's movements, of the establishments (all when `nil`).
    public func monthlyReport(
        year: Int, month: Int, through: CivilDate? = nil, establishmentCodes: Set<String>? = nil
    ) async throws -> MonthlyReport? {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
        let last = first.adding(months: 1).adding(days: -1)
        let cutoff = min(last, through ?? last)
        let overviews = try await establishmentOverviews(codes: establishmentCodes)
        let offices = Dictionary(overviews.map { ($0.regionalOffice.id, $0.regionalOffice) }, uniquingKeysWith: { a, _ in a })
        var report = MonthlyReport(
            census: try await census(on: cutoff, establishmentCodes: establishmentCodes),
            movements: try await movements(from: first, through: cutoff, establishmentCodes: establishmentCodes),
            establishments: overviews.map(\.establishment), offices: Array(offices.values), from: first, cutoff: cutoff)
        // R1: the last days of the twelve months before, and the cut-off day (its count is the census's).
        let days = (1...12).reversed().map { first.adding(months: 1 - $0).adding(days: -1) }
        let counts = try await populations(on: days, establishmentCodes: establishmentCodes)
        report.trend =
            zip(days, counts).map { MonthlyReport.TrendPoint(day: $0, population: $1) }
            + [MonthlyReport.TrendPoint(day: cutoff, population: report.nation.population)]
        return report
    }

    /// The open data of `year`-`month` (issue 15 point 3): the monthly report's counts with those below the register's
    /// `openDataMinimumCell` (or `minimumCell`, at least 1) withheld.
    public func openData(
        year: Int, month: Int, through: CivilDate? = nil, establishmentCodes: Set<String>? = nil, minimumCell: Int? = nil
    ) async throws -> OpenData? {
        guard
            let report = try await monthlyReport(
                year: year, month: month, through: through, establishmentCodes: establishmentCodes)
        else { return nil }
        return OpenData(report: report, minimumCell: minimumCell ?? openDataMinimumCell)
    }
}
