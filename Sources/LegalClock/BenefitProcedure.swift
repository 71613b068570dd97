import CustodiaCore

/// The dates a benefit file must meet (docs/legal/peru-relief.md section 1, worked examples W1 and W2): each term
/// counted in working days (BP-8: from the day after, Peru's national holidays skipped) from the step before it, or
/// from that step's own due day while it has not happened.
public struct BenefitSchedule: Hashable, Sendable {
    /// The first working day on or after the eligibility date: the CTP opens the file ex officio (BP-2).
    public var opensOn: CivilDate
    /// BP-4: the file complete.
    public var completeBy: CivilDate
    /// BP-4: remitted to the court.
    public var sendBy: CivilDate
    /// BP-6: the hearing held, and the decision given.
    public var hearingBy: CivilDate
    public var decisionBy: CivilDate
    /// BP-7: the last day to appeal the decision (a grant is executed at once all the same).
    public var appealBy: CivilDate

    /// Which term a file has let pass.
    public enum Late: String, Hashable, Sendable, CaseIterable, Codable {
        /// No file, or a file still incomplete, past BP-4's term.
        case file
        /// Complete, not remitted within BP-4's two days.
        case send
        /// At the court, no hearing within BP-6's term.
        case hearing
        /// Heard, no decision within BP-6's two days.
        case decision
        /// Granted, the person still inside (the release is due the day of the grant).
        case release

        public var rule: RuleID {
            switch self {
            case .file, .send: .bp4
            case .hearing, .decision: .bp6
            case .release: .bp7
            }
        }
    }
}

public enum BenefitProcedure {
    /// The first working day on or after `day`.
    public static func firstWorkingDay(onOrAfter day: CivilDate) -> CivilDate {
        var current = day
        while !WorkingDays.isWorkingDay(current) { current = current.adding(days: 1) }
        return current
    }

    /// The schedule of a file for a person eligible from `eligibleFrom`, given the steps already taken.
    public static func schedule(
        eligibleFrom: CivilDate, terms: BenefitTerms, completedOn: CivilDate? = nil, sentOn: CivilDate? = nil,
        hearingOn: CivilDate? = nil, decidedOn: CivilDate? = nil
    ) -> BenefitSchedule {
        let opensOn = firstWorkingDay(onOrAfter: eligibleFrom)
        let completeBy = WorkingDays.adding(terms.value(.fileWorkingDays), after: opensOn)
        let sendBy = WorkingDays.adding(terms.value(.remitWorkingDays), after: completedOn ?? completeBy)
        let hearingBy = WorkingDays.adding(terms.value(.hearingWorkingDays), after: sentOn ?? sendBy)
        let decisionBy = WorkingDays.adding(terms.value(.decisionWorkingDays), after: hearingOn ?? hearingBy)
        let appealBy = WorkingDays.adding(terms.value(.appealWorkingDays), after: decidedOn ?? decisionBy)
        return BenefitSchedule(
            opensOn: opensOn, completeBy: completeBy, sendBy: sendBy, hearingBy: hearingBy, decisionBy: decisionBy,
            appealBy: appealBy)
    }

    /// The schedule of a stored file.
    public static func schedule(of file: BenefitFile, terms: BenefitTerms) -> BenefitSchedule {
        schedule(
            eligibleFrom: file.eligibleFrom, terms: terms, completedOn: file.completedOn, sentOn: file.sentOn,
            hearingOn: file.hearingOn, decidedOn: file.decidedOn)
    }

    /// The term a file has let pass on `asOf` (the due day itself is still on time), `nil` when none.
    public static func late(_ file: BenefitFile, terms: BenefitTerms, asOf: CivilDate) -> BenefitSchedule.Late? {
        let dates = schedule(of: file, terms: terms)
        switch file.state {
        case .assembling: return asOf > dates.completeBy ? .file : nil
        case .complete: return asOf > dates.sendBy ? .send : nil
        case .sent: return asOf > dates.hearingBy ? .hearing : nil
        case .hearingSet: return asOf > dates.decisionBy ? .decision : nil
        case .granted: return asOf > (file.grantedOn ?? asOf) ? .release : nil
        case .appealed, .denied, .released, .revoked: return nil
        }
    }

    /// An eligible person without a file: late once the file's own term has passed.
    public static func lateWithoutFile(eligibleFrom: CivilDate, terms: BenefitTerms, asOf: CivilDate) -> Bool {
        asOf > schedule(eligibleFrom: eligibleFrom, terms: terms).completeBy
    }

    /// Whether a file is due for a person eligible from `eligibleFrom` on `asOf`: from BP-2's lead days before it.
    public static func isDue(eligibleFrom: CivilDate, terms: BenefitTerms, asOf: CivilDate) -> Bool {
        asOf >= eligibleFrom.adding(days: -terms.value(.leadDays))
    }

    /// W3 (BP-11): the last day of the sentence of a person whose benefit was revoked, back in prison on
    /// `returnedOn`. The days pending at the release are served again from the return unless the terms credit the
    /// time on the benefit ([OPEN], default not credited), in which case the end does not move.
    public static func sentenceEndAfterRevocation(
        releasedOn: CivilDate, sentenceEndsOn: CivilDate, returnedOn: CivilDate, terms: BenefitTerms
    ) -> CivilDate {
        if terms.value(.revocationCredit) == 1 { return sentenceEndsOn }
        let pending = releasedOn.days(until: sentenceEndsOn) + 1
        return returnedOn.adding(days: pending - 1)
    }
}
