import CustodiaCore
import CustodiaTestSupport
import Foundation
import LegalClock
import Store
import Testing

/// The relief candidate lists read from the register (issue 26 point 2): each person with the stored clock, every case's
/// charges and districts, and the longest sentence; the lists limited to the establishments and, for a court's or a
/// prosecutor's token, to its districts' cases. Both engines.
@Suite struct ReliefCandidateStoreTests {
    static let lima = "Corte Superior de Justicia de Lima"
    static let callao = "Corte Superior de Justicia del Callao"

    /// Three persons: a procesado for robo agravado (Lima, ep-norte), a procesada for hurto simple (Callao,
    /// ep-mujeres) and a sentenced man for hurto simple, 3 years (Lima, ep-norte).
    static func withThree(_ engine: TestDatabase.Engine, _ body: (SQLRegistry, [Person.ID]) async throws -> Void) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            var woman = Fixtures.admission(
                subject: .new(Fixtures.newPerson(dni: "43456789", sex: .female, given: "Rosa")), establishment: "ep-mujeres")
            woman.legalCase.chargeArticles = ["185"]
            woman.legalCase.judicialDistrict = callao
            woman.legalCase.number = CaseNumber("00456-2026-1-0701-JR-PE-02")!
            var ids: [Person.ID] = []
            for request in [Fixtures.admission(), woman, Fixtures.sentencedAdmission()] {
                guard case .done(let file) = try await registry.admit(request, asOf: Fixtures.asOf, actor: "t") else {
                    throw Refused()
                }
                ids.append(file.person.id)
            }
            try await body(registry, ids)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theSubjectsCarryTheirChargesSentenceAndDistricts(_ engine: TestDatabase.Engine) async throws {
        try await Self.withThree(engine) { registry, ids in
            let subjects = try await registry.reliefSubjects(establishmentCodes: nil, districts: nil)
            #expect(subjects.map(\.personID) == ids)
            #expect(subjects[0].status == .pretrial && subjects[0].articles == ["189"] && subjects[0].sentenceMonths == nil)
            #expect(subjects[0].pretrialEndsOn == CivilDate(iso: "2026-11-30") && subjects[0].districts == [Self.lima])
            #expect(subjects[1].establishmentCode == "ep-mujeres" && subjects[1].districts == [Self.callao])
            #expect(subjects[2].status == .sentenced && subjects[2].articles == ["185"] && subjects[2].sentenceMonths == 36)
            #expect(!subjects[2].lifeSentence && !subjects[2].recidivist && subjects[2].birthDate == CivilDate(iso: "1990-05-04"))
            // The establishments' scope, and a district's token: only the persons of its cases.
            let north = try await registry.reliefSubjects(establishmentCodes: ["ep-norte"], districts: nil)
            #expect(north.map(\.personID) == [ids[0], ids[2]])
            let callao = try await registry.reliefSubjects(establishmentCodes: nil, districts: [Self.callao])
            #expect(callao.map(\.personID) == [ids[1]])
            #expect(try await registry.reliefSubjects(establishmentCodes: [], districts: nil).isEmpty)
            #expect(try await registry.reliefSubjects(establishmentCodes: nil, districts: ["Otra"]).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theListsNameWhoQualifiesAndWhy(_ engine: TestDatabase.Engine) async throws {
        try await Self.withThree(engine) { registry, ids in
            let electronic = try await registry.reliefCandidates(
                .electronic, establishmentCodes: nil, districts: nil, asOf: Fixtures.asOf, rules: .shipped)
            #expect(electronic.examined == 3 && electronic.rows.map(\.subject.personID) == [ids[1], ids[2]])
            #expect(electronic.rows[0].reasons.map(\.rule) == [.ve3, .ve2])
            #expect(electronic.rows[1].reasons.map(\.code) == ["sentence_within_ceiling"])
            // A court of Callao sees its procesada only.
            let court = try await registry.reliefCandidates(
                .electronic, establishmentCodes: nil, districts: [Self.callao], asOf: Fixtures.asOf, rules: .shipped)
            #expect(court.examined == 1 && court.rows.map(\.subject.personID) == [ids[1]])
            // On 2026-11-01 both terms (to 2026-11-30) are within 30 days; the procesada is listed for her charge
            // too (PP-1, VE-3), and ep-mujeres sorts first on the same day.
            let review = try await registry.reliefCandidates(
                .pretrialReview, establishmentCodes: nil, districts: nil, asOf: CivilDate(iso: "2026-11-01")!,
                rules: .shipped)
            #expect(review.examined == 2 && review.rows.map(\.subject.personID) == [ids[1], ids[0]])
            #expect(review.rows[0].reasons.map(\.code) == ["term_ending", "penalty_at_most_5", "electronic_preferred"])
            #expect(review.rows[1].reasons.map(\.code) == ["term_ending"])
            let csv = review.csv()
            #expect(csv.contains("term_ending (califica)") && csv.split(separator: "\r\n").count == 3)
        }
    }

    /// The conversion lists (DR-1, DR-2) from the register: the sentence's months and end, and the nationality.
    @Test(arguments: TestDatabase.engines)
    func theConversionListsReadTheSentenceAndTheNationality(_ engine: TestDatabase.Engine) async throws {
        try await Self.withThree(engine) { registry, ids in
            var foreigner = Fixtures.sentencedAdmission()
            var person = Fixtures.newPerson(given: "Andrés")
            person.document = .passport("AB1234567")
            person.nationality = "COL"
            foreigner.subject = .new(person)
            guard case .done(let file) = try await registry.admit(foreigner, asOf: Fixtures.asOf, actor: "t") else {
                throw Refused()
            }
            // Both sentences (3 years from 2025-01-10) end on 2028-01-09: on 2027-01-10, 365 days and 52 jornadas are left.
            let day = CivilDate(iso: "2027-01-10")!
            let conversion = try await registry.reliefCandidates(
                .conversion, establishmentCodes: nil, districts: nil, asOf: day, rules: .shipped)
            #expect(conversion.examined == 2 && conversion.rows.map(\.subject.personID) == [ids[2], file.person.id])
            #expect(conversion.rows[0].reasons.map(\.code) == ["sentence_within_conversion", "jornadas"])
            #expect(conversion.rows[0].reasons[1].detail.contains("52 jornadas"))
            // The foreigner has served two thirds on 2027-01-10 exactly; the day before, with no horizon, not yet.
            let expulsion = try await registry.reliefCandidates(
                .expulsion, establishmentCodes: nil, districts: nil, asOf: day, rules: .shipped, withinDays: 0)
            #expect(expulsion.examined == 1 && expulsion.rows.map(\.subject.personID) == [file.person.id])
            #expect(expulsion.rows[0].reasons.map(\.code) == ["sentence_within_expulsion", "two_thirds_served"])
            let before = try await registry.reliefCandidates(
                .expulsion, establishmentCodes: nil, districts: nil, asOf: day.adding(days: -1), rules: .shipped,
                withinDays: 0)
            #expect(before.examined == 1 && before.rows.isEmpty)
        }
    }
}
