/// What the transfer planner is given (planning.md 1.1–1.2): establishments, their units (places of one kind, such as
/// the women's places of a mixed establishment) and the cohorts of interchangeable persons, each where it is now.
public struct TransferInstance: Sendable {
    /// Places of one kind in one establishment (PL-H2 per unit; the kind carries sex and, when given, legal status).
    public struct Unit: Sendable, Hashable {
        public var establishment: Int
        public var kind: String
        public var capacity: Ratio

        public init(establishment: Int, kind: String, capacity: Ratio) {
            self.establishment = establishment
            self.kind = kind
            self.capacity = capacity
        }
    }

    /// Persons alike in everything the constraints look at, in one establishment now.
    public struct Cohort: Sendable, Hashable {
        public var origin: Int
        /// The kind of unit they may be placed in (PL-H3, PL-H4).
        public var kind: String
        public var size: Int
        /// They stay (PL-H10: a hearing soon, a medical reason, a process under way).
        public var frozen: Bool
        /// The establishments they may go to (PL-H5, PL-H6, PL-H9); nil: any with a unit of their kind.
        public var destinations: Set<Int>?

        public init(origin: Int, kind: String, size: Int, frozen: Bool = false, destinations: Set<Int>? = nil) {
            self.origin = origin
            self.kind = kind
            self.size = size
            self.frozen = frozen
            self.destinations = destinations
        }
    }

    public var establishments: [String]
    public var units: [Unit]
    public var cohorts: [Cohort]
    /// PL-H8: the most persons moved by the plan; nil, no cap.
    public var movesCap: Int?

    public init(establishments: [String], units: [Unit], cohorts: [Cohort], movesCap: Int? = nil) {
        self.establishments = establishments
        self.units = units
        self.cohorts = cohorts
        self.movesCap = movesCap
    }

    public var population: Int { cohorts.map(\.size).reduce(0, +) }

    /// The unit a cohort may occupy in an establishment, if there is one.
    func unit(of cohort: Cohort, at establishment: Int) -> Int? {
        units.firstIndex { $0.establishment == establishment && $0.kind == cohort.kind }
    }

    /// Per unit, the persons its establishment holds of its kind today (before any plan).
    var heldAtOrigins: [Int] {
        var here = Array(repeating: 0, count: units.count)
        for cohort in cohorts {
            if let unit = unit(of: cohort, at: cohort.origin) { here[unit] += cohort.size }
        }
        return here
    }

    /// The units a cohort may be placed in, its own first.
    func allowedUnits(_ cohort: Cohort) -> [Int] {
        if cohort.frozen { return unit(of: cohort, at: cohort.origin).map { [$0] } ?? [] }
        return units.indices.filter { index in
            let unit = units[index]
            return unit.kind == cohort.kind && unit.capacity > .zero
                && (unit.establishment == cohort.origin || cohort.destinations.map { $0.contains(unit.establishment) } ?? true)
        }
    }
}

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
        var high = ceiling.value
        for _ in 0..<50 {
            let middle = (low + high) / 2
            let capacities = instance.units.map { Int(($0.capacity.value * middle).rounded(.down)) }
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
        // Checked by the independent path before anyone sees it (issue 14 point 2): a fault is an error, never a plan.
        let plan = solution(instance, at: theta)
        let violations = PlanChecker.violations(of: plan, in: instance)
        guard violations.isEmpty else {
            return .failure(
                PlanInfeasibility(
                    code: "PL-CHECK", shortfall: violations.count,
                    detail: violations.map(\.description).joined(separator: "; ")))
        }
        return .success(plan)
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
        check(instance, capacities: instance.units.map { theta.floorTimes($0.capacity) })
    }

    /// Whether everyone fits with each unit holding at most its capacity here (⌊θ·C⌋), and if so the fewest moves (only
    /// computed with a cap).
    static func check(_ instance: TransferInstance, capacities: [Int]) -> Check {
        var built = network(instance, capacities: capacities)
        let population = instance.population
        if instance.movesCap == nil {
            let flow = built.network.maxFlow(from: built.source, to: built.sink)
            return flow == population ? .placed(moves: 0) : .unplaced(population - flow)
        }
        let (flow, cost) = built.network.minCostFlow(from: built.source, to: built.sink)
        return flow == population ? .placed(moves: cost) : .unplaced(population - flow)
    }

    struct Built {
        var network: FlowNetwork
        var source: Int
        var sink: Int
        /// Per cohort: (unit, edge index).
        var arcs: [[(unit: Int, edge: Int)]]

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
    /// `moveCost`: the cost of a move of one of the cohort's persons (1 unless given).
    static func network(
        _ instance: TransferInstance, capacities: [Int], overflow: Int? = nil, moveCost: ((Int) -> Int)? = nil
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
        for (index, cohort) in instance.cohorts.enumerated() {
            network.addEdge(from: source, to: 1 + index, capacity: cohort.size)
            arcs.append(
                instance.allowedUnits(cohort).map { unit in
                    let stays = instance.units[unit].establishment == cohort.origin
                    return (
                        unit,
                        network.addEdge(
                            from: 1 + index, to: 1 + cohorts + unit, capacity: cohort.size,
                            cost: stays ? 0 : moveCost?(index) ?? 1)
                    )
                })
        }
        for (index, capacity) in capacities.enumerated() {
            network.addEdge(from: 1 + cohorts + index, to: sink, capacity: capacity)
        }
        return Built(network: network, source: source, sink: sink, arcs: arcs)
    }

    /// The plan at a feasible θ: the fewest moves (a minimum-cost flow), the placements, and the bounds.
    static func solution(_ instance: TransferInstance, at theta: Ratio) -> TransferPlan {
        var built = network(instance, capacities: instance.units.map { theta.floorTimes($0.capacity) })
        let (_, moves) = built.network.minCostFlow(from: built.source, to: built.sink)
        let placements = built.placements
        let floors = ratioFloors(instance)
        let here = instance.heldAtOrigins
        let movesFloor = instance.units.indices.map { max(0, here[$0] - theta.floorTimes(instance.units[$0].capacity)) }
            .reduce(0, +)
        let binding = floors.byKind.max { ($0.value, $1.key) < ($1.value, $0.key) }
        return TransferPlan(
            maxRatio: theta, moves: moves, placements: placements, ratioFloor: floors.overall,
            movesFloor: movesFloor, bindingKind: binding?.key)
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
