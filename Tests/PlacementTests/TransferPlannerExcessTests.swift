import CustodiaCore
import Testing

@testable import Placement

/// The excess objective (planning.md 1.4; issue 14 points 1 and 3): the fewest persons above α times their unit's places,
/// then the fewest moves; with a cap, the least excess those moves can reach.
@Suite struct TransferPlannerExcessTests {
    /// A holds 30 men in 10 places, B 10 in 20, C 5 women in 10. At α = 1: A is 20 over and B has 10 free, so 10 men
    /// move and 10 stay over (A at 200 %). At α = 1.2 (A 12, B 24, C 12): 18 over, 14 free: 14 move, 4 over. A cap of 5
    /// moves at α = 1 leaves 15 over.
    @Test func threeEstablishmentsByHand() throws {
        let plan = try TransferPlanner.planExcess(TransferPlannerTests.three, alpha: Ratio(1)).get()
        #expect(plan.excess == .init(alpha: Ratio(1), after: 10, before: 20, floor: 10))
        #expect(plan.moves == 10 && plan.movesFloor == 10 && plan.maxRatio == Ratio(2))
        #expect(plan.placements[0] == [0: 20, 1: 10] && plan.placements[1] == [1: 10] && plan.placements[2] == [2: 5])
        let line = try TransferPlanner.planExcess(TransferPlannerTests.three, alpha: Ratio(6, 5)).get()
        #expect(line.excess?.after == 4 && line.excess?.before == 18 && line.moves == 14)
        var capped = TransferPlannerTests.three
        capped.movesCap = 5
        let five = try TransferPlanner.planExcess(capped, alpha: Ratio(1)).get()
        #expect(five.excess?.after == 15 && five.excess?.floor == 10 && five.moves == 5)
        // The max-ratio plan moves more (17) to equalise; the excess plan moves only into free places.
        #expect(try TransferPlanner.plan(TransferPlannerTests.three).get().moves == 17)
    }

    /// Among plans of equal excess and moves, persons leave the most crowded first: A at 300 % and B at 200 % are both
    /// over, C has five free places; the five come from A (listed second, so not by order).
    @Test func theMostCrowdedGiveFirst() throws {
        let instance = TransferInstance(
            establishments: ["B", "A", "C"],
            units: [
                .init(establishment: 0, kind: "male", capacity: Ratio(10)),
                .init(establishment: 1, kind: "male", capacity: Ratio(10)),
                .init(establishment: 2, kind: "male", capacity: Ratio(5)),
            ],
            cohorts: [.init(origin: 0, kind: "male", size: 20), .init(origin: 1, kind: "male", size: 30)])
        let plan = try TransferPlanner.planExcess(instance, alpha: Ratio(1)).get()
        #expect(plan.moves == 5 && plan.placements[0] == [0: 20] && plan.placements[1] == [1: 25, 2: 5])
        #expect(plan.excess?.after == 25 && plan.maxRatio == Ratio(5, 2))
    }

    /// Random instances with kinds only: per kind, E₀ persons are over their unit's ⌊α·C⌋ where they are and S places
    /// are free; the fewest moves are min(E₀, S) (min(T, Σ) with a cap) and the excess E₀ minus them. More places never
    /// raise the excess; a larger cap never raises it; every plan passes the checker (inside `planExcess`).
    @Test func randomInstancesAgreeWithTheClosedForm() throws {
        var generator = SeededGenerator(seed: 1_4012)
        for round in 0..<150 {
            var instance = TransferPlannerTests.random(&generator)
            let alpha = generator.next() % 2 == 0 ? Ratio(1) : Ratio(6, 5)
            let (over, movable) = Self.closedForm(instance, alpha: alpha)
            let plan = try TransferPlanner.planExcess(instance, alpha: alpha).get()
            #expect(plan.excess?.after == over - movable && plan.moves == movable, "round \(round)")
            #expect(plan.excess?.floor == over - movable && plan.excess?.before == over)
            let cap = movable / 2
            instance.movesCap = cap
            let capped = try TransferPlanner.planExcess(instance, alpha: alpha).get()
            #expect(capped.moves == cap && capped.excess?.after == over - cap, "round \(round)")
            instance.movesCap = cap + 1
            #expect(try TransferPlanner.planExcess(instance, alpha: alpha).get().excess!.after <= capped.excess!.after)
            instance.movesCap = nil
            let grown = Int(generator.next() % UInt64(instance.units.count))
            instance.units[grown].capacity = instance.units[grown].capacity + Ratio(Int(generator.next() % 7) + 1)
            #expect(try TransferPlanner.planExcess(instance, alpha: alpha).get().excess!.after <= over - movable)
        }
    }

    /// The checker recounts the excess by its own arithmetic: a plan that states another figure is refused at PL-H2.
    @Test func theCheckerRecountsTheExcess() throws {
        var plan = try TransferPlanner.planExcess(TransferPlannerTests.three, alpha: Ratio(6, 5)).get()
        #expect(PlanChecker.violations(of: plan, in: TransferPlannerTests.three).isEmpty)
        plan.excess?.after -= 1
        #expect(PlanChecker.violations(of: plan, in: TransferPlannerTests.three).map(\.code) == ["PL-H2"])
    }

    /// No plan, as data, as for the max ratio: persons with no place anywhere (PL-H3), forced moves beyond the cap.
    @Test func infeasibilityIsReportedAsData() {
        var noPlace = TransferPlannerTests.three
        noPlace.cohorts.append(.init(origin: 0, kind: "female", size: 4, destinations: [1]))
        if case .failure(let failure) = TransferPlanner.planExcess(noPlace, alpha: Ratio(1)) {
            #expect(failure.code == "PL-H3" && failure.shortfall == 4)
        } else {
            Issue.record("persons with no place were planned")
        }
        var mustMove = TransferPlannerTests.three
        mustMove.cohorts.append(.init(origin: 0, kind: "female", size: 4))
        mustMove.movesCap = 3
        if case .failure(let failure) = TransferPlanner.planExcess(mustMove, alpha: Ratio(1)) {
            #expect(failure.code == "PL-H8" && failure.shortfall == 1)
        } else {
            Issue.record("forced moves beyond the cap were planned")
        }
    }

    /// Per kind without flows: the persons over ⌊α·C⌋ where they are, and how many of them can move into free places.
    static func closedForm(_ instance: TransferInstance, alpha: Ratio) -> (over: Int, movable: Int) {
        var over = 0
        var movable = 0
        for kind in Set(instance.units.map(\.kind)) {
            var kindOver = 0
            var free = 0
            for unit in instance.units where unit.kind == kind {
                let here = instance.cohorts.filter { $0.origin == unit.establishment && $0.kind == kind }.map(\.size)
                    .reduce(0, +)
                let limit = alpha.floorTimes(unit.capacity)
                kindOver += max(0, here - limit)
                free += max(0, limit - here)
            }
            over += kindOver
            movable += min(kindOver, free)
        }
        return (over, movable)
    }
}
