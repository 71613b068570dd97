import CustodiaCore
import Testing

@Suite struct CivilDateTests {
    @Test func parsesOnlyRealDays() {
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2024-13-01") == nil)
        #expect(CivilDate(iso: "2024-1-01") == nil)
        #expect(CivilDate(iso: "20240101") == nil)
        #expect(CivilDate(iso: "2024-04-31") == nil)
        #expect(CivilDate(iso: "2024-04-30")?.description == "2024-04-30")
    }

    @Test func dayArithmeticRoundTrips() {
        let epoch = CivilDate(year: 1970, month: 1, day: 1)!
        #expect(epoch.daysSinceEpoch == 0)
        var date = CivilDate(year: 1899, month: 12, day: 25)!
        for _ in 0..<100_000 {
            let next = date.adding(days: 1)
            #expect(next.daysSinceEpoch == date.daysSinceEpoch + 1)
            #expect(CivilDate(daysSinceEpoch: next.daysSinceEpoch) == next)
            date = next
        }
        #expect(date > CivilDate(year: 2100, month: 1, day: 1)!)
    }

    /// peru-law.md R-CAL-3: 18 months from 7 December 2022 end on 6 June 2024 (Castillo).
    @Test func monthTermsFollowTheCastilloExample() {
        let start = CivilDate(year: 2022, month: 12, day: 7)!
        #expect(start.adding(months: 18).adding(days: -1) == CivilDate(year: 2024, month: 6, day: 6)!)
        let term = PretrialTerm(caseType: .complex, months: 18, startsOn: start)
        #expect(term.endsOn == CivilDate(year: 2024, month: 6, day: 6)!)
    }

    /// R-CAL-5 (recommended reading): a missing day clamps to the month's end.
    @Test func monthAdditionClampsToShorterMonths() {
        let may31 = CivilDate(year: 2024, month: 5, day: 31)!
        #expect(may31.adding(months: 9) == CivilDate(year: 2025, month: 2, day: 28)!)
        #expect(may31.clampsWhenAdding(months: 9))
        #expect(!may31.clampsWhenAdding(months: 2))
        #expect(
            CivilDate(year: 2021, month: 3, day: 1)!.adding(months: 36).adding(days: -1) == CivilDate(
                year: 2024, month: 2, day: 29)!)
        #expect(CivilDate(year: 2024, month: 1, day: 31)!.adding(months: -2) == CivilDate(year: 2023, month: 11, day: 30)!)
    }

    @Test func wholeYearsCountsBirthdays() {
        let birth = CivilDate(year: 2000, month: 2, day: 29)!
        #expect(birth.wholeYears(until: CivilDate(year: 2018, month: 2, day: 28)!) == 17)
        #expect(birth.wholeYears(until: CivilDate(year: 2018, month: 3, day: 1)!) == 18)
    }

    @Test func timeOfDayParsesHoursAndMinutes() {
        #expect(TimeOfDay(text: "07:05")?.description == "07:05")
        #expect(TimeOfDay(text: "24:00") == nil)
        #expect(TimeOfDay(text: "7:05") == nil)
        #expect(TimeOfDay(text: "12:60") == nil)
    }
}
