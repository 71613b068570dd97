import CustodiaCore
import Foundation
import Testing

@testable import LegalClock

/// The relief candidate lists (issue 26 point 2): every rule that puts a person on the vigilancia electrónica list or
/// keeps them off it, every reason for a pretrial review at its boundary day, the order, and the CSV.
@Suite struct ReliefCandidateTests {
    static let asOf = CivilDate(iso: "2026-12-07")!

    static func subject(
        _ id: Int64, _ status: StoredClock.Status, articles: [String], pretrialEnds: String? = nil, months: Int? = nil,
        life: Bool = false, recidivist: Bool = false, born: String? = "1980-01-01", surname: String = "Quispe"
    ) -> ReliefSubject {
        ReliefSubject(
            personID: Person.ID(rawValue: id),
            name: PersonName(givenNames: "Ana", paternalSurname: surname, maternalSurname: "Rojas"),
            establishmentCode: "E\(id % 3)", status: status, pretrialEndsOn: pretrialEnds.flatMap(CivilDate.init(iso:)),
            sentenceEndsOn: nil, articles: articles, sentenceMonths: months, lifeSentence: life, recidivist: recidivist,
            nationality: "Peruana", birthDate: born.flatMap(CivilDate.init(iso:)), districts: ["Lima"])
    }

    static func electronic(_ subjects: [ReliefSubject], includeExcluded: Bool = true) -> ReliefCandidateList {
        ReliefCandidateList(
            kind: .electronic, subjects: subjects, asOf: asOf, rules: .shipped, includeExcluded: includeExcluded)
    }

    static func codes(_ row: ReliefCandidateList.Row) -> [String] { row.reasons.map(\.code) }

    @Test func everyCatalogueArticleButTheNewOneHasItsPenalties() {
        let table = RuleSet.shipped.penalties.table(on: Self.asOf)
        let missing = CrimeCatalog.standard.map(\.article).filter { table.penalty(of: $0) == nil }
        #expect(missing == ["318-B"])
        for article in table.articles {
            #expect(CrimeCatalog.articles.contains(article.article), "\(article.article) is not in the catalogue")
            if let basic = article.basicMaxYears, let highest = article.maxYears { #expect(basic <= highest) }
            if article.basicMaxYears == nil { #expect(article.maxYears == nil) }
        }
        #expect(table.reviewStatus == "pending_legal_review")
        // Every list says so until a lawyer marks a version reviewed.
        #expect(ReliefCandidateList(kind: .electronic, subjects: [], asOf: Self.asOf, rules: .shipped).penaltiesNeedLegalReview)
        var reviewed = table
        reviewed.reviewStatus = "reviewed"
        var rules = RuleSet.shipped
        rules.penalties = PenaltyTableSet(versions: [reviewed])
        #expect(!ReliefCandidateList(kind: .electronic, subjects: [], asOf: Self.asOf, rules: rules).penaltiesNeedLegalReview)
    }

    @Test func aProcesadoQualifiesWhenEveryChargeCarriesAtMostSevenYears() throws {
        let list = Self.electronic([
            Self.subject(1, .pretrial, articles: ["185", "196"]),  // 3 and 6 years: VE-3, with VE-2's cessation
            Self.subject(2, .pretrial, articles: ["188"]),  // robo: 8 years
            Self.subject(3, .pretrial, articles: ["186"]),  // hurto agravado: basic 6, aggravated 15
            Self.subject(4, .pretrial, articles: ["189"]),  // robo agravado: life, and excluded by VE-6's list
            Self.subject(5, .pretrial, articles: ["318-B"]),  // no penalty recorded
            Self.subject(6, .pretrial, articles: ["185"], recidivist: true),
            Self.subject(7, .pretrial, articles: []),  // no charge recorded
        ])
        let rows = Dictionary(uniqueKeysWithValues: list.rows.map { ($0.subject.personID.rawValue, $0) })
        #expect(list.examined == 7 && list.rows.count == 7)
        #expect(rows[1]!.qualifies && Self.codes(rows[1]!) == ["penalty_at_most_7", "cessation_possible"])
        #expect(rows[1]!.reasons.map(\.rule) == [.ve3, .ve2] && !rows[1]!.needsLegalReview)
        #expect(!rows[2]!.qualifies && Self.codes(rows[2]!) == ["penalty_over_7"])
        #expect(rows[3]!.qualifies && rows[3]!.needsLegalReview)
        #expect(Self.codes(rows[3]!) == ["basic_form_at_most_7", "cessation_possible"])
        #expect(!rows[4]!.qualifies && Self.codes(rows[4]!) == ["penalty_life", "crime_excluded"])
        #expect(rows[4]!.reasons.map(\.rule) == [.ve3, .ve6])
        #expect(!rows[5]!.qualifies && rows[5]!.needsLegalReview && Self.codes(rows[5]!) == ["penalty_unknown"])
        #expect(!rows[6]!.qualifies && Self.codes(rows[6]!) == ["penalty_at_most_7", "cessation_possible", "recidivist"])
        #expect(!rows[7]!.qualifies && Self.codes(rows[7]!) == ["penalty_unknown"])
        // The qualifying rows lead; without includeExcluded only they are listed.
        #expect(list.rows.prefix(2).map(\.subject.personID.rawValue).sorted() == [1, 3])
        let only = Self.electronic(Array(rows.values.map(\.subject)), includeExcluded: false)
        #expect(only.examined == 7 && only.rows.map(\.subject.personID.rawValue).sorted() == [1, 3])
    }

    @Test func aSentencedPersonQualifiesUpToTheCeilingOfTheDay() {
        let list = Self.electronic([
            Self.subject(1, .sentenced, articles: ["185"], months: 120),  // 10 years: VE-4
            Self.subject(2, .sentenced, articles: ["188"], months: 121),  // over 10: only with services
            Self.subject(3, .sentenced, articles: ["188"], months: 145),  // over 12
            Self.subject(4, .sentenced, articles: ["173"], life: true),
            Self.subject(5, .sentenced, articles: ["200"], months: 60),  // extorsión: VE-6's list
            Self.subject(6, .sentenced, articles: ["185"], months: 24, recidivist: true),
            Self.subject(7, .sentenced, articles: ["185"]),  // no sentence recorded: not looked at
            Self.subject(8, .notComputable, articles: ["185"]),
        ])
        let rows = Dictionary(uniqueKeysWithValues: list.rows.map { ($0.subject.personID.rawValue, $0) })
        #expect(list.examined == 6)
        #expect(rows[1]!.qualifies && Self.codes(rows[1]!) == ["sentence_within_ceiling"] && !rows[1]!.needsLegalReview)
        #expect(rows[2]!.qualifies && rows[2]!.needsLegalReview && rows[2]!.reasons[0].detail.contains("servicios"))
        #expect(!rows[3]!.qualifies && Self.codes(rows[3]!) == ["sentence_over_ceiling"])
        #expect(!rows[4]!.qualifies && Self.codes(rows[4]!) == ["life_sentence"])
        #expect(!rows[5]!.qualifies && Self.codes(rows[5]!) == ["sentence_within_ceiling", "crime_excluded"])
        #expect(!rows[6]!.qualifies && rows[6]!.reasons.last!.rule == .ve6)
        #expect(rows[7] == nil && rows[8] == nil)
        // Under D.Leg. 1322's first text (before 2020-06-04) the ceiling was 8 years.
        let old = ReliefCandidateList(
            kind: .electronic, subjects: [Self.subject(1, .sentenced, articles: ["185"], months: 97)],
            asOf: CivilDate(iso: "2020-06-03")!, rules: .shipped, includeExcluded: true)
        #expect(!old.rows[0].qualifies)
    }

    @Test func theOver65AreAPriorityGroupFromTheirBirthday() {
        let list = Self.electronic([
            Self.subject(1, .pretrial, articles: ["185"], born: "1961-12-08"),
            Self.subject(2, .pretrial, articles: ["185"], born: "1961-12-07"),
            Self.subject(3, .pretrial, articles: ["185"], born: nil),
        ])
        #expect(list.rows.map(\.subject.personID.rawValue) == [2, 3, 1])
        #expect(list.rows[0].priority && list.rows[0].reasons.last!.rule == .ve7)
        #expect(!list.rows[1].priority && !list.rows[2].priority)
    }

    @Test func aPretrialReviewNamesTheTermAndThePenaltyAtTheirBoundaries() {
        let subjects = [
            Self.subject(1, .pretrial, articles: ["189"], pretrialEnds: "2026-12-06"),  // ran out yesterday
            Self.subject(2, .pretrial, articles: ["189"], pretrialEnds: "2026-12-07"),  // ends today: still running
            Self.subject(3, .pretrial, articles: ["189"], pretrialEnds: "2027-01-06"),  // the 30th day
            Self.subject(4, .pretrial, articles: ["189"], pretrialEnds: "2027-01-07"),  // the 31st: not listed
            Self.subject(5, .pretrial, articles: ["185"], pretrialEnds: "2027-06-01"),  // 3 years: PP-1 and VE-3
            Self.subject(6, .pretrial, articles: ["149"], pretrialEnds: "2027-06-01"),  // 6 years: VE-3 only
            Self.subject(7, .pretrial, articles: ["318-B"], pretrialEnds: "2027-06-01"),  // unknown: no reason
            Self.subject(8, .sentenced, articles: ["185"], pretrialEnds: "2026-01-01", months: 12),
        ]
        let list = ReliefCandidateList(kind: .pretrialReview, subjects: subjects, asOf: Self.asOf, rules: .shipped)
        #expect(list.examined == 7)
        #expect(list.rows.map(\.subject.personID.rawValue) == [1, 2, 3, 6, 5])
        let rows = Dictionary(uniqueKeysWithValues: list.rows.map { ($0.subject.personID.rawValue, $0) })
        #expect(Self.codes(rows[1]!) == ["term_expired"] && rows[1]!.reasons[0].rule == .pp6)
        #expect(Self.codes(rows[2]!) == ["term_ending"] && rows[2]!.reasons[0].rule == .pp3)
        #expect(Self.codes(rows[3]!) == ["term_ending"])
        #expect(Self.codes(rows[5]!) == ["penalty_at_most_5", "electronic_preferred"])
        #expect(rows[5]!.reasons.map(\.rule) == [.pp1, .ve3])
        #expect(Self.codes(rows[6]!) == ["electronic_preferred"])
        // A longer horizon takes in the 31st day.
        let wider = ReliefCandidateList(
            kind: .pretrialReview, subjects: subjects, asOf: Self.asOf, rules: .shipped, withinDays: 31)
        #expect(wider.rows.contains { $0.subject.personID.rawValue == 4 })
    }

    @Test func theCSVQuotesWhatItMustAndDisarmsFormulas() {
        let list = Self.electronic([
            Self.subject(1, .pretrial, articles: ["185"], surname: "Paz, \"la\" Flor"),
            Self.subject(2, .pretrial, articles: ["185"], surname: "=HYPERLINK(1)"),
        ])
        let lines = list.csv().components(separatedBy: "\r\n")
        #expect(lines[0] == ReliefCandidateList.csvColumns.joined(separator: ","))
        #expect(lines[1].hasPrefix("1,\"Paz, \"\"la\"\" Flor\",Rojas,Ana,E1,pretrial,,,,185,yes,no,no,VE-3 VE-2,"))
        #expect(lines[2].hasPrefix("2,'=HYPERLINK(1),Rojas"))
        #expect(lines.count == 4 && lines[3].isEmpty)
    }
}
