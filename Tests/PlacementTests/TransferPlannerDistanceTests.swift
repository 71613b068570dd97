import CustodiaCore
import Placement
import Testing

/// The planner with distances, family and keep-apart groups (issue 14 point 1; planning.md 1.3–1.5): O3 (fewest
/// kilometres, then moves) at θ*, the moves cap priced by a Lagrangian λ with its bound, PL-H9 (family distance) and
/// Tier 2's repair of PL-H7 (keep-apart) — each on three establishments whose answers are computed by hand, and each
/// refused by the independent checker when a plan breaks it.
@Suite struct TransferPlannerDistanceTests {
    typealias Unit = TransferInstance.Unit
    typealias Cohort = TransferInstance.Cohort

    /// A holds 4 men for 2 places, B 2 for 2, C none for 2: at θ* = 1 two men must leave A. Straight to C is 1,000 km
    /// a man (2 moves, 2,000 km); A → B and B → C is 10 km a leg (4 moves, 40 km).
    func chain(cap: Int?) -> TransferInstance {
        var instance = TransferInstance(
            establishments: ["A", "B", "C"],
            units: (0..<3).map { Unit(establishment: $0, kind: "male", capacity: Ratio(2)) },
            cohorts: [Cohort(origin: 0, kind: "male", size: 4), Cohort(origin: 1, kind: "male", size: 2)], movesCap: cap)
        instance.distances = [[0, 10, 1000], [10, 0, 10], [1000, 10, 0]]
        return instance
    }

    @Test func fewestKilometresThenMovesAtTheLeastRatio() throws {
        let plan = try chain(cap: nil).plannedOrThrow()
        #expect(plan.maxRatio == Ratio(1))
        #expect(plan.moves == 4)
        #expect(plan.distance == TransferPlan.Distance(kilometres: 40, floor: 40))
        // Without distances the same instance is planned by moves alone: 2, and no kilometres stated.
        var counted = chain(cap: nil)
        counted.distances = nil
        let byMoves = try counted.plannedOrThrow()
        #expect(byMoves.moves == 2 && byMoves.distance == nil)
    }

    /// A cap of 2 forbids the chain. The Lagrangian price that makes the direct route no dearer is λ = 980 (2,000 + 2λ
    /// = 40 + 4λ); its bound, Σ(km + λ) − 2λ = 2,000, meets the plan: exact.
    @Test func aBindingCapIsPricedAndItsBoundReported() throws {
        let plan = try chain(cap: 2).plannedOrThrow()
        #expect(plan.maxRatio == Ratio(1))
        #expect(plan.moves == 2)
        #expect(plan.distance == TransferPlan.Distance(kilometres: 2000, floor: 2000))
        // A cap of 3 admits one man by the chain and one straight: 3 moves, 1,020 km; the bound is at most that.
        let three = try chain(cap: 3).plannedOrThrow()
        #expect(three.moves == 3)
        #expect(three.distance?.kilometres == 1020)
        #expect((three.distance?.floor ?? .max) <= 1020)
    }

    /// PL-H9: A's 4 men live 100 km from A; B is 900 km from their home, C 300. With D_max = 805 none may go to B,
    /// though B is nearer A: both who leave go to C. A plan sending them to B is refused by the checker.
    @Test func nobodyIsMovedBeyondTheFamilyLimit() throws {
        var instance = TransferInstance(
            establishments: ["A", "B", "C"],
            units: (0..<3).map { Unit(establishment: $0, kind: "male", capacity: Ratio(2)) },
            cohorts: [Cohort(origin: 0, kind: "male", size: 4, home: 0)])
        instance.distances = [[0, 50, 400], [50, 0, 400], [400, 400, 0]]
        instance.homeDistances = [[100, 900, 300]]
        instance.familyLimitKm = 805
        let plan = try instance.plannedOrThrow()
        #expect(plan.maxRatio == Ratio(1))
        #expect(plan.placements[0] == [0: 2, 2: 2])
        #expect(plan.distance?.kilometres == 800)
        var toB = plan
        toB.placements[0] = [0: 2, 1: 2]
        toB.distance = TransferPlan.Distance(kilometres: 100, floor: 100)
        #expect(PlanChecker.violations(of: toB, in: instance).map(\.code) == ["PL-H9"])
        // Where they are now is farther than the limit: a move no farther than that is allowed.
        instance.homeDistances = [[950, 900, 300]]
        #expect(try instance.plannedOrThrow().placements[0] == [0: 2, 1: 2])
    }

    /// PL-H7: A has no places; its 2 members of group 0 must leave. B (10 km) holds one member of group 1, in
    /// conflict with group 0, and has 3 places; C (100 km) is empty with 3. Tier 1 (θ* = 2/3: B and C hold 2 each)
    /// sends one to B and one to C, 110 km, bringing the groups together in B. Tier 2 bars group 0 from B: both to C,
    /// 200 km, at the same θ* (LB1 met). The checker refuses Tier 1's plan.
    @Test func keepApartGroupsAreNeverBroughtTogether() throws {
        var instance = TransferInstance(
            establishments: ["A", "B", "C"],
            units: [
                Unit(establishment: 1, kind: "male", capacity: Ratio(3)),
                Unit(establishment: 2, kind: "male", capacity: Ratio(3)),
            ],
            cohorts: [
                Cohort(origin: 0, kind: "male", size: 2, group: 0), Cohort(origin: 1, kind: "male", size: 1, group: 1),
            ])
        instance.distances = [[0, 10, 100], [10, 0, 100], [100, 100, 0]]
        let relaxed = try instance.plannedOrThrow()
        #expect(relaxed.maxRatio == Ratio(2, 3) && relaxed.distance?.kilometres == 110)
        instance.conflicts = [TransferInstance.Conflict(1, 0)]
        #expect(PlanChecker.violations(of: relaxed, in: instance).map(\.code) == ["PL-H7"])
        let plan = try instance.plannedOrThrow()
        #expect(plan.maxRatio == Ratio(2, 3))
        #expect(plan.placements[0] == [1: 2])
        #expect(plan.distance?.kilometres == 200)
        #expect(plan.keepApart == TransferPlan.KeepApart(relaxedRatio: Ratio(2, 3), existing: 0, rounds: 1))
    }

    /// Groups in conflict already together are reported, not refused; whoever leaves does not bring them together
    /// elsewhere.
    @Test func existingColocationsAreReportedNotCreated() throws {
        var instance = TransferInstance(
            establishments: ["A", "B"],
            units: [
                Unit(establishment: 0, kind: "male", capacity: Ratio(4)),
                Unit(establishment: 1, kind: "male", capacity: Ratio(4)),
            ],
            cohorts: [
                Cohort(origin: 0, kind: "male", size: 3, group: 0), Cohort(origin: 0, kind: "male", size: 3, group: 1),
            ])
        instance.conflicts = [TransferInstance.Conflict(0, 1)]
        let plan = try instance.plannedOrThrow()
        #expect(plan.keepApart?.existing == 1)
        #expect(PlanChecker.violations(of: plan, in: instance).isEmpty)
    }
}

extension TransferInstance {
    func plannedOrThrow() throws -> TransferPlan {
        try TransferPlanner.plan(self).get()
    }
}
