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
}
