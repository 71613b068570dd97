import CustodiaCore
import Testing

@testable import Placement

/// The forecast's arithmetic (issue 15 points 5-6): months, interpolation, Holt's recursion, the net-flow model.
@Suite struct ForecastTests {
    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func monthsAndInterpolation() {
        #expect(Forecast.months(day("2026-01-15")) == 24_312)
        #expect(abs(Forecast.months(day("2024-01-31")) - (24_288 + 16 / 30.4375)) < 1e-12)
        #expect(Forecast.date(month: 24_312) == day("2026-01-15"))
        // Whole months from the first point to the last, never beyond it: 2012-01-10 → the first whole month is 2012-01-15.
        let (first, values) = Forecast.monthly([
            .init(day("2012-03-15"), 300), .init(day("2012-01-15"), 100), .init(day("2012-04-30"), 450),
        ])
        #expect(first == Int(Forecast.months(day("2012-01-15"))))
        // January … April: April's 15th is before the last point (the 30th), May's after it.
        #expect(values.count == 4 && values.prefix(3) == [100, 200, 300])
        #expect(abs(values[3] - (300 + 150 / (1 + 15 / 30.4375))) < 1e-9)
        let (_, withApril) = Forecast.monthly([.init(day("2012-01-15"), 100), .init(day("2012-04-15"), 400)])
        #expect(withApril == [100, 200, 300, 400])
    }

    @Test func holtFollowsItsRecursion() {
        // By hand: l0 = 10, b0 = 2, α = 0.5, β = 0.3.
        // y = 12: predicted 12, l = 12, b = 0.3·2 + 0.7·2 = 2.
        // y = 15: predicted 14, l = 14.5, b = 0.3·2.5 + 0.7·2 = 2.15.
        let holt = Forecast.Holt(alpha: 0.5, beta: 0.3, initialLevel: 10, initialTrend: 2)
        let (level, trend, sse) = holt.run([12, 15])
        #expect(abs(level - 14.5) < 1e-12 && abs(trend - 2.15) < 1e-12 && abs(sse - 1) < 1e-12)
        #expect(abs(holt.forecast([12, 15], steps: 3) - (14.5 + 3 * 2.15)) < 1e-12)
        // Damped: φ + φ² for two steps, and the trend damped in the recursion too.
        let damped = Forecast.Holt(alpha: 0.5, beta: 0.3, phi: 0.9, initialLevel: 10, initialTrend: 2)
        let (l, b, _) = damped.run([12])  // predicted 11.8, l = 11.9, b = 0.3·1.9 + 0.7·0.9·2 = 1.83
        #expect(abs(l - 11.9) < 1e-12 && abs(b - 1.83) < 1e-12)
        #expect(abs(damped.forecast([12], steps: 2) - (11.9 + (0.9 + 0.81) * 1.83)) < 1e-12)
        // Fitting on a line finds a model that forecasts the line (the initial level stands before the first value, so
        // the first prediction is off by the trend, and the fit absorbs it).
        let line = (0..<30).map { 100 + 5 * Double($0) }
        let fitted = Forecast.Holt.fitted(line, damped: false)
        #expect(abs(fitted.forecast(line, steps: 6) - (100 + 5 * 35)) < 0.05)
        #expect(fitted.run(line).sse < Forecast.Holt(alpha: 0.5, beta: 0.1, initialLevel: 100, initialTrend: 5).run(line).sse)
    }

    @Test func netFlowLeavesTheInterventionOut() {
        // +200 every two months, then a release programme inside the 2020 window, then +200 every two months again.
        var points: [Forecast.Point] = []
        var value = 1_000.0
        var month = Int(Forecast.months(day("2019-01-15")))
        while month <= Int(Forecast.months(day("2020-01-15"))) {
            points.append(.init(time: Double(month), value: value))
            value += 200
            month += 2
        }
        points.append(.init(day("2020-03-15"), value))
        value -= 5_000
        points.append(.init(day("2020-08-15"), value))
        for step in 1...6 {
            points.append(.init(time: Forecast.months(day("2020-08-15")) + Double(2 * step), value: value + Double(200 * step)))
        }
        let model = Forecast.NetFlow.fitted(points)
        #expect(abs(model.drift - 100) < 1e-9)
        #expect(model.sigma < 1e-9)  // every step outside the window is exactly on the drift
        let last = points[points.count - 1]
        let (central, low, high) = model.forecast(at: last.time + 12)
        #expect(abs(central - (last.value + 1_200)) < 1e-9 && low == central && high == central)
        // Without the intervention the drop is trend.
        #expect(Forecast.NetFlow.fitted(points, interventions: []).drift < 0)
        // A one-off release programme lowers the path from its month on.
        var lever = model
        lever.programmes = [.init(from: last.time + 6, persons: 600)]
        #expect(abs(lever.forecast(at: last.time + 3).central - (last.value + 300)) < 1e-9)
        #expect(abs(lever.forecast(at: last.time + 12).central - (last.value + 600)) < 1e-9)
    }
}
