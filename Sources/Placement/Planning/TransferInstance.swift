/// What the transfer planner is given (planning.md 1.1–1.2): establishments, their units (places of one kind, such as
/// the women's places of a mixed establishment) and the cohorts of interchangeable persons, each where it is now.
public struct TransferInstance: Sendable {
    /// Places of one kind in one establishment (PL-H2 per unit; the kind carries sex and, when given, legal status).
    public struct Unit: Sendable, Hashable {
        public var establishment: Int
        public var kind: String
        public var capacity: Ratio
        /// The most this unit may hold after the plan, as a share of its places, whatever θ (PE-69-TC: the establishments
        /// a judgment ordered down to 120 %); nil, only θ.
        public var limit: Ratio?

        public init(establishment: Int, kind: String, capacity: Ratio, limit: Ratio? = nil) {
            self.establishment = establishment
            self.kind = kind
            self.capacity = capacity
            self.limit = limit
        }

        /// What the unit may hold at θ: ⌊θ·C⌋, and no more than ⌊limit·C⌋.
        func holds(at theta: Ratio) -> Int {
            let byTheta = theta.floorTimes(capacity)
            return limit.map { min(byTheta, $0.floorTimes(capacity)) } ?? byTheta
        }

        /// The same at a θ in floating point (the bisection's approximate steps).
        func holds(atApproximately theta: Double) -> Int {
            let byTheta = Int((capacity.value * theta).rounded(.down))
            return limit.map { min(byTheta, $0.floorTimes(capacity)) } ?? byTheta
        }
    }

    /// Persons alike in everything the constraints look at, in one establishment now.
    public struct Cohort: Sendable, Hashable {
        public var origin: Int
        /// The kind of unit they may be placed in (PL-H3, PL-H4).
        public var kind: String
        public var size: Int
        /// They stay (PL-H10: a hearing soon, a medical reason, a process under way).
        public var frozen: Bool
        /// The establishments they may go to (PL-H5 regime, PL-H6 jurisdiction); nil: any with a unit of their kind.
        public var destinations: Set<Int>?
        /// Where their family lives: a row of `homeDistances` (PL-H9, O2); nil, not known.
        public var home: Int?
        /// Their keep-apart group (PL-H7), an index the instance's `conflicts` name; nil, none.
        public var group: Int?

        public init(
            origin: Int, kind: String, size: Int, frozen: Bool = false, destinations: Set<Int>? = nil, home: Int? = nil,
            group: Int? = nil
        ) {
            self.origin = origin
            self.kind = kind
            self.size = size
            self.frozen = frozen
            self.destinations = destinations
            self.home = home
            self.group = group
        }
    }

    /// Two keep-apart groups that must never be brought together in one establishment (PL-H7).
    public struct Conflict: Sendable, Hashable {
        public var first: Int
        public var second: Int

        public init(_ first: Int, _ second: Int) {
            self.first = min(first, second)
            self.second = max(first, second)
        }
    }

    public var establishments: [String]
    public var units: [Unit]
    public var cohorts: [Cohort]
    /// PL-H8: the most persons moved by the plan; nil, no cap.
    public var movesCap: Int?
    /// Kilometres between establishments (planning.md 1.1: an input, never built in), `distances[from][to]`; with them
    /// the plan at θ* moves the fewest kilometres, then the fewest persons (O3). Nil: moves are only counted.
    public var distances: [[Int]]? = nil
    /// Kilometres from each home place to each establishment, `homeDistances[home][establishment]`.
    public var homeDistances: [[Int]]? = nil
    /// PL-H9, D_max: nobody is moved to an establishment farther than this from home, unless where they are now is
    /// farther still (then not farther than that). Nil: no limit.
    public var familyLimitKm: Int? = nil
    /// PL-H7: the pairs of keep-apart groups in conflict.
    public var conflicts: Set<Conflict> = []
    /// Tier 2's forbidden arcs (cohort index → establishments it may not be moved to), grown while repairing PL-H7.
    var barred: [Int: Set<Int>] = [:]

    public init(establishments: [String], units: [Unit], cohorts: [Cohort], movesCap: Int? = nil) {
        self.establishments = establishments
        self.units = units
        self.cohorts = cohorts
        self.movesCap = movesCap
    }

    public var population: Int { cohorts.map(\.size).reduce(0, +) }

    /// The unit a cohort may occupy in an establishment, if there is one.
    func unit(of cohort: Cohort, at establishment: Int) -> Int? {
        units.firstIndex { $0.establishment == establishment && $0.kind == cohort.kind }
    }

    /// Per unit, the persons its establishment holds of its kind today (before any plan).
    var heldAtOrigins: [Int] {
        var here = Array(repeating: 0, count: units.count)
        for cohort in cohorts {
            if let unit = unit(of: cohort, at: cohort.origin) { here[unit] += cohort.size }
        }
        return here
    }

    /// The units a cohort may be placed in.
    func allowedUnits(_ index: Int) -> [Int] {
        let cohort = cohorts[index]
        if cohort.frozen { return unit(of: cohort, at: cohort.origin).map { [$0] } ?? [] }
        let barred = barred[index] ?? []
        return units.indices.filter { unitIndex in
            let unit = units[unitIndex]
            guard unit.kind == cohort.kind, unit.capacity > .zero else { return false }
            if unit.establishment == cohort.origin { return true }
            return cohort.destinations.map { $0.contains(unit.establishment) } ?? true
                && !barred.contains(unit.establishment) && withinFamilyLimit(cohort, unit.establishment)
        }
    }

    /// PL-H9: the establishment is no farther from home than D_max, or than where the person is now.
    func withinFamilyLimit(_ cohort: Cohort, _ establishment: Int) -> Bool {
        guard let limit = familyLimitKm, let home = cohort.home, let homes = homeDistances else { return true }
        return homes[home][establishment] <= max(limit, homes[home][cohort.origin])
    }

    /// Kilometres of a move; 0 without distances.
    func kilometres(from origin: Int, to establishment: Int) -> Int { distances?[origin][establishment] ?? 0 }
}
