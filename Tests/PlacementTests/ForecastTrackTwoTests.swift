import CustodiaCore
import Testing

@testable import Placement

/// Track 2 of the back-test (issue 15 point 6, planning.md 3.3): a seeded synthetic register of persons with known
/// admissions and hazards and a pretrial reform at month 60. T-C4: the stock-flow identity holds exactly every month on
/// the counts taken from the persons, and the hazards fitted from those counts are within 5 % of the truth, before and
/// after the reform. T-C5: after the reform the stock-flow model forecasts the total better than Holt's trend at 12
/// and 24 months.
@Suite struct ForecastTrackTwoTests {
    static let register = Forecast.SyntheticRegister.trackTwo()

    @Test func theIdentityHoldsEveryMonthAndTheHazardsAreRecovered() throws {
        let months = Self.register.months
        #expect(months.count == 121)
        for t in 0..<(months.count - 1) {
            let (now, next) = (months[t], months[t + 1])
            #expect(next.population == now.population + now.admissions - now.releases, "month \(t)")
            #expect(next.unsentenced == now.unsentenced + now.admittedUnsentenced - now.sentencings - now.unsentencedReleases)
            #expect(next.sentenced == now.sentenced + now.admittedSentenced + now.sentencings - now.sentencedReleases)
        }
        for (period, truth) in [(months[0..<60], Self.register.before), (months[60..<120], Self.register.after)] {
            let fitted = Forecast.StockFlow.fitted(period)
            for (estimate, value) in [
                (fitted.sentencing, truth.sentencing), (fitted.unsentencedRelease, truth.unsentencedRelease),
                (fitted.sentencedRelease, truth.sentencedRelease), (fitted.admittedUnsentenced, truth.admittedUnsentenced),
                (fitted.admittedSentenced, truth.admittedSentenced),
            ] {
                #expect(abs(estimate - value) / value < 0.05, "\(estimate) against \(value)")
            }
        }
        // The reform shows in the register: fewer held at the end than before it.
        #expect(months[120].population < months[60].population - 1_000)
    }

    @Test func afterTheReformTheStockFlowModelBeatsHoltAtAYearAndMore() {
        let scores = Self.register.backTest()
        #expect(scores.map(\.horizon) == [1, 3, 6, 12, 24] && scores.allSatisfy { $0.origins == 31 })
        for score in scores where score.horizon >= 12 {
            #expect(score.stockFlow < score.holt, "\(score)")
        }
    }

    /// The same seed, the same register; another seed, another one.
    @Test func seeded() {
        #expect(Forecast.SyntheticRegister.trackTwo().months == Self.register.months)
        #expect(Forecast.SyntheticRegister.trackTwo(seed: 7).months != Self.register.months)
    }
}
