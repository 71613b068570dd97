import CustodiaCore

/// An establishment as the aggregate model sees it (planning.md 1.8, PE-69-agg): its places and who is held, by sex.
public struct AggregateEstablishment: Sendable, Hashable {
    public var code: String
    public var housedSex: HousedSex
    public var capacity: Int
    public var men: Int
    public var women: Int

    public init(code: String, housedSex: HousedSex, capacity: Int, men: Int, women: Int) {
        self.code = code
        self.housedSex = housedSex
        self.capacity = capacity
        self.men = men
        self.women = women
    }

    public var population: Int { men + women }
}

extension TransferInstance {
    /// The aggregate model (PL-H3 only): cohorts of (establishment, sex); a women's establishment's places are all
    /// women's, a men's all men's, and a mixed one's shared as its population is (C·w/P women's, exactly; the rest men's;
    /// half and half while it holds no one).
    public static func aggregate(_ establishments: [AggregateEstablishment], movesCap: Int? = nil) -> TransferInstance {
        var units: [Unit] = []
        var cohorts: [Cohort] = []
        for (index, e) in establishments.enumerated() {
            let (women, men) = e.population == 0 ? (1, 1) : (e.women, e.men)
            let womensPlaces: Ratio =
                switch e.housedSex {
                case .female: Ratio(e.capacity)
                case .male: .zero
                case .mixed: Ratio(e.capacity * women, women + men)
                }
            let mensPlaces: Ratio =
                switch e.housedSex {
                case .female: .zero
                case .male: Ratio(e.capacity)
                case .mixed: Ratio(e.capacity * men, women + men)
                }
            if womensPlaces > .zero { units.append(Unit(establishment: index, kind: "female", capacity: womensPlaces)) }
            if mensPlaces > .zero { units.append(Unit(establishment: index, kind: "male", capacity: mensPlaces)) }
            if e.women > 0 { cohorts.append(Cohort(origin: index, kind: "female", size: e.women)) }
            if e.men > 0 { cohorts.append(Cohort(origin: index, kind: "male", size: e.men)) }
        }
        return TransferInstance(
            establishments: establishments.map(\.code), units: units, cohorts: cohorts, movesCap: movesCap)
    }
}

/// What a plan means for each establishment and who goes where (planning.md 1.7): the report the command, the API and
/// the page show, with the bounds beside the result and the excess transfers cannot remove.
public struct TransferPlanReport: Sendable, Equatable {
    public struct Row: Sendable, Hashable {
        public var code: String
        public var capacity: Int
        public var before: Int
        public var after: Int

        /// % ocupación before and after, to one decimal.
        public var occupancyBefore: Double { Occupancy.percent(before, capacity) }
        public var occupancyAfter: Double { Occupancy.percent(after, capacity) }
    }

    /// Persons of one sex moved from one establishment to another.
    public struct Flow: Sendable, Hashable {
        public var from: String
        public var to: String
        public var kind: String
        public var persons: Int
    }

    public var plan: TransferPlan
    public var rows: [Row]
    public var flows: [Flow]
    /// Σ max(0, P − C) over establishments, before and after the plan.
    public var excessBefore: Int
    public var excessAfter: Int
    /// The least excess any plan of transfers can leave: the nation's population over its places (planning.md 0).
    public var excessFloor: Int

    public init(plan: TransferPlan, instance: TransferInstance, establishments: [AggregateEstablishment]) {
        self.plan = plan
        var after = Array(repeating: 0, count: establishments.count)
        var flows: [Flow] = []
        for (index, cohort) in instance.cohorts.enumerated() {
            for (unit, persons) in plan.placements[index].sorted(by: { $0.key < $1.key }) {
                let destination = instance.units[unit].establishment
                after[destination] += persons
                if destination != cohort.origin {
                    flows.append(
                        Flow(
                            from: establishments[cohort.origin].code, to: establishments[destination].code, kind: cohort.kind,
                            persons: persons))
                }
            }
        }
        self.flows = flows.sorted { ($0.persons, $1.from, $1.to) > ($1.persons, $0.from, $0.to) }
        rows = establishments.enumerated().map { index, e in
            Row(code: e.code, capacity: e.capacity, before: e.population, after: after[index])
        }
        excessBefore = establishments.map { max(0, $0.population - $0.capacity) }.reduce(0, +)
        excessAfter = rows.map { max(0, $0.after - $0.capacity) }.reduce(0, +)
        excessFloor = max(0, establishments.map(\.population).reduce(0, +) - establishments.map(\.capacity).reduce(0, +))
    }
}
