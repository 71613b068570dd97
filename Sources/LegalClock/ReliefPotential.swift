import CustodiaCore

/// What the law would free (issue 26 point 4): per establishment and for the nation, the persons eligible today for
/// semilibertad or liberación condicional, their files on time, late or not started, and the occupancy each
/// establishment would reach if every eligible file were decided on time and granted. A bound of what the benefits
/// can do, never a forecast: a judge decides each one.
public struct ReliefPotential: Sendable {
    public struct Row: Sendable, Hashable {
        public var code: String
        public var name: String
        public var capacity: Int
        public var population: Int
        /// Eligible on the day (not those only within the lead days).
        public var eligible = 0
        /// Of them: a file within its terms, a file past a term, no file at all.
        public var onTime = 0
        public var late = 0
        public var notStarted = 0
        /// Granted, the person still inside (the release is due).
        public var granted = 0

        public var occupancy: Double { capacity == 0 ? 0 : Double(population) * 100 / Double(capacity) }
        /// The occupancy if every eligible person left on the benefit.
        public var occupancyIfDecided: Double {
            capacity == 0 ? 0 : Double(max(0, population - eligible)) * 100 / Double(capacity)
        }
        /// Persons over capacity now, and if every eligible person left.
        public var excess: Int { max(0, population - capacity) }
        public var excessIfDecided: Int { max(0, population - eligible - capacity) }
    }

    /// What transfers alone could do, next to what the benefits would (docs/planning.md section 0): moving people
    /// between establishments never lowers the nation's excess below the population minus the places, nor the
    /// occupancy below their ratio; only people leaving or new places do. The bound of any transfer plan, not a plan.
    public struct TransferBound: Sendable, Hashable {
        /// Σ max(0, P_e − C_e): the persons over capacity, establishment by establishment, today.
        public var excessByEstablishment: Int
        /// P − C: the least excess any transfer plan can reach (0 when the places suffice).
        public var floorExcess: Int
        /// P / C: the least worst occupancy any transfer plan can reach.
        public var floorOccupancy: Double
        /// The same three if every eligible person left on the benefit.
        public var excessByEstablishmentIfDecided: Int
        public var floorExcessIfDecided: Int
        public var floorOccupancyIfDecided: Double
    }

    public var asOf: CivilDate
    public var termsVersion: String
    public var needsLegalReview: Bool
    /// Every establishment of `establishments`, the most relieved first (the largest drop in occupancy).
    public var rows: [Row]
    public var nation: Row
    public var transferBound: TransferBound
    /// Who would leave each establishment (by code) if every eligible file were decided: its eligible persons.
    public var leaving: [String: Int] { Dictionary(uniqueKeysWithValues: rows.map { ($0.code, $0.eligible) }) }
    /// Each establishment's population (by code) the report counted: a replayed day's for the capacity plan beside it.
    public var population: [String: Int] { Dictionary(uniqueKeysWithValues: rows.map { ($0.code, $0.population) }) }

    public init(board: BenefitBoard, establishments: [EstablishmentOverview]) {
        asOf = board.asOf
        termsVersion = board.terms.version
        needsLegalReview = board.terms.needsLegalReview
        var rows: [String: Row] = [:]
        for overview in establishments {
            rows[overview.establishment.code] = Row(
                code: overview.establishment.code, name: overview.establishment.name,
                capacity: overview.establishment.certifiedCapacity, population: overview.headcount.population)
        }
        for entry in board.entries where entry.candidate.eligibleFrom <= board.asOf {
            guard var row = rows[entry.candidate.establishmentCode] else { continue }
            row.eligible += 1
            if entry.state == nil {
                row.notStarted += 1
            } else if entry.late != nil {
                row.late += 1
            } else {
                row.onTime += 1
            }
            if entry.state == .granted { row.granted += 1 }
            rows[entry.candidate.establishmentCode] = row
        }
        self.rows = rows.values.sorted {
            let a = $0.occupancy - $0.occupancyIfDecided
            let b = $1.occupancy - $1.occupancyIfDecided
            return a != b ? a > b : $0.code < $1.code
        }
        var nation = Row(code: "nation", name: "Perú", capacity: 0, population: 0)
        for row in self.rows {
            nation.capacity += row.capacity
            nation.population += row.population
            nation.eligible += row.eligible
            nation.onTime += row.onTime
            nation.late += row.late
            nation.notStarted += row.notStarted
            nation.granted += row.granted
        }
        self.nation = nation
        transferBound = TransferBound(
            excessByEstablishment: self.rows.map(\.excess).reduce(0, +), floorExcess: nation.excess,
            floorOccupancy: nation.occupancy,
            excessByEstablishmentIfDecided: self.rows.map(\.excessIfDecided).reduce(0, +),
            floorExcessIfDecided: nation.excessIfDecided, floorOccupancyIfDecided: nation.occupancyIfDecided)
    }
}
