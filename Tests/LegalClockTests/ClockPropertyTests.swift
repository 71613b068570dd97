import CustodiaCore
import LegalClock
import PropertyBased
import Testing

/// Properties that hold for every input, checked over random ones.
@Suite struct ClockPropertyTests {
    static let rules = try! RuleSet.bundled()
    /// Any day from 2000-01-01 to 2026-12-31.
    static let days = Gen.int(in: 10_957...20_818)

    static func date(_ day: Int) -> CivilDate { CivilDate(daysSinceEpoch: day) }

    static func sentenced(start: CivilDate, months: Int, redeemedWork: Int, crime: String, earlier: Int = 0) -> ClockResult {
        var custody: [CustodyPeriod] = []
        if earlier > 0 {
            custody.append(
                CustodyPeriod(kind: .pretrialDetention, from: start.adding(days: -earlier - 400), to: start.adding(days: -401)))
        }
        custody.append(CustodyPeriod(kind: .sentence, from: start))
        // Computed on a day by which every day of work was possible (no more days of work than days in custody).
        let input = ClockInput(
            asOf: start.adding(days: max(1, redeemedWork)), custody: custody,
            sentence: SentenceOrder(years: months / 12, months: months % 12, convictedOn: start),
            redemption: redeemedWork > 0 ? [RedemptionEntry(days: redeemedWork)] : [], crimes: [crime], committedOn: start)
        return LegalClock.compute(input, rules: rules)
    }

    @Test func termEndIsStartPlusMonthsMinusOneDay() async {
        await propertyCheck(count: 500, input: Self.days, Gen.int(in: 1...9)) { day, months in
            let start = Self.date(day)
            let input = ClockInput(
                asOf: start, custody: [CustodyPeriod(kind: .pretrialDetention, from: start)],
                pretrial: PretrialOrder(months: months))
            let end = LegalClock.compute(input, rules: Self.rules).pretrial?.termEndsOn
            #expect(end == start.adding(months: months).adding(days: -1))
            if let end {
                #expect(end >= start.adding(days: 28 * months - 1))
                #expect(end < start.adding(days: 31 * months))
            }
        }
    }

    @Test func noPretrialMaximumExceedsTheLaw() async {
        let types = Gen.int(in: 0...2)
        await propertyCheck(count: 500, input: Self.days, types, Gen.int(in: 1...36), Gen.int(in: 0...30)) {
            day, t, months, extra in
            let caseType = [CaseType.ordinary, .complex, .organizedCrime][t]
            let start = Self.date(day)
            let ordered = min(months, Self.rules.table(on: start).pretrial.maximumMonths[caseType])
            let input = ClockInput(
                asOf: start, custody: [CustodyPeriod(kind: .pretrialDetention, from: start)],
                caseTypes: [CaseTypeChange(from: start, type: caseType)],
                pretrial: PretrialOrder(months: ordered, prolongations: extra > 0 ? [Prolongation(months: extra)] : []))
            let result = LegalClock.compute(input, rules: Self.rules)
            let absolute = [CaseType.ordinary: 18, .complex: 36, .organizedCrime: 48][caseType]!
            let limit = start.adding(months: absolute).adding(days: -1)
            if let clock = result.pretrial {
                #expect(clock.termEndsOn <= limit)
                #expect(clock.maximumEndsOn <= limit)
                #expect(clock.termEndsOn <= clock.maximumEndsOn)
            } else {
                // Only a prolongation beyond the PP-3 maximum or beyond the art. 274.1 allowance is refused, with
                // its code (the maximum first).
                let allowance = [CaseType.ordinary: 9, .complex: 18, .organizedCrime: 12][caseType]!
                #expect(extra > allowance || ordered + extra > absolute)
                #expect(
                    result.messages.map(\.code) == [
                        ordered + extra > absolute
                            ? "pretrial.prolongation_exceeds_maximum" : "pretrial.prolongation_exceeds_allowance"
                    ])
            }
        }
    }

    @Test func moreRedemptionNeverGivesALaterDate() async {
        let crimes = Gen.int(in: 0...5)
        await propertyCheck(
            count: 300, input: Self.days, Gen.int(in: 6...420), Gen.int(in: 0...3_000), Gen.int(in: 0...500), crimes
        ) {
            day, months, worked, more, c in
            let crime = ["186", "189", "200", "108-B", "296", "170"][c]
            let start = Self.date(day)
            let less = Self.sentenced(start: start, months: months, redeemedWork: worked, crime: crime).sentence
            let most = Self.sentenced(start: start, months: months, redeemedWork: worked + more, crime: crime).sentence
            #expect(less != nil && most != nil)
            if let less, let most, let a = less.endsOn, let b = most.endsOn {
                #expect(b <= a)
                #expect(most.redeemedDays >= less.redeemedDays)
                if let x = less.semiliberty?.eligibleFrom, let y = most.semiliberty?.eligibleFrom { #expect(y <= x) }
            }
        }
    }

    @Test func creditingNeverGivesADateBeforeTheAdmission() async {
        await propertyCheck(count: 300, input: Self.days, Gen.int(in: 1...120), Gen.int(in: 0...5_000)) { day, months, earlier in
            let start = Self.date(day)
            let result = Self.sentenced(start: start, months: months, redeemedWork: 0, crime: "186", earlier: earlier)
            #expect(result.status == .sentenced)
            if let sentence = result.sentence {
                #expect(sentence.endsOn.map { $0 >= start } == true)
                #expect(sentence.semiliberty?.eligibleFrom.map { $0 >= start } ?? true)
                #expect(sentence.conditionalRelease?.eligibleFrom.map { $0 >= start } ?? true)
            }
        }
    }

    @Test func semilibertyNeverComesAfterConditionalReleaseOrTheEnd() async {
        await propertyCheck(count: 300, input: Self.days, Gen.int(in: 6...420), Gen.int(in: 0...2_000)) { day, months, worked in
            let result = Self.sentenced(start: Self.date(day), months: months, redeemedWork: worked, crime: "186")
            if let s = result.sentence, let semi = s.semiliberty?.eligibleFrom,
                let conditional = s.conditionalRelease?.eligibleFrom,
                let end = s.endsOn
            {
                #expect(semi <= conditional)
                #expect(conditional <= end.adding(days: 1))
            }
        }
    }
}
