import CustodiaCore
import Placement
import Testing

/// Track 1 of the forecast's back-test (docs/planning.md 3.3, issue 15 point 6) on the published series shipped with
/// the project: the baselines give the reference values computed with statsmodels, and Custodia's net-flow model
/// (the 2020 decongestion as an intervention) beats them all, drift included, with the test points in its interval.
@Suite struct ForecastBackTestTests {
    @Test func trackOne() throws {
        let series = try PopulationSeries.bundled()
        #expect(series.count == 40 && series.last?.population == 103_717)  // 43 rows, 3 with flows only
        let (test, scores) = Forecast.trackOne(series.map { ($0.date, Double($0.population)) })
        #expect(test.map(\.value) == [93_147, 94_911, 98_255, 101_884, 103_342, 103_717])
        let mape = Dictionary(uniqueKeysWithValues: scores.map { ($0.model, $0.mape) })
        // The reference values (statsmodels 0.15.0): naive 9.67 %, drift 1.29 %.
        #expect(abs(mape["naive"]! - 9.67) < 0.005)
        #expect(abs(mape["drift"]! - 1.29) < 0.005)
        // T-C2: at most ARIMA's 2.98 %, and below drift; T-C3: at least 4 of the 6 points in the 80 % interval.
        let custodia = try #require(scores.first { $0.model == "custodia_net_flow" })
        #expect(custodia.mape <= 2.98 && custodia.mape < mape["drift"]!)
        #expect((custodia.covered ?? 0) >= 4)
        #expect(mape["holt"]! > custodia.mape && mape["holt_damped"]! > custodia.mape)
    }
}
