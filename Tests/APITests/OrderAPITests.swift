import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Orders received electronically through the API on both engines (issue 13 points 1-3): a court's token sends a
/// release order; a retry answers the first order, another body under the key is refused; bad orders are refused
/// with their fields and write nothing; the establishment's clerk sees it in the inbox, accepts and executes it (the
/// person released); the issuer reads every state; another client and another establishment's clerk do not see it.
@Suite struct OrderAPITests {
    static func count(_ services: Services) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM inbound_orders").first()!.decode(column: "n", as: Int.self)
        }
    }

    static let key = HTTPField.Name("Idempotency-Key")!

    @Test(arguments: TestDatabase.engines)
    func sendRetryHandleAndRead(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let expires = clock.now.addingTimeInterval(86_400)
            let court = try await AccessFixtures.token(
                client: "Corte Superior de Justicia de Lima", operations: [.submitOrder, .readOrders], scope: .nation,
                in: services.directory, expiresAt: expires)
            let other = try await AccessFixtures.token(
                client: "Corte Superior de Justicia del Callao", operations: [.submitOrder, .readOrders], scope: .nation,
                in: services.directory, expiresAt: expires)
            let courtHeaders: HTTPFields = [.authorization: "Bearer \(court)"]
            var headers: [String: HTTPFields] = [:]
            for (name, role, place) in [
                ("registro", Role.registryClerk, "ep-norte"), ("registro.mujeres", .registryClerk, "ep-mujeres"),
            ] {
                let user = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments([place]), in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let clerk = headers["registro"]!
            let order: [String: Any] = [
                "kind": "release", "release_reason": "expired_term", "court": "Juzgado de Investigación Preparatoria N.º 1",
                "judge": "Juez Sintético", "resolution": "Resolución N.º 12", "issued_on": "2026-03-14",
                "case": ["number": "00123-2026-1-1801-JR-PE-01", "judicial_district": "Lima"],
                "person": ["person_number": person.person.number.description],
            ]
            // Without a key or the issuer's id: refused, nothing stored.
            let keyless = try await client.call(.post, "/api/v1/orders", json: order, headers: courtHeaders)
            #expect(keyless.status == 422 && keyless.errorCodes == ["order.idempotency_key_required"])
            let sent = try await client.call(
                .post, "/api/v1/orders", json: order, headers: courtHeaders.merging([Self.key: "csj-lima-0001"]))
            #expect(
                sent.status == 201 && sent["state"] as? String == "matched" && sent["establishment_code"] as? String == "ep-norte"
            )
            #expect(sent.headers[.location] == "/api/v1/orders/\(sent["id"] as? Int ?? 0)" && sent["release_due"] != nil)
            let id = try #require(sent["id"] as? Int)
            // The retry: the same order, said so; another body under the key: refused.
            let retry = try await client.call(
                .post, "/api/v1/orders", json: order, headers: courtHeaders.merging([Self.key: "csj-lima-0001"]))
            #expect(retry.status == 201 && retry["id"] as? Int == id)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            var changed = order
            changed["resolution"] = "Resolución N.º 13"
            let reused = try await client.call(
                .post, "/api/v1/orders", json: changed, headers: courtHeaders.merging([Self.key: "csj-lima-0001"]))
            #expect(reused.status == 422 && reused.errorCodes == ["order.idempotency_key_reused"])
            // Bad orders: a case the person does not have; a release without its reason and a judge.
            var wrongCase = order
            wrongCase["case"] = ["number": "00999-2026-1-1801-JR-PE-01", "judicial_district": "Lima"]
            let noCase = try await client.call(
                .post, "/api/v1/orders", json: wrongCase, headers: courtHeaders.merging([Self.key: "csj-lima-0002"]))
            #expect(noCase.status == 422 && noCase.errorFields == ["case.number"])
            var bare = order
            bare["release_reason"] = nil
            bare["judge"] = " "
            let incomplete = try await client.call(
                .post, "/api/v1/orders", json: bare, headers: courtHeaders.merging([Self.key: "csj-lima-0003"]))
            #expect(Set(incomplete.errorFields) == ["judge", "release_reason"])
            #expect(try await Self.count(services) == 1)

            // Who sees it: the issuer and the establishment's clerk; not another court, not another establishment.
            #expect(
                try await client.call(.get, "/api/v1/orders/\(id)", headers: [.authorization: "Bearer \(other)"]).status == 404)
            #expect(try await client.call(.get, "/api/v1/orders/\(id)", headers: headers["registro.mujeres"]!).status == 404)
            let inbox = try await client.call(.get, "/api/v1/establishments/ep-norte/orders", headers: clerk)
            #expect((inbox["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            // The clerk accepts with the version and executes: the person is released on the order.
            let accepted = try await client.call(
                .post, "/api/v1/orders/\(id)/steps", json: ["action": "accept"], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(accepted.status == 200 && accepted["state"] as? String == "accepted")
            let stale = try await client.call(
                .post, "/api/v1/orders/\(id)/steps", json: ["action": "execute"], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            // A step names the version it was prepared against: without it 428, an unquoted one 400.
            let unconditional = try await client.call(
                .post, "/api/v1/orders/\(id)/steps", json: ["action": "execute"], headers: clerk)
            #expect(unconditional.status == 428)
            let unquoted = try await client.call(
                .post, "/api/v1/orders/\(id)/steps", json: ["action": "execute"], headers: clerk.merging([.ifMatch: "2"]))
            #expect(unquoted.status == 400 && unquoted.errorFields == ["If-Match"])
            let cleared = try await client.call(
                .post, "/api/v1/orders/\(id)/steps", json: ["action": "clear"], headers: clerk.merging([.ifMatch: "\"2\""]))
            #expect(cleared.status == 403)
            let executed = try await client.call(
                .post, "/api/v1/orders/\(id)/steps", json: ["action": "execute", "at": "16:30"],
                headers: clerk.merging([.ifMatch: "\"2\""]))
            #expect(executed.status == 200 && executed["state"] as? String == "executed" && executed["executed_at"] != nil)
            let file = try #require(try await services.registry.personFile(person.person.id))
            #expect(file.openEpisode == nil && file.episodes.last?.release?.releasedAt == TimeOfDay(hour: 16, minute: 30))
            // The issuer reads every state with who and when.
            let read = try await client.call(.get, "/api/v1/orders/\(id)", headers: courtHeaders)
            #expect(
                (read["history"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
                    == ["received", "matched", "accepted", "executed"])
        }
    }
}
