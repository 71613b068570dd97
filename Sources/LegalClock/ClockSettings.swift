/// Named settings for the points peru-law.md marks [OPEN]. Each has a documented default
/// (docs/legal/clock-format.md, "Settings"); when a setting decides a result, the result names it for legal review.
public struct ClockSettings: Sendable, Equatable {
    /// R-CAL-5: a month without the start day. `clamp` (default): the last day of that month, the earlier,
    /// pro-liberty date; `next_day`: the first day of the next month.
    public var monthEnd: MonthEnd = .clamp
    /// RD-8: fractional redeemed days. `carry` (default): floor per computation period carrying the remainder,
    /// that is the floor of the total days at one ratio and law version; `floor`: floor per entry; `up`: each
    /// entry rounded up.
    public var redemptionRounding: RedemptionRounding = .carry
    /// RD-8/BF-4: which law version gives the ratio of each entry of work or study. `case` (default): the version
    /// the case's date picks (BF-4) for every entry; `activity`: the version in force on the last day of the entry.
    public var redemptionLawDate: RedemptionLawDate = .case
    /// RD-9: several ratios apply. `most_restrictive` (default) or `most_favourable`.
    public var severalRatios: SeveralRatios = .mostRestrictive
    /// AB-3: days of sentence credited per day of house arrest (default 1).
    public var houseArrestCreditRate: Int = 1
    /// PP-5: art. 274.5 "half of the sentence" counted as total custody since arrest (default) or from the conviction.
    public var appealLimitBasis: AppealLimitBasis = .totalCustody
    /// BF-4: which date picks the rule version: `commission` (default), `conviction`, or `as_of`.
    public var ruleVersionDate: RuleVersionDate = .commission
    /// Benefit fraction that is not a whole number of months: computed in days, rounded up (default).
    public var fractionRounding: Rounding = .up

    public enum MonthEnd: String, Sendable, CaseIterable { case clamp, nextDay = "next_day" }
    public enum Rounding: String, Sendable, CaseIterable { case floor, up }
    public enum RedemptionRounding: String, Sendable, CaseIterable { case carry, floor, up }
    public enum RedemptionLawDate: String, Sendable, CaseIterable { case `case`, activity }
    public enum SeveralRatios: String, Sendable, CaseIterable {
        case mostRestrictive = "most_restrictive", mostFavourable = "most_favourable"
    }
    public enum AppealLimitBasis: String, Sendable, CaseIterable {
        case totalCustody = "total_custody", fromConviction = "from_conviction"
    }
    public enum RuleVersionDate: String, Sendable, CaseIterable { case commission, conviction, asOf = "as_of" }

    public init() {}

    /// A setting for an [OPEN] point, by its name in inputs and docs, with the rule it decides.
    public enum Setting: String, Sendable, CaseIterable {
        case monthEnd = "month_end", redemptionRounding = "redemption_rounding", severalRatios = "several_ratios"
        case houseArrestCreditRate = "house_arrest_credit_rate", appealLimitBasis = "appeal_limit_basis"
        case ruleVersionDate = "rule_version_date", fractionRounding = "fraction_rounding"
        case redemptionLawDate = "redemption_law_date"
        /// Not a switch but an [OPEN] list: the crimes at 2/3 and 3/4 come from the rule table (BF-3).
        case specialList = "special_list"

        public var rule: RuleID {
            switch self {
            case .monthEnd: .cal5
            case .redemptionRounding, .redemptionLawDate: .rd8
            case .severalRatios: .rd9
            case .houseArrestCreditRate: .ab3
            case .appealLimitBasis: .pp5
            case .ruleVersionDate: .bf4
            case .fractionRounding: .bf1
            case .specialList: .bf3
            }
        }
    }

    /// The value of a setting as written in inputs.
    public func value(of setting: Setting) -> String {
        switch setting {
        case .monthEnd: monthEnd.rawValue
        case .redemptionRounding: redemptionRounding.rawValue
        case .severalRatios: severalRatios.rawValue
        case .houseArrestCreditRate: String(houseArrestCreditRate)
        case .appealLimitBasis: appealLimitBasis.rawValue
        case .ruleVersionDate: ruleVersionDate.rawValue
        case .fractionRounding: fractionRounding.rawValue
        case .redemptionLawDate: redemptionLawDate.rawValue
        case .specialList: "table"
        }
    }

    /// Applies overrides; returns the names that were not understood.
    public mutating func apply(_ overrides: [String: String]) -> [String] {
        var unknown: [String] = []
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            var ok = true
            switch name {
            case "month_end": if let v = MonthEnd(rawValue: value) { monthEnd = v } else { ok = false }
            case "redemption_rounding":
                if let v = RedemptionRounding(rawValue: value) { redemptionRounding = v } else { ok = false }
            case "redemption_law_date":
                if let v = RedemptionLawDate(rawValue: value) { redemptionLawDate = v } else { ok = false }
            case "several_ratios": if let v = SeveralRatios(rawValue: value) { severalRatios = v } else { ok = false }
            case "house_arrest_credit_rate":
                if let v = Int(value), (0...2).contains(v) { houseArrestCreditRate = v } else { ok = false }
            case "appeal_limit_basis": if let v = AppealLimitBasis(rawValue: value) { appealLimitBasis = v } else { ok = false }
            case "rule_version_date": if let v = RuleVersionDate(rawValue: value) { ruleVersionDate = v } else { ok = false }
            case "fraction_rounding": if let v = Rounding(rawValue: value) { fractionRounding = v } else { ok = false }
            default: ok = false
            }
            if !ok { unknown.append(name) }
        }
        return unknown
    }
}
