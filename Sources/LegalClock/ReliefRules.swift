import CustodiaCore

/// The decongestion routes other than the benefits (docs/legal/peru-relief.md sections 2 and 3): vigilancia
/// electrónica and the conversions of a sentence. Each answer is a finding with the rules that qualify or exclude the
/// person, never a decision: a judge decides every one (worked examples W4-W7).
public enum ReliefRules {
    /// Whether a route is open to the person, and why.
    public struct Finding: Sendable, Hashable {
        public var eligible: Bool
        /// The rules that qualify the person (or that the finding rests on).
        public var rules: [RuleID]
        /// The rules that exclude the person.
        public var excludedBy: [RuleID]
        /// A default of the spec decided it ([OPEN]): a lawyer must look.
        public var needsLegalReview: Bool
        public var detail: String

        init(eligible: Bool, rules: [RuleID], excludedBy: [RuleID] = [], needsLegalReview: Bool = false, detail: String) {
            self.eligible = eligible
            self.rules = rules
            self.excludedBy = excludedBy
            self.needsLegalReview = needsLegalReview
            self.detail = detail
        }
    }

    /// VE-6: the crimes D.Leg. 1322 art. 5 excludes from vigilancia electrónica, as the press lists them (organised
    /// crime, robo agravado, secuestro, extorsión, corruption of officials); the article itself was not read [OPEN].
    public static let electronicExcludedArticles: Set<String> = [
        "317", "317-B", "189", "152", "200", "382", "383", "384", "387", "393", "394", "395", "396", "397", "398", "399", "400",
        "401",
    ]

    /// DR-1: the crimes whose foreign convicts may not have their sentence converted to expulsion (CP art. 52).
    public static let expulsionExcludedArticles: Set<String> = [
        "108-C", "129-A", "152", "186", "188", "189", "200", "296", "297", "303-A", "303-C", "317", "317-B",
    ]

    /// VE-4's ceiling in months on a day: 8 years under D.Leg. 1322's first text (from 2017-01-06), 10 since D.Leg.
    /// 1514 (2020-06-04); from 10 to 12 years only with community service or limitation of days.
    public static func electronicCeilingMonths(on day: CivilDate) -> Int {
        day < CivilDate(year: 2020, month: 6, day: 4)! ? 96 : 120
    }

    /// VE-4, VE-6: a sentenced person's sentence converted to vigilancia electrónica, asked for on `day`.
    public static func electronicForSentenced(
        sentenceMonths: Int, articles: [String], recidivist: Bool, on day: CivilDate
    ) -> Finding {
        var excluded: [RuleID] = []
        var details: [String] = []
        if recidivist {
            excluded.append(.ve6)
            details.append("reincidente o habitual (CP 29-A.4)")
        }
        let listed = articles.filter(electronicExcludedArticles.contains)
        if !listed.isEmpty {
            if !excluded.contains(.ve6) { excluded.append(.ve6) }
            details.append("delito excluido: \(listed.joined(separator: ", "))")
        }
        let ceiling = electronicCeilingMonths(on: day)
        if sentenceMonths > 144 || (ceiling < 120 && sentenceMonths > ceiling) {
            excluded.append(.ve4)
            details.append("pena mayor al máximo")
        }
        let withServices = ceiling == 120 && sentenceMonths > 120 && sentenceMonths <= 144
        if withServices { details.append("entre 10 y 12 años: solo con servicios comunitarios o limitación de días") }
        return Finding(
            eligible: excluded.isEmpty, rules: [.ve4], excludedBy: excluded, needsLegalReview: !listed.isEmpty || withServices,
            detail: details.joined(separator: "; "))
    }

    /// VE-5: one day of vigilancia for one day of prison, so the sentence's last day does not move: the vigilancia
    /// runs from the conversion to that day.
    public static func electronicRuns(convertedOn: CivilDate, sentenceEndsOn: CivilDate) -> (from: CivilDate, until: CivilDate) {
        (convertedOn, sentenceEndsOn)
    }

    /// VE-3: a procesado whose offence carries at most 7 years: vigilancia electrónica is the preferred measure, prisión
    /// preventiva only after it is revoked or on a second request. `nil`: the penalty is not known.
    public static func electronicPreferred(maximumPenaltyYears: Int?) -> Finding {
        guard let years = maximumPenaltyYears else {
            return Finding(eligible: false, rules: [.ve3], needsLegalReview: true, detail: "pena máxima no registrada")
        }
        return Finding(
            eligible: years <= 7, rules: [.ve3], excludedBy: years <= 7 ? [] : [.ve3],
            detail: "pena máxima \(years) años")
    }

    /// DR-2: the days of a sentence still to serve from a conversion in execution (the conversion day counted), and the
    /// jornadas they become at seven days each, rounded down (the fewer jornadas, pro-liberty; the rounding is [OPEN]).
    public static func jornadas(convertedOn: CivilDate, sentenceEndsOn: CivilDate) -> (days: Int, jornadas: Int) {
        let days = max(0, convertedOn.days(until: sentenceEndsOn) + 1)
        return (days, days / 7)
    }

    /// DR-1: a foreigner's sentence converted to expulsion, unless a crime of the list excludes it.
    public static func expulsion(foreigner: Bool, articles: [String]) -> Finding {
        guard foreigner else { return Finding(eligible: false, rules: [.dr1], detail: "no es extranjero") }
        let listed = articles.filter(expulsionExcludedArticles.contains)
        return Finding(
            eligible: listed.isEmpty, rules: [.dr1], excludedBy: listed.isEmpty ? [] : [.dr1],
            detail: listed.isEmpty ? "" : "delito excluido: \(listed.joined(separator: ", "))")
    }

    /// DR-1, DR-2: the longest sentence a foreigner's conversion to expulsion admits on a day: 5 years at sentencing
    /// (CP 52), 10 in execution since Ley 32372 (2025-06-07).
    public static func expulsionCeilingMonths(on day: CivilDate) -> Int {
        day < CivilDate(year: 2025, month: 6, day: 7)! ? 60 : 120
    }

    /// DR-2's conversion in execution to community service or limitation of days: D.Leg. 1300's own limits were not
    /// read [OPEN]; the default is DR-1's ceiling for that conversion, 5 years.
    public static let conversionCeilingMonths = 60

    /// CP art. 149, omisión a la asistencia familiar (DR-4).
    public static let alimonyArticle = "149"

    /// DR-2: the first day on which two thirds of a sentence of `months` ending on `endsOn` are served: the day the
    /// days left (that day to the end, both counted) are no more than a third of the whole, the third rounded up (the
    /// earlier day, pro-liberty).
    public static func twoThirdsServed(endsOn: CivilDate, months: Int) -> CivilDate {
        let total = endsOn.adding(months: -months).days(until: endsOn)
        return endsOn.adding(days: -((total + 2) / 3) + 1)
    }
}
