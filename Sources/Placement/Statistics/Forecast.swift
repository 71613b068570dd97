import CustodiaCore

/// Forecasts of the prison population (issue 15 points 5-6, docs/planning.md section 3): the published or register
/// series as points in continuous months, the baselines (naive, random walk with drift, Holt's linear trend, damped or
/// not) and Custodia's net-flow model, which reads the stock-flow identity P(t+1) = P(t) + A(t) − R(t) on the series
/// and treats a known one-off release programme (the 2020 decongestion) as an intervention, not as a trend.
public enum Forecast {
    /// A count on a day, in months since year 0 (the 15th is a month's middle: 2026-01-15 is 24,312.0).
    public struct Point: Sendable, Hashable {
        public var time: Double
        public var value: Double

        public init(time: Double, value: Double) {
            self.time = time
            self.value = value
        }

        public init(_ date: CivilDate, _ value: Double) {
            self.init(time: Forecast.months(date), value: value)
        }
    }

    /// The day in continuous months (a month is 30.4375 days; the 15th falls on the whole month).
    public static func months(_ date: CivilDate) -> Double {
        Double(date.year * 12 + date.month - 1) + Double(date.day - 15) / 30.4375
    }

    /// The month (its 15th) of a whole month number.
    public static func date(month: Int) -> CivilDate {
        CivilDate(year: month / 12, month: month % 12 + 1, day: 15)!
    }

    /// The points linearly interpolated to every whole month from the first point's to the last's (never beyond the
    /// last point): what models that need regular spacing are fitted on.
    public static func monthly(_ points: [Point]) -> (first: Int, values: [Double]) {
        let sorted = points.sorted { $0.time < $1.time }
        guard let head = sorted.first, let tail = sorted.last else { return (0, []) }
        let first = Int((head.time - 1e-9).rounded(.up))
        let last = Int((tail.time + 1e-9).rounded(.down))
        var values: [Double] = []
        var segment = 0
        for month in first...max(first, last) where month <= last {
            let x = Double(month)
            while segment + 1 < sorted.count - 1, sorted[segment + 1].time < x { segment += 1 }
            let (a, b) = (sorted[segment], sorted[min(segment + 1, sorted.count - 1)])
            values.append(b.time == a.time ? a.value : a.value + (b.value - a.value) * (x - a.time) / (b.time - a.time))
        }
        return (first, values)
    }

    /// Mean absolute percentage error of `forecast` over `test`, in percent.
    public static func mape(_ test: [Point], _ forecast: (Double) -> Double) -> Double {
        guard !test.isEmpty else { return 0 }
        return 100 * test.map { abs(forecast($0.time) - $0.value) / $0.value }.reduce(0, +) / Double(test.count)
    }
}

extension Forecast {
    /// Holt's linear trend, additive, damped when `phi` is below 1, with the forecasting equations statsmodels'
    /// `ExponentialSmoothing(trend="add")` uses: l = α·y + (1 − α)(l + φ·b), b = β(l − l') + (1 − β)·φ·b, and the
    /// forecast l + (φ + φ² + … + φʰ)·b.
    public struct Holt: Sendable, Hashable {
        public var alpha: Double
        public var beta: Double
        public var phi: Double
        public var initialLevel: Double
        public var initialTrend: Double

        public init(alpha: Double, beta: Double, phi: Double = 1, initialLevel: Double, initialTrend: Double) {
            self.alpha = alpha
            self.beta = beta
            self.phi = phi
            self.initialLevel = initialLevel
            self.initialTrend = initialTrend
        }

        /// The level and trend after the last value, and the sum of squared one-step errors.
        public func run(_ values: [Double]) -> (level: Double, trend: Double, sse: Double) {
            var level = initialLevel
            var trend = initialTrend
            var sse = 0.0
            for y in values {
                let predicted = level + phi * trend
                sse += (y - predicted) * (y - predicted)
                let previous = level
                level = alpha * y + (1 - alpha) * predicted
                trend = beta * (level - previous) + (1 - beta) * phi * trend
            }
            return (level, trend, sse)
        }

        /// The forecast `h` steps (months) after the last value; a fractional step damps as the whole steps around it.
        public func forecast(_ values: [Double], steps h: Double) -> Double {
            let (level, trend, _) = run(values)
            return level + Self.dampedSum(phi, h) * trend
        }

        /// φ + φ² + … + φʰ, continued linearly between whole steps.
        static func dampedSum(_ phi: Double, _ h: Double) -> Double {
            if phi == 1 { return h }
            let whole = max(0, Int(h.rounded(.down)))
            var sum = 0.0
            var power = 1.0
            for _ in 0..<whole {
                power *= phi
                sum += power
            }
            return sum + (h - Double(whole)) * power * phi
        }

        /// The parameters with the least one-step squared error on `values` (initial level and trend from the first two
        /// values), by a grid search refined twice around the best cell; deterministic.
        public static func fitted(_ values: [Double], damped: Bool) -> Holt {
            guard values.count >= 2 else {
                return Holt(alpha: 0.5, beta: 0.1, initialLevel: values.first ?? 0, initialTrend: 0)
            }
            let (level, trend) = (values[0], values[1] - values[0])
            var best = Holt(alpha: 0.5, beta: 0.1, phi: damped ? 0.98 : 1, initialLevel: level, initialTrend: trend)
            var bestSSE = best.run(values).sse
            var (alphaRange, betaRange, phiRange) = (0.01...0.99, 0.0...0.99, damped ? 0.8...0.995 : 1.0...1.0)
            for _ in 0..<3 {
                let steps = 20
                func grid(_ range: ClosedRange<Double>) -> [Double] {
                    range.lowerBound == range.upperBound
                        ? [range.lowerBound]
                        : (0...steps).map {
                            range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(steps)
                        }
                }
                for alpha in grid(alphaRange) {
                    for beta in grid(betaRange) {
                        for phi in grid(phiRange) {
                            let candidate = Holt(alpha: alpha, beta: beta, phi: phi, initialLevel: level, initialTrend: trend)
                            let sse = candidate.run(values).sse
                            if sse < bestSSE {
                                (best, bestSSE) = (candidate, sse)
                            }
                        }
                    }
                }
                func around(_ value: Double, _ range: ClosedRange<Double>, _ limit: ClosedRange<Double>) -> ClosedRange<Double> {
                    let width = (range.upperBound - range.lowerBound) / 10
                    return max(limit.lowerBound, value - width)...min(limit.upperBound, value + width)
                }
                alphaRange = around(best.alpha, alphaRange, 0.01...0.99)
                betaRange = around(best.beta, betaRange, 0.0...0.99)
                phiRange = damped ? around(best.phi, phiRange, 0.8...0.995) : 1.0...1.0
            }
            return best
        }
    }
}
