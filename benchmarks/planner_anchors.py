#!/usr/bin/env python3
"""The transfer planner beside OR-Tools and HiGHS (issue 14 point 6; planning.md 1.9, T-A1 and T-A3).

Run by hand, never by the test command; the anchors come from PyPI and are never runtime dependencies of Custodia:

    python3 -m venv /tmp/anchors && /tmp/anchors/bin/pip install ortools highspy
    swift build -c release --product custodia
    /tmp/anchors/bin/python benchmarks/planner_anchors.py --custodia .build/release/custodia [--random 200] [--x10]

For each instance (PE-69-agg from the dataset, then seeded random small ones, optionally X10-agg), Custodia solves it
(`custodia bench planner`), then:
- HiGHS solves the min-max MILP: integer placements f[g,u] on the allowed arcs, each cohort placed whole, each unit's
  total at most θ·C_u, minimise θ. Its optimum must equal Custodia's θ* (exactly, up to HiGHS's tolerance).
- OR-Tools' SimpleMinCostFlow solves the fewest moves at Custodia's θ* (unit capacities ⌊θ*·C_u⌋ computed exactly with
  fractions, cost 1 per move). Its optimal cost must equal Custodia's moves exactly.
The script prints each objective and time side by side and exits 1 on any difference.
"""
import argparse, json, math, random, subprocess, sys, tempfile, time
from fractions import Fraction

import highspy
from ortools.graph.python import min_cost_flow


def custodia(binary, path=None, instance=None, export=None):
    command = [binary, "bench", "planner", "--repeats", "1"]
    if path:
        command += ["--from", path]
    if instance:
        command += ["--instance", instance]
    if export:
        command += ["--export", export]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def arcs(problem):
    """(cohort, unit, cost) for every allowed placement: a unit of the cohort's kind with places."""
    result = []
    for g, cohort in enumerate(problem["cohorts"]):
        for u, unit in enumerate(problem["units"]):
            if unit["kind"] == cohort["kind"] and unit["numerator"] > 0:
                result.append((g, u, 0 if unit["establishment"] == cohort["origin"] else 1))
    return result


def highs_theta(problem):
    """min θ over integer placements; the anchor for θ*."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    a = arcs(problem)
    inf = highspy.kHighsInf
    theta = h.addVariable(lb=0, ub=inf, obj=1.0)
    f = [h.addVariable(lb=0, ub=problem["cohorts"][g]["size"], type=highspy.HighsVarType.kInteger) for g, _, _ in a]
    for g, cohort in enumerate(problem["cohorts"]):
        h.addConstr(sum(f[i] for i, (gg, _, _) in enumerate(a) if gg == g) == cohort["size"])
    for u, unit in enumerate(problem["units"]):
        members = [f[i] for i, (_, uu, _) in enumerate(a) if uu == u]
        if members:
            capacity = unit["numerator"] / unit["denominator"]
            h.addConstr(sum(members) - capacity * theta <= 0)
    h.minimize()
    return h.getInfo().objective_function_value


def ortools_moves(problem, theta):
    """The fewest moves at θ (exact capacities ⌊θ·C⌋)."""
    flow = min_cost_flow.SimpleMinCostFlow()
    cohorts, units = problem["cohorts"], problem["units"]
    source, sink = 0, 1 + len(cohorts) + len(units)
    for g, cohort in enumerate(cohorts):
        flow.add_arc_with_capacity_and_unit_cost(source, 1 + g, cohort["size"], 0)
    for g, u, cost in arcs(problem):
        flow.add_arc_with_capacity_and_unit_cost(1 + g, 1 + len(cohorts) + u, cohorts[g]["size"], cost)
    for u, unit in enumerate(units):
        capacity = math.floor(theta * Fraction(unit["numerator"], unit["denominator"]))
        flow.add_arc_with_capacity_and_unit_cost(1 + len(cohorts) + u, sink, capacity, 0)
    total = sum(c["size"] for c in cohorts)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return None
    return flow.optimal_cost()


def random_instance(rng):
    count = rng.randint(2, 5)
    units, cohorts = [], []
    for e in range(count):
        for kind in ("male", "female"):
            if e == 0 or rng.random() < 0.66:
                if rng.random() < 0.5:
                    numerator, denominator = rng.randint(1, 40), 1
                else:
                    numerator, denominator = rng.randint(1, 400), rng.randint(1, 9)
                units.append({"establishment": e, "kind": kind, "numerator": numerator, "denominator": denominator})
                cohorts.append({"origin": e, "kind": kind, "size": rng.randint(0, 89)})
    return {"establishments": [f"EP{e}" for e in range(count)], "units": units, "cohorts": cohorts}


def compare(name, binary, problem, path, rows):
    mine = custodia(binary, path=path)
    started = time.perf_counter()
    theta = highs_theta(problem)
    highs_seconds = time.perf_counter() - started
    exact = Fraction(mine["theta_numerator"], mine["theta_denominator"])
    started = time.perf_counter()
    moves = ortools_moves(problem, exact)
    ortools_seconds = time.perf_counter() - started
    same = abs(theta - float(exact)) <= 1e-6 * max(1.0, float(exact)) and moves == mine["moves"]
    rows.append((name, float(exact) * 100, theta * 100, mine["moves"], moves, mine["seconds"], highs_seconds,
                 ortools_seconds, same))
    return same


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--custodia", required=True)
    parser.add_argument("--random", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--x10", action="store_true", help="also X10-agg (ten copies of PE-69-agg)")
    args = parser.parse_args()
    rows = []
    ok = True
    with tempfile.TemporaryDirectory() as directory:
        for name in ["pe-69-agg"] + (["x10-agg"] if args.x10 else []):
            path = f"{directory}/{name}.json"
            custodia(args.custodia, instance=name, export=path)
            ok &= compare(name, args.custodia, json.load(open(path)), path, rows)
        rng = random.Random(args.seed)
        for index in range(args.random):
            problem = random_instance(rng)
            if not problem["cohorts"]:
                continue
            path = f"{directory}/random-{index}.json"
            json.dump({**problem, "movesCap": None}, open(path, "w"))
            ok &= compare(f"random-{index}", args.custodia, problem, path, rows)
    print(f"{'instance':<12} {'θ* Custodia':>12} {'θ HiGHS':>12} {'moves':>8} {'OR-Tools':>9} "
          f"{'Custodia s':>11} {'HiGHS s':>9} {'OR-Tools s':>11}  same")
    shown = [r for r in rows if not r[0].startswith("random-")] + [r for r in rows if r[0].startswith("random-")][:5]
    for r in shown:
        print(f"{r[0]:<12} {r[1]:>11.4f}% {r[2]:>11.4f}% {r[3]:>8} {r[4]!s:>9} {r[5]:>11.4f} {r[6]:>9.4f} {r[7]:>11.4f}  {r[8]}")
    randoms = [r for r in rows if r[0].startswith("random-")]
    if randoms:
        print(f"random small instances: {sum(r[8] for r in randoms)} of {len(randoms)} the same in θ* and moves; "
              f"time per instance median Custodia {sorted(r[5] for r in randoms)[len(randoms) // 2]:.5f} s, "
              f"HiGHS {sorted(r[6] for r in randoms)[len(randoms) // 2]:.5f} s, "
              f"OR-Tools {sorted(r[7] for r in randoms)[len(randoms) // 2]:.5f} s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
