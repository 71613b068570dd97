/// Which of the candidate projects to build with a budget of places (planning.md 2.1, the budget variant; T-B2): each
/// project is built whole or not at all, their places add up to at most the budget, and the choice minimises the
/// excess over α·places summed over the departments, Σ_d max(0, P_d − α·(C_d + Σ_{j∈d} q_j)); among choices of equal
/// excess, the most departments at or under α, then the fewest places (further ties: the same input, the same choice). Exact: a
/// dynamic programme over the departments whose states are the sums of places reachable so far, each kept only while
/// no smaller sum does at least as well (a larger sum that is no better can never become better: what the next
/// departments add does not depend on how the places before were reached).
public struct CapacitySelection: Sendable, Equatable {
    /// The places the chosen projects give each department (departments with none are left out).
    public var places: [String: Int]
    /// The projects chosen, in the order given.
    public var chosen: [String]
    /// The projects of known size left out, in the order given.
    public var leftOut: [String]
    /// Σ_d max(0, den·P_d − num·(C_d + places_d)): the excess over α in 1/den of a person, an integer so that the
    /// objective is compared exactly (and with HiGHS's).
    public var scaledExcess: Int
    /// Departments at or under α with the chosen projects.
    public var within: Int

    public var totalPlaces: Int { places.values.reduce(0, +) }

    /// The most sized projects one department may have (its choices are enumerated: 2^16).
    public static let projectsPerDepartment = 16

    /// The choice for `demands` among the projects of known size, `budget` places at most. A department with more than
    /// `projectsPerDepartment` sized projects is refused naming the field `projects`.
    public static func make(
        _ demands: [CapacityPlan.Demand], projects: [CapacityPlan.Project], budget: Int, alphaNumerator: Int = 6,
        alphaDenominator: Int = 5
    ) -> Result<CapacitySelection, CapacityPlan.Invalid> {
        if budget < 0 { return .failure(.init(field: "budget", description: "a budget is 0 places or more")) }
        let sized = projects.enumerated().compactMap { index, project in
            project.places.map { (index: index, department: project.department, places: max(0, $0)) }
        }
        let byDepartment = Dictionary(grouping: sized, by: \.department)
        if let crowded = byDepartment.first(where: { $0.value.count > projectsPerDepartment }) {
            return .failure(
                .init(
                    field: "projects",
                    description: "\(crowded.key) has \(crowded.value.count) projects; at most \(projectsPerDepartment) each"))
        }
        // The value of a department with `x` more places: its excess, then 1 if it stays above α.
        func value(_ demand: CapacityPlan.Demand, _ x: Int) -> Value {
            let excess = max(0, demand.population * alphaDenominator - alphaNumerator * (demand.capacity + x))
            return Value(excess: excess, above: excess > 0 ? 1 : 0)
        }
        let ordered = demands.sorted { $0.department < $1.department }
        // Per department, every distinct sum of its projects' places with the first subset (by mask) that gives it.
        let options: [[(places: Int, mask: Int)]] = ordered.map { demand in
            let own = byDepartment[demand.department] ?? []
            var first: [Int: Int] = [:]
            for mask in 0..<(1 << own.count) {
                var sum = 0
                for bit in own.indices where mask & (1 << bit) != 0 { sum += own[bit].places }
                if sum <= budget, first[sum] == nil { first[sum] = mask }
            }
            return first.sorted { $0.key < $1.key }.map { (places: $0.key, mask: $0.value) }
        }
        // `front`: the Pareto front after the departments so far, by sum ascending; parents[k][sum] the previous sum and
        // the option of department k that reached it.
        var front: [(sum: Int, value: Value)] = [(0, Value(excess: 0, above: 0))]
        var parents: [[Int: (previous: Int, option: Int)]] = []
        for (k, demand) in ordered.enumerated() {
            var best: [Int: (value: Value, previous: Int, option: Int)] = [:]
            for state in front {
                for (o, option) in options[k].enumerated() where state.sum + option.places <= budget {
                    let sum = state.sum + option.places
                    let candidate = state.value + value(demand, option.places)
                    if let known = best[sum], !(candidate < known.value) { continue }
                    best[sum] = (candidate, state.sum, o)
                }
            }
            var next: [(sum: Int, value: Value)] = []
            var layer: [Int: (previous: Int, option: Int)] = [:]
            for (sum, entry) in best.sorted(by: { $0.key < $1.key }) where next.last.map({ entry.value < $0.value }) ?? true {
                next.append((sum, entry.value))
                layer[sum] = (entry.previous, entry.option)
            }
            front = next
            parents.append(layer)
        }
        // The front's values fall as the sums rise: its last state is the best, and the smallest sum at that value.
        guard var sum = front.last?.sum, let final = front.last?.value else {
            return .failure(.init(field: "budget", description: "no choice"))
        }
        var places: [String: Int] = [:]
        var chosenIndices = Set<Int>()
        for k in ordered.indices.reversed() {
            guard let parent = parents[k][sum] else { break }
            let option = options[k][parent.option]
            let own = byDepartment[ordered[k].department] ?? []
            for bit in own.indices where option.mask & (1 << bit) != 0 { chosenIndices.insert(own[bit].index) }
            if option.places > 0 { places[ordered[k].department] = option.places }
            sum = parent.previous
        }
        return .success(
            CapacitySelection(
                places: places, chosen: sized.filter { chosenIndices.contains($0.index) }.map { projects[$0.index].name },
                leftOut: sized.filter { !chosenIndices.contains($0.index) }.map { projects[$0.index].name },
                scaledExcess: final.excess, within: ordered.count - final.above))
    }

    /// The excess, then the departments left above α: compared in that order and added term by term.
    struct Value: Comparable {
        var excess: Int
        var above: Int

        static func < (a: Value, b: Value) -> Bool { (a.excess, a.above) < (b.excess, b.above) }
        static func + (a: Value, b: Value) -> Value { Value(excess: a.excess + b.excess, above: a.above + b.above) }
    }
}
