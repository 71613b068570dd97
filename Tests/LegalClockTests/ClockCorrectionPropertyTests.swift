import CustodiaCore
import LegalClock
import PropertyBased
import Testing

/// Properties of the clock corrections (issue 9): the reachable pretrial maximum, nothing after the as-of day,
/// carried redemption, redemption never lengthening a sentence.
@Suite struct ClockCorrectionPropertyTests {
    static let rules = try! RuleSet.bundled()
    static let days = Gen.int(in: 10_957...20_818)

    static func pretrial(
        start: CivilDate, caseType: CaseType, ordered: Int, prolongations: [Prolongation] = [], settings: [String: String] = [:]
    ) -> ClockResult {
        LegalClock.compute(
            ClockInput(
                asOf: start, custody: [CustodyPeriod(kind: .pretrialDetention, from: start)],
                caseTypes: [CaseTypeChange(from: start, type: caseType)],
                pretrial: PretrialOrder(months: ordered, prolongations: prolongations), settings: settings),
            rules: rules, explain: false)
    }

    /// Point 1, for every start day of a common and a leap year, every case type, both month-end settings and
    /// several ordered terms: the maximum announced before any prolongation is the end of the term once every
    /// prolongation the law allows (the rest of the art. 272 maximum, then the art. 274 allowance) is granted;
    /// and once granted, maximum and term agree and nothing more can be granted.
    @Test func theMaximumIsTheTermWithEveryProlongationGranted() {
        let first = CivilDate(year: 2023, month: 1, day: 1)!
        var checked = 0
        for offset in 0..<731 {
            let start = first.adding(days: offset)
            for caseType in CaseType.allCases {
                let maximum = Self.rules.table(on: start).pretrial.maximumMonths[caseType]
                let allowance = caseType == .organizedCrime ? 12 : maximum
                for ordered in Set([1, maximum / 2, maximum - 1, maximum]) {
                    for monthEnd in ["clamp", "next_day"] {
                        let settings = ["month_end": monthEnd]
                        let before = Self.pretrial(start: start, caseType: caseType, ordered: ordered, settings: settings)
                        var steps: [Prolongation] = []
                        // Months up to the art. 272 maximum are an adecuación; the art. 274.1 allowance a prolongation.
                        if ordered < maximum { steps.append(Prolongation(kind: .adecuacion, months: maximum - ordered)) }
                        steps.append(Prolongation(months: allowance))
                        let after = Self.pretrial(
                            start: start, caseType: caseType, ordered: ordered, prolongations: steps, settings: settings)
                        guard let announced = before.pretrial?.maximumEndsOn, let granted = after.pretrial else {
                            Issue.record("not computable: \(start) \(caseType) \(ordered)")
                            continue
                        }
                        #expect(announced == granted.termEndsOn, "\(start) \(caseType) \(ordered) \(monthEnd)")
                        #expect(granted.maximumEndsOn == granted.termEndsOn)
                        #expect(!granted.prolongationPossible)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 15_000)
    }

    /// Point 1 with any split of the months granted: once the whole allowance is used, maximum == term.
    @Test func anySplitOfTheAllowanceEndsAtTheMaximum() async {
        await propertyCheck(count: 400, input: Self.days, Gen.int(in: 0...2), Gen.int(in: 1...36), Gen.int(in: 1...6)) {
            day, t, orderedSeed, parts in
            let caseType = CaseType.allCases[t]
            let maximum = Self.rules.table(on: CivilDate(daysSinceEpoch: day)).pretrial.maximumMonths[caseType]
            let allowance = caseType == .organizedCrime ? 12 : maximum
            let ordered = 1 + (orderedSeed - 1) % maximum
            var steps: [Prolongation] = []
            // The rest of the art. 272 maximum as adecuaciones, then the art. 274.1 allowance as prolongations,
            // each split in about `parts` pieces.
            for (kind, months) in [(Prolongation.Kind.adecuacion, maximum - ordered), (.prolongation, allowance)] {
                var left = months
                var piece = max(1, left / parts)
                while left > 0 {
                    piece = min(piece, left)
                    steps.append(Prolongation(kind: kind, months: piece))
                    left -= piece
                }
            }
            let clock = Self.pretrial(
                start: CivilDate(daysSinceEpoch: day), caseType: caseType, ordered: ordered, prolongations: steps
            ).pretrial
            #expect(clock != nil)
            if let clock {
                #expect(clock.maximumEndsOn == clock.termEndsOn)
                #expect(!clock.prolongationPossible)
            }
        }
    }

    /// Point 2: any date of the input moved after the as-of day gives a validation message naming it, and no date.
    @Test func aDateAfterTheAsOfDayIsAlwaysRefused() async {
        await propertyCheck(count: 500, input: Self.days, Gen.int(in: 0...10), Gen.int(in: 1...4_000)) { day, which, later in
            let asOf = CivilDate(daysSinceEpoch: day)
            let start = asOf.adding(days: -400)
            let future = asOf.adding(days: later)
            var input = ClockInput(
                asOf: asOf, custody: [CustodyPeriod(kind: .sentence, from: start)],
                caseTypes: [CaseTypeChange(from: start, type: .ordinary)],
                sentence: SentenceOrder(years: 6, convictedOn: asOf.adding(days: -30)),
                redemption: [RedemptionEntry(from: start.adding(days: 10), to: start.adding(days: 40), days: 20)],
                crimes: ["186"], committedOn: start.adding(days: -2),
                recidivism: RecidivismDeclaration(kind: .recidivist, declaredOn: asOf.adding(days: -30)))
            let field: String
            switch which {
            case 0:
                input.committedOn = future
                field = "committed_on"
            case 1:
                input.sentence?.convictedOn = future
                field = "sentence.convicted_on"
            case 2:
                input.redemption[0].to = future
                field = "redemption[0].to"
            case 3:
                input.recidivism?.declaredOn = future
                field = "recidivism.declared_on"
            case 4:
                input.caseTypes.append(CaseTypeChange(from: future, type: .complex))
                field = "case_types[1].from"
            case 5:
                input.custody[0].to = future
                field = "custody[0].to"
            default:
                // A prisión preventiva instead of the sentence, with a later date in one of its parts.
                input.sentence = nil
                input.redemption = []
                input.pretrial = PretrialOrder(months: 9, prolongations: [Prolongation(months: 3)])
                switch which {
                case 6:
                    input.pretrial?.prolongations[0].grantedOn = future
                    field = "pretrial.prolongations[0].granted_on"
                case 7:
                    input.conviction = Conviction(on: future, appealed: true, sentenceMonths: 60)
                    field = "conviction.on"
                case 8:
                    input.suspensions = [Suspension(from: asOf.adding(days: -5), to: future)]
                    field = "suspensions[0].to"
                case 9:
                    input.pretrial?.startsOn = future
                    field = "pretrial.starts_on"
                default:
                    input.pretrial = nil
                    input.detention = DetentionOrder(startsOn: future)
                    field = "detention.starts_on"
                }
            }
            let result = LegalClock.compute(input, rules: Self.rules)
            #expect(result.status == .notComputable)
            #expect(result.pretrial == nil && result.sentence == nil)
            #expect(result.messages.contains { $0.code == "date.after_as_of" && $0.field == field }, "\(field)")
        }
    }

    static func ledger(start: CivilDate, days: [Int]) -> [RedemptionEntry] {
        var from = start
        return days.map { worked in
            let to = from.adding(days: 30)
            defer { from = to.adding(days: 1) }
            return RedemptionEntry(activity: .work, from: from, to: to, days: min(worked, 31))
        }
    }

    static func sentence(start: CivilDate, months: Int, crime: String, ledger: [RedemptionEntry], rounding: String)
        -> SentenceClock?
    {
        LegalClock.compute(
            ClockInput(
                asOf: start.adding(days: 31 * 13), custody: [CustodyPeriod(kind: .sentence, from: start)],
                sentence: SentenceOrder(years: months / 12, months: months % 12, convictedOn: start), redemption: ledger,
                crimes: [crime], committedOn: start, settings: ["redemption_rounding": rounding]),
            rules: rules, explain: false
        ).sentence
    }

    static let crimes = ["186", "189", "200", "108-B", "296", "107", "297"]

    /// Point 3: carrying the remainder never gives fewer days than flooring each entry, nor more than rounding up.
    @Test func theCarriedTotalIsNeverLessThanThePerEntryTotal() async {
        await propertyCheck(
            count: 400, input: Self.days, Gen.int(in: 0...31).array(of: 1...12), Gen.int(in: 0...6), Gen.int(in: 24...420)
        ) { day, worked, c, months in
            let start = CivilDate(daysSinceEpoch: day)
            let entries = Self.ledger(start: start, days: worked)
            let crime = Self.crimes[c]
            let carried = Self.sentence(start: start, months: months, crime: crime, ledger: entries, rounding: "carry")
            let floored = Self.sentence(start: start, months: months, crime: crime, ledger: entries, rounding: "floor")
            let up = Self.sentence(start: start, months: months, crime: crime, ledger: entries, rounding: "up")
            #expect(carried != nil && floored != nil && up != nil)
            if let carried, let floored, let up {
                #expect(carried.redeemedDays >= floored.redeemedDays)
                #expect(carried.redeemedDays <= up.redeemedDays)
                #expect(carried.endsOn.map { a in floored.endsOn.map { a <= $0 } ?? false } ?? false)
            }
        }
    }

    /// Redemption never lengthens a sentence: with any ledger, every date is the same or earlier than without it.
    @Test func redemptionNeverLengthensASentence() async {
        await propertyCheck(
            count: 400, input: Self.days, Gen.int(in: 0...31).array(of: 0...12), Gen.int(in: 0...6), Gen.int(in: 6...420),
            Gen.int(in: 0...2)
        ) { day, worked, c, months, r in
            let start = CivilDate(daysSinceEpoch: day)
            let rounding = ["carry", "floor", "up"][r]
            let crime = Self.crimes[c]
            let with = Self.sentence(
                start: start, months: months, crime: crime, ledger: Self.ledger(start: start, days: worked), rounding: rounding)
            let without = Self.sentence(start: start, months: months, crime: crime, ledger: [], rounding: rounding)
            #expect(with != nil && without != nil)
            if let with, let without, let a = with.endsOn, let b = without.endsOn {
                #expect(a <= b)
                #expect(with.redeemedDays >= 0)
                if let x = with.semiliberty?.eligibleFrom, let y = without.semiliberty?.eligibleFrom { #expect(x <= y) }
                if let x = with.conditionalRelease?.eligibleFrom, let y = without.conditionalRelease?.eligibleFrom {
                    #expect(x <= y)
                }
            }
        }
    }
}

/// Point 5: the alerts come from the stored clock, whose pretrial end is the term ordered or prolonged.
@Suite struct AppealedConvictionAlertTests {
    static func stored(asOf: CivilDate) -> StoredClock {
        let start = CivilDate(year: 2023, month: 6, day: 15)!
        let input = ClockInput(
            asOf: asOf, custody: [CustodyPeriod(kind: .pretrialDetention, from: start)],
            caseTypes: [CaseTypeChange(from: start, type: .complex)], pretrial: PretrialOrder(months: 18),
            conviction: Conviction(on: CivilDate(year: 2024, month: 11, day: 20)!, appealed: true, sentenceMonths: 120))
        return LegalClock.compute(input, rules: ClockCorrectionPropertyTests.rules, explain: false)
            .stored(person: .init(rawValue: 1), establishment: .init(rawValue: 1))
    }

    @Test func anExpiredOrderedTermRaisesAnUnlawfulDetentionAlertWhateverTheAppealLimit() {
        let expired = Self.stored(asOf: CivilDate(year: 2025, month: 1, day: 10)!)
        #expect(expired.pretrialEndsOn == CivilDate(year: 2024, month: 12, day: 14))
        let alerts = Alert.raised(by: expired, asOf: CivilDate(year: 2025, month: 1, day: 10)!)
        #expect(alerts.contains { $0.kind == .unlawfulDetention })
        // Before the ordered term ends, the alert is the ordinary one of a term about to end.
        let running = Self.stored(asOf: CivilDate(year: 2024, month: 12, day: 10)!)
        let soon = Alert.raised(by: running, asOf: CivilDate(year: 2024, month: 12, day: 10)!)
        #expect(!soon.contains { $0.kind == .unlawfulDetention })
        #expect(soon.contains { $0.kind == .pretrialEndsWithin7Days })
    }
}
