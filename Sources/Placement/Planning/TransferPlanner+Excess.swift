extension TransferPlanner {
    /// The excess objective (planning.md 1.4, O1's other form; issue 14 point 3's `--objective excess`): the fewest
    /// persons above α times the places of their unit, Σ_u max(0, P'_u − ⌊α·C_u⌋) (α = 1.2, INPE's hacinamiento line, or
    /// 1.0), then the fewest moves. Exact: the least excess E* is the persons a maximum flow cannot place within ⌊α·C_u⌋;
    /// the fewest moves with at most k persons beyond are a minimum-cost flow g(k) through one overflow node of capacity
    /// k; g does not grow with k, so with a cap T on moves the answer is the least k with g(k) ≤ T, found by bisection
    /// over the integers. A move lowers the excess by one at most, so moves ≥ E₀ − k (LB0 for the moves). Among plans of
    /// equal excess and moves, those that take persons from the most crowded establishments first: a move costs
    /// B + the rank of its origin's unit by occupancy today (0 the most crowded), B larger than any sum of ranks, so the
    /// moves stay the cost divided by B.
    public static func planExcess(_ instance: TransferInstance, alpha: Ratio) -> Result<TransferPlan, PlanInfeasibility> {
        let population = instance.population
        let limits = instance.units.map { alpha.floorTimes($0.capacity) }
        let here = instance.heldAtOrigins
        // Units by occupancy today, highest first (ties by index): a move from the first costs least.
        func occupancy(_ unit: Int) -> Ratio {
            let places = instance.units[unit].capacity
            return places > .zero ? Ratio(here[unit]).divided(by: places) : Ratio(population + 1)
        }
        let order = instance.units.indices.sorted { occupancy($0) == occupancy($1) ? $0 < $1 : occupancy($1) < occupancy($0) }
        var rank = Array(repeating: instance.units.count, count: instance.units.count)
        for (position, unit) in order.enumerated() { rank[unit] = position }
        let origins = instance.cohorts.map { instance.unit(of: $0, at: $0.origin).map { rank[$0] } ?? instance.units.count }
        let scale = (instance.units.count + 1) * (population + 1)
        let price = Price(scale: scale, origins: origins)
        // Everyone allowed beyond the limits: who still has no unit cannot be placed (PL-H3); who must move anyway
        // (no unit of their kind where they are) are the forced moves, beyond the cap PL-H8.
        let forced: Int
        let everyone = fewestMoves(instance, limits: limits, overflow: population, price: price)
        switch everyone.check {
        case .unplaced(let count):
            return .failure(
                PlanInfeasibility(code: "PL-H3", shortfall: count, detail: "persons with no establishment they may be placed in"))
        case .placed(let moves): forced = moves
        }
        if let cap = instance.movesCap, forced > cap {
            return .failure(
                PlanInfeasibility(
                    code: "PL-H8", shortfall: forced - cap,
                    detail: "persons who must move (no place of their kind where they are) exceed the cap"))
        }
        var within = network(instance, capacities: limits)
        let least = population - within.maxFlow()
        // The flow at E*, kept when it fits the cap (or there is none); else the least k whose fewest moves fit, in
        // [E* + 1, population] by bisection (g(population) = forced ≤ cap), keeping the flow of each k that fits.
        var k = least
        var chosen = fewestMoves(instance, limits: limits, overflow: least, price: price)
        if let cap = instance.movesCap, case .placed(let moves) = chosen.check, moves > cap {
            var (low, high) = (least + 1, population)
            chosen = everyone
            while low < high {
                let middle = low + (high - low) / 2
                let probe = fewestMoves(instance, limits: limits, overflow: middle, price: price)
                if case .placed(let moves) = probe.check, moves <= cap {
                    (high, chosen) = (middle, probe)
                } else {
                    low = middle + 1
                }
            }
            k = low
        }
        guard case .placed(let moves) = chosen.check else {
            return .failure(
                PlanInfeasibility(code: "PL-CHECK", shortfall: 1, detail: "no flow placed everyone at the least excess"))
        }
        let placements = chosen.built.placements
        var held = Array(repeating: 0, count: instance.units.count)
        for placed in placements {
            for (unit, count) in placed { held[unit] += count }
        }
        func excess(_ counts: [Int]) -> Int { counts.indices.map { max(0, counts[$0] - limits[$0]) }.reduce(0, +) }
        let before = excess(here)
        // The highest ratio the plan leaves (over the units that hold anyone), reported beside the excess.
        let reached =
            instance.units.indices.filter { held[$0] > 0 }.map { Ratio(held[$0]).divided(by: instance.units[$0].capacity) }
            .max() ?? .zero
        let floors = ratioFloors(instance)
        var plan = TransferPlan(
            maxRatio: reached, moves: moves, placements: placements, ratioFloor: floors.overall,
            movesFloor: max(forced, before - k), bindingKind: floors.byKind.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        plan.excess = TransferPlan.Excess(alpha: alpha, after: excess(held), before: before, floor: least)
        let violations = PlanChecker.violations(of: plan, in: instance)
        guard violations.isEmpty else {
            return .failure(
                PlanInfeasibility(
                    code: "PL-CHECK", shortfall: violations.count, detail: violations.map(\.description).joined(separator: "; ")))
        }
        return .success(plan)
    }

    /// The fewest moves with every unit within its limit and at most `overflow` persons beyond them in all.
    /// The solved network comes back with it, for the placements.
    static func fewestMoves(_ instance: TransferInstance, limits: [Int], overflow: Int, price: Price)
        -> (check: Check, built: Built)
    {
        var built = network(instance, capacities: limits, overflow: overflow, moveCost: { cohort, _ in price.cost(cohort) })
        let (flow, cost) = built.minCostFlow()
        return (flow == instance.population ? .placed(moves: cost / price.scale) : .unplaced(instance.population - flow), built)
    }

    /// A move's cost: the scale plus its origin's rank.
    struct Price {
        var scale: Int
        var origins: [Int]

        func cost(_ cohort: Int) -> Int { scale + origins[cohort] }
    }
}
