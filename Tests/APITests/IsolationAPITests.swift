import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Disciplinary isolation through the API on both engines (issue 12 point 5): refused beyond 15 consecutive days and
/// without a medical report, nothing written; the board counts the streak; the alert on day 14. Today is
/// 2026-03-15.
@Suite struct IsolationAPITests {
    @Test(arguments: TestDatabase.engines)
    func theFifteenDayCap(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, role) in [("director", Role.warden), ("registro", .registryClerk)] {
                let user = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments(["ep-norte"]), in: services.directory)
                headers[name] = try await client.signIn(user, clock: clock).headers
            }
            let (warden, clerk) = (headers["director"]!, headers["registro"]!)
            let number = person.person.number.description
            let path = "/api/v1/persons/\(number)/isolations"
            var body: [String: Any] = [
                "starts_on": "2026-03-14", "days": 20, "resolution": "Acta CTP 3-2026 (sintética)",
                "reason": "Agresión a otro interno (sintético)", "medical_report": ["reference": "Informe médico 12-2026"],
            ]
            func count() async throws -> Int {
                try await services.database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM isolations").first()!.decode(column: "n", as: Int.self)
                }
            }
            // Example 15: 20 days; example 18: no medical report; a clerk may not order it.
            let twenty = try await client.call(.post, path, json: body, headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(twenty.status == 422 && twenty.errorCodes == ["discipline.isolation_max"] && twenty.errorFields == ["days"])
            body["days"] = 15
            var unreported = body
            unreported["medical_report"] = nil
            let noReport = try await client.call(.post, path, json: unreported, headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(noReport.errorCodes == ["discipline.medical_clearance"] && noReport.errorFields == ["medical_report"])
            #expect(try await client.call(.post, path, json: body, headers: clerk.merging([.ifMatch: "\"1\""])).status == 403)
            #expect(try await count() == 0)

            let ordered = try await client.call(.post, path, json: body, headers: warden.merging([.ifMatch: "\"1\""]))
            #expect(
                ordered.status == 200
                    && (ordered["isolations"] as? [[String: Any]])?.first?["planned_end_on"] as? String == "2026-03-28")
            // A day more, adjacent: the sixteenth consecutive day, refused (example 16).
            var more = body
            more["starts_on"] = "2026-03-29"
            more["days"] = 1
            let sixteenth = try await client.call(.post, path, json: more, headers: warden.merging([.ifMatch: "\"2\""]))
            #expect(sixteenth.errorCodes == ["discipline.isolation_max"])
            #expect(try await count() == 1)

            let board = try await client.call(.get, "/api/v1/establishments/ep-norte/isolations?on=2026-03-27", headers: clerk)
            let entry = try #require((board["items"] as? [[String: Any]])?.first)
            #expect(entry["streak_day"] as? Int == 14)
            let alerts = try await client.call(.get, "/api/v1/alerts?as_of=2026-03-27&kind=isolation_day_14", headers: clerk)
            #expect((alerts["items"] as? [[String: Any]])?.compactMap { $0["person_number"] as? String } == [number])
            let later = try await client.call(.get, "/api/v1/establishments/ep-norte/isolations?on=2026-03-29", headers: clerk)
            #expect((later["items"] as? [[String: Any]])?.isEmpty == true)
            // Lifted early: the last day spent on 2026-03-15 (not before the first, not the planned end, a reason).
            let id = try #require((ordered["isolations"] as? [[String: Any]])?.first?["id"] as? Int)
            let lift = "/api/v1/persons/\(number)/isolations/\(id)/lift"
            let late = try await client.call(
                .post, lift, json: ["last_day": "2026-03-28", "reason": "Informe médico"],
                headers: warden.merging([.ifMatch: "\"2\""]))
            #expect(late.errorCodes.contains("query.value_out_of_range") && Set(late.errorFields) == ["last_day"])
            let lifted = try await client.call(
                .post, lift, json: ["last_day": "2026-03-15", "reason": "El servicio médico lo suspende (DS-5)"],
                headers: warden.merging([.ifMatch: "\"2\""]))
            #expect(lifted.status == 200 && lifted["isolation_days_last_12_months"] as? Int == 2)
            #expect((lifted["isolations"] as? [[String: Any]])?.first?["lifted_on"] as? String == "2026-03-15")
            let again = try await client.call(
                .post, lift, json: ["last_day": "2026-03-15", "reason": "Otra vez"], headers: warden.merging([.ifMatch: "\"3\""]))
            #expect(again.errorCodes.contains("discipline.already_lifted"))
            let board16 = try await client.call(.get, "/api/v1/establishments/ep-norte/isolations?on=2026-03-16", headers: clerk)
            #expect((board16["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
