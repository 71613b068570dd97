import CustodiaCore
import Testing

@testable import LegalClock

/// The decongestion routes other than the benefits (docs/legal/peru-relief.md sections 2 and 3): the worked examples
/// W4-W7, and each rule that qualifies or excludes a person.
@Suite struct ReliefRulesTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func w4ASixYearSentenceConvertedToVigilanciaKeepsItsEnd() throws {
        let start = Self.day("2024-03-01")
        let end = start.adding(months: 72).adding(days: -1)
        #expect(end == Self.day("2030-02-28"))
        // 367 days served when converted on 2025-03-03 (2024 is a leap year).
        #expect(start.days(until: Self.day("2025-03-03")) == 367)
        let finding = ReliefRules.electronicForSentenced(
            sentenceMonths: 72, articles: ["185"], recidivist: false, on: Self.day("2025-03-03"))
        #expect(finding.eligible && finding.rules == [.ve4] && finding.excludedBy.isEmpty && !finding.needsLegalReview)
        let runs = ReliefRules.electronicRuns(convertedOn: Self.day("2025-03-03"), sentenceEndsOn: end)
        #expect(runs.from == Self.day("2025-03-03") && runs.until == Self.day("2030-02-28"))
        // A reincidente or habitual: rejected (VE-6).
        let recidivist = ReliefRules.electronicForSentenced(
            sentenceMonths: 72, articles: ["185"], recidivist: true, on: Self.day("2025-03-03"))
        #expect(!recidivist.eligible && recidivist.excludedBy == [.ve6])
    }

    @Test func w5AConversionInExecutionCountsJornadasRoundedDown() {
        let start = Self.day("2025-01-10")
        let end = start.adding(months: 36).adding(days: -1)
        #expect(end == Self.day("2028-01-09") && start.days(until: end) + 1 == 1_095)
        #expect(start.days(until: Self.day("2025-07-10")) == 181)
        let result = ReliefRules.jornadas(convertedOn: Self.day("2025-07-10"), sentenceEndsOn: end)
        // 914 days: 130.57 jornadas, 130 by the default (floor, pro-liberty).
        #expect(result.days == 914 && result.jornadas == 130)
    }

    @Test func w6AProcesadoForAnOffenceOfSevenYearsGetsVigilanciaFirst() {
        let preferred = ReliefRules.electronicPreferred(maximumPenaltyYears: 7)
        #expect(preferred.eligible && preferred.rules == [.ve3])
        let graver = ReliefRules.electronicPreferred(maximumPenaltyYears: 8)
        #expect(!graver.eligible && graver.excludedBy == [.ve3])
        let unknown = ReliefRules.electronicPreferred(maximumPenaltyYears: nil)
        #expect(!unknown.eligible && unknown.needsLegalReview)
    }

    @Test func w7TwelveYearsForRoboAgravadoAForeignerIsNeitherConvertedNorExpelled() {
        let electronic = ReliefRules.electronicForSentenced(
            sentenceMonths: 144, articles: ["189"], recidivist: false, on: Self.day("2026-11-29"))
        // The 10-12 band needs community service, and robo agravado is among the press's exclusions: not eligible,
        // flagged for legal review.
        #expect(!electronic.eligible && electronic.excludedBy == [.ve6] && electronic.needsLegalReview)
        #expect(electronic.detail.contains("189") && electronic.detail.contains("entre 10 y 12"))
        let expulsion = ReliefRules.expulsion(foreigner: true, articles: ["189"])
        #expect(!expulsion.eligible && expulsion.excludedBy == [.dr1])
        #expect(ReliefRules.expulsion(foreigner: true, articles: ["185"]).eligible)
        #expect(!ReliefRules.expulsion(foreigner: false, articles: ["185"]).eligible)
    }

    @Test func theCeilingOfVigilanciaByTheLawOfTheDay() {
        // 9 years: over D.Leg. 1322's first ceiling (8), within D.Leg. 1514's (10).
        let before = ReliefRules.electronicForSentenced(
            sentenceMonths: 108, articles: ["196"], recidivist: false, on: Self.day("2019-06-01"))
        #expect(!before.eligible && before.excludedBy == [.ve4])
        let after = ReliefRules.electronicForSentenced(
            sentenceMonths: 108, articles: ["196"], recidivist: false, on: Self.day("2020-06-04"))
        #expect(after.eligible)
        // Over 12 years: never.
        let over = ReliefRules.electronicForSentenced(
            sentenceMonths: 145, articles: ["196"], recidivist: false, on: Self.day("2026-11-29"))
        #expect(!over.eligible && over.excludedBy == [.ve4])
        // 10 to 12 years: only with community service, flagged.
        let band = ReliefRules.electronicForSentenced(
            sentenceMonths: 132, articles: ["196"], recidivist: false, on: Self.day("2026-11-29"))
        #expect(band.eligible && band.needsLegalReview)
    }
}
