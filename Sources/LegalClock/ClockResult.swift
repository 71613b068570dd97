import CustodiaCore

/// What a clock says, with its work shown: every rule applied (id, citation, values), every setting that
/// decided a result ("needs legal review"), and validation messages instead of guessed dates.
public struct ClockResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case pretrial, sentenced
        /// Missing or contradictory data: see `messages`.
        case notComputable = "not_computable"
    }

    public var status: Status
    public var pretrial: PretrialClock?
    public var sentence: SentenceClock?
    public var rules: [AppliedRule]
    public var review: [ReviewFlag]
    public var messages: [ClockMessage]
    /// The rule table version used (by law), when one was needed.
    public var ruleVersion: String?
    /// Whether a setting for an [OPEN] point decided the result (the `review` list says which, when the
    /// breakdown was asked for).
    public var needsLegalReview: Bool

    public init(
        status: Status, pretrial: PretrialClock? = nil, sentence: SentenceClock? = nil, rules: [AppliedRule] = [],
        review: [ReviewFlag] = [], messages: [ClockMessage] = [], ruleVersion: String? = nil, needsLegalReview: Bool? = nil
    ) {
        self.status = status
        self.pretrial = pretrial
        self.sentence = sentence
        self.rules = rules
        self.review = review
        self.messages = messages
        self.ruleVersion = ruleVersion
        self.needsLegalReview = needsLegalReview ?? !review.isEmpty
    }

    enum CodingKeys: String, CodingKey {
        case status, pretrial, sentence, rules, review, messages, ruleVersion = "rule_version"
        case needsLegalReview = "needs_legal_review"
    }
}

public struct PretrialClock: Codable, Sendable, Equatable {
    /// First day counted (PP-8).
    public var startsOn: CivilDate
    public var caseType: CaseType
    /// Last day in custody under the ordered term and the prolongations granted, suspensions added.
    public var termEndsOn: CivilDate
    /// The day the person must be free if nothing else is ordered (PP-6).
    public var releaseOn: CivilDate
    /// Days from the as-of date to the term end (negative: days held beyond it).
    public var daysLeft: Int
    public var expired: Bool
    /// The furthest end reachable with every prolongation the law allows (PP-3).
    public var maximumEndsOn: CivilDate
    public var prolongationPossible: Bool
    public var suspendedDays: Int
    /// Art. 274.5 limit after an appealed first-instance conviction.
    public var appealLimitEndsOn: CivilDate?

    enum CodingKeys: String, CodingKey {
        case startsOn = "starts_on", caseType = "case_type", termEndsOn = "term_ends_on", releaseOn = "release_on"
        case daysLeft = "days_left", expired, maximumEndsOn = "maximum_ends_on"
        case prolongationPossible = "prolongation_possible", suspendedDays = "suspended_days"
        case appealLimitEndsOn = "appeal_limit_ends_on"
    }
}

public struct SentenceClock: Codable, Sendable, Equatable {
    public var life: Bool
    /// First day of the current, continuous custody.
    public var startsOn: CivilDate
    /// End before crediting earlier custody and redemption.
    public var nominalEndsOn: CivilDate?
    /// Days of earlier custody credited (abono, CP art. 47).
    public var creditedDays: Int
    /// Days redeemed by work or study.
    public var redeemedDays: Int
    /// Last day in prison after crediting and redemption.
    public var endsOn: CivilDate?
    public var releaseOn: CivilDate?
    public var daysLeft: Int?
    public var semiliberty: BenefitDate?
    public var conditionalRelease: BenefitDate?
    /// For fines: días-multa left after crediting detention at 2 per day.
    public var fineDaysRemaining: Int?

    enum CodingKeys: String, CodingKey {
        case life, startsOn = "starts_on", nominalEndsOn = "nominal_ends_on", creditedDays = "credited_days"
        case redeemedDays = "redeemed_days", endsOn = "ends_on", releaseOn = "release_on", daysLeft = "days_left"
        case semiliberty, conditionalRelease = "conditional_release", fineDaysRemaining = "fine_days_remaining"
    }
}

/// When a benefit can be asked for, or the rule that excludes it.
public struct BenefitDate: Codable, Sendable, Equatable {
    /// "1/3", "2/3", "1/2", "3/4".
    public var fraction: String?
    public var eligibleFrom: CivilDate?
    public var reached: Bool
    /// Rule id that excludes the benefit (e.g. BF-3), when excluded.
    public var excludedBy: RuleID?

    enum CodingKeys: String, CodingKey { case fraction, eligibleFrom = "eligible_from", reached, excludedBy = "excluded_by" }
}

/// One rule applied, with its legal citation and the values it produced.
public struct AppliedRule: Codable, Sendable, Equatable {
    public var id: RuleID
    public var citation: String
    /// What the rule did, in Spanish; `detailEn` in English.
    public var detail: String
    public var detailEn: String

    /// The citation is the rule's own (`RuleID.citation`).
    public init(id: RuleID, detail: String, detailEn: String) {
        self.id = id
        self.citation = id.citation
        self.detail = detail
        self.detailEn = detailEn
    }

    enum CodingKeys: String, CodingKey { case id, citation, detail, detailEn = "detail_en" }
}

/// A setting for an [OPEN] point of the law that decided a result: the result needs legal review.
public struct ReviewFlag: Codable, Sendable, Equatable {
    public var setting: String
    public var rule: RuleID
    public var value: String
    /// Why a legal reviewer should look, in Spanish; `reasonEn` in English.
    public var reason: String
    public var reasonEn: String

    enum CodingKeys: String, CodingKey { case setting, rule, value, reason, reasonEn = "reason_en" }
}

public struct ClockMessage: Codable, Sendable, Equatable {
    public var code: String
    public var field: String
    public var message: String
    public var messageEn: String

    enum CodingKeys: String, CodingKey { case code, field, message, messageEn = "message_en" }
}
