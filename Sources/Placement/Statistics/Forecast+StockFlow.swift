import CustodiaCore
import Foundation

extension Forecast {
    /// The monthly stock-flow model by legal status (planning.md 3.1): procesados are sentenced at hazard σ and released
    /// at ρ, the sentenced released at λ, each month; admissions arrive as procesados (`admittedUnsentenced`) or
    /// sentenced. P^p(t+1) = P^p(t)(1 − σ − ρ) + A^p; P^s(t+1) = P^s(t)(1 − λ) + A^s + σ·P^p(t). Fitted from a register's
    /// monthly counts by the exposures (a hazard is the month's events over the stock exposed to them).
    public struct StockFlow: Sendable, Hashable {
        public var sentencing: Double
        public var unsentencedRelease: Double
        public var sentencedRelease: Double
        public var admittedUnsentenced: Double
        public var admittedSentenced: Double

        public init(
            sentencing: Double, unsentencedRelease: Double, sentencedRelease: Double, admittedUnsentenced: Double,
            admittedSentenced: Double
        ) {
            self.sentencing = sentencing
            self.unsentencedRelease = unsentencedRelease
            self.sentencedRelease = sentencedRelease
            self.admittedUnsentenced = admittedUnsentenced
            self.admittedSentenced = admittedSentenced
        }

        /// One month of a register, counted from its persons: the stocks held at the start of the month and the flows
        /// during it.
        public struct Month: Sendable, Hashable {
            public var unsentenced: Int
            public var sentenced: Int
            public var admittedUnsentenced: Int
            public var admittedSentenced: Int
            public var sentencings: Int
            public var unsentencedReleases: Int
            public var sentencedReleases: Int

            public var population: Int { unsentenced + sentenced }
            public var admissions: Int { admittedUnsentenced + admittedSentenced }
            public var releases: Int { unsentencedReleases + sentencedReleases }
        }

        /// The hazards and admissions of `months` (each month's events over its stock at the start).
        public static func fitted(_ months: some Collection<Month>) -> StockFlow {
            func ratio(_ events: Int, _ exposure: Int) -> Double { exposure == 0 ? 0 : Double(events) / Double(exposure) }
            let exposedUnsentenced = months.reduce(0) { $0 + $1.unsentenced }
            let exposedSentenced = months.reduce(0) { $0 + $1.sentenced }
            let count = Double(max(1, months.count))
            return StockFlow(
                sentencing: ratio(months.reduce(0) { $0 + $1.sentencings }, exposedUnsentenced),
                unsentencedRelease: ratio(months.reduce(0) { $0 + $1.unsentencedReleases }, exposedUnsentenced),
                sentencedRelease: ratio(months.reduce(0) { $0 + $1.sentencedReleases }, exposedSentenced),
                admittedUnsentenced: Double(months.reduce(0) { $0 + $1.admittedUnsentenced }) / count,
                admittedSentenced: Double(months.reduce(0) { $0 + $1.admittedSentenced }) / count)
        }

        /// The expected total held `steps` months after a month whose start stocks are given.
        public func forecast(unsentenced: Double, sentenced: Double, steps: Int) -> Double {
            var (p, s) = (unsentenced, sentenced)
            for _ in 0..<max(0, steps) {
                (p, s) = (
                    p * (1 - sentencing - unsentencedRelease) + admittedUnsentenced,
                    s * (1 - sentencedRelease) + admittedSentenced + sentencing * p
                )
            }
            return p + s
        }
    }

    /// Track 2 (planning.md 3.3): a seeded synthetic register of persons with known monthly admissions and hazards and
    /// an injected policy change, each person's admission, sentence and release month recorded, the months counted
    /// from the persons (never from the simulation's own totals).
    public struct SyntheticRegister: Sendable {
        /// The truth of a period: the admissions' means and the hazards.
        public var before: StockFlow
        public var after: StockFlow
        /// The month the policy changes (the first month under `after`).
        public var change: Int
        public var months: [StockFlow.Month]

        /// A person: admitted in month `admitted` (negative: held at the start), sentenced in `sentenced` (they stay
        /// procesados through that month), released in `released`.
        struct Person {
            var admitted: Int
            var admittedSentenced: Bool
            var sentenced: Int?
            var released: Int?
        }

        public init(
            before: StockFlow, after: StockFlow, change: Int, length: Int, startUnsentenced: Int, startSentenced: Int,
            seed: UInt64
        ) {
            self.before = before
            self.after = after
            self.change = change
            var random = SeededGenerator(seed: seed)
            var persons =
                Array(repeating: Person(admitted: -1, admittedSentenced: false), count: startUnsentenced)
                + Array(repeating: Person(admitted: -1, admittedSentenced: true, sentenced: -1), count: startSentenced)
            var held = Array(persons.indices)
            for month in 0..<length {
                let truth = month < change ? before : after
                var still: [Int] = []
                for index in held {
                    let u = Double.random(in: 0..<1, using: &random)
                    if persons[index].sentenced == nil {
                        if u < truth.unsentencedRelease {
                            persons[index].released = month
                        } else {
                            if u < truth.unsentencedRelease + truth.sentencing { persons[index].sentenced = month }
                            still.append(index)
                        }
                    } else if u < truth.sentencedRelease {
                        persons[index].released = month
                    } else {
                        still.append(index)
                    }
                }
                for (mean, sentenced) in [(truth.admittedUnsentenced, false), (truth.admittedSentenced, true)] {
                    for _ in 0..<Self.poisson(mean, &random) {
                        still.append(persons.count)
                        persons.append(
                            Person(admitted: month, admittedSentenced: sentenced, sentenced: sentenced ? month : nil))
                    }
                }
                held = still
            }
            months = Self.count(persons, length: length)
        }

        /// The register's months counted from its persons: held at the start of month t (admitted before t, not
        /// released before t), sentenced by then or not, and the month's events.
        static func count(_ persons: [Person], length: Int) -> [StockFlow.Month] {
            var months = Array(
                repeating: StockFlow.Month(
                    unsentenced: 0, sentenced: 0, admittedUnsentenced: 0, admittedSentenced: 0, sentencings: 0,
                    unsentencedReleases: 0, sentencedReleases: 0), count: length + 1)
            for person in persons {
                let last = min(length, person.released ?? length)
                for month in max(0, person.admitted + 1)...last where month < length || person.released == nil {
                    if let sentenced = person.sentenced, sentenced < month {
                        months[month].sentenced += 1
                    } else {
                        months[month].unsentenced += 1
                    }
                }
                if person.admitted >= 0 {
                    if person.admittedSentenced {
                        months[person.admitted].admittedSentenced += 1
                    } else {
                        months[person.admitted].admittedUnsentenced += 1
                    }
                }
                if let sentenced = person.sentenced, sentenced >= 0, !person.admittedSentenced {
                    months[sentenced].sentencings += 1
                }
                if let released = person.released {
                    if let sentenced = person.sentenced, sentenced < released {
                        months[released].sentencedReleases += 1
                    } else {
                        months[released].unsentencedReleases += 1
                    }
                }
            }
            return months
        }

        /// Knuth's method: the count of uniform draws whose product stays above e^−mean.
        static func poisson(_ mean: Double, _ random: inout SeededGenerator) -> Int {
            let limit = Foundation.exp(-mean)
            var product = Double.random(in: 0..<1, using: &random)
            var count = 0
            while product > limit {
                count += 1
                product *= Double.random(in: 0..<1, using: &random)
            }
            return count
        }
    }
}

extension Forecast.SyntheticRegister {
    /// One horizon of the back-test: the mean absolute percentage error of each model over the origins.
    public struct Score: Sendable, Hashable {
        public var horizon: Int
        public var origins: Int
        public var stockFlow: Double
        public var holt: Double
    }

    /// Track 2's rolling origin (planning.md 3.3): at every origin from `window` months after the policy change, the
    /// stock-flow model fitted on the `window` months before it and Holt's linear trend fitted on every total up to it
    /// forecast the total `horizon` months on; each horizon scored over the origins it can be checked at.
    public func backTest(window: Int = 6, horizons: [Int] = [1, 3, 6, 12, 24]) -> [Score] {
        let last = months.count - 1
        let reach = horizons.max() ?? 0
        let first = max(window, change + window)
        let origins = first <= last - reach ? Array(first...(last - reach)) : []
        let totals = months.map { Double($0.population) }
        var errors = Dictionary(uniqueKeysWithValues: horizons.map { ($0, (stockFlow: 0.0, holt: 0.0)) })
        for origin in origins {
            let model = Forecast.StockFlow.fitted(months[(origin - window)..<origin])
            let history = Array(totals[0...origin])
            let holt = Forecast.Holt.fitted(history, damped: false)
            for horizon in horizons {
                let actual = totals[origin + horizon]
                let flow = model.forecast(
                    unsentenced: Double(months[origin].unsentenced), sentenced: Double(months[origin].sentenced),
                    steps: horizon)
                let trend = holt.forecast(history, steps: Double(horizon))
                errors[horizon]!.stockFlow += abs(flow - actual) / actual
                errors[horizon]!.holt += abs(trend - actual) / actual
            }
        }
        let count = origins.count
        return horizons.map {
            Score(
                horizon: $0, origins: count, stockFlow: 100 * errors[$0]!.stockFlow / Double(max(1, count)),
                holt: 100 * errors[$0]!.holt / Double(max(1, count)))
        }
    }

    /// Track 2 as the benchmark and the test run it: 8,000 held at the start, 300 procesados admitted a month, then
    /// from month 60 a pretrial reform (procesados released at 9 % a month instead of 5 %) and fewer admissions.
    public static func trackTwo(seed: UInt64 = 20_261_207) -> Forecast.SyntheticRegister {
        Forecast.SyntheticRegister(
            before: .init(
                sentencing: 0.04, unsentencedRelease: 0.05, sentencedRelease: 0.025, admittedUnsentenced: 300,
                admittedSentenced: 20),
            after: .init(
                sentencing: 0.04, unsentencedRelease: 0.09, sentencedRelease: 0.025, admittedUnsentenced: 260,
                admittedSentenced: 20),
            change: 60, length: 120, startUnsentenced: 3_300, startSentenced: 6_100, seed: seed)
    }
}
