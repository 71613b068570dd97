#!/usr/bin/env python3
"""The forecast's back-test beside statsmodels (issue 15 point 6; planning.md 3.3, T-C1, T-C2, T-C3).

Run by hand, never by the test command; statsmodels comes from PyPI and is never a runtime dependency of Custodia:

    python3 -m venv /tmp/anchors && /tmp/anchors/bin/pip install statsmodels
    swift build -c release --product custodia
    /tmp/anchors/bin/python benchmarks/forecast_anchors.py --custodia .build/release/custodia

Track 1 (public data): the published counts of `Sources/Placement/Resources/planning/population_series.csv`; train on
the rows dated 2012-01 … 2022-12 (the last is 2022-06; a month without a day is its 15th), test on the six from
2023-07 on. Models needing regular spacing are fitted on the training points interpolated to whole months, only up to
the last training point. The script:
- T-C1: runs Holt's linear trend with fixed parameters (damped and not) in statsmodels (`initialization_method="known"`,
  the first value and the first difference) and in Custodia (`custodia bench forecast`), and fails unless every
  forecast agrees to 1e-6 relative;
- computes statsmodels' baselines (naive, drift, Holt and damped Holt with estimated parameters, ARIMA(1,1,0) with
  drift) on the same monthly series, and reads Custodia's own (`custodia forecast backtest --csv`);
- T-C2, T-C3: fails unless Custodia's net-flow model has a MAPE of at most 2.98 % and at least 4 of the 6 test points
  in its 80 % interval, and prints it beside drift's.
"""
import argparse, csv, datetime, math, os, subprocess, sys, time

import numpy as np
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.holtwinters import ExponentialSmoothing

HERE = os.path.dirname(os.path.abspath(__file__))
SERIES = os.path.join(HERE, "..", "Sources", "Placement", "Resources", "planning", "population_series.csv")


def months(day):
    return day.year * 12 + day.month - 1 + (day.day - 15) / 30.4375


def points():
    result = []
    for row in csv.DictReader(open(SERIES)):
        if not row["population"]:
            continue
        parts = [int(p) for p in row["date"].split("-")]
        day = datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 15)
        result.append((day, float(row["population"])))
    return sorted(result)


def monthly(train):
    xs = [months(d) for d, _ in train]
    ys = [v for _, v in train]
    first, last = math.ceil(xs[0] - 1e-9), math.floor(xs[-1] + 1e-9)
    return first, [float(np.interp(m, xs, ys)) for m in range(first, last + 1)]


def mape(test, forecast):
    return 100 * sum(abs(forecast(months(d)) - v) / v for d, v in test) / len(test)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--custodia", required=True)
    args = parser.parse_args()
    series = points()
    train = [(d, v) for d, v in series if 2012 <= d.year <= 2022]
    test = [(d, v) for d, v in series if d >= datetime.date(2023, 7, 1)]
    first, values = monthly(train)
    last_month = first + len(values) - 1
    failures = []

    # T-C1: Holt with fixed parameters, step by step.
    for alpha, beta, phi in [(0.5, 0.1, 1.0), (0.8, 0.2, 0.9), (0.3, 0.05, 0.98)]:
        started = time.perf_counter()
        model = ExponentialSmoothing(
            np.array(values), trend="add", damped_trend=phi < 1, initialization_method="known",
            initial_level=values[0], initial_trend=values[1] - values[0])
        fit = model.fit(smoothing_level=alpha, smoothing_trend=beta, damping_trend=phi if phi < 1 else None, optimized=False)
        theirs = fit.forecast(48)
        statsmodels_seconds = time.perf_counter() - started
        out = subprocess.run(
            [args.custodia, "bench", "forecast", "--alpha", str(alpha), "--beta", str(beta), "--phi", str(phi), "--steps", "48",
             "--repeats", "1"], capture_output=True, text=True, check=True).stdout.strip().splitlines()[1:]
        ours = [float(line.split(",")[1]) for line in out]
        worst = max(abs(a - b) / abs(b) for a, b in zip(ours, theirs))
        print(f"T-C1 Holt α={alpha} β={beta} φ={phi}: largest relative difference {worst:.2e} over 48 steps "
              f"(statsmodels {statsmodels_seconds * 1000:.1f} ms)")
        if worst > 1e-6:
            failures.append(f"T-C1 α={alpha} β={beta} φ={phi}: {worst:.2e}")

    # statsmodels' baselines on the same monthly series.
    def at(forecasts):
        return lambda t: float(np.interp(t - last_month, range(1, len(forecasts) + 1), forecasts))

    horizon = int(math.ceil(months(test[-1][0]) - last_month)) + 2
    slope = (values[-1] - values[0]) / (len(values) - 1)
    rows = [("naive (statsmodels protocol)", mape(test, lambda t: values[-1])),
            ("drift", mape(test, lambda t: values[-1] + slope * (t - last_month)))]
    holt = ExponentialSmoothing(np.array(values), trend="add").fit()
    rows.append(("Holt, estimated (statsmodels)", mape(test, at(holt.forecast(horizon)))))
    damped = ExponentialSmoothing(np.array(values), trend="add", damped_trend=True).fit()
    rows.append(("damped Holt, estimated (statsmodels)", mape(test, at(damped.forecast(horizon)))))
    arima = ARIMA(np.array(values), order=(1, 1, 0), trend="t").fit()
    rows.append(("ARIMA(1,1,0)+drift (statsmodels)", mape(test, at(arima.forecast(horizon)))))

    out = subprocess.run([args.custodia, "forecast", "backtest", "--csv"], capture_output=True, text=True, check=True).stdout
    ours = {r["model"]: r for r in csv.DictReader(out.splitlines())}
    for name, row in ours.items():
        rows.append((f"{name} (Custodia)", float(row["mape"])))
    print("\nTrack 1, MAPE over the six test points:")
    for name, value in rows:
        print(f"  {name:42s} {value:6.2f} %")
    custodia = ours["custodia_net_flow"]
    covered = int(custodia["covered_80"])
    print(f"\nCustodia's net-flow model: MAPE {float(custodia['mape']):.2f} % (target ≤ 2.98 %, drift {float(ours['drift']['mape']):.2f} %), "
          f"{covered} of 6 in the 80 % interval (target ≥ 4)")
    if float(custodia["mape"]) > 2.98:
        failures.append("T-C2")
    if covered < 4:
        failures.append("T-C3")
    if failures:
        print("FAILED: " + ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
