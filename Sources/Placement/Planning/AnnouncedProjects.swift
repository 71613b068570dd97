import CustodiaCore
import Foundation

/// The prison projects the government has announced (planning.md 2.3), shipped as `announced_projects.csv` with its
/// sources; a file of the same columns may replace them (`custodia plan capacity --projects FILE`).
public enum AnnouncedProjects {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        /// The field at fault (`projects[3].places`).
        public var field: String
        public var description: String
    }

    /// The shipped list; `alternative` takes each project's alternative size where it has one (El Frontón: 108).
    public static func bundled(alternative: Bool = false) throws -> [CapacityPlan.Project] {
        guard let url = Bundle.module.url(forResource: "announced_projects", withExtension: "csv", subdirectory: "planning")
        else {
            throw Invalid(field: "projects", description: "announced_projects.csv is missing from the bundle")
        }
        return try parse(try String(contentsOf: url, encoding: .utf8), alternative: alternative)
    }

    /// Projects from CSV text with the columns `project`, `department`, `places` (empty: size not known) and, optionally,
    /// `places_alternative`.
    public static func parse(_ text: String, alternative: Bool = false) throws -> [CapacityPlan.Project] {
        try CSVReader.parse(text).enumerated().map { index, record in
            guard let name = record["project"], !name.isEmpty else {
                throw Invalid(field: "projects[\(index)].project", description: "row \(index + 1) has no project name")
            }
            guard let department = record["department"], !department.isEmpty else {
                throw Invalid(field: "projects[\(index)].department", description: "\(name) has no department")
            }
            let text =
                alternative && !(record["places_alternative"] ?? "").isEmpty
                ? record["places_alternative"]! : record["places"] ?? ""
            guard text.isEmpty || Int(text).map({ $0 >= 0 }) == true else {
                throw Invalid(
                    field: "projects[\(index)].places", description: "\(name): places '\(text)' is not a number of places")
            }
            return CapacityPlan.Project(name: name, department: department, places: Int(text))
        }
    }
}

extension Registry {
    /// Capacity expansion among the departments of the establishments (all when nil), beside the announced projects of
    /// those departments: what the API and the pages show a reader of their scope.
    /// `horizon`: the demand of that future year (each department grown at the national forecast's rate). `projects`: a
    /// list of the operator's instead of the announced ones, each of whose departments must be among the establishments'.
    public func capacityPlan(
        establishmentCodes: Set<String>?, budget: Int?, alternative: Bool, horizon: CapacityHorizon? = nil,
        projects given: [CapacityPlan.Project]? = nil
    ) async throws -> Result<CapacityPlan, CapacityPlan.Invalid> {
        let now = CapacityPlan.demands(try await establishmentOverviews(codes: establishmentCodes))
        let demands = horizon?.grow(now) ?? now
        let departments = Set(demands.map(\.department))
        let projects =
            try given ?? AnnouncedProjects.bundled(alternative: alternative).filter { departments.contains($0.department) }
        return CapacityPlan.make(demands, projects: projects, budget: budget).map { plan in
            var plan = plan
            plan.horizon = horizon
            return plan
        }
    }
}

/// The capacity plan beside the benefits (issue 26 point 4): the places the departments need to hold their population at
/// 120 % without transfers, now and if every person eligible today left on the benefit, and the announced projects'
/// places beside them.
public struct CapacityNeed: Sendable, Equatable {
    public var departments: Int
    public var placesNow: Int
    public var placesIfDecided: Int
    public var withinNow: Int
    public var withinIfDecided: Int
    public var announced: Int

    public init(departments: Int, placesNow: Int, placesIfDecided: Int, withinNow: Int, withinIfDecided: Int, announced: Int) {
        self.departments = departments
        self.placesNow = placesNow
        self.placesIfDecided = placesIfDecided
        self.withinNow = withinNow
        self.withinIfDecided = withinIfDecided
        self.announced = announced
    }

    /// From the establishments' overviews and how many would leave each (by code) if every eligible file were decided.
    public static func make(
        _ establishments: [EstablishmentOverview], leaving: [String: Int], projects: [CapacityPlan.Project]
    ) throws -> CapacityNeed {
        let now = CapacityPlan.demands(establishments)
        let after = CapacityPlan.demands(
            establishments.map { overview in
                var lighter = overview
                lighter.headcount.population = max(0, overview.headcount.population - (leaving[overview.establishment.code] ?? 0))
                return lighter
            })
        let departments = Set(now.map(\.department))
        let ours = projects.filter { departments.contains($0.department) }
        // Only the departments' own projects, and no budget: neither plan can be refused.
        let planNow = try CapacityPlan.make(now, projects: ours).get()
        let planAfter = try CapacityPlan.make(after, projects: ours).get()
        return CapacityNeed(
            departments: planNow.rows.count, placesNow: planNow.totalNeed, placesIfDecided: planAfter.totalNeed,
            withinNow: planNow.withinNow, withinIfDecided: planAfter.withinNow, announced: planNow.totalAnnounced)
    }
}

extension Registry {
    /// `CapacityNeed` for the establishments (all when `nil`) with the bundled announced projects.
    /// `population`: each establishment's population on a past day (a replayed relief report) instead of today's.
    public func capacityNeed(
        establishmentCodes: Set<String>?, leaving: [String: Int], population: [String: Int]? = nil
    ) async throws -> CapacityNeed {
        var establishments = try await establishmentOverviews(codes: establishmentCodes)
        if let population {
            for index in establishments.indices {
                establishments[index].headcount.population = population[establishments[index].establishment.code] ?? 0
            }
        }
        return try CapacityNeed.make(
            establishments, leaving: leaving, projects: try AnnouncedProjects.bundled(alternative: false))
    }
}
