import CustodiaCore
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

    /// The six establishments named in the Constitutional Tribunal's judgment on overcrowding (Exp. 05436-2014-PHC/TC):
    /// Chanchamayo, Jaén, Callao, Camaná, Abancay and Miguel Castro Castro.
    public static let tribunalEstablishments = ["chanchamayo", "jaen", "callao", "camana", "abancay", "miguel-castro-castro"]

    /// PE-69-TC (planning.md 1.8): PE-69-agg with the six establishments of the judgment at 120 % of their places or
    /// less after the plan, the others absorbing the flow (the least max ratio among them).
    public static func peru69Tribunal(_ data: PeruDataset, limitPercent: Int = 120) -> TransferInstance {
        var instance = peru69Aggregate(data)
        let named = Set(instance.establishments.indices.filter { tribunalEstablishments.contains(instance.establishments[$0]) })
        for index in instance.units.indices where named.contains(instance.units[index].establishment) {
            instance.units[index].limit = Ratio(limitPercent, 100)
        }
        return instance
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
