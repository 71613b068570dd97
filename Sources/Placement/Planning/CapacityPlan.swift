import CustodiaCore

/// Where new places do the most good (planning.md 2; issue 14 point 4): for each department, the places it needs so that
/// its population is at most α (120 %) of its places without transfers — the closed form n_d = max(0, ⌈P_d/α⌉ − C_d) —,
/// the announced projects' places beside it, and the same number of places allotted to do the most good: every
/// department's excess falls by the same α per place while it has one, so the allotment that brings the most departments
/// to α fills the smallest needs first; and, since projects are built whole, which of them to build within the same
/// places (`CapacitySelection`, exact). The demand is who is held now or a future year's forecast (`CapacityHorizon`).
public struct CapacityPlan: Sendable, Equatable {
    /// A department's places and who is held there now (or the forecast's demand).
    public struct Demand: Sendable, Equatable {
        public var department: String
        public var capacity: Int
        public var population: Int

        public init(department: String, capacity: Int, population: Int) {
            self.department = department
            self.capacity = capacity
            self.population = population
        }
    }

    /// A project announced or proposed: its department and places (nil: size not known).
    public struct Project: Sendable, Equatable {
        public var name: String
        public var department: String
        public var places: Int?

        public init(name: String, department: String, places: Int?) {
            self.name = name
            self.department = department
            self.places = places
        }
    }

    public struct Row: Sendable, Equatable {
        public var department: String
        public var capacity: Int
        public var population: Int
        /// The places the department needs to be at α without transfers.
        public var need: Int
        /// The announced projects' places in the department.
        public var announced: Int
        /// The same total allotted to bring the most departments to α.
        public var allotted: Int
        /// The places of the projects chosen within the same total (`CapacitySelection`).
        public var selected: Int

        public var occupancy: Double { Occupancy.percent(population, capacity) }
        public var occupancyAnnounced: Double { Occupancy.percent(population, capacity + announced) }
        public var occupancyAllotted: Double { Occupancy.percent(population, capacity + allotted) }
        public var occupancySelected: Double { Occupancy.percent(population, capacity + selected) }
    }

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// The field at fault (`projects[3].department`, `budget`).
        public var field: String
        public var description: String

        public init(field: String, description: String) {
            self.field = field
            self.description = description
        }
    }

    /// α as a fraction (6/5: 120 %).
    public var alphaNumerator: Int
    public var alphaDenominator: Int
    public var rows: [Row]
    /// The places the allotment distributes: the announced total unless a budget was given.
    public var budget: Int
    /// The announced projects of unknown size (counted as 0 places).
    public var unsized: [String]
    /// The projects chosen within the budget, whole, to leave the least excess over α (planning.md 2.1, T-B2).
    public var selection: CapacitySelection
    /// The future year whose forecast demand the plan is for (`nil`: who is held now).
    public var horizon: CapacityHorizon? = nil

    public var totalNeed: Int { rows.map(\.need).reduce(0, +) }
    public var totalAnnounced: Int { rows.map(\.announced).reduce(0, +) }
    /// Departments at or under α now, with the announced projects, with the allotment.
    public var withinNow: Int { rows.filter { $0.need == 0 }.count }
    public var withinAnnounced: Int { rows.filter { $0.announced >= $0.need }.count }
    public var withinAllotted: Int { rows.filter { $0.allotted >= $0.need }.count }
    public var withinSelected: Int { rows.filter { $0.selected >= $0.need }.count }

    /// The plan for the departments' demand with the projects; `budget` nil: the announced total. A project in a
    /// department with no demand row, or a negative budget or size, is an error naming its field.
    public static func make(
        _ demands: [Demand], projects: [Project], budget: Int? = nil, alphaNumerator: Int = 6, alphaDenominator: Int = 5
    ) -> Result<CapacityPlan, Invalid> {
        if let budget, budget < 0 { return .failure(Invalid(field: "budget", description: "a budget is 0 places or more")) }
        let departments = Set(demands.map(\.department))
        var announced: [String: Int] = [:]
        for (index, project) in projects.enumerated() {
            guard departments.contains(project.department) else {
                return .failure(
                    Invalid(field: "projects[\(index)].department", description: "no department named \(project.department)"))
            }
            if let places = project.places, places < 0 {
                return .failure(Invalid(field: "projects[\(index)].places", description: "places are 0 or more"))
            }
            announced[project.department, default: 0] += project.places ?? 0
        }
        var rows = demands.map { demand in
            // ⌈P·den/num⌉ − C: the places at which P ≤ α·C.
            let needed = (demand.population * alphaDenominator + alphaNumerator - 1) / alphaNumerator
            return Row(
                department: demand.department, capacity: demand.capacity, population: demand.population,
                need: max(0, needed - demand.capacity), announced: announced[demand.department] ?? 0, allotted: 0, selected: 0)
        }
        let total = budget ?? rows.map(\.announced).reduce(0, +)
        let selection: CapacitySelection
        switch CapacitySelection.make(
            demands, projects: projects, budget: total, alphaNumerator: alphaNumerator, alphaDenominator: alphaDenominator)
        {
        case .failure(let invalid): return .failure(invalid)
        case .success(let made): selection = made
        }
        for index in rows.indices { rows[index].selected = selection.places[rows[index].department] ?? 0 }
        // The smallest needs first (ties by name, so the same input gives the same plan); what is left goes to the next
        // in that order, lowering its excess as much as any other place would.
        var left = total
        for index in rows.indices.sorted(by: { (rows[$0].need, rows[$0].department) < (rows[$1].need, rows[$1].department) })
        where rows[index].need > 0 {
            let given = min(left, rows[index].need)
            rows[index].allotted = given
            left -= given
        }
        return .success(
            CapacityPlan(
                alphaNumerator: alphaNumerator, alphaDenominator: alphaDenominator,
                rows: rows.sorted { ($1.need, $0.department) < ($0.need, $1.department) }, budget: total,
                unsized: projects.filter { $0.places == nil }.map(\.name), selection: selection))
    }
}

extension CapacityPlan {
    /// Each department's places and who is held there now, from the establishments' overviews.
    public static func demands(_ establishments: [EstablishmentOverview]) -> [Demand] {
        Dictionary(grouping: establishments, by: \.establishment.department).map { department, rows in
            Demand(
                department: department, capacity: rows.map(\.establishment.certifiedCapacity).reduce(0, +),
                population: rows.map(\.headcount.population).reduce(0, +))
        }.sorted { $0.department < $1.department }
    }
}
