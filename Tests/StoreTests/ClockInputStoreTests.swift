import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// The clock the store keeps is built from the register: earlier episodes credited, prolongation orders added,
/// a detention order counted by art. 264. Dates computed by hand (R-CAL-3, R-CAL-4, AB-1, PP-3, PP-14).
@Suite struct ClockInputStoreTests {
    static func stored(_ database: Database, _ person: Person.ID) async throws -> (pretrial: String?, sentence: String?) {
        try await database.read { sql in
            let row = try await sql.raw(
                "SELECT pretrial_ends_on, sentence_ends_on FROM legal_clocks WHERE person_id = \(bind: person.rawValue)"
            ).first()
            return (
                try row?.decode(column: "pretrial_ends_on", as: String?.self),
                try row?.decode(column: "sentence_ends_on", as: String?.self)
            )
        }
    }

    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test(arguments: TestDatabase.engines)
    func aProlongationOrderRunsFromTheDayAfterTheTerm(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            // 9 months from the arrest on 2026-03-01: last day 2026-11-30.
            #expect(try await Self.stored(database, file.person.id).pretrial == "2026-11-30")
            // Prolonged 9 months on 2026-11-20: from 2026-12-01, last day 2027-08-31.
            try await Fixtures.insertOrder(
                database, person: file.person.id, kind: "prolongation", issuedOn: "2026-11-20", months: 9)
            _ = try await registry.recomputeClocks(asOf: Self.day("2026-11-25"))
            #expect(try await Self.stored(database, file.person.id).pretrial == "2027-08-31")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDetentionOrderIsCountedByArticle264(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            let order = NewOrder(
                kind: .detention, issuingCourt: "Juzgado de Investigación Preparatoria N.º 1 de Lima",
                issuedOn: Self.day("2026-03-02"),
                reference: "Resolución N.º 1")
            guard
                case .done(let file) = try await registry.admit(Fixtures.admission(order: order), asOf: Fixtures.asOf, actor: "t")
            else { throw Refused() }
            // 72 hours of an ordinary case from the arrest on 2026-03-01: last day 2026-03-03, free on the 4th.
            #expect(try await Self.stored(database, file.person.id).pretrial == "2026-03-03")
            let alerts = try #require(
                try await registry.alerts(
                    asOf: Self.day("2026-03-05"), establishmentCode: nil, severity: nil, kind: nil, after: nil, limit: 10))
            #expect(alerts.items.map(\.alert.kind) == [.unlawfulDetention])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anEarlierEpisodeIsCreditedToTheSentence(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            // Held from the arrest on 2026-03-01 to the release on 2026-03-10: 10 days.
            let release = ReleaseRequest(
                personID: file.person.id, releasedOn: Self.day("2026-03-10"), releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .courtOrder, order: Fixtures.releaseOrder())
            guard case .done = try await registry.release(release, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t") else {
                throw Refused()
            }
            // Readmitted on 2026-03-14 to serve 2 years: nominal last day 2028-03-13, less the 10 days: 2028-03-03.
            var readmission = Fixtures.admission(
                subject: .existing(file.person.id),
                order: NewOrder(
                    kind: .sentence(SentenceTerm(years: 2, months: 0, days: 0, startsOn: Self.day("2026-03-14"))),
                    issuingCourt: "Juzgado Penal Colegiado de Lima", issuedOn: Self.day("2026-03-14"),
                    reference: "Sentencia N.º 3"),
                admittedOn: Self.day("2026-03-14"))
            readmission.arrestedOn = Self.day("2026-03-14")
            readmission.pavilionCode = "C"
            let outcome = try await registry.admit(readmission, asOf: Fixtures.asOf, actor: "t")
            guard case .done = outcome else {
                Issue.record("readmission refused: \(outcome)")
                return
            }
            #expect(try await Self.stored(database, file.person.id).sentence == "2028-03-03")
        }
    }
}

/// A fixture the test relies on was refused.
struct Refused: Error {}
