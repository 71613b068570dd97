import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Benefit files through the API on both engines (issue 26 points 1 and 5): the legal officer opens the file of an
/// eligible person, records the documents, is refused a send while incomplete, sends it, records the court's
/// decision; bad input is refused with its field and writes nothing; the board shows the person late first; another
/// establishment's staff do not see the file.
@Suite struct BenefitAPITests {
    static func steps(_ services: Services) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM benefit_file_steps").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func openAssembleSendAndDecide(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let admitted) = try await services.registry.admit(
                    Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let number = admitted.person.number.description
            var headers: [String: HTTPFields] = [:]
            for (name, role, place) in [
                ("legal", Role.legalOfficer, "ep-norte"), ("registro", .registryClerk, "ep-norte"),
                ("legal.mujeres", .legalOfficer, "ep-mujeres"),
            ] {
                let user = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments([place]), in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let legal = headers["legal"]!
            // The board before anything: the person, not started, late (eligible since 2026-01-10).
            let board = try await client.call(.get, "/api/v1/establishments/ep-norte/benefits", headers: legal)
            #expect(board.status == 200 && board["terms_version"] as? String == "BP-2016")
            let items = try #require(board["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["state"] as? String == "not_started" && items[0]["late"] as? String == "file")
            #expect((board["counts"] as? [String: Int])?["not_started"] == 1)
            // A registry clerk reads but does not open.
            let clerkOpens = try await client.call(
                .post, "/api/v1/persons/\(number)/benefit-files", json: ["benefit": "semiliberty"], headers: headers["registro"]!)
            #expect(clerkOpens.status == 403)
            let tooEarly = try await client.call(
                .post, "/api/v1/persons/\(number)/benefit-files", json: ["benefit": "conditional_release"], headers: legal)
            #expect(tooEarly.status == 422 && tooEarly.errorCodes == ["benefit.not_eligible"])
            let opened = try await client.call(
                .post, "/api/v1/persons/\(number)/benefit-files", json: ["benefit": "semiliberty"], headers: legal)
            #expect(opened.status == 201 && opened["state"] as? String == "assembling" && opened.headers[.eTag] == "\"1\"")
            let schedule = try #require(opened["schedule"] as? [String: String])
            // Eligible on Saturday 2026-01-10: opens Monday the 12th; ten working days: complete by the 26th.
            #expect(schedule["opens_on"] == "2026-01-12" && schedule["complete_by"] == "2026-01-26")
            #expect(opened["late"] as? String == "file" && (opened["missing"] as? [String])?.count == 9)
            let id = try #require(opened["id"] as? Int)
            let path = "/api/v1/benefit-files/\(id)/steps"
            // Bad input: a document without its issuer, a date after today, a send while incomplete; nothing written.
            let before = try await Self.steps(services)
            let noIssuer = try await client.call(
                .post, path, json: ["step": "document", "document": "conduct", "on": "2026-03-10"],
                headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(noIssuer.status == 422 && noIssuer.errorFields == ["issuer"])
            let future = try await client.call(
                .post, path, json: ["step": "document", "document": "conduct", "on": "2026-03-16", "issuer": "Jefatura"],
                headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(future.status == 422 && future.errorCodes == ["benefit.date_in_future"])
            let incomplete = try await client.call(
                .post, path, json: ["step": "send", "on": "2026-03-15", "court": "Juzgado"],
                headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(incomplete.status == 422 && incomplete.errorCodes == ["benefit.file_incomplete"])
            let decision = try await client.call(
                .post, path, json: ["step": "grant", "on": "2026-03-15"], headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(decision.status == 422 && decision.errorCodes == ["benefit.not_sent"])
            let missingMatch = try await client.call(
                .post, path, json: ["step": "acknowledge", "on": "2026-03-15"], headers: legal)
            #expect(missingMatch.status == 428)
            #expect(try await Self.steps(services) == before)
            // Every document, then the work and study computation not applicable: complete.
            var version = 1
            for document in BenefitFile.Document.allCases where document != .workStudy {
                let recorded = try await client.call(
                    .post, path,
                    json: [
                        "step": "document", "document": document.rawValue, "on": "2026-03-10", "issuer": "Unidad",
                        "reference": "N.º 7",
                    ],
                    headers: legal.merging([.ifMatch: "\"\(version)\""]))
                #expect(recorded.status == 200, "\(document): \(recorded.json)")
                version += 1
            }
            let stale = try await client.call(
                .post, path, json: ["step": "not_applicable", "document": "work_study", "reason": "Sin redención"],
                headers: legal.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            let complete = try await client.call(
                .post, path, json: ["step": "not_applicable", "document": "work_study", "reason": "Sin redención"],
                headers: legal.merging([.ifMatch: "\"\(version)\""]))
            #expect(complete.status == 200 && complete["state"] as? String == "complete" && complete["late"] == nil)
            version += 1
            for (step, extra) in [
                ("send", ["court": "Juzgado Penal Unipersonal de Lima"]), ("hearing", [:]), ("grant", [:]),
            ] as [(String, [String: String])] {
                var body: [String: String] = ["step": step, "on": "2026-03-15"]
                body.merge(extra) { $1 }
                let done = try await client.call(.post, path, json: body, headers: legal.merging([.ifMatch: "\"\(version)\""]))
                #expect(done.status == 200, "\(step): \(done.json)")
                version += 1
            }
            let file = try await client.call(.get, "/api/v1/benefit-files/\(id)", headers: headers["registro"]!)
            #expect(file.status == 200 && file["state"] as? String == "granted" && file["granted_on"] as? String == "2026-03-15")
            #expect((file["history"] as? [[String: Any]])?.map { $0["step"] as? String }.last == "grant")
            // Another establishment's legal officer: no such file.
            let elsewhere = try await client.call(.get, "/api/v1/benefit-files/\(id)", headers: headers["legal.mujeres"]!)
            #expect(elsewhere.status == 404)
            let otherBoard = try await client.call(
                .get, "/api/v1/establishments/ep-norte/benefits", headers: headers["legal.mujeres"]!)
            #expect(otherBoard.status == 404)
        }
    }
}
