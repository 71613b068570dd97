import CustodiaCore
import NationalDataset
import Placement
import Testing

/// PE-69-full (planning.md 1.8; issue 14 points 1 and 6): the seeded instance holds each establishment's procesados and
/// sentenciados of each sex exactly, in far fewer cohorts than persons; the same seed gives the same instance and
/// another seed another; and its plan — θ* within 3,000 moves, the fewest kilometres, nobody beyond 805 km of home,
/// procesados in their court's department, no keep-apart group brought together — passes the independent checker.
@Suite struct Peru69FullTests {
    @Test func theSeededPersonsMatchEveryEstablishment() throws {
        let data = try PeruDataset.bundled()
        let instance = PlanningInstances.peru69Full(data)
        #expect(instance.population == 103_717)
        for (index, row) in data.establishments.enumerated() {
            let here = instance.cohorts.filter { $0.origin == index }
            #expect(here.filter { $0.kind == "male" }.map(\.size).reduce(0, +) == row.unsentencedMen + row.sentencedMen)
            #expect(
                here.filter { $0.kind == "female" }.map(\.size).reduce(0, +) == row.unsentencedWomen + row.sentencedWomen)
        }
        // Procesados may only go within their establishment's department (PL-H6): a cohort whose destinations leave it
        // is a sentenced one.
        let department = data.establishments.map(\.department)
        let procesadoLike = instance.cohorts.filter { cohort in
            cohort.destinations.map { $0.allSatisfy { department[$0] == department[cohort.origin] } } ?? false
        }
        #expect(!procesadoLike.isEmpty)
        #expect(instance.cohorts.count < 15_000)
        let grouped = instance.cohorts.filter { $0.group != nil }.map(\.size).reduce(0, +)
        #expect(grouped > 1_500 && grouped < 2_700)
        #expect(!instance.conflicts.isEmpty)
        // Deterministic: the same seed, the same cohorts; another seed, others.
        let again = PlanningInstances.peru69Full(data)
        #expect(again.cohorts == instance.cohorts && again.distances == instance.distances)
        var options = PlanningInstances.FullOptions()
        options.seed = 7
        #expect(PlanningInstances.peru69Full(data, options: options).cohorts != instance.cohorts)
    }

    /// The plan of the same making on five departments (the whole instance is the benchmark's, in a release build).
    @Test func itsPlanKeepsEveryHardConstraint() throws {
        var options = PlanningInstances.FullOptions()
        options.departments = ["Arequipa", "Cusco", "Lima", "Puno", "Tacna"]
        options.movesCap = 1_000
        let instance = PlanningInstances.peru69Full(try PeruDataset.bundled(), options: options)
        #expect(Set(instance.establishments).contains("tacna") && instance.establishments.count < 69)
        let plan = try TransferPlanner.plan(instance).get()
        #expect(PlanChecker.violations(of: plan, in: instance).isEmpty)
        #expect(plan.moves <= 1_000)
        #expect(plan.maxRatio.value >= plan.ratioFloor)
        let keepApart = try #require(plan.keepApart)
        #expect(plan.maxRatio >= keepApart.relaxedRatio)
        let distance = try #require(plan.distance)
        #expect(distance.floor <= distance.kilometres && distance.kilometres > 0)
    }
}

/// PE-69-TC (planning.md 1.8): the six establishments of the Constitutional Tribunal's judgment (Exp.
/// 05436-2014-PHC/TC) at 120 % of their places or less after the plan; the rest absorb them, so θ* among them rises above
/// PE-69-agg's; the checker recounts each unit's own limit.
@Suite struct Peru69TribunalTests {
    @Test func theSixFallTo120PerCentAndTheRestAbsorbThem() throws {
        let data = try PeruDataset.bundled()
        let instance = PlanningInstances.peru69Tribunal(data)
        let named = Set(PlanningInstances.tribunalEstablishments)
        #expect(Set(instance.establishments).isSuperset(of: named))
        let plan = try TransferPlanner.plan(instance).get()
        #expect(PlanChecker.violations(of: plan, in: instance).isEmpty)
        var after = Array(repeating: 0, count: instance.establishments.count)
        for placed in plan.placements {
            for (unit, count) in placed { after[instance.units[unit].establishment] += count }
        }
        for (index, row) in data.establishments.enumerated() where named.contains(row.code) {
            #expect(row.population * 100 > row.capacity * 120)
            // Each unit within ⌊1.2·C_u⌋; the establishment within 120 % of its places up to the rounding of its units.
            #expect(after[index] * 100 <= row.capacity * 120 + 100)
        }
        let aggregate = try TransferPlanner.plan(PlanningInstances.peru69Aggregate(data)).get()
        #expect(plan.maxRatio > aggregate.maxRatio)
        #expect(plan.moves > aggregate.moves)
        // A plan that leaves Callao as it is breaks its limit, and the checker says so.
        var broken = plan
        let callao = try #require(instance.establishments.firstIndex(of: "callao"))
        let cohort = try #require(instance.cohorts.firstIndex { $0.origin == callao })
        let unit = try #require(instance.units.firstIndex { $0.establishment == callao })
        let moved = broken.placements[cohort].filter { $0.key != unit }.values.reduce(0, +)
        broken.placements[cohort] = [unit: instance.cohorts[cohort].size]
        broken.moves -= moved
        #expect(PlanChecker.violations(of: broken, in: instance).contains { $0.code == "PL-H2" })
    }
}
