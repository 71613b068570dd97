#!/usr/bin/env python3
"""Which projects to build within a budget, Custodia beside HiGHS (issue 14 point 4; planning.md 2.1 and 2.4, T-B2).

Run by hand, never by the test command; HiGHS comes from PyPI and is never a runtime dependency of Custodia:

    python3 -m venv /tmp/anchors && /tmp/anchors/bin/pip install highspy
    swift build -c release --product custodia
    /tmp/anchors/bin/python benchmarks/capacity_anchors.py --custodia .build/release/custodia [--random 200]

For each instance (January 2026's 25 departments with the announced projects of known size, at several budgets, for
today's population and December 2030's central and high forecast; then seeded random instances of up to 25 departments
and 40 projects), Custodia chooses (`custodia bench capacity`), then HiGHS solves the same lexicographic MILP in three
solves: binary y_j per project, Σ_j q_j·y_j ≤ B, e_d ≥ 5·P_d − 6·(C_d + Σ_{j∈d} q_j·y_j), e_d ≥ 0 (the excess over
120 % in fifths of a person); (1) min Σ e_d; (2) with Σ e_d at that optimum, min Σ a_d where a_d ∈ {0,1} and
e_d ≤ M·a_d (departments left above 120 %); (3) with both fixed, min Σ q_j·y_j. The three optima must equal Custodia's
(scaled_excess, 25 − within, places) exactly. The script prints each side by side and exits 1 on any difference.
"""
import argparse, json, os, random, subprocess, sys, tempfile, time

import highspy


def custodia(binary, path=None, budget=None, year=None, scenario=None, export=None):
    command = [binary, "bench", "capacity", "--repeats", "5"]
    if path:
        command += ["--from", path]
    if budget is not None:
        command += ["--budget", str(budget)]
    if year:
        command += ["--year", str(year), "--scenario", scenario]
    if export:
        command += ["--export", export]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])


def highs(problem):
    """(excess, above, places) by three MILP solves, and the seconds they took."""
    demands, projects, budget = problem["demands"], problem["projects"], problem["budget"]
    big = max([5 * d["population"] for d in demands] + [1])
    started = time.perf_counter()
    fixed = []  # (expression builder, value) of the levels solved so far
    results = []
    for level in range(3):
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        zero = h.addVariable(lb=0, ub=0)  # so that every sum is an expression, even over no project
        y = [h.addVariable(lb=0, ub=1, type=highspy.HighsVarType.kInteger) for _ in projects]
        e = [h.addVariable(lb=0, ub=highspy.kHighsInf) for _ in demands]
        a = [h.addVariable(lb=0, ub=1, type=highspy.HighsVarType.kInteger) for _ in demands]
        h.addConstr(zero + sum(p["places"] * y[j] for j, p in enumerate(projects)) <= budget)
        for d, demand in enumerate(demands):
            own = [j for j, p in enumerate(projects) if p["department"] == demand["department"]]
            h.addConstr(zero + e[d] + sum(6 * projects[j]["places"] * y[j] for j in own)
                        >= 5 * demand["population"] - 6 * demand["capacity"])
            h.addConstr(zero + e[d] - big * a[d] <= 0)
        levels = [zero + sum(e), zero + sum(a), zero + sum(p["places"] * y[j] for j, p in enumerate(projects))]
        for index, value in enumerate(results):
            h.addConstr(levels[index] <= value)
        h.minimize(levels[level])
        results.append(round(h.getInfo().objective_function_value))
    return results, time.perf_counter() - started


def random_instance(rng):
    names = [f"D{i:02d}" for i in range(rng.randint(1, 25))]
    demands = [{"department": n, "capacity": rng.randint(0, 3000), "population": rng.randint(0, 9000)} for n in names]
    projects, per = [], {}
    for j in range(rng.randint(0, 40)):
        department = rng.choice(names)
        if per.get(department, 0) >= 16:
            continue
        per[department] = per.get(department, 0) + 1
        projects.append({"name": f"P{j}", "department": department, "places": rng.randint(1, 5000)})
    total = sum(p["places"] for p in projects)
    return {"demands": demands, "projects": projects, "budget": rng.randint(0, max(1, total))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--custodia", required=True)
    parser.add_argument("--random", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2030)
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "instance.json")
        print("instance                         budget   custodia (excess/5, above, places)   highs             custodia s   highs s")
        for year, scenario in [(None, None), (2030, "central"), (2030, "high")]:
            for budget in [0, 5000, 10000, 20000, 30000, None]:
                ours = custodia(args.custodia, budget=budget, year=year, scenario=scenario, export=path)
                problem = json.load(open(path))
                theirs, seconds = highs(problem)
                mine = [ours["scaled_excess"], len(problem["demands"]) - ours["within"], ours["places"]]
                name = f"PE-25 {year or 'today'} {scenario or ''}".strip()
                ok = mine == theirs
                failures += not ok
                print(f"{name:32} {ours['budget']:>7}   {str(mine):36} {str(theirs):17} {ours['seconds']:10.5f} {seconds:9.4f}"
                      + ("" if ok else "   DIFFERENT"))
        rng = random.Random(args.seed)
        ours_total = theirs_total = 0.0
        different = 0
        for trial in range(args.random):
            problem = random_instance(rng)
            json.dump(problem, open(path, "w"))
            ours = custodia(args.custodia, path=path)
            theirs, seconds = highs(problem)
            mine = [ours["scaled_excess"], len(problem["demands"]) - ours["within"], ours["places"]]
            ours_total += ours["seconds"]
            theirs_total += seconds
            if mine != theirs:
                failures += 1
                different += 1
                print(f"random {trial}: custodia {mine}, highs {theirs}   DIFFERENT")
        print(f"{args.random} random instances (seed {args.seed}): {args.random - different} equal; "
              f"time custodia {ours_total:.3f} s, highs {theirs_total:.3f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
