/// The plan checker (issue 14 point 2; planning.md T-A4): verifies a plan against the instance's hard constraints by a
/// path of its own — no flow network, no ratio arithmetic of the planner — so that a fault in one is not hidden by the
/// same fault in the other. Every plan the planner returns is checked before anyone sees it.
public enum PlanChecker {
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The constraint's code (`PL-H1` …).
        public var code: String
        public var detail: String

        public var description: String { "\(code): \(detail)" }
    }

    public static func violations(of plan: TransferPlan, in instance: TransferInstance) -> [Violation] {
        var found: [Violation] = []
        guard plan.placements.count == instance.cohorts.count else {
            return [
                Violation(code: "PL-H1", detail: "the plan places \(plan.placements.count) cohorts of \(instance.cohorts.count)")
            ]
        }
        var held = Array(repeating: 0, count: instance.units.count)
        var moved = 0
        var kilometres = 0
        // PL-H7: (group, establishment) pairs present before and after, counted by this path's own loops.
        var presentBefore: Set<[Int]> = []
        var presentAfter: Set<[Int]> = []
        for (index, cohort) in instance.cohorts.enumerated() {
            let placed = plan.placements[index]
            // PL-H1: everyone is somewhere, once.
            let total = placed.values.reduce(0, +)
            if total != cohort.size || placed.values.contains(where: { $0 < 0 }) {
                found.append(Violation(code: "PL-H1", detail: "cohort \(index): \(total) placed of \(cohort.size)"))
            }
            if let group = cohort.group, cohort.size > 0 { presentBefore.insert([group, cohort.origin]) }
            for (unitIndex, count) in placed.sorted(by: { $0.key < $1.key }) {
                guard instance.units.indices.contains(unitIndex) else {
                    found.append(Violation(code: "PL-H1", detail: "cohort \(index): unit \(unitIndex) does not exist"))
                    continue
                }
                let unit = instance.units[unitIndex]
                held[unitIndex] += count
                let stays = unit.establishment == cohort.origin
                if !stays { moved += count }
                if let group = cohort.group, count > 0 { presentAfter.insert([group, unit.establishment]) }
                if !stays, let distances = instance.distances {
                    kilometres += count * distances[cohort.origin][unit.establishment]
                }
                // PL-H9: not farther from home than D_max, or than where they were.
                if !stays, count > 0, let limit = instance.familyLimitKm, let home = cohort.home,
                    let homes = instance.homeDistances?[home],
                    homes[unit.establishment] > limit, homes[unit.establishment] > homes[cohort.origin]
                {
                    found.append(
                        Violation(
                            code: "PL-H9",
                            detail:
                                "cohort \(index) moved \(homes[unit.establishment]) km from home, beyond \(limit) km and \(homes[cohort.origin]) km"
                        ))
                }
                // PL-H3/H4: only places of their kind.
                if unit.kind != cohort.kind {
                    found.append(
                        Violation(code: "PL-H3", detail: "cohort \(index) (\(cohort.kind)) placed in \(unit.kind) places"))
                }
                // PL-H10: the frozen stay.
                if cohort.frozen, !stays {
                    found.append(Violation(code: "PL-H10", detail: "cohort \(index) cannot move, and \(count) moved"))
                }
                // PL-H5, H6, H9: only where they may go.
                if !stays, let allowed = cohort.destinations, !allowed.contains(unit.establishment) {
                    found.append(
                        Violation(
                            code: "PL-H6",
                            detail:
                                "cohort \(index) moved to \(instance.establishments[unit.establishment]), outside its destinations"
                        ))
                }
            }
        }
        // PL-H7: no two groups in conflict brought together where they were not both before.
        for conflict in instance.conflicts.sorted(by: { ($0.first, $0.second) < ($1.first, $1.second) }) {
            for establishment in instance.establishments.indices
            where presentAfter.contains([conflict.first, establishment])
                && presentAfter.contains([conflict.second, establishment])
                && !(presentBefore.contains([conflict.first, establishment])
                    && presentBefore.contains([conflict.second, establishment]))
            {
                found.append(
                    Violation(
                        code: "PL-H7",
                        detail:
                            "groups \(conflict.first) and \(conflict.second) brought together in \(instance.establishments[establishment])"
                    ))
            }
        }
        // O3's stated kilometres are those the moves travel.
        if let distance = plan.distance, distance.kilometres != kilometres || distance.floor > kilometres {
            found.append(
                Violation(
                    code: "PL-O3",
                    detail: "the plan says \(distance.kilometres) km (floor \(distance.floor)) and its moves travel \(kilometres)"
                ))
        }
        // PL-H2: no unit above the plan's ratio times its places (integer comparison: held × den ≤ θ × num).
        for (index, unit) in instance.units.enumerated() where held[index] > 0 {
            let limit = Double(plan.maxRatio.numerator) * Double(unit.capacity.numerator)
            let need = Double(held[index]) * Double(plan.maxRatio.denominator) * Double(unit.capacity.denominator)
            if need > limit * (1 + 1e-12) {
                found.append(
                    Violation(
                        code: "PL-H2",
                        detail:
                            "\(instance.establishments[unit.establishment]) \(unit.kind): \(held[index]) above \(plan.maxRatio.percent) % of its places"
                    ))
            }
        }
        // PL-H2 with a unit's own limit (PE-69-TC): no more than ⌊limit·C⌋, by integer arithmetic of its own.
        for (index, unit) in instance.units.enumerated() {
            guard let limit = unit.limit else { continue }
            let most = (limit.numerator * unit.capacity.numerator) / (limit.denominator * unit.capacity.denominator)
            if held[index] > most {
                found.append(
                    Violation(
                        code: "PL-H2",
                        detail:
                            "\(instance.establishments[unit.establishment]) \(unit.kind): \(held[index]) above its limit of \(most)"
                    ))
            }
        }
        // PL-H2 in the excess form: the persons above ⌊α·C⌋ the plan states are those it holds there (integer floor of
        // the product of the two fractions, not the planner's Ratio arithmetic).
        if let excess = plan.excess {
            var over = 0
            for (index, unit) in instance.units.enumerated() {
                let limit =
                    (excess.alpha.numerator * unit.capacity.numerator) / (excess.alpha.denominator * unit.capacity.denominator)
                over += max(0, held[index] - limit)
            }
            if over != excess.after {
                found.append(
                    Violation(code: "PL-H2", detail: "the plan says \(excess.after) above α·places and holds \(over) there"))
            }
        }
        // PL-H8: the cap on moves, and the count the plan states.
        if let cap = instance.movesCap, moved > cap {
            found.append(Violation(code: "PL-H8", detail: "\(moved) moved, the cap is \(cap)"))
        }
        if moved != plan.moves {
            found.append(Violation(code: "PL-H8", detail: "the plan says \(plan.moves) moves and places \(moved) elsewhere"))
        }
        return found
    }
}
