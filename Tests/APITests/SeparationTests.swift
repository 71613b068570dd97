import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Men and women are held apart (Mandela Rule 11): the store and the API refuse to admit a person into an
/// establishment of the other sex, and nothing is written.
@Suite struct SeparationTests {
    @Test(arguments: TestDatabase.engines)
    func theStoreRefusesAnAdmissionAcrossSexes(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            let woman = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "48888888", sex: .female, given: "Rosa")))
            let outcome = try await registry.admit(woman, asOf: Fixtures.asOf, actor: "test")
            guard case .rejected(let messages) = outcome else {
                Issue.record("admitted a woman into a men's establishment: \(outcome)")
                return
            }
            #expect(messages.map(\.code).contains(.establishmentSexMismatch), "\(messages.map(\.code))")
            #expect(try await Meta.personCount(in: database) == 0)
            // The same person into the women's establishment is admitted.
            let placed = Fixtures.admission(
                subject: .new(Fixtures.newPerson(dni: "48888888", sex: .female, given: "Rosa")), establishment: "ep-mujeres")
            guard case .done = try await registry.admit(placed, asOf: Fixtures.asOf, actor: "test") else {
                Issue.record("refused a woman in the women's establishment")
                return
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theAPIRefusesAnAdmissionAcrossSexes(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            var body = Bodies.admission(dni: "48888888")
            var person = try #require(body["person"] as? [String: Any])
            person["sex"] = "female"
            body["person"] = person
            let refused = try await client.call(.post, "/api/v1/admissions", json: body)
            #expect(refused.status == 422)
            #expect(refused.errorCodes.contains("placement.establishment_sex_mismatch"), "\(refused.errorCodes)")
            #expect(try await Meta.personCount(in: database) == 0)
        }
    }
}
