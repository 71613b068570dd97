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
            let before = try await Fixtures.rows("benefit_file_steps", in: services.database)
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
            #expect(try await Fixtures.rows("benefit_file_steps", in: services.database) == before)
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

    /// Point 3: the court's grant comes back as a release order by benefit naming the file; its receipt records the
    /// grant, its clock is the release order's (the same day), and its execution releases the person and the file.
    @Test(arguments: TestDatabase.engines)
    func aGrantArrivesAsAReleaseOrderAndItsExecutionReleasesTheFile(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let registry = services.registry
            guard
                case .done(let admitted) = try await registry.admit(
                    Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(var file) = try await registry.openBenefitFile(
                    person: admitted.person.id, benefit: .semiliberty, within: nil, asOf: Fixtures.asOf, actor: "legal")
            else { throw CancellationError() }
            let number = admitted.person.number.description
            let court = try await AccessFixtures.token(
                client: "Corte Superior de Justicia de Lima", operations: [.submitOrder, .readOrders], scope: .nation,
                in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
            let courtHeaders: HTTPFields = [.authorization: "Bearer \(court)"]
            func order(_ key: String, reason: String = "benefit") -> [String: Any] {
                [
                    "kind": "release", "release_reason": reason, "court": "Juzgado Penal Unipersonal de Lima",
                    "judge": "Juez Sintético", "resolution": "Resolución N.º 21", "issued_on": "2026-03-15",
                    "case": ["number": "00123-2026-1-1801-JR-PE-01", "judicial_district": "Lima"],
                    "person": ["person_number": number], "benefit_file_id": file.id.rawValue, "issuer_order_id": key,
                ]
            }
            // A file not yet sent cannot be granted: nothing written.
            let notSent = try await client.call(.post, "/api/v1/orders", json: order("g-1"), headers: courtHeaders)
            #expect(
                notSent.status == 422 && notSent.errorCodes == ["benefit.not_sent"] && notSent.errorFields == ["benefit_file_id"])
            #expect(try await registry.inboundOrders(establishmentCodes: nil, openOnly: false, limit: 10).isEmpty)
            file = try await Fixtures.assemble(file, in: registry)
            // A release for another reason never grants a file, even one ready for it: nothing written.
            let wrongReason = try await client.call(
                .post, "/api/v1/orders", json: order("g-0", reason: "acquittal"), headers: courtHeaders)
            #expect(wrongReason.status == 422 && wrongReason.errorCodes == ["input.value_not_allowed"])
            #expect(wrongReason.errorFields == ["benefit_file_id"])
            #expect(try await registry.inboundOrders(establishmentCodes: nil, openOnly: false, limit: 10).isEmpty)
            // The court sets the hearing by an order of its own: recorded on the file, the order executed at once.
            var hearing = order("h-1")
            hearing["kind"] = "benefit_decision"
            hearing["release_reason"] = nil
            hearing["benefit_decision"] = "hearing_set"
            let noDay = try await client.call(.post, "/api/v1/orders", json: hearing, headers: courtHeaders)
            #expect(noDay.status == 422 && noDay.errorFields == ["hearing_on"])
            hearing["hearing_on"] = "2026-03-25"
            hearing["issuer_order_id"] = "h-2"
            let set = try await client.call(.post, "/api/v1/orders", json: hearing, headers: courtHeaders)
            #expect(set.status == 201 && set["state"] as? String == "executed", "\(set.json)")
            #expect(set["benefit_decision"] as? String == "hearing_set" && set["hearing_on"] as? String == "2026-03-25")
            let afterHearing = try #require(try await registry.benefitFile(file.id))
            #expect(afterHearing.state == .hearingSet && afterHearing.hearingOn == CivilDate(iso: "2026-03-25"))
            let granted = try await client.call(.post, "/api/v1/orders", json: order("g-2"), headers: courtHeaders)
            #expect(granted.status == 201 && granted["state"] as? String == "matched", "\(granted.json)")
            #expect(granted["benefit_file_id"] as? Int == Int(file.id.rawValue))
            // The release order's clock: due the day it arrived.
            #expect((granted["release_due"] as? String)?.hasPrefix("2026-03-15") == true)
            let afterGrant = try #require(try await registry.benefitFile(file.id))
            #expect(afterGrant.state == .granted && afterGrant.grantedOn == Fixtures.asOf)
            #expect(afterGrant.history.last?.by == "Corte Superior de Justicia de Lima")
            // The clerk executes the order: the person and the file leave together.
            let clerk = try await AccessFixtures.user(
                "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let session: StaffSession = try await client.signIn(clerk, clock: clock)
            let id = try #require(granted["id"] as? Int)
            for (action, version) in [("accept", 1), ("execute", 2)] {
                let done = try await client.call(
                    .post, "/api/v1/orders/\(id)/steps", json: ["action": action],
                    headers: session.headers.merging([.ifMatch: "\"\(version)\""]))
                #expect(done.status == 200, "\(action): \(done.json)")
            }
            let released = try #require(try await registry.benefitFile(file.id))
            #expect(released.state == .released && released.releasedOn == Fixtures.asOf)
            #expect(released.history.last?.by == "registro")
            #expect(try await registry.personFile(admitted.person.id)?.openEpisode == nil)
        }
    }

    /// Point 4: what the law would free, per establishment in the caller's scope and for them all; counts only.
    @Test(arguments: TestDatabase.engines)
    func theReliefPotentialPerEstablishment(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard case .done = try await services.registry.admit(Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t"),
                case .done = try await services.registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "43456789"))), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, role, scope) in [
                ("nacional", Role.nationalAnalyst, Scope.nation),
                ("legal.mujeres", .legalOfficer, .establishments(["ep-mujeres"])),
                ("registro", .registryClerk, .nation),
            ] {
                let user = try await AccessFixtures.user(name, roles: [role], scope: scope, in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let relief = try await client.call(.get, "/api/v1/relief", headers: headers["nacional"]!)
            #expect(relief.status == 200 && relief["terms_version"] as? String == "BP-2016")
            let nation = try #require(relief["nation"] as? [String: Any])
            // E.P. Norte: 10 places, two held, one eligible without a file: 20 % now, 10 % if decided.
            #expect(nation["eligible"] as? Int == 1 && nation["not_started"] as? Int == 1 && nation["population"] as? Int == 2)
            let rows = try #require(relief["establishments"] as? [[String: Any]])
            let norte = try #require(rows.first { $0["code"] as? String == "ep-norte" })
            #expect(norte["occupancy"] as? Double == 20 && norte["occupancy_if_decided"] as? Double == 10)
            #expect(!"\(relief.json)".contains("P-0"), "no person is named")
            // Next to it, what transfers alone could do: 14 places for 2 persons, nobody over capacity.
            let bound = try #require(relief["transfer_bound"] as? [String: Any])
            #expect(bound["floor_excess"] as? Int == 0 && bound["excess_by_establishment"] as? Int == 0)
            #expect((bound["floor_occupancy"] as? Double).map { abs($0 - 14.2857) < 0.001 } == true)
            // And the capacity plan: Lima, the fixtures' one department, needs no new place either way; its announced projects.
            let need = try #require(relief["capacity_need"] as? [String: Any])
            #expect(need["departments"] as? Int == 1 && need["places_now"] as? Int == 0 && need["within_if_decided"] as? Int == 1)
            #expect(need["announced"] as? Int == 18_500)
            #expect(relief["replayed"] as? Bool == false)
            // A past day replayed from the dated rows: on 2025-12-10 only the sentenced man was held, not yet eligible;
            // today's replay agrees with the stored report.
            let past = try await client.call(.get, "/api/v1/relief?as_of=2025-12-10", headers: headers["nacional"]!)
            let then = try #require(past["nation"] as? [String: Any])
            #expect(past["replayed"] as? Bool == true && past["as_of"] as? String == "2025-12-10")
            #expect(then["population"] as? Int == 1 && then["eligible"] as? Int == 0)
            let today = try #require(relief["as_of"] as? String)
            let replayed = try await client.call(.get, "/api/v1/relief?as_of=\(today)", headers: headers["nacional"]!)
            let again = try #require(replayed["nation"] as? [String: Any])
            for key in ["population", "eligible", "not_started", "on_time", "late", "granted"] {
                #expect(again[key] as? Int == nation[key] as? Int, "\(key)")
            }
            for bad in ["2999-01-01", "ayer"] {
                let refused = try await client.call(.get, "/api/v1/relief?as_of=\(bad)", headers: headers["nacional"]!)
                #expect(refused.status == 422 && refused.errorFields == ["as_of"], "\(bad)")
            }
            let scoped = try await client.call(.get, "/api/v1/relief", headers: headers["legal.mujeres"]!)
            #expect((scoped["establishments"] as? [[String: Any]])?.map { $0["code"] as? String } == ["ep-mujeres"])
            #expect((scoped["nation"] as? [String: Any])?["eligible"] as? Int == 0)
            #expect(try await client.call(.get, "/api/v1/relief", headers: headers["registro"]!).status == 403)
        }
    }
}
