#!/usr/bin/env python3
"""PE-69-full beside HiGHS (issue 14 point 6; planning.md 1.9, T-A1/T-A2 on the full instance).

Run by hand, never by the test command; HiGHS comes from PyPI and is never a runtime dependency of Custodia:

    python3 -m venv /tmp/anchors && /tmp/anchors/bin/pip install highspy
    swift build -c release --product custodia
    /tmp/anchors/bin/python benchmarks/planner_full_anchor.py --custodia .build/release/custodia [--seed 2026]
        [--time-limit 600] [--model theta|km|both]

Custodia exports the seeded instance (`custodia bench planner --instance pe-69-full --export FILE`: cohorts with their
destinations, homes and keep-apart groups, both distance matrices, D_max, the conflicts, the cap) and solves it. This
script builds the arcs itself from those fields (kind, places > 0, staying always allowed; a move only to the
cohort's destinations and, with D_max, no farther from home than max(D_max, home → origin)) and solves with HiGHS:

- theta: min θ over integer placements, Σ_g f[g,u] ≤ θ·C_u, moves ≤ T, without PL-H7 (Tier 1's model). Its optimum
  must equal Custodia's Tier-1 θ*; Custodia's θ* (with PL-H7) can only be at or above it, so when the two are equal
  Custodia's θ* is proven optimal.
- km: at Custodia's θ* (capacities ⌊θ*·C_u⌋ exactly), min Σ km·f with moves ≤ T and PL-H7 (binary z[a,e]: group a in
  establishment e after the plan; z[a,e] + z[b,e] ≤ 1 for every conflicting pair not both there before). HiGHS's
  objective and its best bound are printed beside Custodia's kilometres; T-A2 asks Custodia ≤ 1.01 × the best
  objective and a gap to the best bound of 1 % or less.
"""
import argparse, json, math, subprocess, sys, tempfile, time
from fractions import Fraction

import highspy
import numpy as np


def custodia(binary, seed, export):
    command = [binary, "bench", "planner", "--instance", "pe-69-full", "--seed", str(seed), "--repeats", "1",
               "--export", export]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def arcs(problem):
    """(cohort, unit, km, is_move) for every placement PL-H3/H5/H6/H9 allow."""
    units = problem["units"]
    homes = problem.get("homeDistances")
    limit = problem.get("familyLimitKm")
    km = problem["distances"]
    result = []
    for g, cohort in enumerate(problem["cohorts"]):
        allowed = set(cohort["destinations"]) if cohort.get("destinations") is not None else None
        origin = cohort["origin"]
        for u, unit in enumerate(units):
            if unit["kind"] != cohort["kind"] or unit["numerator"] <= 0:
                continue
            e = unit["establishment"]
            if e != origin:
                if allowed is not None and e not in allowed:
                    continue
                if limit is not None and cohort.get("home") is not None and homes is not None:
                    row = homes[cohort["home"]]
                    if row[e] > max(limit, row[origin]):
                        continue
            result.append((g, u, km[origin][e] if e != origin else 0, 0 if e == origin else 1))
    return result


def add_rows(h, rows, lower, upper):
    """rows: list of (indices, values)."""
    starts, indices, values = [], [], []
    for index_list, value_list in rows:
        starts.append(len(indices))
        indices.extend(index_list)
        values.extend(value_list)
    h.addRows(len(rows), np.array(lower, dtype=float), np.array(upper, dtype=float), len(indices),
              np.array(starts, dtype=np.int32), np.array(indices, dtype=np.int32), np.array(values, dtype=float))


def solve(problem, model, theta, time_limit):
    cohorts, units = problem["cohorts"], problem["units"]
    a = arcs(problem)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    n = len(a)
    upper = [cohorts[g]["size"] for g, _, _, _ in a]
    h.addVars(n, np.zeros(n), np.array(upper, dtype=float))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.array([highspy.HighsVarType.kInteger] * n))
    by_cohort = [[] for _ in cohorts]
    by_unit = [[] for _ in units]
    for i, (g, u, _, _) in enumerate(a):
        by_cohort[g].append(i)
        by_unit[u].append(i)
    add_rows(h, [(ix, [1.0] * len(ix)) for ix in by_cohort], [c["size"] for c in cohorts], [c["size"] for c in cohorts])
    moves = [i for i, arc in enumerate(a) if arc[3]]
    cap = problem.get("movesCap")
    if cap is not None:
        add_rows(h, [(moves, [1.0] * len(moves))], [-highspy.kHighsInf], [cap])
    if model == "theta":
        t = n
        h.addVars(1, np.zeros(1), np.array([highspy.kHighsInf]))
        h.changeColsCost(1, np.array([t], dtype=np.int32), np.array([1.0]))
        rows = []
        for u, unit in enumerate(units):
            if by_unit[u]:
                c = unit["numerator"] / unit["denominator"]
                rows.append((by_unit[u] + [t], [1.0] * len(by_unit[u]) + [-c]))
        add_rows(h, rows, [-highspy.kHighsInf] * len(rows), [0.0] * len(rows))
    else:
        limits = [math.floor(theta * Fraction(u["numerator"], u["denominator"])) for u in units]
        rows = [(by_unit[u], [1.0] * len(by_unit[u])) for u in range(len(units)) if by_unit[u]]
        add_rows(h, rows, [-highspy.kHighsInf] * len(rows), [limits[u] for u in range(len(units)) if by_unit[u]])
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array([float(arc[2]) for arc in a]))
        # PL-H7: z[a,e] binary for each group and establishment a grouped arc reaches.
        groups = sorted({c["group"] for c in cohorts if c.get("group") is not None})
        before = {(c["group"], c["origin"]) for c in cohorts if c.get("group") is not None and c["size"] > 0}
        z = {}
        links = []
        for i, (g, u, _, _) in enumerate(a):
            group = cohorts[g].get("group")
            if group is None:
                continue
            e = units[u]["establishment"]
            if (group, e) not in z:
                z[(group, e)] = n + len(z)
            links.append((i, z[(group, e)], cohorts[g]["size"]))
        count = len(z)
        h.addVars(count, np.zeros(count), np.ones(count))
        h.changeColsIntegrality(count, np.arange(n, n + count, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * count))
        add_rows(h, [([i, zi], [1.0, -float(size)]) for i, zi, size in links],
                 [-highspy.kHighsInf] * len(links), [0.0] * len(links))
        pairs = []
        for first, second in problem.get("conflicts", []):
            for e in range(len(problem["establishments"])):
                if (first, e) in before and (second, e) in before:
                    continue
                if (first, e) in z and (second, e) in z:
                    pairs.append(([z[(first, e)], z[(second, e)]], [1.0, 1.0]))
        add_rows(h, pairs, [-highspy.kHighsInf] * len(pairs), [1.0] * len(pairs))
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    info = h.getInfo()
    return {"status": h.modelStatusToString(h.getModelStatus()), "objective": info.objective_function_value,
            "bound": info.mip_dual_bound, "gap": info.mip_gap, "seconds": seconds, "arcs": n}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--custodia", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--model", choices=["theta", "km", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = f"{directory}/pe-69-full.json"
        mine = custodia(args.custodia, args.seed, path)
        problem = json.load(open(path))
    theta = Fraction(mine["theta_numerator"], mine["theta_denominator"])
    print(f"Custodia: θ* {float(theta) * 100:.4f} % (Tier 1 {mine['tier1_theta'] * 100:.4f} %), {mine['moves']} moves, "
          f"{mine['kilometres']} km (floor {mine['kilometres_floor']}), {mine['seconds']:.2f} s, "
          f"{mine['cohorts']} cohorts")
    ok = True
    if args.model in ("theta", "both"):
        r = solve(problem, "theta", theta, args.time_limit)
        print(f"HiGHS θ (Tier 1, no PL-H7): {r['status']}, {r['objective'] * 100:.4f} %, bound {r['bound'] * 100:.4f} %, "
              f"{r['seconds']:.1f} s, {r['arcs']} arcs")
        ok &= abs(r["objective"] - mine["tier1_theta"]) <= 1e-6 * mine["tier1_theta"]
    if args.model in ("km", "both"):
        r = solve(problem, "km", theta, args.time_limit)
        best = r["objective"]
        print(f"HiGHS km at θ* (PL-H7, cap): {r['status']}, {best:.0f} km, bound {r['bound']:.0f}, gap {r['gap']:.4%}, "
              f"{r['seconds']:.1f} s; Custodia / HiGHS = {mine['kilometres'] / best:.4f}, "
              f"Custodia's gap to HiGHS's bound {(mine['kilometres'] - r['bound']) / mine['kilometres']:.4%}")
        ok &= mine["kilometres"] <= 1.01 * best
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
