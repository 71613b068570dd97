import CustodiaCore
import Foundation
import Placement

/// Peru's real penitentiary figures as of January 2026 (INPE, via the sources in `Resources/peru/SOURCES.md`):
/// 8 regional offices, 69 establishments with capacity and population by legal status and sex, the crime
/// mix with ages, and the sentence lengths.
public struct PeruDataset: Sendable {
    public struct EstablishmentFigures: Sendable {
        public var code: String
        public var name: String
        public var shortName: String
        public var regionalOffice: String
        public var department: String
        public var city: String?
        public var housedSex: HousedSex
        public var capacity: Int
        public var population: Int
        public var unsentencedMen: Int
        public var unsentencedWomen: Int
        public var sentencedMen: Int
        public var sentencedWomen: Int
        /// INEI department code (2 digits), used for synthetic case numbers.
        public var departmentUbigeo: String
    }

    public struct CrimeFigures: Sendable {
        public var name: String
        /// Código Penal article as given by the source ("189 (con art. 16)" is an attempt; "varios" the rest).
        public var sourceArticle: String
        public var unsentenced: Int
        public var sentenced: Int
        /// Persons per age band, in the order of `ageBands`.
        public var ages: [Int]
    }

    public struct SentenceBand: Sendable {
        public var minMonths: Int
        public var maxMonths: Int
        public var count: Int
    }

    public static let ageBands: [(label: String, from: Int, to: Int)] = [
        ("16-17", 16, 17), ("18-19", 18, 19), ("20-24", 20, 24), ("25-29", 25, 29), ("30-34", 30, 34), ("35-39", 35, 39),
        ("40-44", 40, 44), ("45-49", 45, 49), ("50-54", 50, 54), ("55-59", 55, 59), ("60+", 60, 80),
    ]

    public var regionalOffices: [String]
    public var establishments: [EstablishmentFigures]
    public var crimes: [CrimeFigures]
    public var sentenceBands: [SentenceBand]
    public var lifeSentences: Int
    public var foreignMen: Int
    public var foreignWomen: Int

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the CSV files shipped with this module.
    public static func bundled() throws -> PeruDataset {
        func text(_ name: String) throws -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "peru") else {
                throw LoadError(description: "dataset file \(name).csv is missing from the bundle")
            }
            return try String(contentsOf: url, encoding: .utf8)
        }
        func int(_ record: [String: String], _ key: String) throws -> Int {
            guard let value = Int(record[key] ?? "") else { throw LoadError(description: "\(key) is not a number in \(record)") }
            return value
        }
        let establishmentRecords = CSVReader.parse(try text("establishments"))
        var offices: [String] = []
        let establishments = try establishmentRecords.map { record -> EstablishmentFigures in
            let office = record["regional_office"] ?? ""
            if !offices.contains(office) { offices.append(office) }
            guard let sex = HousedSex(rawValue: record["sex"] ?? "") else { throw LoadError(description: "sex in \(record)") }
            let city = record["city"] ?? ""
            return EstablishmentFigures(
                code: record["code"] ?? "", name: record["name"] ?? "", shortName: record["short_name"] ?? "",
                regionalOffice: office, department: record["department"] ?? "", city: city.isEmpty ? nil : city,
                housedSex: sex, capacity: try int(record, "capacity"), population: try int(record, "population"),
                unsentencedMen: try int(record, "procesados_male"), unsentencedWomen: try int(record, "procesados_female"),
                sentencedMen: try int(record, "sentenciados_male"), sentencedWomen: try int(record, "sentenciados_female"),
                departmentUbigeo: record["dept_ubigeo"].map { $0.count == 1 ? "0" + $0 : $0 } ?? "15")
        }
        let crimes = try CSVReader.parse(try text("crimes")).map { record in
            CrimeFigures(
                name: record["crime"] ?? "", sourceArticle: record["penal_code_article"] ?? "",
                unsentenced: try int(record, "procesados"), sentenced: try int(record, "sentenciados"),
                ages: try ageBands.map { try int(record, "age_\($0.label)") })
        }
        var bands: [SentenceBand] = []
        var life = 0
        for record in CSVReader.parse(try text("sentence_lengths")) {
            if let min = Int(record["min_months"] ?? ""), let max = Int(record["max_months"] ?? "") {
                bands.append(SentenceBand(minMonths: min, maxMonths: max, count: try int(record, "sentenciados")))
            } else {
                life = try int(record, "sentenciados")
            }
        }
        var foreignMen = 0
        var foreignWomen = 0
        for record in CSVReader.parse(try text("national")) where record["as_of"] == "2026-01" {
            if record["metric"] == "foreign_nationals_male" { foreignMen = try int(record, "value") }
            if record["metric"] == "foreign_nationals_female" { foreignWomen = try int(record, "value") }
        }
        return PeruDataset(
            regionalOffices: offices, establishments: establishments, crimes: crimes, sentenceBands: bands,
            lifeSentences: life, foreignMen: foreignMen, foreignWomen: foreignWomen)
    }

    /// The register of a country `factor` times Peru's (issue 17 point 9: Brazil's size at 10): every establishment
    /// `factor` times over (the first keeps its code, the others are `CODE-2` … `CODE-N`, "(réplica N)" in their names),
    /// each copy with the original's capacity and population, and every national count multiplied, so the generated
    /// population keeps Peru's proportions at `factor` times its size. The regional offices stay the same eight.
    public func scaled(by factor: Int) -> PeruDataset {
        precondition(factor >= 1, "a scale of at least 1")
        guard factor > 1 else { return self }
        var scaled = self
        scaled.establishments = (1...factor).flatMap { copy in
            establishments.map { figures in
                guard copy > 1 else { return figures }
                var replica = figures
                replica.code = "\(figures.code)-\(copy)"
                replica.name = "\(figures.name) (réplica \(copy))"
                replica.shortName = "\(figures.shortName) (réplica \(copy))"
                return replica
            }
        }
        scaled.crimes = crimes.map { crime in
            var crime = crime
            crime.unsentenced *= factor
            crime.sentenced *= factor
            crime.ages = crime.ages.map { $0 * factor }
            return crime
        }
        scaled.sentenceBands = sentenceBands.map { band in
            var band = band
            band.count *= factor
            return band
        }
        scaled.lifeSentences *= factor
        scaled.foreignMen *= factor
        scaled.foreignWomen *= factor
        return scaled
    }

    /// Totals as the dataset states them, to check a generated population against.
    public var totals: Occupancy {
        establishments.reduce(.zero) { total, e in
            total
                + Occupancy(
                    capacity: e.capacity, population: e.population, unsentenced: e.unsentencedMen + e.unsentencedWomen,
                    sentenced: e.sentencedMen + e.sentencedWomen, men: e.unsentencedMen + e.sentencedMen,
                    women: e.unsentencedWomen + e.sentencedWomen)
        }
    }
}
