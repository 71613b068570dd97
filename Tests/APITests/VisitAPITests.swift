import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Visitors and visits through the API on both engines (issue 12 points 1-2, 6): the registry clerk registers a
/// visitor, links them and books a visit; the gate checks it in with the visitor's document and out; a ban refuses the
/// next booking with VI-5, kept in the person's visits; a clerk of another establishment sees neither the visit nor
/// the person in the visitor's file. Today is Sunday 2026-03-15, 07:00 in Lima.
@Suite struct VisitAPITests {
    @Test(arguments: TestDatabase.engines)
    func registerBookCheckInOutAndBan(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let person) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var users: [String: StaffUser] = [:]
            for (name, role, place) in [
                ("registro", Role.registryClerk, "ep-norte"), ("seguridad", .securityOfficer, "ep-norte"),
                ("otro", .registryClerk, "ep-mujeres"),
            ] {
                users[name] = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments([place]), in: services.directory)
            }
            // Sessions end after 30 idle minutes: the gate signs in again when the clock moves on.
            let accounts = users
            let session: @Sendable (String) async throws -> HTTPFields = { name in
                let signed: StaffSession = try await client.signIn(accounts[name]!, clock: clock)
                return signed.headers
            }
            var clerk = try await session("registro")
            var other = try await session("otro")
            var security = try await session("seguridad")
            let number = person.person.number.description

            let registered = try await client.call(
                .post, "/api/v1/visitors",
                json: [
                    "document": ["type": "dni", "number": "45678912"], "given_names": "Rosa", "paternal_surname": "Visitante",
                    "sex": "female", "birth_date": "1985-02-01", "address": "Jr. Sintético 123, Piura",
                ], headers: clerk)
            #expect(registered.status == 201)
            let visitor = try #require((registered["visitor"] as? [String: Any])?["id"] as? Int)
            let again = try await client.call(
                .post, "/api/v1/visitors",
                json: [
                    "document": ["type": "dni", "number": "45678912"], "given_names": "Rosa", "paternal_surname": "Otra",
                    "sex": "female", "address": "x",
                ], headers: clerk)
            #expect(again.status == 422 && again.errorCodes == ["visitor.already_registered"])
            let linked = try await client.call(
                .post, "/api/v1/visitors/\(visitor)/links", json: ["person_number": number, "relationship": "sibling"],
                headers: clerk)
            #expect(linked.status == 200 && (linked["links"] as? [[String: Any]])?.first?["close_relative"] as? Bool == true)
            // A person outside the caller's scope is a person the register does not know.
            let hidden = try await client.call(
                .post, "/api/v1/visitors/\(visitor)/links", json: ["person_number": number, "relationship": "cousin"],
                headers: other)
            #expect(hidden.status == 422 && hidden.errorFields == ["person_number"])
            let found = try await client.call(.get, "/api/v1/visitors?q=45678912", headers: other)
            #expect((found["items"] as? [[String: Any]])?.count == 1)

            let path = "/api/v1/persons/\(number)/visits"
            let booking: [String: Any] = [
                "kind": "family", "mode": "contact", "starts_at": "2026-03-15T09:00", "minutes": 60, "visitor_ids": [visitor],
            ]
            let booked = try await client.call(.post, path, json: booking, headers: clerk)
            #expect(booked.status == 201 && booked["state"] as? String == "booked" && booked.headers[.eTag] == "\"1\"")
            let id = try #require(booked["id"] as? Int)
            #expect(try await client.call(.get, "/api/v1/visits/\(id)", headers: other).status == 404)
            let calendar = try await client.call(.get, "/api/v1/establishments/ep-norte/visits?on=2026-03-15", headers: clerk)
            #expect((calendar["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])

            // The gate: an hour early at most, with the visitor's document.
            let moves = "/api/v1/visits/\(id)/movements"
            let early = try await client.call(
                .post, moves, json: ["action": "check_in", "documents": ["45678912"]],
                headers: security.merging([.ifMatch: "\"1\""]))
            #expect(early.status == 422 && early.errorCodes == ["visit.step_time"])
            clock.advance(minutes: 90)
            security = try await session("seguridad")
            let wrong = try await client.call(
                .post, moves, json: ["action": "check_in", "documents": ["45678913"]],
                headers: security.merging([.ifMatch: "\"1\""]))
            #expect(wrong.errorCodes == ["visit.document_mismatch"])
            let inside = try await client.call(
                .post, moves, json: ["action": "check_in", "documents": ["45678912"]],
                headers: security.merging([.ifMatch: "\"1\""]))
            #expect(
                inside.status == 200 && inside["state"] as? String == "inside"
                    && inside["checked_in_at"] as? String == "2026-03-15T08:30")
            clock.advance(minutes: 75)
            security = try await session("seguridad")
            clerk = try await session("registro")
            other = try await session("otro")
            let out = try await client.call(
                .post, moves, json: ["action": "check_out"], headers: security.merging([.ifMatch: "\"2\""]))
            #expect(out.status == 200 && out["state"] as? String == "finished")

            // A ban: a clerk may not; the security officer may; the next booking is refused and kept.
            let ban: [String: Any] = [
                "establishment_code": "ep-norte", "reason": "Intento de ingreso de un chip", "resolution": "RD 7-2026",
            ]
            #expect(try await client.call(.post, "/api/v1/visitors/\(visitor)/bans", json: ban, headers: clerk).status == 403)
            let banned = try await client.call(.post, "/api/v1/visitors/\(visitor)/bans", json: ban, headers: security)
            #expect(banned.status == 200 && (banned["bans"] as? [[String: Any]])?.count == 1)
            var later = booking
            later["starts_at"] = "2026-03-15T14:00"
            let refused = try await client.call(.post, path, json: later, headers: clerk)
            #expect(refused.status == 422 && refused.errorCodes == ["visit.visitor_banned"])
            let history = try await client.call(.get, path, headers: clerk)
            #expect((history["items"] as? [[String: Any]])?.map { $0["state"] as? String } == ["refused", "finished"])
            // A request wrong in itself writes nothing: an unknown visitor.
            later["visitor_ids"] = [visitor, 999]
            let unknown = try await client.call(.post, path, json: later, headers: clerk)
            #expect(unknown.status == 422 && unknown.errorFields == ["visitor_ids[1]"])
            let rows = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM visits").first()!.decode(column: "n", as: Int.self)
            }
            #expect(rows == 2)
            // The other establishment's clerk sees the visitor, not whom they visit nor the visits.
            let file = try await client.call(.get, "/api/v1/visitors/\(visitor)", headers: other)
            #expect((file["links"] as? [Any])?.isEmpty == true && (file["visits"] as? [Any])?.isEmpty == true)
            let own = try await client.call(.get, "/api/v1/visitors/\(visitor)", headers: clerk)
            #expect((own["links"] as? [Any])?.count == 1 && (own["visits"] as? [Any])?.count == 2)
        }
    }

    /// The establishment's visiting calendar (VI-1): read by the clerk (the defaults, version 0), set by the warden only,
    /// bad hours refused with the field.
    @Test(arguments: TestDatabase.engines)
    func theCalendarIsTheEstablishments(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            var headers: [String: HTTPFields] = [:]
            for (name, role) in [("registro", Role.registryClerk), ("director", .warden)] {
                let user = try await AccessFixtures.user(
                    name, roles: [role], scope: .establishments(["ep-norte"]), in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let path = "/api/v1/establishments/ep-norte/visit-calendar"
            let defaults = try await client.call(.get, path, headers: headers["registro"]!)
            #expect(defaults.status == 200 && defaults["version"] as? Int == 0 && defaults["seats"] as? Int == 20)
            let body: [String: Any] = [
                "family_days": [5, 6], "family_from": "09:00", "family_until": "13:00", "professional_days": [0, 2, 4],
                "professional_from": "08:00", "professional_until": "12:00", "seats": 30,
            ]
            #expect(try await client.call(.put, path, json: body, headers: headers["registro"]!).status == 403)
            let set = try await client.call(.put, path, json: body, headers: headers["director"]!)
            #expect(set.status == 200 && set["version"] as? Int == 1 && set["family_days"] as? [Int] == [5, 6])
            var backwards = body
            backwards["family_until"] = "08:00"
            let bad = try await client.call(
                .put, path, json: backwards, headers: headers["director"]!.merging([.ifMatch: "\"1\""]))
            #expect(bad.status == 422 && bad.errorFields == ["family_hours"])
            let stale = try await client.call(.put, path, json: body, headers: headers["director"]!.merging([.ifMatch: "\"3\""]))
            #expect(stale.status == 412)
            let read = try await client.call(.get, path, headers: headers["registro"]!)
            #expect(read["seats"] as? Int == 30 && read["professional_until"] as? String == "12:00")
        }
    }
}
