import CustodiaCore
import Foundation
import Placement

/// The planner's benchmark instances built from Peru's figures (planning.md 1.8; issue 14).
public enum PlanningInstances {
    /// The dataset's establishments as the aggregate model sees them.
    public static func establishments(_ data: PeruDataset) -> [AggregateEstablishment] {
        data.establishments.map { figures in
            AggregateEstablishment(
                code: figures.code, housedSex: figures.housedSex, capacity: figures.capacity,
                men: figures.unsentencedMen + figures.sentencedMen, women: figures.unsentencedWomen + figures.sentencedWomen)
        }
    }

    /// PE-69-agg: the 69 establishments of the dataset; cohorts of (establishment, sex), H3 only (PL-H3); the women's
    /// places are all of a women's establishment's, none of a men's, and in a mixed one its places times its share of
    /// women (C·w/P, exactly); the men's are the rest. No randomness.
    public static func peru69Aggregate(_ data: PeruDataset) -> TransferInstance {
        .aggregate(establishments(data))
    }
}

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
        guard let url = Bundle.module.url(forResource: "announced_projects", withExtension: "csv", subdirectory: "peru") else {
            throw PeruDataset.LoadError(description: "dataset file announced_projects.csv is missing from the bundle")
        }
        return try parse(try String(contentsOf: url, encoding: .utf8), alternative: alternative)
    }

    /// Projects from CSV text with the columns `project`, `department`, `places` (empty: size not known) and, optionally,
    /// `places_alternative`.
    public static func parse(_ text: String, alternative: Bool = false) throws -> [CapacityPlan.Project] {
        try CSV.parse(text).enumerated().map { index, record in
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

extension PlanningInstances {
    /// Each department's places and population in the dataset (January 2026).
    public static func departmentDemand(_ data: PeruDataset) -> [CapacityPlan.Demand] {
        Dictionary(grouping: data.establishments, by: \.department).map { department, rows in
            CapacityPlan.Demand(
                department: department, capacity: rows.map(\.capacity).reduce(0, +),
                population: rows.map(\.population).reduce(0, +))
        }.sorted { $0.department < $1.department }
    }
}
