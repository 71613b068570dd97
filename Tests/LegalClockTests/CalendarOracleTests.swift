import CustodiaCore
import Foundation
import LegalClock
import Testing

/// The legal clock's month arithmetic checked against an oracle that shares nothing with it: a table of days in
/// each month, stepping one month or one day at a time (R-CAL-3, R-CAL-4, R-CAL-5 in docs/legal/peru-law.md).
/// Dates are drawn with a bias towards the days where month arithmetic goes wrong: month ends, 29 February,
/// the first of a month, the limits of 2 days and 35 years, and every case type.
///
/// Each run checks a fixed seed and one random seed, printed; `CUSTODIA_PROPERTY_SEED=N` replays seed N alone.
@Suite struct CalendarOracleTests {
    static let rules = try! RuleSet.bundled()
    static let casesPerSeed = 4_000

    @Test(arguments: PropertySeeds.all)
    func pretrialTermEndsOneDayBeforeTheSameDayMonthsLater(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var failures = 0
        for _ in 0..<Self.casesPerSeed {
            let start = OracleDate.biased(&random)
            let (caseType, maximum) = [(CaseType.ordinary, 9), (.complex, 18), (.organizedCrime, 36)].randomElement(
                using: &random)!
            let months =
                Bool.random(using: &random)
                ? [1, maximum].randomElement(using: &random)! : Int.random(in: 1...maximum, using: &random)
            let input = ClockInput(
                asOf: start.civil, custody: [CustodyPeriod(kind: .pretrialDetention, from: start.civil)],
                caseTypes: [CaseTypeChange(from: start.civil, type: caseType)], pretrial: PretrialOrder(months: months))
            let result = LegalClock.compute(input, rules: Self.rules, explain: false)
            let expected = start.addingMonths(months).previousDay
            if result.pretrial?.termEndsOn != expected.civil {
                failures += 1
                if failures <= 5 {
                    Issue.record(
                        "seed \(seed): \(caseType) \(months) months from \(start): \(String(describing: result.pretrial?.termEndsOn)), expected \(expected) (\(result.messages.map(\.code)))"
                    )
                }
            }
        }
        #expect(failures == 0, "seed \(seed): replay with CUSTODIA_PROPERTY_SEED=\(seed)")
    }

    @Test(arguments: PropertySeeds.all)
    func sentenceEndAndItsLegalRange(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var failures = 0
        var refused = 0
        for _ in 0..<Self.casesPerSeed {
            let start = OracleDate.biased(&random)
            let (years, months, days) = Self.sentenceLength(&random)
            let input = ClockInput(
                asOf: start.civil, custody: [CustodyPeriod(kind: .sentence, from: start.civil)],
                sentence: SentenceOrder(years: years, months: months, days: days, convictedOn: start.civil), crimes: ["106"],
                committedOn: start.civil)
            let result = LegalClock.compute(input, rules: Self.rules, explain: false)
            // CP art. 29: from 2 days to 35 years. The last day served is the same day N months later, less one day,
            // plus the days (R-CAL-4); it may not pass the last day of a 35-year sentence from the same start.
            let end = start.addingMonths(years * 12 + months).addingDays(days).previousDay
            let lastOf35Years = start.addingMonths(35 * 12).previousDay
            let servedDays = start.daysUntil(end) + 1
            let lawful = servedDays >= 2 && end <= lastOf35Years
            let outcome: String
            if lawful {
                outcome =
                    result.sentence?.nominalEndsOn == end.civil
                    ? "ok" : "ends \(String(describing: result.sentence?.nominalEndsOn)), expected \(end)"
            } else {
                refused += 1
                outcome = result.messages.contains { $0.code == "sentence.out_of_range" } ? "ok" : "accepted, the law refuses it"
            }
            if outcome != "ok" {
                failures += 1
                if failures <= 5 { Issue.record("seed \(seed): \(years)y \(months)m \(days)d from \(start): \(outcome)") }
            }
        }
        #expect(failures == 0, "seed \(seed): replay with CUSTODIA_PROPERTY_SEED=\(seed)")
        // The generator reaches both sides of the limits.
        #expect(refused > Self.casesPerSeed / 20 && refused < Self.casesPerSeed / 2, "\(refused) refused")
    }

    /// The oracle itself, on the worked examples of docs/legal/peru-law.md.
    @Test func theOracleAgreesWithTheWorkedExamples() {
        #expect(OracleDate(2022, 12, 7).addingMonths(18).previousDay == OracleDate(2024, 6, 6))  // example 1
        #expect(OracleDate(2025, 1, 15).addingMonths(9).previousDay == OracleDate(2025, 10, 14))  // example 4
        #expect(OracleDate(2021, 3, 1).addingMonths(36).previousDay == OracleDate(2024, 2, 29))  // example 7
        #expect(OracleDate(2024, 5, 31).addingMonths(9).previousDay == OracleDate(2025, 2, 27))  // example 8, R-CAL-5
        #expect(OracleDate(2023, 3, 10).addingMonths(96).previousDay == OracleDate(2031, 3, 9))  // example 10
        #expect(OracleDate(2000, 1, 15).addingMonths(120).previousDay == OracleDate(2010, 1, 14))  // R-CAL-4
        #expect(OracleDate(2024, 2, 28).addingDays(2) == OracleDate(2024, 3, 1))
        #expect(OracleDate(2100, 2, 28).addingDays(1) == OracleDate(2100, 3, 1))  // 2100 is not a leap year
        #expect(OracleDate(2000, 2, 28).addingDays(1) == OracleDate(2000, 2, 29))  // 2000 is
    }

    /// Sentence lengths: a third at the limits (2 days, 1 day, exactly 35 years, a day or a month past it, 34
    /// years 11 months and 30 days), the rest anywhere in range.
    static func sentenceLength(_ random: inout SeededRandom) -> (Int, Int, Int) {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: (0, 0, 2)
        case 1: (0, 0, Int.random(in: 0...1, using: &random))
        case 2: (35, 0, 0)
        case 3: (35, 0, Int.random(in: 1...30, using: &random))
        case 4: (34, 11, Int.random(in: 26...30, using: &random))
        case 5: (35, Int.random(in: 1...11, using: &random), 0)
        default:
            (
                Int.random(in: 0...35, using: &random), Int.random(in: 0...11, using: &random),
                Int.random(in: 0...30, using: &random)
            )
        }
    }
}

/// The seeds of a run: a fixed one and a random one, printed so that a failure can be replayed.
enum PropertySeeds {
    static let fixed: UInt64 = 20_260_315
    static let all: [UInt64] = {
        if let text = ProcessInfo.processInfo.environment["CUSTODIA_PROPERTY_SEED"], let seed = UInt64(text) {
            print("property seeds: \(seed) (CUSTODIA_PROPERTY_SEED)")
            return [seed]
        }
        let randomSeed = UInt64.random(in: 1...UInt64.max)
        print("property seeds: \(fixed) (fixed), \(randomSeed) (random; replay with CUSTODIA_PROPERTY_SEED=\(randomSeed))")
        return [fixed, randomSeed]
    }()
}

/// SplitMix64 (CustodiaCore's): a small generator whose whole state is its seed.
typealias SeededRandom = SeededGenerator

/// A date of the oracle: year, month and day, moved by steps over a table of days in each month.
struct OracleDate: Comparable, CustomStringConvertible, Sendable {
    static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    var year: Int
    var month: Int
    var day: Int

    init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
    static func days(_ year: Int, _ month: Int) -> Int { month == 2 && isLeap(year) ? 29 : daysInMonth[month - 1] }

    /// The same day `count` months later; the last day of that month when it has no such day (R-CAL-5).
    func addingMonths(_ count: Int) -> OracleDate {
        var (y, m) = (year, month)
        for _ in 0..<count {
            m += 1
            if m == 13 { (y, m) = (y + 1, 1) }
        }
        return OracleDate(y, m, min(day, Self.days(y, m)))
    }

    var nextDay: OracleDate {
        if day < Self.days(year, month) { return OracleDate(year, month, day + 1) }
        return month == 12 ? OracleDate(year + 1, 1, 1) : OracleDate(year, month + 1, 1)
    }

    var previousDay: OracleDate {
        if day > 1 { return OracleDate(year, month, day - 1) }
        return month == 1 ? OracleDate(year - 1, 12, 31) : OracleDate(year, month - 1, Self.days(year, month - 1))
    }

    func addingDays(_ count: Int) -> OracleDate {
        var date = self
        for _ in 0..<count { date = date.nextDay }
        return date
    }

    func daysUntil(_ other: OracleDate) -> Int {
        var (date, count) = (self, 0)
        while date < other { (date, count) = (date.nextDay, count + 1) }
        while other < date { (date, count) = (date.previousDay, count - 1) }
        return count
    }

    var civil: CivilDate { CivilDate(year: year, month: month, day: day)! }
    var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    static func < (a: OracleDate, b: OracleDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// A start date from 2017 to 2040 (the rule tables' years), biased to where month arithmetic goes wrong:
    /// the last day of a month, 29 February, 28 February, the 30th and 31st, the first of a month.
    static func biased(_ random: inout SeededRandom) -> OracleDate {
        let year = Int.random(in: 2017...2040, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: return OracleDate(year, month, days(year, month))
        case 2:
            let leap = [2020, 2024, 2028, 2032, 2036, 2040].randomElement(using: &random)!
            return OracleDate(leap, 2, 29)
        case 3: return OracleDate(year, 2, 28)
        case 4:
            return OracleDate(
                year, [1, 3, 5, 7, 8, 10, 12].randomElement(using: &random)!, Int.random(in: 30...31, using: &random))
        case 5: return OracleDate(year, month, 1)
        default: return OracleDate(year, month, Int.random(in: 1...days(year, month), using: &random))
        }
    }
}
