import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// CL-13 through the API and the pages on both engines: a person classified in Extrema Seguridad raises the
/// solitary-confinement alerts as the days pass without meaningful contact; a day of two hours' contact, recorded by
/// the security officer, restarts the count. The fixture person was admitted 2026-03-02; today is 2026-03-15.
@Suite struct ContactAPITests {
    @Test(arguments: TestDatabase.engines)
    func extremeSecurityWithoutContact(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done = try await services.registry.classify(
                    ClassificationRequest(
                        personID: person.person.id, regime: .rceExtremaSeguridad,
                        decidedOn: CivilDate(year: 2026, month: 3, day: 2)!, body: "Junta Técnica de Clasificación",
                        resolution: "R. 12-2026-JTC (sintética)", reason: "Cabecilla de banda (sintético)", leader: true),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let user = try await AccessFixtures.user(
                "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            let officer = try await client.signIn(user, clock: clock).headers
            let number = person.person.number.description
            func kinds(_ asOf: String) async throws -> [String] {
                let answer = try await client.call(.get, "/api/v1/alerts?as_of=\(asOf)", headers: officer)
                return (answer["items"] as? [[String: Any]])?.filter { $0["person_number"] as? String == number }
                    .compactMap { $0["kind"] as? String }.filter { $0.contains("solitary") } ?? []
            }
            // Day 10 is 2026-03-11, day 16 is 2026-03-17.
            #expect(try await kinds("2026-03-10").isEmpty)
            #expect(try await kinds("2026-03-11") == ["solitary_10d"])
            #expect(try await kinds("2026-03-17") == ["prolonged_solitary"])
            let path = "/api/v1/persons/\(number)/contact"
            let version = try #require(
                try await client.call(.get, "/api/v1/persons/\(number)", headers: officer)["version"] as? Int)
            let tooMany = try await client.call(
                .post, path, json: ["day": "2026-03-14", "minutes": 1_441], headers: officer.merging([.ifMatch: "\"\(version)\""])
            )
            #expect(tooMany.status == 400 || tooMany.status == 422)
            let future = try await client.call(
                .post, path, json: ["day": "2026-03-16", "minutes": 150], headers: officer.merging([.ifMatch: "\"\(version)\""]))
            #expect(future.status == 422 && future.errorFields == ["day"])
            let recorded = try await client.call(
                .post, path, json: ["day": "2026-03-14", "minutes": 150, "note": "Taller de carpintería con otros internos"],
                headers: officer.merging([.ifMatch: "\"\(version)\""]))
            #expect(recorded.status == 200 && (recorded["contact_days"] as? [[String: Any]])?.first?["minutes"] as? Int == 150)
            #expect(try await kinds("2026-03-17").isEmpty)
        }
    }
}
