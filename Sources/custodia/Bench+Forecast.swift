import ArgumentParser
import CustodiaCore
import Foundation
import Placement

extension Bench {
    /// `custodia bench forecast`: what `benchmarks/forecast_anchors.py` compares with statsmodels (T-C1: Holt with fixed
    /// parameters on the back-test's monthly training series, step by step) and the time of the forecast to 2030 next to
    /// a bare loop over the same months.
    struct ForecastBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract:
                "Holt's forecasts with fixed parameters on Track 1's monthly training series (for the anchor script), and the forecast to 2030 timed."
        )
        @Option(help: "Smoothing of the level.") var alpha = 0.5
        @Option(help: "Smoothing of the trend.") var beta = 0.1
        @Option(help: "Damping of the trend (1: not damped).") var phi = 1.0
        @Option(help: "Steps (months) to forecast.") var steps = 48
        @Option(help: "Forecasts to 2030 timed (the median is printed).") var repeats = 101

        func run() throws {
            guard (0...1).contains(alpha), (0...1).contains(beta), phi > 0, phi <= 1, steps > 0 else {
                throw ValidationError("alpha and beta in 0…1, phi in (0, 1], steps above 0")
            }
            let series = try PopulationSeries.bundled()
            let train = series.filter { (2012...2022).contains($0.date.year) }.map {
                Forecast.Point($0.date, Double($0.population))
            }
            let (first, values) = Forecast.monthly(train)
            let holt = Forecast.Holt(
                alpha: alpha, beta: beta, phi: phi, initialLevel: values[0], initialTrend: values[1] - values[0])
            print("month,holt")
            for step in 1...steps {
                let date = Forecast.date(month: first + values.count - 1 + step)
                print(
                    "\(date.description.prefix(7)),\(String(format: "%.9f", holt.forecast(values, steps: Double(step))))"
                )
            }
            // The forecast to 2030-12 from the whole series (read once, as the command reads it), timed.
            let points = try PopulationSeries.forecastPoints()
            let end = Int(Forecast.months(CivilDate(year: 2030, month: 12, day: 15)!))
            var timings: [Double] = []
            var bare: [Double] = []
            var sink = 0.0
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                let model = Forecast.NetFlow.fitted(points)
                for month in (Int(model.origin.time) + 1)...end { sink += model.forecast(at: Double(month)).central }
                timings.append((ContinuousClock.now - start).seconds)
                let loop = ContinuousClock.now
                for month in (Int(model.origin.time) + 1)...end { sink += Double(month) * 1.000001 }
                bare.append((ContinuousClock.now - loop).seconds)
            }
            let median = timings.sorted()[timings.count / 2]
            let bareMedian = bare.sorted()[bare.count / 2]
            FileHandle.standardError.write(
                Data(
                    "forecast to 2030-12 (fit on \(points.count) points, \(end - Int(points.last!.time)) months): median \(String(format: "%.6f", median)) s of \(repeats); bare loop over the months \(String(format: "%.6f", bareMedian)) s; ratio \(String(format: "%.0f", median / max(bareMedian, 1e-9))) (checksum \(Int(sink) % 10))\n"
                        .utf8))
        }
    }
}
