import CustodiaCore
import NationalDataset
import Placement
import Testing

/// PE-69-agg (planning.md 0 and 1.9, issue 14 point 5): sex separation alone lifts the floor of the max ratio from
/// 248.3 % to 258.37 % (the men's places bind; the women's floor is 147.4 %), and reaching it takes 20,679 moves at
/// least; transfers cannot remove the excess: 63,003 people over capacity today, 61,953 at best.
@Suite struct Peru69AggregateTests {
    @Test func theFloorOfTheMaxRatioWithSexSeparation() throws {
        let data = try PeruDataset.bundled()
        let instance = PlanningInstances.peru69Aggregate(data)
        #expect(instance.population == 103_717 && instance.establishments.count == 69)
        let plan = try TransferPlanner.plan(instance).get()
        #expect(plan.maxRatio == Ratio(3_541_973, 1_370_880) && plan.maxRatio.percent == "258.37")
        #expect(plan.moves == 20_679 && plan.bindingKind == "male")
        // LB0: the men's 98,228 over their share of the places, 258.30 %, just under θ*.
        #expect(abs(plan.ratioFloor * 100 - 258.302) < 0.001 && plan.ratioFloor < plan.maxRatio.value)
        let women = try TransferPlanner.plan(
            TransferInstance(
                establishments: instance.establishments, units: instance.units.filter { $0.kind == "female" },
                cohorts: instance.cohorts.filter { $0.kind == "female" })
        ).get()
        #expect(women.maxRatio.percent == "147.45" && abs(women.ratioFloor * 100 - 146.933) < 0.001)
        // Without separation the floor is the nation's 248.3 %; the excess over capacity cannot fall below P − C.
        let excessToday = data.establishments.map { max(0, $0.population - $0.capacity) }.reduce(0, +)
        #expect(excessToday == 63_003 && data.totals.population - data.totals.capacity == 61_953)
    }

    /// The excess objective (ADR 0039) on PE-69-agg: 56,475 persons are above 120 % of their unit's places today
    /// (hacinamiento), and transfers can take 2,832 of them out at most, with 2,832 moves — 53,643 remain; above
    /// capacity (100 %, counted per unit: 63,025, where the establishments' count is 63,003) 1,048 can leave. A cap of
    /// 1,000 moves takes out 1,000. Per sex without flows: the persons over the line where they are, the free places
    /// below it; the fewest moves are the smaller, as the planner finds.
    @Test func theExcessTransfersCanRemove() throws {
        let instance = PlanningInstances.peru69Aggregate(try PeruDataset.bundled())
        for (alpha, before, moves) in [(Ratio(6, 5), 56_475, 2_832), (Ratio(1), 63_025, 1_048)] {
            let plan = try TransferPlanner.planExcess(instance, alpha: alpha).get()
            #expect(plan.excess?.before == before && plan.moves == moves && plan.excess?.after == before - moves)
            #expect(plan.excess?.floor == plan.excess?.after && plan.movesFloor == moves)
            var over = 0
            var movable = 0
            for kind in ["male", "female"] {
                var kindOver = 0
                var free = 0
                for (index, unit) in instance.units.enumerated() where unit.kind == kind {
                    let here = instance.cohorts.filter { $0.origin == unit.establishment && $0.kind == kind }.map(\.size)
                        .reduce(0, +)
                    let limit = alpha.floorTimes(instance.units[index].capacity)
                    kindOver += max(0, here - limit)
                    free += max(0, limit - here)
                }
                over += kindOver
                movable += min(kindOver, free)
            }
            #expect(over == before && movable == moves)
        }
        var capped = instance
        capped.movesCap = 1_000
        let thousand = try TransferPlanner.planExcess(capped, alpha: Ratio(6, 5)).get()
        #expect(thousand.moves == 1_000 && thousand.excess?.after == 55_475 && thousand.excess?.floor == 53_643)
    }
}
