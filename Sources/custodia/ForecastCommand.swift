import ArgumentParser
import CustodiaCore
import Foundation
import Placement

/// `custodia forecast`: the prison population to 2030 from the published series (issue 15 point 5), and the
/// back-test of the model against the baselines (point 6).
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Forecast the national prison population, and back-test the forecast.",
        subcommands: [National.self, BackTest.self], defaultSubcommand: National.self)

    /// `custodia forecast national --to 2030-12`: month by month from the last published count, with its 80 % interval.
    struct National: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Month by month to --to: Custodia's net-flow model fitted on the whole published series (the 2020 decongestion left out as an intervention), central and 80 % interval; a one-off release programme as a lever."
        )
        @Option(help: "The last month, YYYY-MM (after the last published count).") var to: String = "2030-12"
        @Option(
            name: .customLong("release-programme"),
            help: "A one-off release programme, PERSONS@YYYY-MM (e.g. 6000@2026-07); may be repeated.")
        var programmes: [String] = []
        @Flag(help: "CSV instead of a table.") var csv = false
        @Flag(help: "JSON instead of a table.") var json = false

        func run() throws {
            guard let end = CivilDate(month: to) else { throw ValidationError("--to: YYYY-MM, not \(to)") }
            let series = try PopulationSeries.bundled()
            var model = try PopulationSeries.nationalModel()
            for text in programmes {
                guard let programme = Forecast.NetFlow.Programme(text: text) else {
                    throw ValidationError("--release-programme: PERSONS@YYYY-MM, not \(text)")
                }
                model.programmes.append(programme)
            }
            let path = model.path(through: end)
            guard !path.isEmpty else {
                throw ValidationError("--to: \(to) is not after the last published count (\(series.last!.date))")
            }
            if json {
                let document: [String: Any] = [
                    "model": "custodia_net_flow", "origin": series.last!.date.description,
                    "origin_population": series.last!.population, "drift_per_month": model.drift,
                    "months": path.map { ["month": $0.month, "central": $0.central, "low_80": $0.low, "high_80": $0.high] },
                ]
                let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
            } else if csv {
                print(Forecast.NetFlow.csv(path), terminator: "")
            } else {
                print(
                    "From \(series.last!.population) on \(series.last!.date): \(String(format: "%+.0f", model.drift)) persons a month "
                        + "(the mean net flow of the published series, 2020's decongestion left out).")
                print("month     central   80 % interval")
                for row in path where row.month.hasSuffix("-12") || row == path.last {
                    print("\(row.month)   \(row.central)   \(row.low) – \(row.high)")
                }
            }
        }
    }

    /// `custodia forecast backtest`: Track 1 of planning.md 3.3.
    struct BackTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract:
                "Track 1 of the back-test: trained on the published counts of 2012-2022, tested on the six of 2023-07 … 2026-01; MAPE of each model."
        )
        @Flag(help: "CSV instead of a table.") var csv = false

        func run() throws {
            let series = try PopulationSeries.bundled()
            let (test, scores) = Forecast.trackOne(series.map { ($0.date, Double($0.population)) })
            if csv {
                print("model,mape,last_error,covered_80," + test.indices.map { "forecast_\($0 + 1)" }.joined(separator: ","))
                for score in scores {
                    let covered = score.covered.map(String.init) ?? ""
                    print(
                        "\(score.model),\(String(format: "%.4f", score.mape)),\(String(format: "%.4f", score.lastError)),\(covered),"
                            + score.forecasts.map { String(format: "%.1f", $0) }.joined(separator: ","))
                }
                return
            }
            print("model               MAPE      error at \(series.last!.date)   in the 80 % interval")
            for score in scores {
                let name = score.model.padding(toLength: 18, withPad: " ", startingAt: 0)
                print(
                    "\(name)  \(String(format: "%5.2f", score.mape)) %   \(String(format: "%+6.2f", score.lastError)) %"
                        + (score.covered.map { "          \($0) of \(test.count)" } ?? ""))
            }
        }
    }
}
