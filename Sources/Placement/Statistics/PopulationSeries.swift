import CustodiaCore
import Foundation

/// The published series of Peru's prison population (`population_series.csv`, sources in `SOURCES.md`): the points of
/// the forecast's back-test and the start of the forecast to 2030 (issue 15 points 5-6).
public enum PopulationSeries {
    public struct Point: Sendable, Hashable {
        /// The day the count was reported for; a month without a day stands for its 15th.
        public var date: CivilDate
        public var population: Int
        public var source: String
    }

    /// Every dated population count, oldest first (rows without a population are the flows', left out).
    public static func bundled() throws -> [Point] { try shipped.get() }

    /// The file, read once per process (every forecast page and API call asks for it).
    private static let shipped = Result { try read() }

    private static func read() throws -> [Point] {
        guard let url = Bundle.module.url(forResource: "population_series", withExtension: "csv", subdirectory: "planning")
        else { throw AnnouncedProjects.Invalid(field: "series", description: "population_series.csv is missing from the bundle") }
        return try parse(try String(contentsOf: url, encoding: .utf8))
    }

    static func parse(_ text: String) throws -> [Point] {
        try CSVReader.parse(text).compactMap { record -> Point? in
            guard let population = Int(record["population"] ?? "") else { return nil }
            let text = record["date"] ?? ""
            guard let date = CivilDate(iso: text) ?? CivilDate(iso: text + "-15") else {
                throw AnnouncedProjects.Invalid(field: "series", description: "date in \(record)")
            }
            return Point(date: date, population: population, source: record["source_id"] ?? "")
        }.sorted { $0.date < $1.date }
    }

    /// The points the national forecast is fitted on: from 2012 on, the years INPE's reports are read month by month
    /// (the 1998 and 2011 counts are context, as in the back-test's protocol).
    public static func forecastPoints() throws -> [Forecast.Point] {
        try bundled().filter { $0.date.year >= 2012 }.map { Forecast.Point($0.date, Double($0.population)) }
    }

    /// Custodia's net-flow model fitted on `forecastPoints()`, with no lever: what the forecast's command, API and page
    /// and the capacity plan's future demand start from; fitted once per process.
    public static func nationalModel() throws -> Forecast.NetFlow { try national.get() }

    private static let national = Result { Forecast.NetFlow.fitted(try forecastPoints()) }
}
