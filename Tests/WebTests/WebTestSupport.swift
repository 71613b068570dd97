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

struct Page: @unchecked Sendable {
    let status: Int
    let headers: HTTPFields
    let html: String

    var location: String? { headers[.location] }
    func contains(_ text: String) -> Bool { html.contains(text) }

    /// The value attribute of the input with this name.
    func inputValue(_ name: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// A signed-in browser, as far as the server can tell: its cookies.
struct Browser: Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    mutating func get(_ uri: String) async throws -> Page {
        try await send(.get, uri, form: nil)
    }

    mutating func post(_ uri: String, form: [(String, String)]) async throws -> Page {
        try await send(.post, uri, form: form)
    }

    mutating func send(_ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]?) async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.queryEncoded)" }.joined(separator: "&"))
        }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: Int(response.status.code), headers: response.headers, html: String(buffer: response.body))
        }
        // An absent value must never show as "nil".
        #expect(!page.html.contains(">nil<") && !page.html.contains("\"nil\""), "\(method) \(uri) shows a nil")
        for value in page.headers[values: .setCookie] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || value.contains("Max-Age=0") { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        return page
    }

    /// Signs in through the login form (with the TOTP code when the role needs one).
    mutating func signIn(_ user: StaffUser, clock: TestClock) async throws -> Page {
        let form = try await get("/login")
        let token = try #require(form.inputValue("_login"))
        var fields = [("_login", token), ("next", "/"), ("username", user.username), ("password", AccessFixtures.password)]
        if user.requiresSecondFactor {
            // A code is accepted once only: each sign-in with a second factor waits for the next 30-second step.
            clock.advance(minutes: 0.5)
            fields.append(("totp", AccessControl.totpCode(secret: AccessFixtures.totpSecret, at: clock.now)))
        }
        return try await post("/login", form: fields)
    }

    /// The CSRF token of the signed-in session, as the pages carry it.
    mutating func csrf() async throws -> String {
        let page = try await get("/persons")
        return try #require(page.inputValue("_csrf"))
    }
}

extension String {
    var queryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

/// The whole application in memory over a fresh database with the fixtures and one person admitted.
func withPages(
    _ engine: TestDatabase.Engine,
    _ body: @escaping @Sendable (any TestClientProtocol, Services, TestClock, PersonFile) async throws -> Void
) async throws {
    try await TestDatabase.withFresh(engine) { database in
        try await Fixtures.load(into: database)
        let clock = TestClock()
        let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
        guard case .done(let file) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "test")
        else {
            Issue.record("fixture admission refused")
            return
        }
        let router = try CustodiaApp.buildRouter(services: services, config: AccessFixtures.config(clock: clock))
        try await Application(router: router).test(.router) { client in try await body(client, services, clock, file) }
    }
}
