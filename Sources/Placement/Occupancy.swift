import CustodiaCore

/// Population against capacity, with INPE's own definitions.
public struct Occupancy: Hashable, Sendable {
    public var capacity: Int
    public var population: Int
    public var unsentenced: Int
    public var sentenced: Int
    public var men: Int
    public var women: Int

    public init(capacity: Int, population: Int, unsentenced: Int, sentenced: Int, men: Int, women: Int) {
        self.capacity = capacity
        self.population = population
        self.unsentenced = unsentenced
        self.sentenced = sentenced
        self.men = men
        self.women = women
    }

    public init(capacity: Int, headcount: Headcount) {
        self.init(
            capacity: capacity, population: headcount.population, unsentenced: headcount.unsentenced,
            sentenced: headcount.sentenced, men: headcount.men, women: headcount.women)
    }

    public static let zero = Occupancy(capacity: 0, population: 0, unsentenced: 0, sentenced: 0, men: 0, women: 0)

    /// % ocupación = population / capacity x 100, to one decimal (nil when there is no capacity).
    public var occupancyPercent: Double? {
        capacity > 0 ? Occupancy.round1(Double(population) * 100 / Double(capacity)) : nil
    }

    /// % sobrepoblación = (population - capacity) / capacity x 100, to one decimal.
    public var overpopulationPercent: Double? {
        capacity > 0 ? Occupancy.round1(Double(population - capacity) * 100 / Double(capacity)) : nil
    }

    /// Hacinamiento: INPE calls an establishment overcrowded when over-population exceeds 20% of capacity,
    /// i.e. population > 1.2 x capacity (compared in integers, no rounding).
    public var isOvercrowded: Bool { population * 5 > capacity * 6 }

    /// Persons above certified capacity (0 when below).
    public var overcrowding: Int { max(0, population - capacity) }

    public static func + (lhs: Occupancy, rhs: Occupancy) -> Occupancy {
        Occupancy(
            capacity: lhs.capacity + rhs.capacity, population: lhs.population + rhs.population,
            unsentenced: lhs.unsentenced + rhs.unsentenced, sentenced: lhs.sentenced + rhs.sentenced,
            men: lhs.men + rhs.men, women: lhs.women + rhs.women)
    }

    static func round1(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// % ocupación of a population in a number of places, to one decimal; 0 where there are none (the planners' rows).
    static func percent(_ population: Int, _ capacity: Int) -> Double {
        capacity > 0 ? round1(Double(population) * 100 / Double(capacity)) : 0
    }
}

extension EstablishmentOverview {
    /// Who is held here now against the establishment's certified capacity.
    public var occupancy: Occupancy { Occupancy(capacity: establishment.certifiedCapacity, headcount: headcount) }
}

extension PavilionOverview {
    /// A pavilion houses one sex and one procedural status, so its population is all of one kind.
    public var occupancy: Occupancy {
        Occupancy(
            capacity: pavilion.certifiedCapacity, population: population,
            unsentenced: pavilion.proceduralStatus == .unsentenced ? population : 0,
            sentenced: pavilion.proceduralStatus == .sentenced ? population : 0,
            men: pavilion.housedSex == .male ? population : 0, women: pavilion.housedSex == .female ? population : 0)
    }
}

extension NationalStatistics {
    public var national: Occupancy { establishments.reduce(.zero) { $0 + $1.occupancy } }

    public var byRegionalOffice: [(office: RegionalOffice, occupancy: Occupancy, establishments: Int)] {
        var order: [RegionalOffice.ID] = []
        var totals: [RegionalOffice.ID: (RegionalOffice, Occupancy, Int)] = [:]
        for e in establishments {
            let id = e.regionalOffice.id
            if totals[id] == nil {
                order.append(id)
                totals[id] = (e.regionalOffice, .zero, 0)
            }
            totals[id]!.1 = totals[id]!.1 + e.occupancy
            totals[id]!.2 += 1
        }
        return order.sorted().map { (totals[$0]!.0, totals[$0]!.1, totals[$0]!.2) }
    }
}
