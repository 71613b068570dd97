import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// A court's token limited to its judicial district (issue 13 point 5), on both engines: it reads the persons of its
/// district's cases wherever they are held and nobody else (404, as outside any scope); it sends orders of its
/// district's cases only; its event log holds only its persons' events.
@Suite struct DistrictScopeTests {
    static let lima = "Corte Superior de Justicia de Lima"

    @Test(arguments: TestDatabase.engines)
    func aDistrictTokenSeesItsCasesPersonsOnly(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            var callaoAdmission = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")))
            callaoAdmission.legalCase.judicialDistrict = "Corte Superior de Justicia del Callao"
            callaoAdmission.legalCase.number = CaseNumber("00777-2026-1-0701-JR-PE-01")!
            guard
                case .done(let limaFile) = try await services.registry.admit(
                    Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let callaoFile) = try await services.registry.admit(callaoAdmission, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(limaFile.cases.first?.judicialDistrict == Self.lima)
            let token = try await AccessFixtures.token(
                client: "Juzgado de Lima", operations: [.readPersonFile, .submitOrder, .readOrders, .readEvents],
                scope: .judicialDistricts([Self.lima]), in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            let limaNumber = limaFile.person.number.description
            let callaoNumber = callaoFile.person.number.description
            #expect(try await client.call(.get, "/api/v1/persons/\(limaNumber)", headers: headers).status == 200)
            #expect(try await client.call(.get, "/api/v1/persons/\(callaoNumber)", headers: headers).status == 404)

            func order(_ number: String, case caseNumber: String, district: String, key: String) async throws -> JSONResponse {
                try await client.call(
                    .post, "/api/v1/orders",
                    json: [
                        "kind": "release", "release_reason": "acquittal", "court": "Juzgado", "judge": "Juez Sintético",
                        "resolution": "R-1", "issued_on": "2026-03-14",
                        "case": ["number": caseNumber, "judicial_district": district], "person": ["person_number": number],
                    ], headers: headers.merging([HTTPField.Name("Idempotency-Key")!: key]))
            }
            // Another district's case, said so or passed off as its own: unknown to this court.
            let callao = "Corte Superior de Justicia del Callao"
            #expect(try await order(callaoNumber, case: "00777-2026-1-0701-JR-PE-01", district: callao, key: "1").status == 404)
            #expect(
                try await order(callaoNumber, case: "00777-2026-1-0701-JR-PE-01", district: Self.lima, key: "2").status == 404)
            let sent = try await order(limaNumber, case: "00123-2026-1-1801-JR-PE-01", district: Self.lima, key: "3")
            #expect(sent.status == 201)
            let events = try await client.call(.get, "/api/v1/events?after=0&limit=200", headers: headers)
            let people = Set((events["items"] as? [[String: Any]] ?? []).compactMap { $0["person_number"] as? String })
            #expect(people == [limaNumber])
        }
    }
}
