import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Temporary exits and the roll through the API on both engines (issue 11 points 4-6): a court production
/// scheduled, refused at the field when incomplete, the departure with its escort, the person counted out of the
/// pavilion, the alert when the return is overdue, the return; scopes and stale versions; nothing written by a
/// refusal. The fixtures' clock stands at 2026-03-15 07:00 in Lima.
@Suite struct OutingAPITests {
    @Test(arguments: TestDatabase.engines)
    func scheduleLeaveOverdueBack(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, scope) in [("registro", "ep-norte"), ("registro.mujeres", "ep-mujeres")] {
                let user = try await AccessFixtures.user(
                    name, roles: [.registryClerk], scope: .establishments([scope]), in: services.directory)
                headers[name] = try await client.signIn(user, clock: clock).headers
            }
            let (clerk, otherClerk) = (headers["registro"]!, headers["registro.mujeres"]!)
            let number = person.person.number.description
            let path = "/api/v1/persons/\(number)/outings"
            func count() async throws -> Int {
                try await services.database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM outings").first()!.decode(column: "n", as: Int.self)
                }
            }
            let body: [String: Any] = [
                "kind": "court_hearing", "destination": "Sala 4, Corte Superior de Lima", "requested_by": "Juzgado Penal 3",
                "order_reference": "Oficio 120-2026", "scheduled_at": "2026-03-15T06:00", "return_due": "2026-03-15T06:50",
            ]
            // Bad input: no court notice, a return before the departure, a minute that is not one; nothing written.
            var noNotice = body
            noNotice["order_reference"] = " "
            let refused = try await client.call(.post, path, json: noNotice, headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(refused.status == 422 && refused.errorCodes == ["outing.order_required"])
            #expect(refused.errorFields == ["order_reference"])
            var backwards = body
            backwards["return_due"] = "2026-03-15T05:00"
            let backwardsAnswer = try await client.call(.post, path, json: backwards, headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(backwardsAnswer.errorCodes == ["outing.return_before_departure"])
            var garbled = body
            garbled["scheduled_at"] = "mañana"
            let garbledAnswer = try await client.call(.post, path, json: garbled, headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(garbledAnswer.status == 422 && garbledAnswer.errorFields == ["scheduled_at"])
            #expect(try await count() == 0)

            let scheduled = try await client.call(.post, path, json: body, headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(scheduled.status == 201 && scheduled["state"] as? String == "scheduled")
            let id = try #require(scheduled["id"] as? Int)
            let day = try await client.call(.get, "/api/v1/outings?establishment=ep-norte&on=2026-03-15", headers: clerk)
            #expect((day["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            let tomorrow = try await client.call(.get, "/api/v1/outings?on=2026-03-16", headers: clerk)
            #expect((tomorrow["items"] as? [[String: Any]])?.isEmpty == true)
            // Out of scope: the exit does not exist for another establishment's clerk.
            #expect(try await client.call(.get, "/api/v1/outings/\(id)", headers: otherClerk).status == 404)
            let moves = "/api/v1/outings/\(id)/movements"
            let early = try await client.call(.post, moves, json: ["action": "back"], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(early.errorCodes == ["outing.wrong_state"])
            let future = try await client.call(
                .post, moves, json: ["action": "leave", "at": "2026-03-15T09:00"], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(future.errorCodes == ["outing.time_in_future"])
            let left = try await client.call(
                .post, moves, json: ["action": "leave", "at": "2026-03-15T06:10", "escort": "Sgto. Prueba y 2 agentes"],
                headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(left.status == 200 && left["state"] as? String == "out" && left["overdue"] as? Bool == true)
            #expect(left["escort"] as? String == "Sgto. Prueba y 2 agentes")

            // The roll: out of pavilion A at court from 06:10, not before.
            func pavilionA(_ at: String?) async throws -> [String: Any] {
                let roll = try await client.call(
                    .get, "/api/v1/establishments/ep-norte/roll" + (at.map { "?at=\($0):00-05:00" } ?? ""), headers: clerk)
                #expect(roll.status == 200)
                return (roll["pavilions"] as? [[String: Any]])?.first { $0["pavilion_code"] as? String == "A" } ?? [:]
            }
            let during = try await pavilionA("2026-03-15T06:30")
            #expect(during["assigned"] as? Int == 1 && during["present"] as? Int == 0 && during["out_court"] as? Int == 1)
            let before = try await pavilionA("2026-03-15T06:05")
            #expect(before["present"] as? Int == 1 && before["out_court"] as? Int == 0)
            #expect(try await pavilionA(nil)["out_court"] as? Int == 1)
            // An instant in another offset counts at its Lima minute: 11:30 UTC is 06:30 in Lima.
            let utc = try await client.call(.get, "/api/v1/establishments/ep-norte/roll?at=2026-03-15T11:30:00Z", headers: clerk)
            #expect(utc["at"] as? String == "2026-03-15T06:30" && utc["out"] as? Int == 1)
            let badMinute = try await client.call(
                .get, "/api/v1/establishments/ep-norte/roll?at=2026-13-45T99:99", headers: clerk)
            #expect(badMinute.status == 400)
            #expect(try await client.call(.get, "/api/v1/establishments/ep-norte/roll", headers: otherClerk).status == 404)

            // Overdue at 07:00: the alert.
            func overdue() async throws -> [String] {
                let alerts = try await client.call(.get, "/api/v1/alerts?kind=outing_overdue", headers: clerk)
                return (alerts["items"] as? [[String: Any]])?.compactMap { $0["person_number"] as? String } ?? []
            }
            #expect(try await overdue() == [number])
            let stale = try await client.call(.post, moves, json: ["action": "back"], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            let back = try await client.call(.post, moves, json: ["action": "back"], headers: clerk.merging([.ifMatch: "\"2\""]))
            #expect(
                back.status == 200 && back["state"] as? String == "returned" && back["back_at"] as? String == "2026-03-15T07:00")
            #expect(try await overdue().isEmpty)
            #expect(try await pavilionA(nil)["present"] as? Int == 1)
            let file = try await client.call(.get, "/api/v1/persons/\(number)", headers: clerk)
            #expect((file["outings"] as? [[String: Any]])?.first?["state"] as? String == "returned")
            let events = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM events WHERE kind = 'outing'").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(events == 3)
        }
    }
}
