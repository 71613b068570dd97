import CustodiaCore

extension Forecast {
    /// Custodia's central model on a series of counts (docs/planning.md 3.1, read on the total when only the total is
    /// published): the stock-flow identity P(t+h) = P(T) + N·h, where N is the mean monthly net flow (admissions minus
    /// releases) between the observed points, leaving out the intervals of the interventions: one-off release
    /// programmes that are not the trend (2020's decongestion decrees took 7,733 persons out between March and August).
    /// The 80 % interval is that of a random walk with drift: the points' own spread, σ²·h, and the drift's
    /// uncertainty, h²·σ²/G over the G months it was estimated on. Levers: a one-off release programme of a number of
    /// persons from a month on.
    public struct NetFlow: Sendable, Hashable {
        /// The last observed point, where the forecast starts.
        public var origin: Point
        /// Persons per month.
        public var drift: Double
        /// The spread of a month's net flow around the drift (persons per √month).
        public var sigma: Double
        /// The months the drift was estimated on (outside the interventions).
        public var months: Double
        /// Increments between points within one of these were left out.
        public var interventions: [ClosedRange<Double>]
        /// One-off release programmes (a lever of the scenarios).
        public var programmes: [Programme] = []

        /// A one-off release programme: so many persons out from a month on (e.g. "Libertad 2025": 6,000).
        public struct Programme: Sendable, Hashable {
            public var from: Double
            public var persons: Double

            public init(from: Double, persons: Double) {
                self.from = from
                self.persons = persons
            }

            /// `PERSONS@YYYY-MM` (1 to 999,999 persons from that month's 15th), or `nil`.
            public init?(text: String) {
                let parts = text.split(separator: "@", omittingEmptySubsequences: false)
                guard parts.count == 2, let persons = Int(parts[0]), (1...999_999).contains(persons),
                    let month = CivilDate(month: String(parts[1]))
                else { return nil }
                self.init(from: Forecast.months(month.adding(days: 14)), persons: Double(persons))
            }
        }

        /// One month of a forecast path, rounded to persons.
        public struct Month: Sendable, Hashable {
            /// `YYYY-MM`.
            public var month: String
            public var central: Int
            public var low: Int
            public var high: Int
        }

        /// Every month after the origin's through `end`'s (empty when `end` is not after the origin).
        public func path(through end: CivilDate) -> [Month] {
            let first = Int(origin.time.rounded(.down)) + 1
            let last = end.year * 12 + end.month - 1
            guard last >= first else { return [] }
            return (first...last).map { month in
                let (central, low, high) = forecast(at: Double(month))
                let date = Forecast.date(month: month)
                return Month(
                    month: String(date.description.prefix(7)), central: Int(central.rounded()),
                    low: Int(low.rounded()), high: Int(high.rounded()))
            }
        }

        /// The path as CSV (`month,central,low_80,high_80`, one line each, `\n`).
        public static func csv(_ path: [Month]) -> String {
            "month,central,low_80,high_80\n" + path.map { "\($0.month),\($0.central),\($0.low),\($0.high)\n" }.joined()
        }

        /// The 2020 decongestion: the points from the March 2020 peak to the August 2020 trough.
        public static let covidRelease: ClosedRange<Double> =
            Forecast.months(CivilDate(year: 2020, month: 3, day: 1)!)...Forecast.months(CivilDate(year: 2020, month: 8, day: 31)!)

        /// Fitted on `points` (at least two outside the interventions, else a drift of 0 and no spread).
        public static func fitted(_ points: [Point], interventions: [ClosedRange<Double>] = [covidRelease]) -> NetFlow {
            let sorted = points.sorted { $0.time < $1.time }
            let steps = zip(sorted, sorted.dropFirst()).filter { step in
                !interventions.contains { $0.contains(step.0.time) && $0.contains(step.1.time) }
            }
            let months = steps.map { $0.1.time - $0.0.time }.reduce(0, +)
            let change = steps.map { $0.1.value - $0.0.value }.reduce(0, +)
            let drift = months > 0 ? change / months : 0
            // Each step's departure from the drift, scaled to one month (a step of g months has variance σ²·g).
            let residuals = steps.map {
                ($0.1.value - $0.0.value - drift * ($0.1.time - $0.0.time)) / ($0.1.time - $0.0.time).squareRoot()
            }
            let sigma =
                residuals.count > 1 ? (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count - 1)).squareRoot() : 0
            return NetFlow(
                origin: sorted.last ?? Point(time: 0, value: 0), drift: drift, sigma: sigma, months: months,
                interventions: interventions)
        }

        /// The central forecast at `time` and its interval (80 % by default: z = 1.2816).
        public func forecast(at time: Double, z: Double = 1.2815515655446004) -> (central: Double, low: Double, high: Double) {
            let h = max(0, time - origin.time)
            let released = programmes.filter { $0.from <= time }.map(\.persons).reduce(0, +)
            let central = origin.value + drift * h - released
            let spread = months > 0 ? (sigma * sigma * h + h * h * sigma * sigma / months).squareRoot() : 0
            return (central, central - z * spread, central + z * spread)
        }
    }

    /// One model's result on a back-test.
    public struct Score: Sendable, Hashable {
        public var model: String
        /// Mean absolute percentage error over the test points, in percent.
        public var mape: Double
        /// The error at the last test point, in percent (signed: forecast above the truth is positive).
        public var lastError: Double
        /// Test points inside the 80 % interval, for the models that give one.
        public var covered: Int?
        /// The forecast at each test point.
        public var forecasts: [Double]
    }

    /// Track 1 of the back-test (docs/planning.md 3.3): trained on the published points of 2012-01 … 2022-12 (the
    /// last is 2022-06), tested on those from 2023-07 on (six: 2023-07 … 2026-01). The models that need regular
    /// spacing are fitted on the training points interpolated to months up to the last training point.
    public static func trackOne(_ series: [(date: CivilDate, population: Double)]) -> (test: [Point], scores: [Score]) {
        let train = series.filter { $0.date.year >= 2012 && $0.date.year <= 2022 }.map { Point($0.date, $0.population) }
        let test = series.filter { $0.date >= CivilDate(year: 2023, month: 7, day: 1)! }.map { Point($0.date, $0.population) }
        let (first, values) = monthly(train)
        guard let lastValue = values.last, values.count >= 2, !test.isEmpty else { return (test, []) }
        let lastMonth = Double(first + values.count - 1)
        func score(_ name: String, covered: Int? = nil, _ forecast: (Double) -> Double) -> Score {
            let forecasts = test.map { forecast($0.time) }
            let last = test[test.count - 1]
            return Score(
                model: name, mape: mape(test, forecast), lastError: 100 * (forecast(last.time) - last.value) / last.value,
                covered: covered, forecasts: forecasts)
        }
        let slope = (lastValue - values[0]) / Double(values.count - 1)
        let holt = Holt.fitted(values, damped: false)
        let damped = Holt.fitted(values, damped: true)
        let netFlow = NetFlow.fitted(train)
        let covered = test.filter {
            let (_, low, high) = netFlow.forecast(at: $0.time)
            return low <= $0.value && $0.value <= high
        }.count
        return (
            test,
            [
                score("naive") { _ in lastValue },
                score("drift") { lastValue + slope * ($0 - lastMonth) },
                score("holt") { holt.forecast(values, steps: $0 - lastMonth) },
                score("holt_damped") { damped.forecast(values, steps: $0 - lastMonth) },
                score("custodia_net_flow", covered: covered) { netFlow.forecast(at: $0).central },
            ]
        )
    }
}
