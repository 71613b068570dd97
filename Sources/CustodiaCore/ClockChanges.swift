/// What a recompute of the stored clocks changed: how many clocks moved in each stored field, and which alerts
/// appeared or vanished on the day (an alert is a person and a kind). Shown by `custodia clocks recompute` after
/// a law, a setting or the clock's rules change.
public struct ClockChanges: Sendable, Equatable {
    /// The stored fields, in the order they are reported.
    public static let fields = [
        "status", "pretrial_ends_on", "sentence_ends_on", "semiliberty_from", "conditional_release_from", "needs_review",
    ]

    /// Clocks whose field changed, by field name.
    public var changed: [String: Int] = [:]
    public var appeared: [AlertKind: Int] = [:]
    public var vanished: [AlertKind: Int] = [:]
    /// Clocks stored now for persons who had none, and clocks no longer stored.
    public var added = 0
    public var removed = 0

    public init() {}

    /// Adds the counts of another part of the same recompute (computed in parallel).
    public mutating func merge(_ other: ClockChanges) {
        changed.merge(other.changed, uniquingKeysWith: +)
        appeared.merge(other.appeared, uniquingKeysWith: +)
        vanished.merge(other.vanished, uniquingKeysWith: +)
        added += other.added
        removed += other.removed
    }

    /// Compares one person's clock before and after (`nil`: none stored), with the alerts of the day.
    public mutating func compare(_ old: StoredClock?, _ new: StoredClock?, asOf: CivilDate) {
        switch (old, new) {
        case (nil, nil): return
        case (nil, _): added += 1
        case (_, nil): removed += 1
        case (let old?, let new?):
            func count(_ field: String, _ differs: Bool) { if differs { changed[field, default: 0] += 1 } }
            count("status", old.status != new.status)
            count("pretrial_ends_on", old.pretrialEndsOn != new.pretrialEndsOn)
            count("sentence_ends_on", old.sentenceEndsOn != new.sentenceEndsOn)
            count("semiliberty_from", old.semilibertyFrom != new.semilibertyFrom)
            count("conditional_release_from", old.conditionalReleaseFrom != new.conditionalReleaseFrom)
            count("needs_review", old.needsReview != new.needsReview)
        }
        let before = Set((old.map { Alert.raised(by: $0, asOf: asOf) } ?? []).map(\.kind))
        let after = Set((new.map { Alert.raised(by: $0, asOf: asOf) } ?? []).map(\.kind))
        for kind in after.subtracting(before) { appeared[kind, default: 0] += 1 }
        for kind in before.subtracting(after) { vanished[kind, default: 0] += 1 }
    }

    /// One line per figure, for the command's output and docs/benchmarks.md.
    public var report: String {
        var lines = ["dates changed per field:"]
        for field in Self.fields { lines.append("  \(field): \(changed[field] ?? 0)") }
        lines.append("clocks added: \(added), removed: \(removed)")
        func kinds(_ counts: [AlertKind: Int]) -> String {
            let shown = AlertKind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue) \($0)" } }
            return shown.isEmpty ? "none" : shown.joined(separator: ", ")
        }
        lines.append("alerts appeared: \(appeared.values.reduce(0, +)) (\(kinds(appeared)))")
        lines.append("alerts vanished: \(vanished.values.reduce(0, +)) (\(kinds(vanished)))")
        return lines.joined(separator: "\n")
    }
}
