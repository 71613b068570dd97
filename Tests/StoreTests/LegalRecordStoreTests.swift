import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Work, study and suspensions move the stored clock in the same transaction that records them.
@Suite struct LegalRecordStoreTests {
    static func stored(_ database: Database, _ person: Person.ID, _ column: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT \(unsafeRaw: column) AS v FROM legal_clocks WHERE person_id = \(bind: person.rawValue)")
                .first()?
                .decode(column: "v", as: String?.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func suspensionPushesThePretrialEnd(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            #expect(try await Self.stored(database, file.person.id, "pretrial_ends_on") == "2026-11-30")
            let request = SuspensionRequest(
                personID: file.person.id, fromDate: CivilDate(year: 2026, month: 3, day: 5)!,
                toDate: CivilDate(year: 2026, month: 3, day: 14)!,
                resolution: "Resolución N.º 5")
            guard
                case .versionConflict = try await registry.recordSuspension(
                    request, expectedVersion: 9, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("stale version accepted")
                return
            }
            guard
                case .done(let after) = try await registry.recordSuspension(
                    request, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("suspension refused")
                return
            }
            #expect(after.person.version == 2)
            #expect(after.suspensions.count == 1)
            // Ten days not counted (art. 275): the end moves from 2026-11-30 to 2026-12-10.
            #expect(try await Self.stored(database, file.person.id, "pretrial_ends_on") == "2026-12-10")
            let bad = SuspensionRequest(
                personID: file.person.id, fromDate: CivilDate(year: 2026, month: 3, day: 14)!,
                toDate: CivilDate(year: 2026, month: 3, day: 5)!,
                resolution: "x")
            guard
                case .rejected(let messages) = try await registry.recordSuspension(
                    bad, expectedVersion: 2, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("bad suspension accepted")
                return
            }
            #expect(messages.map(\.code) == [.periodEndsBeforeStart])
            #expect(try await registry.personFile(file.person.id)?.suspensions.count == 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func redemptionBringsTheSentenceEndForward(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            let start = CivilDate(year: 2025, month: 1, day: 1)!
            let sentence = NewOrder(
                kind: .sentence(SentenceTerm(years: 8, months: 0, days: 0, startsOn: start)),
                issuingCourt: "Juzgado Penal Colegiado N.º 1",
                issuedOn: CivilDate(year: 2026, month: 3, day: 1)!, reference: "Sentencia")
            var request = Fixtures.admission(pavilion: "C", order: sentence, admittedOn: CivilDate(year: 2026, month: 3, day: 2)!)
            request.arrestedOn = start
            guard case .done(let file) = try await registry.admit(request, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("admission refused")
                return
            }
            // 8 years from the arrest on 2025-01-01: last day 2032-12-31.
            #expect(try await Self.stored(database, file.person.id, "sentence_ends_on") == "2032-12-31")
            let work = RedemptionRequest(
                personID: file.person.id, activity: .work, fromDate: CivilDate(year: 2026, month: 3, day: 2)!,
                toDate: CivilDate(year: 2026, month: 3, day: 14)!, days: 10, evaluationPassed: true,
                certifiedBy: "Área de Trabajo")
            guard
                case .done(let after) = try await registry.recordRedemption(
                    work, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("redemption refused")
                return
            }
            #expect(after.redemption.map(\.days) == [10])
            // Robo agravado (189) at 5x1 under the law in force when convicted: 10 days redeem 2.
            #expect(try await Self.stored(database, file.person.id, "sentence_ends_on") == "2032-12-29")
            let tooMany = RedemptionRequest(
                personID: file.person.id, activity: .work, fromDate: CivilDate(year: 2026, month: 3, day: 2)!,
                toDate: CivilDate(year: 2026, month: 3, day: 3)!, days: 5, evaluationPassed: true, certifiedBy: "Área de Trabajo")
            guard
                case .rejected(let messages) = try await registry.recordRedemption(
                    tooMany, expectedVersion: 2, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("impossible days accepted")
                return
            }
            #expect(messages.map(\.code) == [.redemptionDaysOutOfRange])
            #expect(try await Self.stored(database, file.person.id, "sentence_ends_on") == "2032-12-29")
        }
    }
}
