import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Store
import Testing

/// `GET /api/v1/events`: the log in order, by position, in the caller's scope, with bad input refused.
@Suite struct EventLogAPITests {
    @Test(arguments: TestDatabase.engines)
    func consumersReadTheLogInOrderWithinTheirScope(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let national = try await AccessFixtures.token(
                client: "Sistema de estadística", kind: .court, operations: Set(AccessOperation.allCases), scope: .nation,
                in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
            let signed = SignedClient(base: client, headers: [.authorization: "Bearer \(national)"])
            let admitted = try await signed.call(.post, "/api/v1/admissions", json: Bodies.admission())
            #expect(admitted.status == 201)
            let women = Bodies.admission(dni: "47654321")
            var body = women
            body["establishment_code"] = "ep-mujeres"
            var person = body["person"] as? [String: Any] ?? [:]
            person["sex"] = "female"
            body["person"] = person
            #expect(try await signed.call(.post, "/api/v1/admissions", json: body).status == 201)

            let all = try await signed.call(.get, "/api/v1/events")
            #expect(all.status == 200)
            let items = all["items"] as? [[String: Any]] ?? []
            #expect(
                items.map { $0["type"] as? String } == [
                    "custodia.register.loaded.v1", "custodia.person.admitted.v1", "custodia.person.admitted.v1",
                ])
            #expect(items.map { $0["position"] as? Int } == [1, 2, 3])
            #expect(all["last_position"] as? Int == 3)
            #expect(all["next_cursor"] == nil)
            let first = items[1]
            #expect(first["person_number"] as? String == admitted["person_number"] as? String)
            #expect(first["establishment_code"] as? String == "ep-norte")
            #expect((first["data"] as? [String: Any])?["pavilion_code"] as? String == "A")

            // After a position, a page at a time.
            let page = try await signed.call(.get, "/api/v1/events?after=1&limit=1")
            #expect((page["items"] as? [[String: Any]])?.map { $0["position"] as? Int } == [2])
            #expect(page["next_cursor"] as? String == "2")
            let end = try await signed.call(.get, "/api/v1/events?after=3")
            #expect((end["items"] as? [Any])?.isEmpty == true)
            #expect(end["last_position"] as? Int == 3)

            // A caller scoped to ep-norte sees only its establishment's events.
            let scoped = try await AccessFixtures.token(
                client: "Juzgado de Lima Norte", kind: .court, operations: [.readEvents], scope: .establishments(["ep-norte"]),
                in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
            let north = try await SignedClient(base: client, headers: [.authorization: "Bearer \(scoped)"]).call(
                .get, "/api/v1/events")
            #expect((north["items"] as? [[String: Any]])?.map { $0["position"] as? Int } == [2])

            // Bad input: a stable code and the field, nothing else.
            let negative = try await signed.call(.get, "/api/v1/events?after=-1")
            #expect(negative.status == 422)
            #expect((negative["errors"] as? [[String: Any]])?.first?["field"] as? String == "after")
            #expect((negative["errors"] as? [[String: Any]])?.first?["code"] as? String == "query.value_out_of_range")
            let tooMany = try await signed.call(.get, "/api/v1/events?limit=5000")
            #expect(tooMany.status == 422)
            #expect((tooMany["errors"] as? [[String: Any]])?.first?["field"] as? String == "limit")
            #expect(try await signed.call(.get, "/api/v1/events?after=abc").status == 400)
            // Reading the log is not a change: still three events.
            #expect((try await signed.call(.get, "/api/v1/events")["items"] as? [Any])?.count == 3)
        }
    }
}
