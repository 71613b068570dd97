import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Testing

/// Disciplinary cases through the API on both engines (issue 12 points 4 and 6): the security officer opens a case
/// and records notification, descargo and report with the case's version; a charge against a pavilion is refused; the
/// warden's decision of 20 days of isolation is refused at the measure, of 10 recorded; a security officer may not
/// decide; another establishment's staff do not see the case. Today is 2026-03-15.
@Suite struct DisciplineAPITests {
    @Test(arguments: TestDatabase.engines)
    func openStepDecide(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, role, place) in [
                ("seguridad", Role.securityOfficer, "ep-norte"), ("director", .warden, "ep-norte"),
                ("otra", .securityOfficer, "ep-mujeres"),
            ] {
                let user = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments([place]), in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let security = headers["seguridad"]!
            let offences = try await client.call(.get, "/api/v1/discipline/offences", headers: security)
            #expect((offences["items"] as? [[String: Any]])?.contains { $0["code"] as? String == "G-01" } == true)
            let path = "/api/v1/persons/\(person.person.number)/discipline"
            let charge: [String: Any] = [
                "offence_code": "G-02", "act": "Agresión a otro interno (sintético)", "occurred_on": "2026-03-14",
            ]
            var collective = charge
            collective["pavilion_code"] = "A"
            let refused = try await client.call(.post, path, json: collective, headers: security)
            #expect(
                refused.status == 422 && refused.errorCodes == ["discipline.collective"]
                    && refused.errorFields == ["pavilion_code"])
            let opened = try await client.call(.post, path, json: charge, headers: security)
            #expect(
                opened.status == 201 && opened["state"] as? String == "opened" && opened["report_due"] as? String == "2026-03-30")
            let id = try #require(opened["id"] as? Int)
            let steps = "/api/v1/discipline/\(id)/steps"
            var version = 1
            for step in [
                ["step": "notify", "on": "2026-03-15", "text": "Notificación escrita N.º 4"],
                ["step": "descargo", "on": "2026-03-15", "text": "Me defendí", "defender": "Defensor Sintético"],
                ["step": "report", "on": "2026-03-15", "text": "Informe del Jefe de Seguridad"],
            ] {
                let answer = try await client.call(
                    .post, steps, json: step, headers: security.merging([.ifMatch: "\"\(version)\""]))
                #expect(answer.status == 200, "\(step) \(answer.json)")
                version += 1
            }
            let decisions = "/api/v1/discipline/\(id)/decisions"
            var decision: [String: Any] = [
                "step": "decide", "on": "2026-03-15", "acta": "Acta CTP 5-2026", "outcome": "sanctioned",
                "measures": [["kind": "aislamiento", "starts_on": "2026-03-15", "days": 20]],
                "medical_report": ["reference": "Informe médico 9-2026"],
            ]
            // A sanction not in the catalogue (DS-2): refused with the field, nothing written.
            var unknown = decision
            unknown["measures"] = [["kind": "trabajo_forzado", "starts_on": "2026-03-15", "days": 5]]
            let notInCatalogue = try await client.call(
                .post, decisions, json: unknown, headers: headers["director"]!.merging([.ifMatch: "\"4\""]))
            #expect(notInCatalogue.status == 400 && notInCatalogue.errorFields == ["measures[0].kind"], "\(notInCatalogue.json)")
            let forbidden = try await client.call(
                .post, decisions, json: decision, headers: security.merging([.ifMatch: "\"4\""]))
            #expect(forbidden.status == 403)
            let director = headers["director"]!
            let twenty = try await client.call(.post, decisions, json: decision, headers: director.merging([.ifMatch: "\"4\""]))
            #expect(twenty.status == 422 && twenty.errorCodes == ["discipline.isolation_max"])
            #expect(twenty.errorFields == ["measures[0].days"])
            decision["measures"] = [["kind": "aislamiento", "starts_on": "2026-03-15", "days": 10]]
            let decided = try await client.call(.post, decisions, json: decision, headers: director.merging([.ifMatch: "\"4\""]))
            #expect(decided.status == 200 && decided["state"] as? String == "decided" && decided.headers[.eTag] == "\"5\"")
            #expect(decided["appeal_due"] as? String != nil)
            let board = try await client.call(.get, "/api/v1/establishments/ep-norte/isolations?on=2026-03-15", headers: director)
            #expect((board["items"] as? [[String: Any]])?.count == 1)
            let list = try await client.call(.get, "/api/v1/establishments/ep-norte/discipline", headers: security)
            #expect((list["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            #expect(try await client.call(.get, "/api/v1/discipline/\(id)", headers: headers["otra"]!).status == 404)
        }
    }
}
