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

/// The authorisation matrix, generated from the access table: every route, every role, a resource in the
/// user's scope and one outside it. Allowed and in scope gets past authorisation; not allowed is 403;
/// allowed but out of scope is 404.
@Suite struct AccessMatrixTests {
    @Test func everyRouteOfTheRouterIsInTheAccessTableAndNoMore() async throws {
        try await TestDatabase.withFresh(.sqlite) { database in
            let clock = TestClock()
            let router = try CustodiaApp.buildRouter(
                services: Services(database: database, environment: Fixtures.environment(now: clock.source)),
                config: AccessFixtures.config(clock: clock))
            let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
            let table = Set(CustodiaApp.accessTable.entries.map(\.key))
            #expect(routed == table, "only routed: \(routed.subtracting(table)); only in table: \(table.subtracting(routed))")
            #expect(routed.count == CustodiaApp.accessTable.entries.count)
        }
    }

    /// The grants in the code are exactly the ones written down by hand, role by role, both ways.
    @Test func grantsAreTheWrittenOnesBothWays() {
        #expect(Set(AccessExpectations.grants.keys) == Set(Role.allCases))
        for role in Role.allCases {
            let granted = Set((AccessPolicy.grants[role] ?? []).map(\.rawValue))
            let written = AccessExpectations.grants[role] ?? []
            #expect(granted.subtracting(written).isEmpty, "\(role) is granted more than written: \(granted.subtracting(written))")
            #expect(written.subtracting(granted).isEmpty, "\(role) is granted less than written: \(written.subtracting(granted))")
        }
        for section in SensitiveSection.allCases {
            #expect(AccessPolicy.sensitiveReaders[section] == AccessExpectations.sensitiveReaders[section.rawValue], "\(section)")
        }
        // Every route performs the operation written for it, and no route is missing from either side.
        let table = Dictionary(uniqueKeysWithValues: CustodiaApp.accessTable.entries.map { ($0.key, $0.operation?.rawValue) })
        #expect(Set(table.keys) == Set(AccessExpectations.routes.keys))
        for (key, route) in AccessExpectations.routes { #expect(table[key] == route.operation, "\(key)") }
    }

    /// The scopes every role is tried with, and where a person outside each of them is held.
    static let scopes: [(scope: Scope, outside: String?)] = [
        (.establishments(["ep-norte"]), "ep-mujeres"), (.regionalOffice("lima"), "ep-sur"), (.nation, nil),
    ]

    /// Every role, with an establishment, a regional and a national scope, on every route, in and out of scope:
    /// allowed (by the written table) and in scope answers the route's written status; not allowed is 403;
    /// allowed but out of scope is 404. Never a 5xx.
    @Test(arguments: TestDatabase.engines)
    func matrix(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            try await Fixtures.loadSouthernOffice(into: services.database)
            let inside = try await admit(services, Fixtures.admission())
            let outside = [
                "ep-mujeres": try await admit(
                    services,
                    Fixtures.admission(
                        subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")),
                        establishment: "ep-mujeres")),
                "ep-sur": try await admit(
                    services,
                    Fixtures.admission(
                        subject: .new(Fixtures.newPerson(dni: "47654322", given: "Mario")), establishment: "ep-sur")),
            ]
            var checked = 0
            for (index, (scope, outsideCode)) in Self.scopes.enumerated() {
                for role in Role.allCases {
                    let user = try await AccessFixtures.user(
                        "u\(index).\(role.rawValue)", roles: [role], scope: scope, in: services.directory)
                    var session = try await client.signIn(user, clock: clock)
                    // The two logouts last: they end the session.
                    let keys = AccessExpectations.routes.keys.sorted {
                        ($0.hasSuffix("logout") ? 1 : 0, $0) < ($1.hasSuffix("logout") ? 1 : 0, $1)
                    }
                    for key in keys {
                        let route = AccessExpectations.routes[key]!
                        let variants: [(inScope: Bool, person: PersonFile, establishment: String)] =
                            [(true, inside, "ep-norte")]
                            + (route.scoped ? outsideCode.map { [(false, outside[$0]!, $0)] } ?? [] : [])
                        for variant in variants {
                            let request = Self.request(
                                key, person: variant.person, establishment: variant.establishment)
                            let response = try await client.call(
                                request.method, request.uri, raw: request.body, headers: session.headers.merging(request.headers))
                            checked += 1
                            let context =
                                "\(role.rawValue) \(scope.text) \(key) \(variant.inScope ? "in" : "out of") scope: \(response.status) \(response.problemCode ?? "")"
                            #expect(response.status < 500, "\(context)")
                            if !AccessExpectations.allows(role, route) {
                                #expect(response.status == 403, "\(context)")
                                if !AccessMiddleware<CustodiaRequestContext>.isPage(request.path) {
                                    #expect(response.problemCode == "access.forbidden", "\(context)")
                                }
                            } else if !variant.inScope {
                                #expect(response.status == 404, "\(context)")
                            } else {
                                #expect(response.status == route.status, "\(context)")
                                // A page that sends the user to the login form was refused, whatever its status.
                                #expect(response.headers[.location]?.hasPrefix("/login?") != true, "\(context)")
                            }
                            if key == "POST /api/v1/auth/logout" { session = try await client.signIn(user, clock: clock) }
                        }
                    }
                }
            }
            // Every route had a request for every role and scope, in scope at least.
            #expect(checked >= Self.scopes.count * Role.allCases.count * AccessExpectations.routes.count)
            // Nothing the matrix sent was written: the three persons are still the only ones, versions untouched.
            #expect(try await Meta.personCount(in: services.database) == 3)
            let file = try await services.registry.personFile(inside.person.id)
            #expect(file?.person.version == inside.person.version)
        }
    }

    /// Institutional tokens: one token per operation, with an establishment scope, on every API route. A token
    /// may call only its operation (403 otherwise) and see only its scope (404 otherwise).
    @Test(arguments: TestDatabase.engines)
    func tokenMatrix(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let inside = try await admit(services, Fixtures.admission())
            let outside = try await admit(
                services,
                Fixtures.admission(
                    subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")), establishment: "ep-mujeres")
            )
            let apiRoutes = AccessExpectations.routes.filter { $0.key.contains(" /api/") && !$0.key.contains("/auth/") }
            #expect(apiRoutes.count == 85)
            var checked = 0
            for operation in AccessOperation.allCases {
                let token = try await AccessFixtures.token(
                    client: "Cliente \(operation.rawValue)", operations: [operation], scope: .establishments(["ep-norte"]),
                    in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
                for (key, route) in apiRoutes.sorted(by: { $0.key < $1.key }) {
                    for (inScope, person, code) in [(true, inside, "ep-norte")]
                        + (route.scoped ? [(false, outside, "ep-mujeres")] : [])
                    {
                        let request = Self.request(key, person: person, establishment: code)
                        var headers = request.headers
                        headers[.authorization] = "Bearer \(token)"
                        let response = try await client.call(request.method, request.uri, raw: request.body, headers: headers)
                        checked += 1
                        let context =
                            "token \(operation.rawValue) \(key) \(inScope ? "in" : "out of") scope: \(response.status) \(response.problemCode ?? "")"
                        #expect(response.status < 500, "\(context)")
                        if route.operation != nil && route.operation != operation.rawValue {
                            #expect(response.status == 403 && response.problemCode == "access.forbidden", "\(context)")
                        } else if !inScope {
                            #expect(response.status == 404, "\(context)")
                        } else {
                            #expect(response.status == AccessExpectations.tokenStatus(key, route), "\(context)")
                        }
                    }
                }
            }
            #expect(checked >= AccessOperation.allCases.count * apiRoutes.count)
            #expect(try await Meta.personCount(in: services.database) == 2)
        }
    }

    /// A scoped clerk who names a person held in another establishment gets exactly the answer an unknown number
    /// gets: no error code says the person exists. A national clerk is told the person is already in custody.
    @Test(arguments: TestDatabase.engines)
    func admissionsSayNothingOfPersonsOutsideTheScope(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let elsewhere = try await admit(
                services,
                Fixtures.admission(
                    subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")), establishment: "ep-mujeres")
            )
            func body(_ number: String) -> [String: Any] {
                var body = Bodies.admission()
                body["person"] = nil
                body["person_number"] = number
                return body
            }
            let unknown = PersonNumber(id: .init(rawValue: 987_654)).description
            let known = elsewhere.person.number.description
            var answers: [String: [String]] = [:]
            for (name, scope) in [("local", Scope.establishments(["ep-norte"])), ("national", .nation)] {
                let clerk = try await AccessFixtures.user(
                    "clerk.\(name)", roles: [.registryClerk], scope: scope, in: services.directory)
                let session = try await client.signIn(clerk, clock: clock)
                for (which, number) in [("known", known), ("unknown", unknown)] {
                    let response = try await client.call(
                        .post, "/api/v1/admissions", json: body(number), headers: session.headers)
                    #expect(response.status == 422, "\(name) \(which): \(response.status)")
                    answers["\(name) \(which)"] = zip(response.errorFields, response.errorCodes).map { "\($0) \($1)" }
                }
            }
            #expect(answers["local known"] == answers["local unknown"], "\(answers)")
            #expect(answers["national known"] != answers["national unknown"], "\(answers)")
            #expect(answers["national known"]?.contains { $0.hasSuffix("already_in_custody") } == true, "\(answers)")
            #expect(try await Meta.personCount(in: services.database) == 1)
        }
    }

    /// A regional scope whose office has no establishments sees nothing, rather than the whole nation.
    @Test(arguments: TestDatabase.engines)
    func aScopeWithNoEstablishmentsSeesNothing(_ engine: TestDatabase.Engine) async throws {
        #expect(Scope.regionalOffice("vacia").establishmentCodes(regionalOffices: ["lima": ["ep-norte"]]) == [])
        try await withApplication(engine) { client, services, clock in
            let inside = try await admit(services, Fixtures.admission())
            let user = try await AccessFixtures.user(
                "u.vacia", roles: [.auditor], scope: .regionalOffice("lima"), in: services.directory)
            // The office exists but holds no establishment (they were moved to another office).
            try await services.database.transaction { sql in
                try await sql.raw("INSERT INTO regional_offices (id, code, name) VALUES (9, 'vacia', 'Oficina vacía')").run()
                try await sql.raw("UPDATE staff_users SET scope = 'region:vacia' WHERE username = 'u.vacia'").run()
            }
            let session = try await client.signIn(user, clock: clock)
            let establishments = try await client.call(.get, "/api/v1/establishments", headers: session.headers)
            #expect(establishments.status == 200 && (establishments["items"] as? [Any])?.isEmpty == true)
            let search = try await client.call(.get, "/api/v1/persons?q=Quispe", headers: session.headers)
            #expect(search.status == 200 && (search["items"] as? [Any])?.isEmpty == true)
            let file = try await client.call(.get, "/api/v1/persons/\(inside.person.number)", headers: session.headers)
            #expect(file.status == 404)
            let alerts = try await client.call(.get, "/api/v1/alerts?as_of=2026-12-05", headers: session.headers)
            #expect(alerts.status == 200 && (alerts["items"] as? [Any])?.isEmpty == true, "\(alerts.json)")
            let events = try await client.call(.get, "/api/v1/events", headers: session.headers)
            #expect(events.status == 200 && (events["items"] as? [Any])?.isEmpty == true, "\(events.json)")
        }
    }

    /// A second regional office with one men's establishment, for regional scopes to be tried against.
    struct MatrixRequest {
        var method: HTTPRequest.Method
        var path: String
        var uri: String
        var body: String?
        var headers: HTTPFields = [:]
    }

    /// A request for the route (`METHOD /path`) that gets past authorisation without changing anything: stale
    /// versions for updates, a future admission date for admissions, an empty login.
    static func request(_ key: String, person: PersonFile, establishment: String) -> MatrixRequest {
        let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
        let method = HTTPRequest.Method(parts[0])!
        let path = parts[1]
        var uri = path.replacingOccurrences(of: "{person_number}", with: person.person.number.description)
            .replacingOccurrences(of: "{code}", with: establishment).replacingOccurrences(of: "{id}", with: "1")
        switch path {
        case "/api/v1/alerts", "/alerts": uri += "?establishment=\(establishment)"
        case "/api/v1/persons", "/persons": uri += "?q=Quispe"
        case "/api/v1/visitors": uri += "?q=Prueba"
        default: break
        }
        var request = MatrixRequest(method: method, path: path, uri: uri)
        if method == .post || method == .put, !path.hasSuffix("logout") {
            if AccessMiddleware<CustodiaRequestContext>.isPage(path) {
                request.headers[.contentType] = "application/x-www-form-urlencoded"
                request.body = Self.form(for: path, establishment: establishment)
            } else {
                request.headers[.ifMatch] = "\"999\""
                request.body = Self.body(for: path, establishment: establishment)
            }
        }
        return request
    }

    func admit(_ services: Services, _ request: AdmissionRequest) async throws -> PersonFile {
        guard case .done(let file) = try await services.registry.admit(request, asOf: Fixtures.asOf, actor: "test") else {
            throw CancellationError()
        }
        return file
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var all = self
        for field in other { all[field.name] = field.value }
        return all
    }
}
