import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Testing

@Suite struct AuthenticationTests {
    @Test(arguments: TestDatabase.engines)
    func lockoutAfterFiveFailuresAndItsExpiry(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let user = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            for attempt in 1...5 {
                let (session, response) = try await client.login("rosa", password: "no-es-la-clave-\(attempt)")
                #expect(session == nil)
                #expect(response.status == 401 && response.problemCode == "auth.invalid_credentials")
            }
            // Locked: even the right password is refused, for 15 minutes, with the answer a wrong password gets
            // (the audit trail says it was the lock).
            var (session, response) = try await client.login("rosa")
            #expect(session == nil && response.status == 401 && response.problemCode == "auth.invalid_credentials")
            clock.advance(minutes: 14)
            (session, response) = try await client.login("rosa")
            #expect(session == nil && response.problemCode == "auth.invalid_credentials")
            clock.advance(minutes: 1.1)
            (session, response) = try await client.login("rosa")
            #expect(session != nil && response.status == 200)
            // The failures count again from zero after a success.
            #expect(try await services.directory.user(id: user.id)?.failedAttempts == 0)
            // Unknown users get the same answer as wrong passwords.
            (session, response) = try await client.login("nadie")
            #expect(response.status == 401 && response.problemCode == "auth.invalid_credentials")
            let logins = try await auditRows(services.database).filter { $0.record.actor.action == "login" }
            #expect(logins.filter { $0.record.outcome == "401 auth.invalid_credentials" }.count == 6)
            #expect(logins.filter { $0.record.outcome == "401 auth.account_locked" }.count == 2)
            #expect(logins.filter { $0.record.outcome == "ok" && $0.record.actor.user == "rosa" }.count == 1)
        }
    }

    /// Issue 17, point 1: 50 wrong passwords at once for one account; at most five are ever checked (the rest
    /// meet the lock before their password is looked at), and then the right one is refused too.
    @Test(arguments: TestDatabase.engines)
    func aBurstOfLoginsGetsNoMoreThanFiveChecks(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, _ in
            try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let answers = try await withThrowingTaskGroup(of: String?.self) { group in
                for attempt in 0..<50 {
                    group.addTask { try await client.login("rosa", password: "no-es-la-clave-\(attempt)").1.problemCode }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(answers.count == 50 && answers.allSatisfy { $0 == "auth.invalid_credentials" })
            let logins = try await auditRows(services.database).filter { $0.record.actor.action == "login" }
            let checked = logins.filter { $0.record.outcome == "401 auth.invalid_credentials" }.count
            let locked = logins.filter { $0.record.outcome == "401 auth.account_locked" }.count
            #expect(checked == 5, "passwords checked: \(checked)")
            #expect(checked + locked == 50)
            let (session, response) = try await client.login("rosa")
            #expect(session == nil && response.problemCode == "auth.invalid_credentials")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func secondFactorIsRequiredForWardens(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            try await AccessFixtures.user("diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory)
            var (session, response) = try await client.login("diego")
            #expect(session == nil && response.problemCode == "auth.second_factor_required")
            let right = AccessControl.totpCode(secret: AccessFixtures.totpSecret, at: clock.now)
            let wrong = right == "000000" ? "111111" : "000000"
            (session, response) = try await client.login("diego", totp: wrong)
            #expect(session == nil && response.problemCode == "auth.second_factor_invalid")
            // A code from ten minutes ago is no longer good.
            let old = AccessControl.totpCode(secret: AccessFixtures.totpSecret, at: clock.now.addingTimeInterval(-600))
            if old != right {
                (session, response) = try await client.login("diego", totp: old)
                #expect(session == nil && response.problemCode == "auth.second_factor_invalid")
            }
            (session, response) = try await client.login("diego", totp: right)
            #expect(session != nil)
            #expect((response["roles"] as? [String]) == ["warden"])
            // A code is accepted once only (RFC 6238, 5.2): the same code again, even within its 30 seconds, is
            // refused, and so is the code of the step before it; the next step's code is good.
            (session, response) = try await client.login("diego", totp: right)
            #expect(session == nil && response.problemCode == "auth.second_factor_invalid")
            let earlier = AccessControl.totpCode(secret: AccessFixtures.totpSecret, at: clock.now.addingTimeInterval(-30))
            (session, response) = try await client.login("diego", totp: earlier)
            #expect(session == nil && response.problemCode == "auth.second_factor_invalid")
            clock.advance(minutes: 0.5)
            (session, response) = try await client.login(
                "diego", totp: AccessControl.totpCode(secret: AccessFixtures.totpSecret, at: clock.now))
            #expect(session != nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func sessionsEndAfterThirtyMinutesIdleAndTwelveHoursInAll(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            try await AccessFixtures.user("ana", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            // Idle.
            var (session, _) = try await client.login("ana")
            var headers = try #require(session).headers
            clock.advance(minutes: 29)
            #expect(try await client.call(.get, "/api/v1/auth/me", headers: headers).status == 200)
            clock.advance(minutes: 29)
            #expect(try await client.call(.get, "/api/v1/auth/me", headers: headers).status == 200)
            clock.advance(minutes: 31)
            let idle = try await client.call(.get, "/api/v1/auth/me", headers: headers)
            #expect(idle.status == 401 && idle.problemCode == "auth.session_expired")
            // Absolute: active every 25 minutes, still ended after 12 hours.
            (session, _) = try await client.login("ana")
            headers = try #require(session).headers
            var minutes = 0.0
            while minutes + 25 <= 12 * 60 {
                clock.advance(minutes: 25)
                minutes += 25
                #expect(try await client.call(.get, "/api/v1/establishments", headers: headers).status == 200)
            }
            clock.advance(minutes: 25)
            let absolute = try await client.call(.get, "/api/v1/establishments", headers: headers)
            #expect(absolute.status == 401 && absolute.problemCode == "auth.session_expired")
            // Logging out ends the session at once.
            (session, _) = try await client.login("ana")
            headers = try #require(session).headers
            #expect(try await client.call(.post, "/api/v1/auth/logout", headers: headers).status == 204)
            #expect(try await client.call(.get, "/api/v1/auth/me", headers: headers).status == 401)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func csrfTokenIsRequiredForChangesFromASession(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let session = try #require(try await client.login("rosa").0)
            let before = try await auditRows(services.database).count
            for csrf in [nil, "forjado", String(session.csrf.dropLast()) + "x"] {
                var headers: HTTPFields = [.cookie: session.cookie]
                if let csrf { headers[HTTPField.Name(AccessControl.csrfHeader)!] = csrf }
                let response = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(), headers: headers)
                #expect(response.status == 403 && response.problemCode == "auth.csrf_invalid")
            }
            #expect(try await Meta.personCount(in: services.database) == 0)
            let refusals = try await auditRows(services.database).dropFirst(before)
            #expect(
                refusals.count == 3
                    && refusals.allSatisfy { $0.record.outcome == "403 auth.csrf_invalid" && $0.record.actor.user == "rosa" })
            // With the right token the admission goes through, audited in its own transaction.
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(), headers: session.headers)
            #expect(admitted.status == 201)
            let last = try #require(try await auditRows(services.database).last)
            #expect(last.record.actor.user == "rosa" && last.record.actor.action == "POST /api/v1/admissions")
            #expect(
                last.record.personNumber == admitted["person_number"] as? String && last.record.establishmentCode == "ep-norte")
            #expect(last.record.outcome == "ok")
            // A body that is not what the contract says: 400, nothing written, the refusal in the trail.
            let malformed = try await client.call(
                .post, "/api/v1/admissions", raw: #"{"person": 42}"#, headers: session.headers)
            #expect(malformed.status == 400)
            #expect(try await Meta.personCount(in: services.database) == 1)
            let refused = try #require(try await auditRows(services.database).last)
            #expect(refused.record.actor.user == "rosa" && refused.record.outcome == "400")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func tokensAreLimitedToTheirOperationsScopeAndLifetime(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let norte = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "test")
            let mujeres = try await services.registry.admit(
                Fixtures.admission(
                    subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")), establishment: "ep-mujeres"),
                asOf: Fixtures.asOf, actor: "test")
            guard case .done(let inside) = norte, case .done(let outside) = mujeres else {
                Issue.record("fixture admissions refused")
                return
            }
            let token = try await AccessFixtures.token(
                client: "Fiscalía de prueba", kind: .prosecutor, operations: [.readPersonFile, .searchPersons],
                scope: .establishments(["ep-norte"]), in: services.directory, expiresAt: clock.now.addingTimeInterval(3600))
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.call(.get, "/api/v1/persons/\(inside.person.number)", headers: bearer).status == 200)
            // Beyond its scope: the person does not exist for it.
            #expect(try await client.call(.get, "/api/v1/persons/\(outside.person.number)", headers: bearer).status == 404)
            // Beyond its operations: forbidden, nothing written.
            let admission = try await client.call(
                .post, "/api/v1/admissions", json: Bodies.admission(dni: "41111111"), headers: bearer)
            #expect(admission.status == 403 && admission.problemCode == "access.forbidden")
            #expect(try await client.call(.get, "/api/v1/alerts", headers: bearer).status == 403)
            #expect(try await Meta.personCount(in: services.database) == 2)
            // Tokens never see sensitive sections.
            let file = try await client.call(.get, "/api/v1/persons/\(inside.person.number)", headers: bearer)
            #expect(file["sensitive"] == nil)
            // Expired.
            clock.advance(minutes: 61)
            let expired = try await client.call(.get, "/api/v1/persons/\(inside.person.number)", headers: bearer)
            #expect(expired.status == 401 && expired.problemCode == "auth.token_expired")
            // Revoked.
            let second = try await AccessFixtures.token(
                client: "Fiscalía de prueba", kind: .prosecutor, operations: [.readPersonFile], scope: .nation,
                in: services.directory, expiresAt: clock.now.addingTimeInterval(3600))
            let id = try #require(try await services.directory.tokens().last?.id)
            try await services.directory.revokeToken(id, actor: "test")
            let revoked = try await client.call(
                .get, "/api/v1/persons/\(inside.person.number)", headers: [.authorization: "Bearer \(second)"])
            #expect(revoked.status == 401 && revoked.problemCode == "auth.token_revoked")
            let forged = try await client.call(
                .get, "/api/v1/persons/\(inside.person.number)", headers: [.authorization: "Bearer cust_forged"])
            #expect(forged.status == 401 && forged.problemCode == "auth.token_invalid")
            // No credentials at all.
            let anonymous = try await client.call(.get, "/api/v1/establishments")
            #expect(anonymous.status == 401 && anonymous.problemCode == "auth.required")
            #expect(anonymous.headers[.wwwAuthenticate] != nil)
            // Every refusal is in the trail.
            let outcomes = try await auditRows(services.database).map(\.record.outcome)
            for code in [
                "404 not_found", "403 access.forbidden", "401 auth.token_expired", "401 auth.token_revoked",
                "401 auth.token_invalid", "401 auth.required",
            ] {
                #expect(outcomes.contains(code), "\(code) missing from the trail")
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func sensitiveSectionsOnlyForTheRolesThatNeedThem(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let file) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "test")
            else { throw Refused() }
            try await services.database.transaction { sql in
                try await sql.raw(
                    "INSERT INTO person_sensitive (person_id, health, affiliation, intelligence) VALUES (\(bind: file.person.id.rawValue), 'Asma', 'Banda de prueba', 'Nota de inteligencia')"
                ).run()
            }
            let expected: [Role: Set<String>] = [
                .registryClerk: [], .legalOfficer: [], .auditor: [], .securityOfficer: ["health", "affiliation"],
                .warden: ["health", "affiliation"], .intelligenceAnalyst: ["affiliation", "intelligence"],
            ]
            for (role, sections) in expected {
                let user = try await AccessFixtures.user(
                    "u.\(role.rawValue)", roles: [role], scope: .nation, in: services.directory)
                let session = try await client.signIn(user, clock: clock)
                let response = try await client.call(.get, "/api/v1/persons/\(file.person.number)", headers: session.headers)
                #expect(response.status == 200)
                let shown = Set((response["sensitive"] as? [String: Any])?.keys.map { $0 } ?? [])
                #expect(shown == sections, "\(role.rawValue) sees \(shown)")
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func sensitiveSectionsAreWrittenOnlyByTheRolesThatReadThem(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard
                case .done(let file) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "test")
            else { throw Refused() }
            let uri = "/api/v1/persons/\(file.person.number)/sensitive"
            let security = try await client.signIn(
                try await AccessFixtures.user("simon", roles: [.securityOfficer], scope: .nation, in: services.directory),
                clock: clock)
            var headers = security.headers
            headers[.ifMatch] = "\"\(file.person.version)\""
            // A section the role may not read is refused, and nothing changes.
            let refused = try await client.call(.put, uri, json: ["intelligence": "Nota"], headers: headers)
            #expect(refused.status == 403 && refused.errorFields == ["intelligence"])
            let written = try await client.call(
                .put, uri, json: ["affiliation": "Banda de prueba (ficticia)", "health": "Asma"], headers: headers)
            #expect(written.status == 200)
            let shown = written["sensitive"] as? [String: Any]
            #expect(shown?["affiliation"] as? String == "Banda de prueba (ficticia)" && shown?["health"] as? String == "Asma")
            // Stale version: 412; too long: 422 with the field.
            #expect(try await client.call(.put, uri, json: ["health": "Otra"], headers: headers).status == 412)
            headers[.ifMatch] = "\"\(file.person.version + 1)\""
            let long = try await client.call(.put, uri, json: ["health": String(repeating: "x", count: 2_001)], headers: headers)
            #expect(long.status == 422 && long.errorFields == ["health"])
            // The intelligence analyst writes intelligence and clears nothing else; a clerk may not write at all.
            let analyst = try await client.signIn(
                try await AccessFixtures.user("ivan", roles: [.intelligenceAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            var analystHeaders = analyst.headers
            analystHeaders[.ifMatch] = "\"\(file.person.version + 1)\""
            let intelligence = try await client.call(
                .put, uri, json: ["intelligence": "Coordina desde el penal"], headers: analystHeaders)
            #expect(intelligence.status == 200)
            let stored = try await services.registry.personFile(file.person.id)?.sensitive
            #expect(
                stored
                    == SensitiveProfile(
                        health: "Asma", affiliation: "Banda de prueba (ficticia)", intelligence: "Coordina desde el penal"))
            let clerk = try await client.signIn(
                try await AccessFixtures.user("rosa", roles: [.registryClerk], scope: .nation, in: services.directory),
                clock: clock)
            var clerkHeaders = clerk.headers
            clerkHeaders[.ifMatch] = "\"\(file.person.version + 2)\""
            #expect(try await client.call(.put, uri, json: ["health": ""], headers: clerkHeaders).status == 403)
            // The trail says which sections changed, never what they say.
            let rows = try await auditRows(services.database).filter { $0.record.actor.action.hasPrefix("PUT ") }
            #expect(rows.filter { $0.record.outcome == "ok" }.count == 2)
            #expect(!rows.contains { $0.record.outcome.contains("Asma") || $0.record.outcome.contains("Coordina") })
        }
    }

    @Test(arguments: TestDatabase.engines)
    func auditorsSearchTheTrail(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let clerk = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let auditor = try await AccessFixtures.user("aurora", roles: [.auditor], scope: .nation, in: services.directory)
            let session = try await client.signIn(clerk, clock: clock)
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(), headers: session.headers)
            let number = try #require(admitted["person_number"] as? String)
            clock.advance(minutes: 20)
            #expect(try await client.call(.get, "/api/v1/persons/\(number)", headers: session.headers).status == 200)
            let auditorSession = try await client.signIn(auditor, clock: clock)
            // By person: the admission and the read, newest first, with who, role, address field and outcome.
            let byPerson = try await client.call(.get, "/api/v1/audit?person=\(number)", headers: auditorSession.headers)
            let items = try #require(byPerson["items"] as? [[String: Any]])
            #expect(items.map { $0["action"] as? String } == ["GET /api/v1/persons/{person_number}", "POST /api/v1/admissions"])
            #expect(items.allSatisfy { $0["user"] as? String == "rosa" && $0["role"] as? String == "registry_clerk" })
            // By user, by establishment, by time.
            let byUser = try await client.call(.get, "/api/v1/audit?user=rosa", headers: auditorSession.headers)
            #expect((byUser["items"] as? [[String: Any]])?.count == 3)  // login, admission, read
            let byEstablishment = try await client.call(
                .get, "/api/v1/audit?establishment=ep-norte", headers: auditorSession.headers)
            #expect((byEstablishment["items"] as? [[String: Any]])?.count == 2)
            let cut = AccessFixtures.isoMinute(clock.now.addingTimeInterval(-10 * 60))
            let recent = try await client.call(.get, "/api/v1/audit?user=rosa&from=\(cut)", headers: auditorSession.headers)
            #expect((recent["items"] as? [[String: Any]])?.count == 1)
            let bad = try await client.call(.get, "/api/v1/audit?from=ayer", headers: auditorSession.headers)
            #expect(bad.status == 422 && bad.errorFields == ["from"])
            // The clerk may not search the trail.
            #expect(try await client.call(.get, "/api/v1/audit", headers: session.headers).status == 403)
        }
    }

    @Test func aRouteMissingFromTheTableRefusesEveryone() async throws {
        try await TestDatabase.withFresh(.sqlite) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            let router = try CustodiaApp.buildRouter(services: services, config: AccessFixtures.config(clock: clock))
            router.get("api/v1/forgotten") { _, _ in "secret" }
            let token = try await AccessFixtures.token(
                client: "Corte", operations: Set(AccessOperation.allCases), scope: .nation, in: services.directory,
                expiresAt: clock.now.addingTimeInterval(3600))
            try await Application(router: router).test(.router) { client in
                let response = try await client.call(.get, "/api/v1/forgotten", headers: [.authorization: "Bearer \(token)"])
                #expect(response.status == 403 && response.problemCode == "access.route_not_in_table")
                let health = try await client.call(.get, "/health")
                #expect(health.status == 200)
                #expect(health.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(health.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(health.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func sessionCookieFlags(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, _ in
            try await AccessFixtures.user("ana", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            let (_, response) = try await client.login("ana")
            let cookie = try #require(response.headers[.setCookie])
            // Credentials come as JSON only: a cross-site form post cannot sign anyone in.
            let form = try await client.call(
                .post, "/api/v1/auth/login", raw: "username=ana&password=x",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == 415 && form.headers[.setCookie] == nil)
            #expect(cookie.hasPrefix("custodia_session="))
            for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
                #expect(cookie.localizedCaseInsensitiveContains(flag), "\(flag) missing from \(cookie)")
            }
        }
    }
}

/// A fixture the test relies on was refused: the test fails here instead of passing without checking anything.
struct Refused: Error, CustomStringConvertible {
    var description: String { "a fixture admission was refused" }
}
