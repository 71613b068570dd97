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
    public func capacityPlan(establishmentCodes: Set<String>?, budget: Int?, alternative: Bool) async throws
        -> Result<CapacityPlan, CapacityPlan.Invalid>
    {
        let demands = CapacityPlan.demands(
            try await statistics().establishments.filter { establishmentCodes?.contains($0.establishment.code) ?? true })
        let departments = Set(demands.map(\.department))
        let projects = try AnnouncedProjects.bundled(alternative: alternative).filter { departments.contains($0.department) }
        return CapacityPlan.make(demands, projects: projects, budget: budget)
    }
}
