import Foundation
import Testing

/// `custodia forecast` (issue 15 points 5-6): the back-test's table, the forecast to a month with its interval and a
/// release programme as a lever, and bad input refused.
@Suite struct ForecastCLITests {
    @Test func backTestAndForecast() throws {
        let backTest = try CLITests.run(["forecast", "backtest", "--csv"])
        #expect(backTest.status == 0, "\(backTest.error)")
        let lines = backTest.output.split(separator: "\n")
        #expect(
            lines.first == "model,mape,last_error,covered_80,forecast_1,forecast_2,forecast_3,forecast_4,forecast_5,forecast_6")
        #expect(lines.contains { $0.hasPrefix("drift,1.2900,") })
        let custodia = try #require(lines.first { $0.hasPrefix("custodia_net_flow,") }?.split(separator: ","))
        #expect(Double(custodia[1])! < 1.29 && Int(custodia[3])! >= 4)
        // Track 2: the identity on every month, the hazards beside the truth, the horizons scored.
        let two = try CLITests.run(["forecast", "backtest", "--track", "2"])
        #expect(two.status == 0 && two.output.contains("broken in 0 months") && two.output.contains("(truth 0.0900,"))
        let twoCSV = try CLITests.run(["forecast", "backtest", "--track", "2", "--csv"])
        let horizons = twoCSV.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(horizons.map { Int($0[0])! } == [1, 3, 6, 12, 24])
        #expect(horizons.filter { Int($0[0])! >= 12 }.allSatisfy { Double($0[2])! < Double($0[3])! })
        #expect(try CLITests.run(["forecast", "backtest", "--track", "3"]).status == 64)

        let forecast = try CLITests.run(["forecast", "national", "--to", "2027-01", "--csv"])
        #expect(forecast.status == 0, "\(forecast.error)")
        let rows = forecast.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        // From the last published count (January 2026) to January 2027: twelve months, growing, the interval widening.
        #expect(rows.map { String($0[0]) } == (2...12).map { String(format: "2026-%02d", $0) } + ["2027-01"])
        let central = rows.map { Int($0[1])! }
        let width = rows.map { Int($0[3])! - Int($0[2])! }
        #expect(central == central.sorted() && central.first! > 103_717)
        #expect(width == width.sorted() && width.first! > 0)

        let programme = try CLITests.run(["forecast", "--to", "2027-01", "--csv", "--release-programme", "6000@2026-07"])
        let leveled = programme.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(Int(leveled[4][1])! == central[4])  // June: before the programme
        #expect(Int(leveled[5][1])! == central[5] - 6_000)  // July on: 6,000 fewer

        for bad in [
            ["forecast", "--to", "2025-12"], ["forecast", "--to", "2030-13"],
            ["forecast", "--to", "2027-01", "--release-programme", "-5@2026-07"],
        ] {
            let refused = try CLITests.run(bad)
            #expect(refused.status != 0 && refused.output.isEmpty, "\(bad)")
        }
    }
}
