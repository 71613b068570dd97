import CustodiaCore
import Placement
import Testing

/// Tier 1 of the decongestion planner (issue 14 point 1): the flow algorithms on small networks with known answers,
/// hand-computed plans of three establishments, the constraints that make a plan impossible reported as data, and
/// properties on random instances against a closed form computed another way.
@Suite struct TransferPlannerTests {
    @Test func maxFlowAndMinCostFlowOnAKnownNetwork() {
        // s=0, a=1, b=2, t=3: s→a 3, s→b 2, a→b 1, a→t 2, b→t 3. Max flow 5.
        var network = FlowNetwork(nodes: 4)
        network.addEdge(from: 0, to: 1, capacity: 3)
        network.addEdge(from: 0, to: 2, capacity: 2)
        network.addEdge(from: 1, to: 2, capacity: 1)
        network.addEdge(from: 1, to: 3, capacity: 2)
        network.addEdge(from: 2, to: 3, capacity: 3)
        #expect(network.maxFlow(from: 0, to: 3) == 5)
        // Priced: a→t costs 5 a unit, a→b and b→t 1 each. All 5 units go: s→b's 2 and one from a via b (cost 2 each),
        // the other 2 from a directly (5 each).
        func priced() -> (FlowNetwork, across: Int, direct: Int) {
            var network = FlowNetwork(nodes: 4)
            network.addEdge(from: 0, to: 1, capacity: 3)
            network.addEdge(from: 0, to: 2, capacity: 2)
            let across = network.addEdge(from: 1, to: 2, capacity: 1, cost: 1)
            let direct = network.addEdge(from: 1, to: 3, capacity: 2, cost: 5)
            network.addEdge(from: 2, to: 3, capacity: 3, cost: 1)
            return (network, across, direct)
        }
        var (all, across, direct) = priced()
        let (flow, cost) = all.minCostFlow(from: 0, to: 3)
        #expect(flow == 5 && cost == 2 * 1 + 1 * 2 + 2 * 5)
        #expect(all.flow(on: across) == 1 && all.flow(on: direct) == 2)
        // Two units only: the two cheapest paths, s→b→t twice.
        var (two, _, _) = priced()
        let (sent, paid) = two.minCostFlow(from: 0, to: 3, amount: 2)
        #expect(sent == 2 && paid == 2)
    }

    /// Men: A has 10 places and 30 men, B 20 places and 10 men; women: C, 10 places, 5 women. 40 men for 30 places: at
    /// 4/3 the units hold 13 + 26 = 39, one short; the next ratio at which a unit grows is 27/20 (B: 27), where 13 + 27
    /// = 40. So θ* = 135 %, and A keeps 13: 17 men move to B. The floor is 40/30 = 133.33 %.
    static let three = TransferInstance(
        establishments: ["A", "B", "C"],
        units: [
            .init(establishment: 0, kind: "male", capacity: Ratio(10)),
            .init(establishment: 1, kind: "male", capacity: Ratio(20)),
            .init(establishment: 2, kind: "female", capacity: Ratio(10)),
        ],
        cohorts: [
            .init(origin: 0, kind: "male", size: 30), .init(origin: 1, kind: "male", size: 10),
            .init(origin: 2, kind: "female", size: 5),
        ])

    @Test func threeEstablishmentsByHand() throws {
        let plan = try TransferPlanner.plan(Self.three).get()
        #expect(plan.maxRatio == Ratio(27, 20) && plan.maxRatio.percent == "135.00")
        #expect(plan.moves == 17 && plan.movesFloor == 17)
        #expect(plan.placements[0] == [0: 13, 1: 17] && plan.placements[1] == [1: 10] && plan.placements[2] == [2: 5])
        #expect(abs(plan.ratioFloor - 4.0 / 3.0) < 1e-12 && plan.bindingKind == "male")
    }

    /// Ten of A's men cannot move (a hearing tomorrow): still feasible, the same θ*; twenty frozen are not (A holds 13).
    @Test func frozenPersonsStay() throws {
        var instance = Self.three
        instance.cohorts[0].size = 20
        instance.cohorts.append(.init(origin: 0, kind: "male", size: 10, frozen: true))
        let plan = try TransferPlanner.plan(instance).get()
        #expect(plan.maxRatio == Ratio(27, 20) && plan.moves == 17 && plan.placements[3] == [0: 10])
        instance.cohorts[0].size = 10
        instance.cohorts[3].size = 20
        // 20 frozen in A's 10 places: θ* rises to 2 (A holds its 20), and B's 10 need nothing.
        let frozen = try TransferPlanner.plan(instance).get()
        #expect(frozen.maxRatio == Ratio(2) && frozen.placements[3] == [0: 20])
    }

    /// A cap of 10 moves: A must keep 20, so θ* = 2 (A at 200 %); a cap of 0 is a valid plan with no moves, at A's 300 %.
    @Test func aMovesCapRaisesTheRatio() throws {
        var instance = Self.three
        instance.movesCap = 10
        let capped = try TransferPlanner.plan(instance).get()
        #expect(capped.maxRatio == Ratio(2) && capped.moves == 10)
        instance.movesCap = 0
        let none = try TransferPlanner.plan(instance).get()
        #expect(none.maxRatio == Ratio(3) && none.moves == 0)
    }

    /// No plan, as data: persons with no place of their kind anywhere (PL-H3); persons who must move beyond the cap
    /// (PL-H8).
    @Test func infeasibilityIsReportedAsData() {
        var noPlace = Self.three
        noPlace.cohorts.append(.init(origin: 0, kind: "female", size: 4, destinations: [1]))
        #expect(
            throws: PlanInfeasibility(
                code: "PL-H3", shortfall: 4, detail: "persons with no establishment they may be placed in")
        ) { try TransferPlanner.plan(noPlace).get() }
        var mustMove = Self.three
        mustMove.cohorts.append(.init(origin: 0, kind: "female", size: 4))
        mustMove.movesCap = 3
        #expect(throws: PlanInfeasibility.self) { try TransferPlanner.plan(mustMove).get() }
        if case .failure(let failure) = TransferPlanner.plan(mustMove) {
            #expect(failure.code == "PL-H8" && failure.shortfall == 1)
        }
        let empty = TransferInstance(establishments: ["A"], units: [], cohorts: [.init(origin: 0, kind: "male", size: 1)])
        #expect(throws: PlanInfeasibility.self) { try TransferPlanner.plan(empty).get() }
    }

    /// Random instances with kinds only: θ* and the moves equal the closed form (for each kind, the least candidate
    /// at which its units hold its persons; then what exceeds each unit moves); more places or a larger cap never raise
    /// θ*; establishments in another order give the same θ* and moves.
    @Test func randomInstancesAgreeWithTheClosedForm() throws {
        var generator = SeededGenerator(seed: 2026)
        for round in 0..<150 {
            let instance = Self.random(&generator)
            let plan = try TransferPlanner.plan(instance).get()
            let (theta, moves) = Self.closedForm(instance)
            #expect(plan.maxRatio == theta && plan.moves == moves, "round \(round)")
            #expect(plan.ratioFloor <= plan.maxRatio.value + 1e-9 && plan.movesFloor <= plan.moves)
            // Metamorphic: a unit with more places never raises θ*.
            var roomier = instance
            let grown = Int(generator.next() % UInt64(instance.units.count))
            roomier.units[grown].capacity = roomier.units[grown].capacity + Ratio(Int(generator.next() % 7) + 1)
            #expect(try TransferPlanner.plan(roomier).get().maxRatio <= plan.maxRatio, "round \(round)")
            // A cap: θ* with a cap is never below θ* without; a larger cap never raises it.
            var capped = instance
            capped.movesCap = moves / 2
            var looser = instance
            looser.movesCap = moves
            if case .success(let tight) = TransferPlanner.plan(capped) {
                #expect(tight.maxRatio >= plan.maxRatio && tight.moves <= moves / 2)
                #expect(try TransferPlanner.plan(looser).get().maxRatio <= tight.maxRatio)
            }
            #expect(try TransferPlanner.plan(looser).get().maxRatio == plan.maxRatio)
            // Reordered establishments: the same answer.
            let order = Array((0..<instance.establishments.count).reversed())
            var reordered = instance
            reordered.establishments = order.map { instance.establishments[$0] }
            reordered.units = instance.units.reversed().map { unit in
                var unit = unit
                unit.establishment = order.firstIndex(of: unit.establishment)!
                return unit
            }
            reordered.cohorts = instance.cohorts.reversed().map { cohort in
                var cohort = cohort
                cohort.origin = order.firstIndex(of: cohort.origin)!
                return cohort
            }
            let again = try TransferPlanner.plan(reordered).get()
            #expect(again.maxRatio == plan.maxRatio && again.moves == plan.moves, "round \(round)")
        }
    }

    /// The checker finds each kind of fault in a plan broken by hand, and none in the planner's plans (also checked
    /// on every random instance above, inside `plan`).
    @Test func theCheckerFindsEveryBrokenConstraint() throws {
        var instance = Self.three
        instance.cohorts.append(.init(origin: 0, kind: "male", size: 2, frozen: true))
        instance.cohorts.append(.init(origin: 1, kind: "male", size: 1, destinations: [1]))
        instance.cohorts[1].size = 9
        instance.movesCap = 20
        let plan = try TransferPlanner.plan(instance).get()
        #expect(PlanChecker.violations(of: plan, in: instance).isEmpty)
        func codes(_ change: (inout TransferPlan, inout TransferInstance) -> Void) -> [String] {
            var broken = plan
            var within = instance
            change(&broken, &within)
            return PlanChecker.violations(of: broken, in: within).map(\.code)
        }
        #expect(codes { plan, _ in plan.placements[0][0, default: 0] -= 1 }.contains("PL-H1"))
        #expect(codes { plan, _ in plan.placements.removeLast() } == ["PL-H1"])
        #expect(Set(codes { plan, _ in plan.maxRatio = Ratio(13, 10) }) == ["PL-H2"])
        #expect(codes { plan, _ in plan.placements[2] = [0: 5] }.contains("PL-H3"))
        #expect(codes { plan, _ in plan.placements[3] = [1: 2] }.contains("PL-H10"))
        #expect(codes { plan, _ in plan.placements[4] = [0: 1] }.contains("PL-H6"))
        #expect(codes { _, instance in instance.movesCap = 5 } == ["PL-H8"])
        #expect(codes { plan, _ in plan.moves += 1 } == ["PL-H8"])
    }

    static func random(_ generator: inout SeededGenerator) -> TransferInstance {
        let count = 2 + Int(generator.next() % 4)
        var units: [TransferInstance.Unit] = []
        var cohorts: [TransferInstance.Cohort] = []
        for establishment in 0..<count {
            for kind in ["male", "female"] where generator.next() % 3 != 0 || establishment == 0 {
                // Whole places, or a share of them (C·w/P) as the mixed establishments' women's units have.
                let capacity =
                    generator.next() % 2 == 0
                    ? Ratio(1 + Int(generator.next() % 40))
                    : Ratio(1 + Int(generator.next() % 400), 1 + Int(generator.next() % 9))
                units.append(.init(establishment: establishment, kind: kind, capacity: capacity))
                cohorts.append(.init(origin: establishment, kind: kind, size: Int(generator.next() % 90)))
            }
        }
        // Every kind with persons has places somewhere.
        let kinds = Set(units.map(\.kind))
        return TransferInstance(
            establishments: (0..<count).map { "EP\($0)" }, units: units, cohorts: cohorts.filter { kinds.contains($0.kind) })
    }

    /// Computed without flows: per kind, the least θ at which Σ ⌊θ·C⌋ reaches its persons, walking the candidates in
    /// order; θ* the highest; then the excess of each unit over ⌊θ*·C⌋.
    static func closedForm(_ instance: TransferInstance) -> (Ratio, Int) {
        var theta = Ratio.zero
        for kind in Set(instance.units.map(\.kind)) {
            let units = instance.units.filter { $0.kind == kind && $0.capacity > .zero }
            let persons = instance.cohorts.filter { $0.kind == kind }.map(\.size).reduce(0, +)
            var candidate = Ratio.zero
            while units.map({ candidate.floorTimes($0.capacity) }).reduce(0, +) < persons {
                candidate = units.map { Ratio(candidate.floorTimes($0.capacity) + 1).divided(by: $0.capacity) }.min()!
            }
            theta = max(theta, candidate)
        }
        var moves = 0
        for unit in instance.units {
            let here = instance.cohorts.filter { $0.origin == unit.establishment && $0.kind == unit.kind }.map(\.size)
                .reduce(0, +)
            moves += max(0, here - theta.floorTimes(unit.capacity))
        }
        return (theta, moves)
    }
}
