import CustodiaCore

/// The demand of a future year for the capacity plan (planning.md 2.1 and T-B3: the 2030 central and high scenarios):
/// the national forecast for that year's December (`Forecast.NetFlow` on the published series) over the last published
/// count is the growth every department's population is multiplied by. No series by department is published, so each
/// grows at the national rate; the report says so.
public struct CapacityHorizon: Sendable, Equatable {
    public enum Scenario: String, CaseIterable, Sendable {
        /// The forecast's 80 % interval's lower bound, its centre, its upper bound.
        case low, central, high
    }

    public var year: Int
    public var scenario: Scenario
    /// `YYYY-MM` of the last published count, and that count.
    public var originMonth: String
    public var origin: Int
    /// The national forecast for December of `year` in the scenario.
    public var national: Int

    /// The years a horizon may be asked for.
    public static let years = 2026...2040

    /// The horizon from the published series shipped with Custodia; `nil` for a year outside `years` or not after the
    /// last published count.
    public static func make(year: Int, scenario: Scenario) throws -> CapacityHorizon? {
        try make(year: year, scenario: scenario, model: PopulationSeries.nationalModel())
    }

    static func make(year: Int, scenario: Scenario, model: Forecast.NetFlow) -> CapacityHorizon? {
        guard years.contains(year), let december = CivilDate(year: year, month: 12, day: 31) else { return nil }
        guard let last = model.path(through: december).last, model.origin.value > 0 else { return nil }
        let national =
            switch scenario {
            case .low: last.low
            case .central: last.central
            case .high: last.high
            }
        let originMonth = String(Forecast.date(month: Int(model.origin.time.rounded(.down))).description.prefix(7))
        return CapacityHorizon(
            year: year, scenario: scenario, originMonth: originMonth, origin: Int(model.origin.value.rounded()),
            national: national)
    }

    /// Each department's population times national / origin, rounded half up (places stay as they are).
    public func grow(_ demands: [CapacityPlan.Demand]) -> [CapacityPlan.Demand] {
        demands.map { demand in
            var grown = demand
            grown.population = (2 * demand.population * national + origin) / (2 * origin)
            return grown
        }
    }
}
