import CustodiaCore

/// The benefits board of one or more establishments (issue 26 point 5): every candidate with the state of their file
/// ("not started" without one), the next term's due day and the term let pass, late first; and the counts by state.
public struct BenefitBoard: Sendable {
    public struct Entry: Sendable, Hashable {
        public var candidate: BenefitCandidate
        /// The file's state, or `nil`: not started.
        public var state: BenefitFile.State?
        /// The next term's due day (the file's own term for a person without one).
        public var dueBy: CivilDate
        public var late: BenefitSchedule.Late?
    }

    public var asOf: CivilDate
    public var terms: BenefitTerms
    public var entries: [Entry]

    public init(candidates: [BenefitCandidate], rules: RuleSet, asOf: CivilDate) {
        self.asOf = asOf
        terms = rules.benefitTerms.terms(on: asOf)
        let current = terms
        entries = candidates.map { candidate in
            guard let file = candidate.file else {
                let dates = BenefitProcedure.schedule(eligibleFrom: candidate.eligibleFrom, terms: current)
                let late = BenefitProcedure.lateWithoutFile(eligibleFrom: candidate.eligibleFrom, terms: current, asOf: asOf)
                return Entry(candidate: candidate, state: nil, dueBy: dates.completeBy, late: late ? .file : nil)
            }
            let fileTerms = rules.benefitTerms.terms(version: file.termsVersion) ?? current
            let dates = BenefitProcedure.schedule(of: file, terms: fileTerms)
            let due: CivilDate =
                switch file.state {
                case .assembling: dates.completeBy
                case .complete: dates.sendBy
                case .sent: dates.hearingBy
                case .hearingSet: dates.decisionBy
                case .granted: file.grantedOn ?? asOf
                case .denied, .appealed, .released, .revoked: dates.appealBy
                }
            return Entry(
                candidate: candidate, state: file.state, dueBy: due,
                late: BenefitProcedure.late(file, terms: fileTerms, asOf: asOf))
        }
        .sorted { a, b in
            // Late first (the files under way before the persons without one), then by the due day, then by the person.
            if (a.late != nil) != (b.late != nil) { return a.late != nil }
            if (a.state != nil) != (b.state != nil) { return a.state != nil }
            if a.dueBy != b.dueBy { return a.dueBy < b.dueBy }
            return a.candidate.personID < b.candidate.personID
        }
    }

    /// Persons by state (`not_started` for those without a file), and `late`.
    public var counts: [String: Int] {
        var counts: [String: Int] = ["not_started": 0, "late": 0]
        for entry in entries {
            counts[entry.state?.rawValue ?? "not_started", default: 0] += 1
            if entry.late != nil { counts["late", default: 0] += 1 }
        }
        return counts
    }
}
