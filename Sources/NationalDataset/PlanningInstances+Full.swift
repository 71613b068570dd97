import CustodiaCore
import Placement

/// PE-69-full (planning.md 1.8; issue 14 point 6): 103,717 synthetic persons in the 69 establishments, matching each
/// one's procesados and sentenciados of each sex exactly (S11), with seeded attributes the aggregate model ignores —
/// a regime (PL-H5), a home department (PL-H9, O2), a court in the establishment's department for procesados (PL-H6),
/// 20 keep-apart groups over 2 % of them with a random conflict graph (PL-H7) — a cap of 3,000 moves a month (PL-H8),
/// D_max = 805 km and a **synthetic** distance matrix: no sourced distances between Peru's establishments exist yet, so
/// each department is placed at a seeded point and each establishment near it. Same seed, same instance.
extension PlanningInstances {
    public struct FullOptions: Sendable {
        public var seed: UInt64 = 2026
        public var movesCap: Int? = 3_000
        public var familyLimitKm: Int? = 805
        public var keepApartGroups = 20
        /// Per mille of persons in a keep-apart group.
        public var keepApartPerMille = 20
        /// Per cent of pairs of groups in conflict.
        public var conflictPercent = 20
        /// Per cent of persons whose home is their establishment's department.
        public var homeInDepartmentPercent = 80
        /// Only the establishments of these departments (a smaller instance of the same making); nil, all 69.
        public var departments: Set<String>? = nil

        public init() {}
    }

    /// The regimes of the synthetic persons (shares synthetic, in per cent) and where they are offered: the open and
    /// middle stages everywhere; the maximum stage in establishments of 500 places or more; the special regime (RCE)
    /// in the eight largest men's establishments.
    public static let fullRegimes: [(name: String, percent: Int)] = [
        ("RCO mínima", 30), ("RCO mediana", 45), ("RCO máxima", 20), ("RCE", 5),
    ]

    public static func peru69Full(_ data: PeruDataset, options: FullOptions = FullOptions()) -> TransferInstance {
        var random = SeededGenerator(seed: options.seed)
        var data = data
        if let only = options.departments { data.establishments = data.establishments.filter { only.contains($0.department) } }
        let rows = data.establishments
        let departments = Array(Set(rows.map(\.department))).sorted()
        let departmentIndex = Dictionary(uniqueKeysWithValues: departments.enumerated().map { ($1, $0) })
        // Synthetic geography: departments at seeded points in a 1,300 × 1,800 km box, establishments within 40 km of
        // theirs; road kilometres are 1.25 times the straight line.
        let points = departments.map { _ in
            (Double(Int.random(in: 0...1_300, using: &random)), Double(Int.random(in: 0...1_800, using: &random)))
        }
        let sites = rows.map { row in
            let point = points[departmentIndex[row.department]!]
            return (
                point.0 + Double(Int.random(in: -40...40, using: &random)),
                point.1 + Double(Int.random(in: -40...40, using: &random))
            )
        }
        func road(_ a: (Double, Double), _ b: (Double, Double)) -> Int {
            Int((1.25 * ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot()).rounded())
        }
        var instance = TransferInstance.aggregate(establishments(data), movesCap: options.movesCap)
        instance.distances = sites.map { from in sites.map { to in road(from, to) } }
        instance.homeDistances = points.map { home in sites.map { road(home, $0) } }
        instance.familyLimitKm = options.familyLimitKm
        // Where each regime is offered.
        let largestMen = Set(
            rows.indices.filter { rows[$0].housedSex != .female }.sorted {
                (rows[$0].capacity, rows[$1].code) > (rows[$1].capacity, rows[$0].code)
            }.prefix(8))
        let offered: [Set<Int>] = [
            Set(rows.indices), Set(rows.indices), Set(rows.indices.filter { rows[$0].capacity >= 500 }), largestMen,
        ]
        // The persons, drawn one by one and gathered into cohorts of the same attributes.
        struct Key: Hashable {
            var origin: Int
            var kind: String
            var sentenced: Bool
            var regime: Int
            var home: Int
            var group: Int?
        }
        var sizes: [Key: Int] = [:]
        var order: [Key] = []
        for (origin, row) in rows.enumerated() {
            let own = departmentIndex[row.department]!
            let groups: [(String, Bool, Int)] = [
                ("male", false, row.unsentencedMen), ("male", true, row.sentencedMen),
                ("female", false, row.unsentencedWomen), ("female", true, row.sentencedWomen),
            ]
            for (kind, sentenced, count) in groups {
                for _ in 0..<count {
                    let draw = Int.random(in: 0..<100, using: &random)
                    var regime = 0
                    var cumulative = fullRegimes[0].percent
                    while draw >= cumulative, regime + 1 < fullRegimes.count {
                        regime += 1
                        cumulative += fullRegimes[regime].percent
                    }
                    // A regime the establishment does not offer is the nearest milder one it does.
                    while regime > 0, !offered[regime].contains(origin) { regime -= 1 }
                    var home = own
                    if Int.random(in: 0..<100, using: &random) >= options.homeInDepartmentPercent, departments.count > 1 {
                        home = (own + Int.random(in: 1..<departments.count, using: &random)) % departments.count
                    }
                    let group =
                        Int.random(in: 0..<1_000, using: &random) < options.keepApartPerMille && options.keepApartGroups > 0
                        ? Int.random(in: 0..<options.keepApartGroups, using: &random) : nil
                    let key = Key(origin: origin, kind: kind, sentenced: sentenced, regime: regime, home: home, group: group)
                    if sizes[key] == nil { order.append(key) }
                    sizes[key, default: 0] += 1
                }
            }
        }
        let departmentOf = rows.map { departmentIndex[$0.department]! }
        instance.cohorts = order.map { key in
            var destinations = offered[key.regime]
            // A procesado's court is in the department of the establishment holding them (PL-H6).
            if !key.sentenced { destinations = destinations.filter { departmentOf[$0] == departmentOf[key.origin] } }
            return TransferInstance.Cohort(
                origin: key.origin, kind: key.kind, size: sizes[key]!, destinations: destinations, home: key.home,
                group: key.group)
        }
        for first in 0..<options.keepApartGroups {
            for second in (first + 1)..<options.keepApartGroups
            where Int.random(in: 0..<100, using: &random) < options.conflictPercent {
                instance.conflicts.insert(TransferInstance.Conflict(first, second))
            }
        }
        return instance
    }
}
