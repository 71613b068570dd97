/// Tier 2 (planning.md 1.5; issue 14 point 1): keep-apart groups in conflict are never brought together (PL-H7). Start
/// from Tier 1, which ignores PL-H7 and so gives a lower bound on θ* (LB1); while the plan brings two groups in
/// conflict together in an establishment where they were not both before, bar the group that was not there (of two,
/// the one with fewer arrivals; ties, the higher index) from being moved there, and solve Tier 1 again. Each round bars
/// arcs the last plan used, so the rounds end; the plan can only be at or above LB1, and the gap is reported.
extension TransferPlanner {
    static func keepingApart(_ instance: TransferInstance) -> Result<TransferPlan, PlanInfeasibility> {
        let first = tierOne(instance)
        guard case .success(var plan) = first else { return first }
        let relaxed = plan.maxRatio
        let before = presence(instance) { cohort in [instance.cohorts[cohort].origin: instance.cohorts[cohort].size] }
        var working = instance
        var rounds = 0
        while true {
            let after = presence(instance) { cohort in
                Dictionary(
                    plan.placements[cohort].map { (instance.units[$0.key].establishment, $0.value) }, uniquingKeysWith: +)
            }
            let fresh = newColocations(instance, before: before, after: after)
            if fresh.isEmpty { break }
            for (first, second, establishment) in fresh {
                let arrivals = { (group: Int) in
                    instance.cohorts.indices.filter {
                        instance.cohorts[$0].group == group && instance.cohorts[$0].origin != establishment
                    }.map { cohort in
                        plan.placements[cohort].filter { instance.units[$0.key].establishment == establishment }.values
                            .reduce(0, +)
                    }.reduce(0, +)
                }
                let firstWasThere = before[first]?[establishment] != nil
                let secondWasThere = before[second]?[establishment] != nil
                let barredGroup =
                    firstWasThere ? second : secondWasThere ? first : arrivals(first) < arrivals(second) ? first : second
                for cohort in instance.cohorts.indices
                where instance.cohorts[cohort].group == barredGroup && instance.cohorts[cohort].origin != establishment {
                    working.barred[cohort, default: []].insert(establishment)
                }
            }
            rounds += 1
            switch tierOne(working, atLeast: plan.maxRatio) {
            case .success(let repaired): plan = repaired
            case .failure(let failure): return .failure(failure)
            }
        }
        let existing = instance.conflicts.map { conflict in
            Set((before[conflict.first] ?? [:]).keys).intersection((before[conflict.second] ?? [:]).keys).count
        }.reduce(0, +)
        plan.keepApart = TransferPlan.KeepApart(relaxedRatio: relaxed, existing: existing, rounds: rounds)
        return .success(plan)
    }

    /// Per keep-apart group, the persons it has in each establishment (only where it has some).
    static func presence(_ instance: TransferInstance, _ held: (Int) -> [Int: Int]) -> [Int: [Int: Int]] {
        var present: [Int: [Int: Int]] = [:]
        for cohort in instance.cohorts.indices {
            guard let group = instance.cohorts[cohort].group else { continue }
            for (establishment, count) in held(cohort) where count > 0 {
                present[group, default: [:]][establishment, default: 0] += count
            }
        }
        return present
    }

    /// Groups in conflict together after the plan where they were not both before, in a stable order.
    static func newColocations(_ instance: TransferInstance, before: [Int: [Int: Int]], after: [Int: [Int: Int]])
        -> [(Int, Int, Int)]
    {
        instance.conflicts.sorted { ($0.first, $0.second) < ($1.first, $1.second) }.flatMap { conflict in
            let together = Set((after[conflict.first] ?? [:]).keys).intersection((after[conflict.second] ?? [:]).keys)
            return together.sorted().compactMap { establishment in
                before[conflict.first]?[establishment] != nil && before[conflict.second]?[establishment] != nil
                    ? nil : (conflict.first, conflict.second, establishment)
            }
        }
    }
}
