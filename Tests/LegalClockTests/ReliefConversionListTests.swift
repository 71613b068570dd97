import CustodiaCore
import Testing

@testable import LegalClock

/// The conversion lists of issue 26 point 2 (DR-1, DR-2, DR-4): every rule that puts a sentenced person on the list of
/// conversion to jornadas or a foreigner on the list of conversion to expulsion, or keeps them off it, at its boundary.
@Suite struct ReliefConversionListTests {
    static let asOf = CivilDate(iso: "2026-12-07")!

    static func subject(
        _ id: Int64, months: Int?, ends: String?, articles: [String] = ["185"], nationality: String = "PER",
        status: StoredClock.Status = .sentenced, life: Bool = false
    ) -> ReliefSubject {
        ReliefSubject(
            personID: Person.ID(rawValue: id),
            name: PersonName(givenNames: "Luz", paternalSurname: "Mamani", maternalSurname: "Flores"),
            establishmentCode: "E1", status: status, pretrialEndsOn: nil, sentenceEndsOn: ends.flatMap(CivilDate.init(iso:)),
            articles: articles, sentenceMonths: months, lifeSentence: life, recidivist: false, nationality: nationality,
            birthDate: nil, districts: ["Lima"])
    }

    static func list(_ kind: ReliefCandidateList.Kind, _ subjects: [ReliefSubject], withinDays: Int = 30)
        -> [Int64: ReliefCandidateList.Row]
    {
        let list = ReliefCandidateList(
            kind: kind, subjects: subjects, asOf: asOf, rules: .shipped, withinDays: withinDays, includeExcluded: true)
        return Dictionary(uniqueKeysWithValues: list.rows.map { ($0.subject.personID.rawValue, $0) })
    }

    static func codes(_ row: ReliefCandidateList.Row?) -> [String] { row?.reasons.map(\.code) ?? [] }

    @Test func twoThirdsOfASentenceAreServedWhenAThirdIsLeft() {
        // W5's sentence: 2025-01-10 to 2028-01-09, 1,095 days; two thirds (730 days) are served on 2027-01-09, and the
        // third left runs from 2027-01-10.
        let end = CivilDate(iso: "2028-01-09")!
        #expect(ReliefRules.twoThirdsServed(endsOn: end, months: 36) == CivilDate(iso: "2027-01-10")!)
        // 1,096 days (a leap year inside): the third is 365.33, rounded up to 366 (the earlier day).
        let leap = CivilDate(iso: "2027-01-09")!
        #expect(CivilDate(iso: "2024-01-09")!.days(until: leap) == 1096)
        #expect(ReliefRules.twoThirdsServed(endsOn: leap, months: 36) == CivilDate(iso: "2026-01-09")!)
        #expect(ReliefRules.expulsionCeilingMonths(on: CivilDate(iso: "2025-06-06")!) == 60)
        #expect(ReliefRules.expulsionCeilingMonths(on: CivilDate(iso: "2025-06-07")!) == 120)
    }

    @Test func aSentenceOfAtMostFiveYearsIsListedForJornadasWithWhatIsLeft() throws {
        let rows = Self.list(
            .conversion,
            [
                Self.subject(1, months: 60, ends: "2027-12-06"),  // five years: within; 365 days left, 52 jornadas
                Self.subject(2, months: 61, ends: "2027-12-06"),  // over five years
                Self.subject(3, months: 24, ends: "2026-12-12", articles: ["149"]),  // six days left: not one jornada
                Self.subject(4, months: 24, ends: "2027-06-30", articles: ["149"]),  // alimony: DR-4
                Self.subject(5, months: nil, ends: nil, life: true),
                Self.subject(6, months: 12, ends: nil, status: .pretrial),  // not sentenced: not examined
                Self.subject(7, months: nil, ends: "2027-01-01"),  // no sentence recorded: not examined
            ])
        #expect(Set(rows.keys) == [1, 2, 3, 4, 5])
        let five = try #require(rows[1])
        #expect(five.qualifies && five.needsLegalReview)
        #expect(Self.codes(five) == ["sentence_within_conversion", "jornadas"])
        #expect(five.reasons[1].detail.contains("365 días") && five.reasons[1].detail.contains("52 jornadas"))
        #expect(rows[2].map { !$0.qualifies } == true)
        #expect(Self.codes(rows[2]) == ["sentence_over_conversion", "jornadas"])
        #expect(rows[3].map { !$0.qualifies } == true)
        #expect(Self.codes(rows[3]) == ["sentence_within_conversion", "no_jornada_left", "alimony_payment"])
        let alimony = try #require(rows[4])
        #expect(alimony.qualifies && alimony.reasons.last?.rule == .dr4)
        #expect(rows[5].map { !$0.qualifies && Self.codes($0) == ["life_sentence"] } == true)
        // Without the excluded, only the two that qualify; the earliest end first.
        let qualifying = ReliefCandidateList(
            kind: .conversion,
            subjects: [4, 1].map { Self.subject($0, months: 24, ends: $0 == 1 ? "2027-12-06" : "2027-06-30") },
            asOf: Self.asOf, rules: .shipped)
        #expect(qualifying.rows.map(\.subject.personID.rawValue) == [4, 1])
        #expect(qualifying.examined == 2)
    }

    @Test func aForeignerIsListedForExpulsionWithTwoThirdsServedAndNoExcludedCrime() throws {
        // 36 months ending 2027-12-06: 1,095 days, a third of 365: two thirds served on 2026-12-07, the day.
        let rows = Self.list(
            .expulsion,
            [
                Self.subject(1, months: 36, ends: "2027-12-06", nationality: "COL"),  // two thirds 2026-12-07: the day
                Self.subject(2, months: 36, ends: "2027-12-07", nationality: "COL"),  // a day later: soon (within 30)
                Self.subject(3, months: 36, ends: "2028-01-05", nationality: "VEN"),  // 2027-01-06: 30 days on, soon
                Self.subject(4, months: 36, ends: "2028-01-06", nationality: "VEN"),  // 31 days on: not yet
                Self.subject(5, months: 120, ends: "2027-01-01", nationality: "ECU"),  // ten years: within (Ley 32372)
                Self.subject(6, months: 121, ends: "2027-01-01", nationality: "ECU"),  // over ten years
                Self.subject(7, months: 36, ends: "2027-01-01", articles: ["296"], nationality: "BOL"),  // DR-1's list
                Self.subject(8, months: 36, ends: "2027-01-01"),  // Peruvian: not examined
                Self.subject(9, months: nil, ends: nil, nationality: "CHL", life: true),
            ])
        #expect(Set(rows.keys) == [1, 2, 3, 4, 5, 6, 7, 9])
        #expect(Self.codes(rows[1]) == ["sentence_within_expulsion", "two_thirds_served"])
        #expect(rows[1]?.reasons[1].detail.contains("2026-12-07") == true)
        #expect(Self.codes(rows[2]) == ["sentence_within_expulsion", "two_thirds_soon"])
        #expect(Self.codes(rows[3]) == ["sentence_within_expulsion", "two_thirds_soon"])
        #expect(Self.codes(rows[4]) == ["sentence_within_expulsion", "two_thirds_not_served"])
        #expect(rows[4]?.qualifies == false)
        #expect(rows[5]?.qualifies == true)
        #expect(Self.codes(rows[6]).first == "sentence_over_expulsion" && rows[6]?.qualifies == false)
        let excluded = try #require(rows[7])
        #expect(!excluded.qualifies && excluded.reasons.last?.rule == .dr1 && excluded.reasons.last?.code == "crime_excluded")
        #expect(Self.codes(rows[9]) == ["life_sentence"] && rows[9]?.qualifies == false)
        // A shorter horizon moves the 30th day off the list.
        let near = Self.list(.expulsion, [Self.subject(3, months: 36, ends: "2028-01-05", nationality: "VEN")], withinDays: 29)
        #expect(Self.codes(near[3]) == ["sentence_within_expulsion", "two_thirds_not_served"])
        // Before Ley 32372 the ceiling was five years.
        let before = ReliefCandidateList(
            kind: .expulsion, subjects: [Self.subject(5, months: 61, ends: "2026-01-01", nationality: "ECU")],
            asOf: CivilDate(iso: "2025-06-06")!, rules: .shipped, includeExcluded: true)
        #expect(before.rows.first?.reasons.first?.code == "sentence_over_expulsion")
    }

    @Test func theListsNameTheirRulesInTheCSV() {
        let list = ReliefCandidateList(
            kind: .expulsion, subjects: [Self.subject(1, months: 36, ends: "2027-12-06", nationality: "COL")],
            asOf: Self.asOf, rules: .shipped)
        let lines = list.csv().split(separator: "\r\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains(",DR-2 DR-2,") && lines[1].contains("two_thirds_served (califica)"))
    }
}
