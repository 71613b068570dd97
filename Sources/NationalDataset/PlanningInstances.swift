import CustodiaCore
import Placement

/// The planner's benchmark instances built from Peru's figures (planning.md 1.8; issue 14).
public enum PlanningInstances {
    /// PE-69-agg: the 69 establishments of the dataset; cohorts of (establishment, sex), H3 only (PL-H3); the women's
    /// places are all of a women's establishment's, none of a men's, and in a mixed one its places times its share of
    /// women (C·w/P, exactly); the men's are the rest. No randomness.
    public static func peru69Aggregate(_ data: PeruDataset) -> TransferInstance {
        var units: [TransferInstance.Unit] = []
        var cohorts: [TransferInstance.Cohort] = []
        for (index, figures) in data.establishments.enumerated() {
            let women = figures.unsentencedWomen + figures.sentencedWomen
            let men = figures.unsentencedMen + figures.sentencedMen
            let womensPlaces: Ratio =
                switch figures.housedSex {
                case .female: Ratio(figures.capacity)
                case .male: .zero
                case .mixed: Ratio(figures.capacity * women, max(1, figures.population))
                }
            let menPlaces: Ratio =
                switch figures.housedSex {
                case .female: .zero
                case .male: Ratio(figures.capacity)
                case .mixed: Ratio(figures.capacity * (figures.population - women), max(1, figures.population))
                }
            if womensPlaces > .zero { units.append(.init(establishment: index, kind: "female", capacity: womensPlaces)) }
            if menPlaces > .zero { units.append(.init(establishment: index, kind: "male", capacity: menPlaces)) }
            if women > 0 { cohorts.append(.init(origin: index, kind: "female", size: women)) }
            if men > 0 { cohorts.append(.init(origin: index, kind: "male", size: men)) }
        }
        return TransferInstance(establishments: data.establishments.map(\.code), units: units, cohorts: cohorts)
    }
}
