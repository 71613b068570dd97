import CustodiaCore

/// INPE's monthly statistical report computed from the register (issue 15 point 1, docs/planning.md section 4.1): who
/// was held at the end of the cut-off day (from the census of that day, point 2) by situación jurídica and sex per
/// regional office (R3, R5) and per establishment (R6, R8), by age group (R7) and nationality (R12), and the month's
/// admissions and releases (R15). Same census, same CSV, byte for byte.
public struct MonthlyReport: Sendable {
    /// A place's persons by situación jurídica and sex, and its certified capacity.
    public struct Counts: Sendable, Hashable {
        public var capacity = 0
        public var unsentencedMen = 0
        public var unsentencedWomen = 0
        public var sentencedMen = 0
        public var sentencedWomen = 0

        public var population: Int { unsentencedMen + unsentencedWomen + sentencedMen + sentencedWomen }
        /// INPE's definitions: % ocupación, sobrepoblación, hacinamiento.
        public var occupancy: Occupancy {
            Occupancy(
                capacity: capacity, population: population, unsentenced: unsentencedMen + unsentencedWomen,
                sentenced: sentencedMen + sentencedWomen, men: unsentencedMen + sentencedMen,
                women: unsentencedWomen + sentencedWomen)
        }

        mutating func add(_ held: HeldOnDay) {
            switch (held.sentenced, held.sex) {
            case (false, .male): unsentencedMen += 1
            case (false, .female): unsentencedWomen += 1
            case (true, .male): sentencedMen += 1
            case (true, .female): sentencedWomen += 1
            }
        }

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(
                capacity: a.capacity + b.capacity, unsentencedMen: a.unsentencedMen + b.unsentencedMen,
                unsentencedWomen: a.unsentencedWomen + b.unsentencedWomen, sentencedMen: a.sentencedMen + b.sentencedMen,
                sentencedWomen: a.sentencedWomen + b.sentencedWomen)
        }
    }

    public struct Place: Sendable, Hashable {
        public var code: String
        public var name: String
        public var department: String
        public var office: String
        public var counts: Counts
    }

    /// A row of men and women under a label (an age group, a nationality, a movement).
    public struct BySex: Sendable, Hashable {
        public var label: String
        public var men = 0
        public var women = 0
        public var total: Int { men + women }

        mutating func add(_ sex: Sex) {
            if sex == .male { men += 1 } else { women += 1 }
        }
    }

    /// The last day of the month the report is cut at, and its first.
    public var cutoff: CivilDate
    public var from: CivilDate
    public var nation: Counts
    /// R3, R5: in INPE's order of the regional offices.
    public var offices: [Place]
    /// R6, R8: by regional office, then by name.
    public var establishments: [Place]
    /// R7: INPE's age groups at the cut-off day, then those without a birth date.
    public var ages: [BySex]
    /// R12: the foreigners by nationality (ISO 3166-1 alpha-3), the most first.
    public var foreigners: [BySex]
    /// R15: admissions of the month as procesados and as sentenciados; releases by ground.
    public var admissions: [BySex]
    public var releases: [BySex]
    /// R4: each office's establishments by type of capacity, in the offices' order.
    public var types: [Types]
    /// R9: every crime held for (the first charge of the case), the most first; `crimesPrinted` the table.
    public var crimes: [ByStatus]
    /// R10: the sentenced by the length of their sentence, in `sentenceBands`' order.
    public var sentences: [BySex]
    /// R1: the population at the end of each of the twelve months before and at the cut-off day (the register's own
    /// count on each day; empty until the store adds it).
    public var trend: [TrendPoint] = []

    /// One month of R1: the day counted and how many were held at its end.
    public struct TrendPoint: Sendable, Hashable {
        public var day: CivilDate
        public var population: Int

        public init(day: CivilDate, population: Int) {
            self.day = day
            self.population = population
        }
    }

    /// INPE prints the regional offices in this order (planning.md 4.1); an office by any other name follows.
    public static let officeOrder = [
        "Norte", "Lima", "Sur", "Centro", "Oriente", "Sur Oriente", "Nor Oriente", "Altiplano",
    ]

    /// INPE's age groups (R7): 18-19, then five-year groups to 55-59, then 60 and over; under 18 where present.
    public static let ageGroups = [
        "16-17", "18-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60+", "sin dato",
    ]

    public init(
        census: [HeldOnDay], movements: [CustodyMovement], establishments: [Establishment], offices: [RegionalOffice],
        from: CivilDate, cutoff: CivilDate
    ) {
        self.from = from
        self.cutoff = cutoff
        let officeNames = Dictionary(offices.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var places: [String: Place] = [:]
        for establishment in establishments {
            places[establishment.code] = Place(
                code: establishment.code, name: establishment.name, department: establishment.department,
                office: officeNames[establishment.regionalOfficeID] ?? "",
                counts: Counts(capacity: establishment.certifiedCapacity))
        }
        var ages = Dictionary(uniqueKeysWithValues: Self.ageGroups.map { ($0, BySex(label: $0)) })
        var foreign: [String: BySex] = [:]
        for held in census {
            places[held.establishmentCode]?.counts.add(held)
            ages[Self.ageGroup(held.birthDate, on: cutoff)]?.add(held.sex)
            if held.nationality != Person.peru {
                foreign[held.nationality, default: BySex(label: held.nationality)].add(held.sex)
            }
        }
        func rank(_ office: String) -> Int {
            let prefix = office.components(separatedBy: " - ").first ?? office
            return Self.officeOrder.firstIndex(of: prefix) ?? Self.officeOrder.count
        }
        self.establishments = places.values.sorted {
            (rank($0.office), $0.office, $0.name, $0.code) < (rank($1.office), $1.office, $1.name, $1.code)
        }
        var byOffice: [String: Place] = [:]
        for place in self.establishments {
            byOffice[
                place.office, default: Place(code: "", name: place.office, department: "", office: place.office, counts: Counts())
            ]
            .counts = (byOffice[place.office]?.counts ?? Counts()) + place.counts
        }
        self.offices = byOffice.values.sorted { (rank($0.office), $0.office) < (rank($1.office), $1.office) }
        nation = self.offices.reduce(Counts()) { $0 + $1.counts }
        self.ages = Self.ageGroups.compactMap { ages[$0] }.filter { $0.total > 0 || !["16-17", "sin dato"].contains($0.label) }
        foreigners = foreign.values.sorted { ($1.total, $0.label) < ($0.total, $1.label) }
        var admitted = [BySex(label: "procesados"), BySex(label: "sentenciados")]
        var released: [String: BySex] = [:]
        for movement in movements where movement.day >= from && movement.day <= cutoff {
            if let ground = movement.ground {
                released[ground.rawValue, default: BySex(label: ground.rawValue)].add(movement.sex)
            } else {
                admitted[movement.sentenced ? 1 : 0].add(movement.sex)
            }
        }
        admissions = admitted
        releases = ReleaseGround.allCases.map { released[$0.rawValue] ?? BySex(label: $0.rawValue) }
        (types, crimes, sentences) = Self.tables(census: census, places: self.establishments, offices: self.offices)
    }

    /// The age group of a person born on `birth` at the end of `day`.
    public static func ageGroup(_ birth: CivilDate?, on day: CivilDate) -> String {
        guard let birth else { return "sin dato" }
        var age = day.year - birth.year
        if (day.month, day.day) < (birth.month, birth.day) { age -= 1 }
        switch age {
        case ..<18: return "16-17"
        case 18...19: return "18-19"
        case 60...: return "60+"
        default:
            let low = age / 5 * 5
            return "\(low)-\(low + 4)"
        }
    }
}
