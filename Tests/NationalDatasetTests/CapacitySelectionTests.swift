import CustodiaCore
import NationalDataset
import Placement
import Testing

/// Which projects to build within a budget of places (planning.md 2.1's budget variant, T-B2; issue 14 point 4) and the
/// demand of a future year (T-B3). The oracle is a separate code path: every subset of the projects, evaluated whole.
@Suite struct CapacitySelectionTests {
    /// (excess in fifths of a person, departments above 120 %, places) of one subset: the order the selection minimises.
    static func evaluate(_ demands: [CapacityPlan.Demand], _ projects: [CapacityPlan.Project], _ subset: [Int]) -> [Int] {
        var added: [String: Int] = [:]
        for index in subset { added[projects[index].department, default: 0] += projects[index].places ?? 0 }
        var excess = 0
        var above = 0
        for demand in demands {
            let over = 5 * demand.population - 6 * (demand.capacity + (added[demand.department] ?? 0))
            if over > 0 {
                excess += over
                above += 1
            }
        }
        return [excess, above, subset.map { projects[$0].places ?? 0 }.reduce(0, +)]
    }

    /// The best of every subset within the budget.
    static func bruteForce(_ demands: [CapacityPlan.Demand], _ projects: [CapacityPlan.Project], budget: Int) -> [Int] {
        let sized = projects.indices.filter { projects[$0].places != nil }
        var best: [Int]? = nil
        for mask in 0..<(1 << sized.count) {
            let subset = sized.indices.filter { mask & (1 << $0) != 0 }.map { sized[$0] }
            let value = evaluate(demands, projects, subset)
            if value[2] <= budget, best.map({ value.lexicographicallyPrecedes($0) }) ?? true { best = value }
        }
        return best ?? []
    }

    static func check(_ selection: CapacitySelection, _ demands: [CapacityPlan.Demand], _ projects: [CapacityPlan.Project])
        -> [Int]
    {
        let chosen = selection.chosen.map { name in projects.firstIndex { $0.name == name }! }
        let value = evaluate(demands, projects, chosen)
        // What the selection reports is what its projects give.
        #expect(value[0] == selection.scaledExcess && demands.count - value[1] == selection.within)
        #expect(value[2] == selection.totalPlaces)
        #expect(Set(selection.chosen + selection.leftOut).count == projects.filter { $0.places != nil }.count)
        return value
    }

    /// January 2026 and the announced projects: with their whole total the choice leaves Ancón III out (Lima needs
    /// 14,275 places and the Huacho megapenal alone gives 16,000), for the same excess with 2,500 fewer places; with
    /// 20,000 places it builds Huacho, Ica and Abancay; every budget's choice is the best subset's.
    @Test func theAnnouncedProjectsWithinABudget() throws {
        let demands = PlanningInstances.departmentDemand(try PeruDataset.bundled())
        let projects = try AnnouncedProjects.bundled()
        let plan = try CapacityPlan.make(demands, projects: projects).get()
        #expect(plan.selection.leftOut == ["Ancón III"])
        #expect(plan.selection.totalPlaces == 39_182 - 2_500 && plan.withinSelected == plan.withinAnnounced)
        #expect(Self.check(plan.selection, demands, projects) == [106_207, 17, 36_682])
        let rows = Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.department, $0) })
        #expect(rows["Lima"]?.selected == 16_000 && rows["Lima"]?.announced == 18_500)
        for budget in [0, 785, 5_000, 10_000, 20_000, 30_000] {
            let selection = try CapacitySelection.make(demands, projects: projects, budget: budget).get()
            #expect(Self.check(selection, demands, projects) == Self.bruteForce(demands, projects, budget: budget), "\(budget)")
        }
        let twenty = try CapacitySelection.make(demands, projects: projects, budget: 20_000).get()
        #expect(twenty.chosen == ["Megapenal Huacho", "Megapenal Ica", "Abancay"] && twenty.within == 5)
        #expect(try CapacitySelection.make(demands, projects: projects, budget: 0).get().chosen.isEmpty)
    }

    /// Seeded random instances: up to 4 departments, up to 10 projects (some in one department, some of unknown size),
    /// random budgets; the selection's objective equals the brute force's and its places fit the budget.
    @Test func equalsEverySubsetsBestOnRandomInstances() throws {
        var generator = SeededGenerator(seed: 14_0402)
        for trial in 0..<200 {
            let names = ["A", "B", "C", "D"].prefix(Int.random(in: 1...4, using: &generator))
            let demands = names.map {
                CapacityPlan.Demand(
                    department: $0, capacity: Int.random(in: 0...400, using: &generator),
                    population: Int.random(in: 0...1_200, using: &generator))
            }
            let projects = (0..<Int.random(in: 0...10, using: &generator)).map { index in
                CapacityPlan.Project(
                    name: "P\(index)", department: names.randomElement(using: &generator)!,
                    places: Int.random(in: 0..<8, using: &generator) == 0 ? nil : Int.random(in: 1...500, using: &generator))
            }
            let budget = Int.random(in: 0...2_000, using: &generator)
            let selection = try CapacitySelection.make(demands, projects: projects, budget: budget).get()
            #expect(selection.totalPlaces <= budget, "trial \(trial)")
            #expect(
                Self.check(selection, demands, projects) == Self.bruteForce(demands, projects, budget: budget),
                "trial \(trial)")
        }
    }

    @Test func badInputNamesItsField() {
        let demands = [CapacityPlan.Demand(department: "Lima", capacity: 10, population: 30)]
        let many = (0...CapacitySelection.projectsPerDepartment).map {
            CapacityPlan.Project(name: "P\($0)", department: "Lima", places: 1)
        }
        if case .failure(let invalid) = CapacitySelection.make(demands, projects: many, budget: 5) {
            #expect(invalid.field == "projects")
        } else {
            Issue.record("17 projects in one department were enumerated")
        }
        if case .failure(let invalid) = CapacitySelection.make(demands, projects: [], budget: -1) {
            #expect(invalid.field == "budget")
        } else {
            Issue.record("a negative budget was accepted")
        }
    }

    /// T-B3: the demand of December 2030 is each department's population times the national forecast over the last
    /// published count (January 2026), in the central and high scenarios; the high one needs more places than the
    /// central, which needs more than today's (the forecast rises).
    @Test func theDemandOf2030() throws {
        let demands = PlanningInstances.departmentDemand(try PeruDataset.bundled())
        let points = try PopulationSeries.forecastPoints()
        let path = Forecast.NetFlow.fitted(points).path(through: CivilDate(year: 2030, month: 12, day: 31)!)
        let central = try #require(try CapacityHorizon.make(year: 2030, scenario: .central))
        let high = try #require(try CapacityHorizon.make(year: 2030, scenario: .high))
        #expect(central.originMonth == "2026-01" && central.origin == 103_717)
        #expect(central.national == path.last?.central && high.national == path.last?.high)
        #expect(central.national > central.origin && high.national > central.national)
        // Each department grows by the same factor, rounded half up.
        let grown = central.grow(demands)
        for (before, after) in zip(demands, grown) {
            #expect(after.capacity == before.capacity)
            let exact = Double(before.population) * Double(central.national) / Double(central.origin)
            #expect(abs(Double(after.population) - exact) <= 0.5)
        }
        let now = try CapacityPlan.make(demands, projects: []).get().totalNeed
        let needCentral = try CapacityPlan.make(grown, projects: []).get().totalNeed
        let needHigh = try CapacityPlan.make(high.grow(demands), projects: []).get().totalNeed
        #expect(now == 45_497 && needCentral > now && needHigh > needCentral)
        #expect(try CapacityHorizon.make(year: 2041, scenario: .central) == nil)
        #expect(try CapacityHorizon.make(year: 2025, scenario: .central) == nil)
    }
}
