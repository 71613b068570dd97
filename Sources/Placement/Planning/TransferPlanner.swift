/// A plan: where each cohort's members are after it, the max ratio reached, the moves, and the bounds beside them.
public struct TransferPlan: Sendable, Equatable {
    /// θ*: no unit holds more than θ* times its places after the plan (O1), the least any plan within the constraints
    /// can reach.
    public var maxRatio: Ratio
    /// The fewest persons moved at θ* (O3's count, exact: a minimum-cost flow).
    public var moves: Int
    /// Per cohort, the persons placed in each unit (unit index → count), its own unit included.
    public var placements: [[Int: Int]]
    /// LB0 (planning.md 1.6): population over places, for the nation and each kind, the highest; θ* is never below it.
    /// In floating point: the sum of 69 shares of places has a denominator no integer holds.
    public var ratioFloor: Double
    /// LB0 for the moves at θ*: what exceeds ⌊θ*·C⌋ in each unit must leave it.
    public var movesFloor: Int
    /// The kind whose places bind θ* (the one whose own floor is highest).
    public var bindingKind: String?
    /// The excess objective (`TransferPlanner.planExcess`): α, Σ max(0, P'_u − ⌊α·C_u⌋) after the plan, and the least
    /// any plan can leave without a cap on moves (LB1, exact). Nil for a plan of the max ratio.
    public var excess: Excess? = nil
    /// With distances (O3): the kilometres the plan's moves travel, and the least any plan at θ* within the cap can
    /// travel (LB1: equal without a binding cap; with one, the best Lagrangian bound found).
    public var distance: Distance? = nil
    /// With keep-apart groups (Tier 2): θ* of Tier 1, which ignores PL-H7 and so bounds θ* from below (LB1), and the
    /// co-locations of groups in conflict that were there before the plan (reported; the plan never makes new ones).
    public var keepApart: KeepApart? = nil

    public struct Distance: Sendable, Equatable {
        public var kilometres: Int
        public var floor: Int

        public init(kilometres: Int, floor: Int) {
            self.kilometres = kilometres
            self.floor = floor
        }
    }

    public struct KeepApart: Sendable, Equatable {
        public var relaxedRatio: Ratio
        public var existing: Int
        /// Tier 2's rounds of repair (each bars the smaller group's new arrivals from the establishment).
        public var rounds: Int

        public init(relaxedRatio: Ratio, existing: Int, rounds: Int) {
            self.relaxedRatio = relaxedRatio
            self.existing = existing
            self.rounds = rounds
        }
    }

    public struct Excess: Sendable, Equatable {
        public var alpha: Ratio
        public var after: Int
        public var before: Int
        public var floor: Int
    }
}

/// Why no plan exists, as data (planning.md 1.7): the constraint and by how much.
public struct PlanInfeasibility: Sendable, Equatable, Error {
    /// The constraint (`PL-H2`, `PL-H3`, `PL-H8`), or `PL-CHECK` when the checker refused the planner's own plan.
    public var code: String
    /// By how much: persons who could not be placed, moves beyond the cap, violations found.
    public var shortfall: Int
    public var detail: String

    public init(code: String, shortfall: Int, detail: String) {
        self.code = code
        self.shortfall = shortfall
        self.detail = detail
    }
}

/// Tier 1 of the decongestion planner (planning.md 1.5; issue 14 point 1): the least max ratio θ* by bisection over the
/// ratios where a unit's ⌊θ·C⌋ changes, each tried with a maximum flow (and, with a moves cap, a minimum-cost flow of
/// one per move); then the fewest moves at θ*. Exact (rational θ, integer flows) and deterministic.
public enum TransferPlanner {
    public static func plan(_ instance: TransferInstance) -> Result<TransferPlan, PlanInfeasibility> {
        let planned = instance.conflicts.isEmpty ? tierOne(instance) : keepingApart(instance)
        guard case .success(let plan) = planned else { return planned }
        // Checked by the independent path before anyone sees it (issue 14 point 2): a fault is an error, never a plan.
        let violations = PlanChecker.violations(of: plan, in: instance)
        guard violations.isEmpty else {
            return .failure(
                PlanInfeasibility(
                    code: "PL-CHECK", shortfall: violations.count,
                    detail: violations.map(\.description).joined(separator: "; ")))
        }
        return .success(plan)
    }

    /// Tier 1: every constraint but PL-H7.
    /// `atLeast`: a ratio θ* cannot be below (Tier 2's last θ*: barring arcs never lowers it); where it is feasible it
    /// is θ*, and the search is skipped.
    static func tierOne(_ instance: TransferInstance, atLeast: Ratio? = nil) -> Result<TransferPlan, PlanInfeasibility> {
        if let atLeast, feasible(instance, at: atLeast) { return .success(solution(instance, at: atLeast)) }
        let population = instance.population
        // The largest θ that can matter: every unit holds the whole population.
        guard let smallest = instance.units.map(\.capacity).filter({ $0 > .zero }).min() else {
            return .failure(PlanInfeasibility(code: "PL-H2", shortfall: population, detail: "no places at all"))
        }
        let ceiling = Ratio(population + 1).divided(by: smallest)
        switch check(instance, at: ceiling) {
        case .placed(let moves):
            if let cap = instance.movesCap, moves > cap {
                return .failure(
                    PlanInfeasibility(
                        code: "PL-H8", shortfall: moves - cap,
                        detail: "persons who must move (no place of their kind where they are) exceed the cap"))
            }
        case .unplaced(let count):
            return .failure(
                PlanInfeasibility(
                    code: "PL-H3", shortfall: count, detail: "persons with no establishment they may be placed in"))
        }
        // Bisection in floating point to come close, then exactly: the least candidate m/C above an infeasible θ.
        var low = 0.0
        // Nobody need move at today's highest ratio (unless someone has no place of their kind where they are).
        let here = instance.heldAtOrigins
        let today =
            instance.units.indices.filter { instance.units[$0].capacity > .zero }.map {
                Double(here[$0]) / instance.units[$0].capacity.value
            }.max() ?? 0
        var high =
            feasible(instance, at: Ratio(Int((today * 65_536).rounded(.up)) + 1, 65_536)) ? today + 1.0 / 32_768 : ceiling.value
        for _ in 0..<50 where high - low > 1e-9 * max(1, high) {
            let middle = (low + high) / 2
            let capacities = instance.units.map { $0.holds(atApproximately: middle) }
            if case .placed(let moves) = check(instance, capacities: capacities), instance.movesCap.map({ moves <= $0 }) ?? true {
                high = middle
            } else {
                low = middle
            }
        }
        // A θ exactly below: close enough that few candidates lie between it and θ*.
        var infeasible = Ratio(Int((low * 65_536).rounded(.down)), 65_536)
        while feasible(instance, at: infeasible), infeasible > .zero {
            infeasible = Ratio(infeasible.numerator / 2, infeasible.denominator)
        }
        var theta = next(after: infeasible, in: instance)
        while !feasible(instance, at: theta) {
            infeasible = theta
            theta = next(after: infeasible, in: instance)
        }
        return .success(solution(instance, at: theta))
    }

    /// The least ratio above `theta` at which some unit's ⌊θ·C⌋ grows.
    static func next(after theta: Ratio, in instance: TransferInstance) -> Ratio {
        instance.units.filter { $0.capacity > .zero }.map { unit in
            Ratio(theta.floorTimes(unit.capacity) + 1).divided(by: unit.capacity)
        }.min()!
    }

    enum Check { case placed(moves: Int), unplaced(Int) }

    static func feasible(_ instance: TransferInstance, at theta: Ratio) -> Bool {
        guard case .placed(let moves) = check(instance, at: theta) else { return false }
        return instance.movesCap.map { moves <= $0 } ?? true
    }

    static func check(_ instance: TransferInstance, at theta: Ratio) -> Check {
        check(instance, capacities: instance.units.map { $0.holds(at: theta) })
    }

    /// Whether everyone fits with each unit holding at most its capacity here (⌊θ·C⌋), and if so the fewest moves (only
    /// computed with a cap).
    static func check(_ instance: TransferInstance, capacities: [Int]) -> Check {
        var built = network(instance, capacities: capacities)
        let population = instance.population
        if instance.movesCap == nil {
            let flow = built.maxFlow()
            return flow == population ? .placed(moves: 0) : .unplaced(population - flow)
        }
        let (flow, cost) = built.minCostFlow()
        return flow == population ? .placed(moves: cost) : .unplaced(population - flow)
    }

    struct Built {
        var network: FlowNetwork
        var source: Int
        var sink: Int
        /// Per cohort: (unit, edge index).
        var arcs: [[(unit: Int, edge: Int)]]
        /// The flow the network starts with (those who stay while their unit has room).
        var prefilled = 0

        /// The whole flow from source to sink: the prefilled and what the maximum flow adds.
        mutating func maxFlow() -> Int { prefilled + network.maxFlow(from: source, to: sink) }

        /// The whole flow and its cost (the prefilled costs nothing).
        mutating func minCostFlow() -> (flow: Int, cost: Int) {
            let (flow, cost) = network.minCostFlow(from: source, to: sink)
            return (prefilled + flow, cost)
        }

        /// Per cohort, the persons the flow places in each unit (unit index → count).
        var placements: [[Int: Int]] {
            arcs.map { arcs in
                Dictionary(
                    arcs.compactMap { arc in network.flow(on: arc.edge) > 0 ? (arc.unit, network.flow(on: arc.edge)) : nil },
                    uniquingKeysWith: +)
            }
        }
    }

    /// Source → cohort (its size) → unit (cost 1 unless it is the cohort's own) → sink (⌊θ·C⌋). With `overflow`, each
    /// unit also reaches the sink through one more node that lets `overflow` persons in all beyond the units' capacities.
    /// `moveCost`: the cost of a move of one of the cohort's persons to a unit (1 unless given).
    static func network(
        _ instance: TransferInstance, capacities: [Int], overflow: Int? = nil, moveCost: ((Int, Int) -> Int)? = nil
    ) -> Built {
        let cohorts = instance.cohorts.count
        let source = 0
        let sink = 1 + cohorts + instance.units.count
        var network = FlowNetwork(nodes: sink + (overflow == nil ? 1 : 2))
        if let overflow {
            let spill = sink + 1
            for unit in instance.units.indices {
                network.addEdge(from: 1 + cohorts + unit, to: spill, capacity: instance.population)
            }
            network.addEdge(from: spill, to: sink, capacity: overflow)
        }
        var arcs: [[(unit: Int, edge: Int)]] = []
        var sourceEdges: [Int] = []
        for (index, cohort) in instance.cohorts.enumerated() {
            sourceEdges.append(network.addEdge(from: source, to: 1 + index, capacity: cohort.size))
            arcs.append(
                instance.allowedUnits(index).map { unit in
                    let stays = instance.units[unit].establishment == cohort.origin
                    return (
                        unit,
                        network.addEdge(
                            from: 1 + index, to: 1 + cohorts + unit, capacity: cohort.size,
                            cost: stays ? 0 : moveCost?(index, unit) ?? 1)
                    )
                })
        }
        let sinkEdges = capacities.enumerated().map { index, capacity in
            network.addEdge(from: 1 + cohorts + index, to: sink, capacity: capacity)
        }
        // Everyone stays while their unit has room, in the cohorts' order: a flow of cost 0, so the least-cost flow of its
        // value, from which both algorithms continue (the flows to place are then only those who must move).
        var prefilled = 0
        for (index, cohortArcs) in arcs.enumerated() {
            guard let stay = cohortArcs.first(where: { instance.units[$0.unit].establishment == instance.cohorts[index].origin })
            else { continue }
            let amount = min(network.residual(sourceEdges[index]), network.residual(sinkEdges[stay.unit]))
            if amount > 0 {
                network.push(pair: sourceEdges[index] / 2, amount)
                network.push(pair: stay.edge / 2, amount)
                network.push(pair: sinkEdges[stay.unit] / 2, amount)
                prefilled += amount
            }
        }
        return Built(network: network, source: source, sink: sink, arcs: arcs, prefilled: prefilled)
    }

    /// The plan at a feasible θ: the fewest moves — with distances, the fewest kilometres, then moves (O3) — the
    /// placements, and the bounds.
    static func solution(_ instance: TransferInstance, at theta: Ratio) -> TransferPlan {
        let routed = route(instance, capacities: instance.units.map { $0.holds(at: theta) })
        let placements = routed.built.placements
        let floors = ratioFloors(instance)
        let here = instance.heldAtOrigins
        let movesFloor = instance.units.indices.map { max(0, here[$0] - instance.units[$0].holds(at: theta)) }
            .reduce(0, +)
        let binding = floors.byKind.max { ($0.value, $1.key) < ($1.value, $0.key) }
        var plan = TransferPlan(
            maxRatio: theta, moves: routed.moves, placements: placements, ratioFloor: floors.overall,
            movesFloor: movesFloor, bindingKind: binding?.key)
        if instance.distances != nil {
            plan.distance = TransferPlan.Distance(kilometres: routed.kilometres, floor: routed.kilometresFloor)
        }
        return plan
    }

    /// LB0: population over places, nationally and for each kind; the highest of them.
    static func ratioFloors(_ instance: TransferInstance) -> (overall: Double, byKind: [String: Double]) {
        var places: [String: Double] = [:]
        var persons: [String: Int] = [:]
        for unit in instance.units { places[unit.kind, default: 0] += unit.capacity.value }
        for cohort in instance.cohorts { persons[cohort.kind, default: 0] += cohort.size }
        var byKind: [String: Double] = [:]
        for (kind, count) in persons {
            if let capacity = places[kind], capacity > 0 { byKind[kind] = Double(count) / capacity }
        }
        let total = places.values.reduce(0, +)
        let national = total > 0 ? Double(instance.population) / total : 0
        return (([national] + Array(byKind.values)).max() ?? 0, byKind)
    }
}
