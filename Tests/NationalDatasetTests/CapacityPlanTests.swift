import CustodiaCore
import NationalDataset
import Placement
import Testing

/// Capacity expansion (planning.md 2; issue 14 point 4): on January 2026 the places each department needs to be at
/// 120 % without transfers add up to the closed form's 45,497; the announced projects (39,182 places of known size)
/// leave Piura, Lambayeque, Áncash, Junín and Ayacucho without one while Lima, La Libertad and Cusco get more than they
/// need; the same places allotted to the smallest needs first bring more departments to 120 %.
@Suite struct CapacityPlanTests {
    @Test func theNeedTheAnnouncedProjectsAndTheAllotment() throws {
        let data = try PeruDataset.bundled()
        let demands = PlanningInstances.departmentDemand(data)
        #expect(demands.count == 25)
        let plan = try CapacityPlan.make(demands, projects: try AnnouncedProjects.bundled()).get()
        #expect(plan.totalNeed == 45_497 && plan.totalAnnounced == 39_182 && plan.budget == 39_182)
        let rows = Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.department, $0) })
        for (department, need) in ["Piura": 2_330, "Lambayeque": 2_290, "Áncash": 2_086, "Junín": 1_964, "Ayacucho": 1_637] {
            #expect(rows[department]?.need == need && rows[department]?.announced == 0, "\(department)")
        }
        for (department, surplus) in ["Lima": 4_225, "La Libertad": 6_052, "Cusco": 816] {
            #expect(rows[department].map { $0.announced - $0.need } == surplus, "\(department)")
        }
        #expect(plan.unsized == ["Shumba", "Venado Pampa", "Bagua Grande", "Challapalca"])
        // The allotment gives every place where it is needed; the announced projects leave some where none is.
        #expect(plan.rows.map(\.allotted).reduce(0, +) == 39_182)
        #expect(plan.rows.allSatisfy { $0.allotted <= $0.need })
        #expect(plan.withinAllotted > plan.withinAnnounced)
        // Each department's need is the least that brings it to 120 %: one place fewer leaves it above.
        for row in plan.rows where row.need > 0 {
            #expect(row.population * 5 <= (row.capacity + row.need) * 6 && row.population * 5 > (row.capacity + row.need - 1) * 6)
        }
        // With El Frontón's other figure (108 places), 1,892 fewer announced.
        let smaller = try CapacityPlan.make(demands, projects: try AnnouncedProjects.bundled(alternative: true)).get()
        #expect(smaller.totalAnnounced == 39_182 - 1_892)
        // A budget covering the whole need brings every department to 120 %.
        let full = try CapacityPlan.make(demands, projects: [], budget: 45_497).get()
        #expect(full.withinAllotted == 25 && full.totalAnnounced == 0)
    }

    @Test func badInputNamesItsField() throws {
        let demands = [CapacityPlan.Demand(department: "Lima", capacity: 10, population: 30)]
        #expect(
            CapacityPlan.make(demands, projects: [.init(name: "X", department: "Atlántida", places: 5)])
                == .failure(.init(field: "projects[0].department", description: "no department named Atlántida")))
        if case .failure(let failure) = CapacityPlan.make(demands, projects: [], budget: -1) {
            #expect(failure.field == "budget")
        } else {
            Issue.record("a negative budget was accepted")
        }
        #expect(throws: AnnouncedProjects.Invalid.self) {
            try AnnouncedProjects.parse("project,department,places\nNuevo,Lima,muchas\n")
        }
        #expect(throws: AnnouncedProjects.Invalid.self) { try AnnouncedProjects.parse("project,department,places\nNuevo,,5\n") }
        // 30 persons in 10 places at 120 %: 25 places, so 15 more.
        let small = try CapacityPlan.make(demands, projects: []).get()
        #expect(small.rows.first?.need == 15)
    }

    /// Issue 26 point 4: the capacity plan beside the benefits. Lima holds 26 for 20 places (⌈26·5/6⌉ = 22: 2 places
    /// short), Cusco 11 for 10 (⌈11·5/6⌉ = 10: within 120 %); if A's 4 eligible left, Lima's 22 fit in ⌈22·5/6⌉ = 19 ≤ 20.
    /// Only Lima's announced project counts.
    @Test func theNeedBesideTheBenefits() throws {
        func overview(_ id: Int64, _ code: String, _ department: String, capacity: Int, population: Int)
            -> EstablishmentOverview
        {
            EstablishmentOverview(
                establishment: Establishment(
                    id: .init(rawValue: id), code: code, name: code, shortName: code, regionalOfficeID: .init(rawValue: 1),
                    department: department, city: nil, housedSex: .male, certifiedCapacity: capacity),
                regionalOffice: RegionalOffice(id: .init(rawValue: 1), code: "R", name: "R"),
                headcount: Headcount(population: population, unsentenced: 0, sentenced: population, men: population, women: 0))
        }
        let establishments = [
            overview(1, "A", "Lima", capacity: 10, population: 14), overview(2, "B", "Lima", capacity: 10, population: 12),
            overview(3, "C", "Cusco", capacity: 10, population: 11),
        ]
        let projects = [
            CapacityPlan.Project(name: "Nuevo penal de Lima", department: "Lima", places: 5),
            CapacityPlan.Project(name: "Nuevo penal de Arequipa", department: "Arequipa", places: 100),
        ]
        let need = try CapacityNeed.make(establishments, leaving: ["A": 4, "C": 0], projects: projects)
        #expect(
            need
                == CapacityNeed(
                    departments: 2, placesNow: 2, placesIfDecided: 0, withinNow: 1, withinIfDecided: 2, announced: 5))
        // Nobody leaving: the same need either way; more leaving than held never goes below nobody.
        let none = try CapacityNeed.make(establishments, leaving: [:], projects: [])
        #expect(none.placesNow == none.placesIfDecided && none.announced == 0)
        let all = try CapacityNeed.make(establishments, leaving: ["A": 99, "B": 99, "C": 99], projects: [])
        #expect(all.placesIfDecided == 0 && all.withinIfDecided == 2)
    }
}
