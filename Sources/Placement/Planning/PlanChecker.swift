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
        for (index, cohort) in instance.cohorts.enumerated() {
            let placed = plan.placements[index]
            // PL-H1: everyone is somewhere, once.
            let total = placed.values.reduce(0, +)
            if total != cohort.size || placed.values.contains(where: { $0 < 0 }) {
                found.append(Violation(code: "PL-H1", detail: "cohort \(index): \(total) placed of \(cohort.size)"))
            }
            for (unitIndex, count) in placed.sorted(by: { $0.key < $1.key }) {
                guard instance.units.indices.contains(unitIndex) else {
                    found.append(Violation(code: "PL-H1", detail: "cohort \(index): unit \(unitIndex) does not exist"))
                    continue
                }
                let unit = instance.units[unitIndex]
                held[unitIndex] += count
                let stays = unit.establishment == cohort.origin
                if !stays { moved += count }
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
