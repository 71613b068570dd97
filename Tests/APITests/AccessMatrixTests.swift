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

    @Test(arguments: TestDatabase.engines)
    func matrix(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let inside = try await admit(services, Fixtures.admission())
            let outside = try await admit(
                services,
                Fixtures.admission(
                    subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")), establishment: "ep-mujeres")
            )
            var checked = 0
            for role in Role.allCases {
                let user = try await AccessFixtures.user(
                    "u.\(role.rawValue)", roles: [role], scope: .establishments(["ep-norte"]), in: services.directory)
                var session = try await client.signIn(user, clock: clock)
                // The two logouts last: they end the session.
                let isLogout = { (entry: RouteAccess) in entry.path.hasSuffix("logout") }
                let entries =
                    CustodiaApp.accessTable.entries.filter { !$0.isPublic && !isLogout($0) }
                    + CustodiaApp.accessTable.entries.filter(isLogout)
                for entry in entries {
                    for inScope in [true, false] {
                        guard let request = Self.request(for: entry, inScope: inScope, inside: inside, outside: outside) else {
                            continue
                        }
                        let response = try await client.call(
                            entry.method, request.uri, raw: request.body, headers: session.headers.merging(request.headers))
                        checked += 1
                        let allowed = entry.roles.contains(role)
                        let page = AccessMiddleware<CustodiaRequestContext>.isPage(entry.path)
                        let context =
                            "\(role.rawValue) \(entry.key) \(inScope ? "in" : "out of") scope: \(response.status) \(response.problemCode ?? "")"
                        if !allowed {
                            #expect(response.status == 403 && (page || response.problemCode == "access.forbidden"), "\(context)")
                        } else if !inScope {
                            #expect(response.status == 404, "\(context)")
                        } else {
                            #expect(![401, 403, 404].contains(response.status), "\(context)")
                            // A page that sends the user to the login form was refused, whatever its status.
                            #expect(response.headers[.location]?.hasPrefix("/login?") != true, "\(context)")
                        }
                        if entry.path == "/api/v1/auth/logout" { session = try await client.signIn(user, clock: clock) }
                    }
                }
            }
            // Every route had a request for every role, in scope at least.
            #expect(checked >= Role.allCases.count * CustodiaApp.accessTable.entries.filter { !$0.isPublic }.count)
            // Nothing the matrix sent was written: the two persons are still the only ones, versions untouched.
            #expect(try await Meta.personCount(in: services.database) == 2)
            let file = try await services.registry.personFile(inside.person.id)
            #expect(file?.person.version == inside.person.version)
        }
    }

    struct MatrixRequest {
        var uri: String
        var body: String?
        var headers: HTTPFields = [:]
    }

    /// A request for the route that gets past authorisation without changing anything: stale versions for
    /// updates, a future admission date for admissions. `nil` when the route has no out-of-scope variant.
    static func request(for entry: RouteAccess, inScope: Bool, inside: PersonFile, outside: PersonFile) -> MatrixRequest? {
        let person = (inScope ? inside : outside).person.number.description
        let establishment = inScope ? "ep-norte" : "ep-mujeres"
        var uri = entry.path.replacingOccurrences(of: "{person_number}", with: person)
            .replacingOccurrences(of: "{code}", with: establishment)
        switch entry.scope {
        case .person, .establishment: break
        case .none:
            switch entry.path {
            case "/api/v1/alerts", "/alerts": uri += "?establishment=\(establishment)"
            case "/api/v1/admissions": break
            case "/admissions/new" where entry.method == .post: break
            case "/api/v1/persons", "/persons": if !inScope { return nil } else { uri += "?q=Quispe" }
            default: if !inScope { return nil }
            }
        }
        var request = MatrixRequest(uri: uri)
        if entry.method == .post || entry.method == .put, !entry.path.hasSuffix("logout") {
            if AccessMiddleware<CustodiaRequestContext>.isPage(entry.path) {
                request.headers[.contentType] = "application/x-www-form-urlencoded"
                request.body = Self.form(for: entry.path, establishment: establishment)
            } else {
                request.headers[.ifMatch] = "\"999\""
                request.body = Self.body(for: entry.path, establishment: establishment)
            }
        }
        return request
    }

    /// Forms that pass the scope check and are then refused without writing: a future admission, stale versions.
    static func form(for path: String, establishment: String) -> String {
        switch path {
        case "/admissions/new":
            return [
                "person.document.type=dni", "person.document.number=40000002", "person.given_names=Ana",
                "person.paternal_surname=Prueba", "person.sex=\(establishment == "ep-mujeres" ? "female" : "male")",
                "person.nationality=PER", "order.kind=pretrial_detention", "order.issuing_court=Juzgado",
                "order.issued_on=2026-03-02", "order.reference=R1", "order.months=9", "case.number=00123-2026-1-1801-JR-PE-01",
                "case.court=Juzgado", "case.judicial_district=Lima", "case.case_type=ordinary", "case.charges=189",
                "placement=\(establishment)%2FA", "admitted_on=2027-01-01", "admitted_at=10%3A00", "sending_authority=Juzgado",
            ].joined(separator: "&")
        case let p where p.hasSuffix("/move"):
            return "version=999&pavilion_code=B&moved_on=2026-03-05&reason=matriz"
        case let p where p.hasSuffix("/sensitive"):
            return "version=999&affiliation=Banda+de+la+matriz"
        default:
            return "version=999&released_on=2026-03-10&released_at=18%3A00&ground=sentence_served"
        }
    }

    static func body(for path: String, establishment: String) -> String {
        switch path {
        case "/api/v1/admissions":
            var body = Bodies.admission(dni: "40000001")
            body["establishment_code"] = establishment
            body["admitted_on"] = "2027-01-01"  // after the fixtures' today: refused by the rules, after the scope check
            if establishment == "ep-mujeres" {
                var person = body["person"] as! [String: Any]
                person["sex"] = "female"
                body["person"] = person
            }
            return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        case let p where p.hasSuffix("/moves"):
            return #"{"pavilion_code":"B","moved_on":"2026-03-05","reason":"matrix"}"#
        case let p where p.hasSuffix("/release"):
            return String(decoding: try! JSONSerialization.data(withJSONObject: Bodies.release), as: UTF8.self)
        case let p where p.hasSuffix("/sensitive"):
            return #"{"affiliation":"Banda de la matriz (ficticia)"}"#
        case let p where p.hasSuffix("/redemption"):
            return #"{"activity":"work","from":"2026-03-03","to":"2026-03-10","days":6,"certified_by":"Área de Trabajo"}"#
        default:
            return #"{"from":"2026-03-03","to":"2026-03-10","resolution":"Resolución N.º 5"}"#
        }
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
