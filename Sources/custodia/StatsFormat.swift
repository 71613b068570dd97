import CustodiaCore
import Foundation
import Placement

/// Text and JSON renderings of the national statistics.
enum StatsFormat {
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }

    static func row(_ name: String, _ o: Occupancy) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        let label = name.count > 34 ? String(name.prefix(33)) + "…" : name.padding(toLength: 34, withPad: " ", startingAt: 0)
        return label + pad(String(o.capacity), 9) + pad(String(o.population), 9) + pad(String(o.unsentenced), 11)
            + pad(String(o.sentenced), 12) + pad(String(o.men), 8) + pad(String(o.women), 7)
            + pad(percent(o.occupancyPercent), 10) + pad(percent(o.overpopulationPercent), 10)
            + pad(o.isOvercrowded ? "sí" : "no", 9)
    }

    static func table(_ s: NationalStatistics) -> String {
        let header =
            "".padding(toLength: 34, withPad: " ", startingAt: 0)
            + " capacity population procesados sentenciados     men  women occupancy overpop. hacinado"
        var lines = ["NATIONAL", header, row("Perú (\(s.establishments.count) establishments)", s.national), ""]
        lines += ["REGIONAL OFFICES", header]
        lines += s.byRegionalOffice.map { row("\($0.office.name) (\($0.establishments))", $0.occupancy) }
        lines += ["", "ESTABLISHMENTS", header]
        lines += s.establishments.map { row($0.establishment.name, $0.occupancy) }
        return lines.joined(separator: "\n")
    }

    struct Entry: Encodable {
        var code: String?
        var name: String
        var regional_office: String?
        var establishments: Int?
        var capacity: Int
        var population: Int
        var procesados: Int
        var sentenciados: Int
        var men: Int
        var women: Int
        var occupancy_percent: Double?
        var overpopulation_percent: Double?
        var hacinado: Bool

        init(code: String?, name: String, office: String?, establishments: Int?, _ o: Occupancy) {
            self.code = code
            self.name = name
            self.regional_office = office
            self.establishments = establishments
            capacity = o.capacity
            population = o.population
            procesados = o.unsentenced
            sentenciados = o.sentenced
            men = o.men
            women = o.women
            occupancy_percent = o.occupancyPercent
            overpopulation_percent = o.overpopulationPercent
            hacinado = o.isOvercrowded
        }
    }

    struct Document: Encodable {
        var national: Entry
        var regional_offices: [Entry]
        var establishments: [Entry]
    }

    static func json(_ s: NationalStatistics) throws -> String {
        let document = Document(
            national: Entry(code: nil, name: "Perú", office: nil, establishments: s.establishments.count, s.national),
            regional_offices: s.byRegionalOffice.map {
                Entry(code: $0.office.code, name: $0.office.name, office: nil, establishments: $0.establishments, $0.occupancy)
            },
            establishments: s.establishments.map {
                Entry(
                    code: $0.establishment.code, name: $0.establishment.name, office: $0.regionalOffice.name, establishments: nil,
                    $0.occupancy)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
