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
                "Track 1 of the back-test: trained on the published counts of 2012-2022, tested on the six of 2023-07 … 2026-01; MAPE of each model. --track 2: the seeded synthetic register with a pretrial reform, the stock-flow model against Holt's trend by horizon."
        )
        @Flag(help: "CSV instead of a table.") var csv = false
        @Option(help: "1: the published counts (default); 2: the seeded synthetic register.") var track = 1
        @Option(help: "Track 2's seed.") var seed: UInt64 = 20_261_207

        func validate() throws {
            guard [1, 2].contains(track) else { throw ValidationError("--track: 1 or 2, not \(track)") }
        }

        /// Track 2: the identity checked on every month, the hazards fitted before and after the reform beside the
        /// truth, and each horizon's MAPE over the rolling origins after it.
        func trackTwo() {
            let register = Forecast.SyntheticRegister.trackTwo(seed: seed)
            let months = register.months
            let broken = (0..<(months.count - 1)).filter {
                months[$0 + 1].population != months[$0].population + months[$0].admissions - months[$0].releases
            }
            let scores = register.backTest()
            if csv {
                print("horizon,origins,stock_flow_mape,holt_mape")
                for s in scores {
                    print("\(s.horizon),\(s.origins),\(String(format: "%.4f", s.stockFlow)),\(String(format: "%.4f", s.holt))")
                }
                return
            }
            print(
                "Track 2, seed \(seed): \(months.count - 1) months, the reform at month \(register.change); "
                    + "identity P(t+1) = P(t) + A(t) - R(t) broken in \(broken.count) months")
            for (name, period, truth) in [
                ("before", months[0..<register.change], register.before),
                ("after", months[register.change..<(months.count - 1)], register.after),
            ] {
                let fitted = Forecast.StockFlow.fitted(period)
                func pair(_ label: String, _ estimate: Double, _ value: Double) -> String {
                    "\(label) \(String(format: "%.4f", estimate)) (truth \(String(format: "%.4f", value)), "
                        + "\(String(format: "%+.1f", 100 * (estimate - value) / value)) %)"
                }
                print(
                    "  \(name): " + pair("sentencing", fitted.sentencing, truth.sentencing) + ", "
                        + pair("procesados released", fitted.unsentencedRelease, truth.unsentencedRelease) + ", "
                        + pair("sentenced released", fitted.sentencedRelease, truth.sentencedRelease))
            }
            print("horizon  origins  stock-flow MAPE  Holt MAPE")
            for s in scores {
                print(
                    "\(String(format: "%7d", s.horizon))  \(String(format: "%7d", s.origins))  "
                        + "\(String(format: "%13.2f", s.stockFlow)) %  \(String(format: "%7.2f", s.holt)) %")
            }
        }

        func run() throws {
            if track == 2 {
                trackTwo()
                return
            }
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
