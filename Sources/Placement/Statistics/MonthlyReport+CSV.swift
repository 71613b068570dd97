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
        return MonthlyReport(
            census: try await census(on: cutoff, establishmentCodes: establishmentCodes),
            movements: try await movements(from: first, through: cutoff, establishmentCodes: establishmentCodes),
            establishments: overviews.map(\.establishment), offices: Array(offices.values), from: first, cutoff: cutoff)
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
