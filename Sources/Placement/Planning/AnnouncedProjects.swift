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
