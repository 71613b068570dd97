import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// Runs a test against the real router in memory, over a fresh database of the engine with the fixtures.
/// The client signs every request with a court's token that may do every operation nationwide.
func withAPI(
    _ engine: TestDatabase.Engine, maxBodyBytes: Int = 256 * 1024,
    _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Void
) async throws {
    try await withApplication(engine, maxBodyBytes: maxBodyBytes) { client, services, clock in
        let token = try await AccessFixtures.token(
            client: "Corte de prueba", operations: Set(AccessOperation.allCases), scope: .nation, in: services.directory,
            expiresAt: clock.now.addingTimeInterval(86_400))
        try await body(SignedClient(base: client, headers: [.authorization: "Bearer \(token)"]), services.database)
    }
}

/// The application over a fresh database with the fixtures, its services and its clock; the client signs nothing.
func withApplication(
    _ engine: TestDatabase.Engine, maxBodyBytes: Int = 256 * 1024, openDataMinimumCell: Int = 5,
    _ body: @escaping @Sendable (any TestClientProtocol, Services, TestClock) async throws -> Void
) async throws {
    try await TestDatabase.withFresh(engine) { database in
        try await Fixtures.load(into: database)
        let clock = TestClock()
        let services = Services(
            database: database, environment: Fixtures.environment(now: clock.source), openDataMinimumCell: openDataMinimumCell)
        let router = try CustodiaApp.buildRouter(
            services: services, config: AccessFixtures.config(clock: clock, maxBodyBytes: maxBodyBytes))
        let app = Application(router: router)
        try await app.test(.router) { client in try await body(client, services, clock) }
    }
}

/// A client that adds headers (a token, a cookie, a CSRF token) to every request.
struct SignedClient: TestClientProtocol {
    let base: any TestClientProtocol
    let headers: HTTPFields

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws
        -> TestResponse
    {
        var all = self.headers
        for field in headers { all[field.name] = field.value }
        return try await base.executeRequest(uri: uri, method: method, headers: all, body: body)
    }

    var port: Int? { base.port }
}

struct JSONResponse: @unchecked Sendable {
    let status: Int
    let headers: HTTPFields
    let json: [String: Any]
    /// The body as text (a CSV answer is read from here).
    var text = ""

    subscript(_ key: String) -> Any? { json[key] }

    var problemCode: String? { json["code"] as? String }
    var errorCodes: [String] { (json["errors"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? [] }
    var errorFields: [String] { (json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [] }
}

extension TestClientProtocol {
    func call(
        _ method: HTTPRequest.Method, _ uri: String, json: Any? = nil, raw: String? = nil, headers: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = headers[.contentType] ?? "application/json"
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            let data = Data(buffer: response.body)
            let parsed = try? JSONSerialization.jsonObject(with: data)
            let status = Int(response.status.code)
            // A body that says it is JSON must parse, and the API answers every success in JSON: an error page
            // or a broken body never reads as an empty object.
            let saysJSON = response.headers[.contentType]?.contains("json") == true
            // The one other success the API answers: CSV, when the caller asks for it first.
            let asksCSV = headers[.accept]?.hasPrefix("text/csv") == true
            let saysCSV = response.headers[.contentType]?.hasPrefix("text/csv") == true
            if saysJSON, !data.isEmpty, parsed == nil { Issue.record("\(method) \(uri): \(status) with a body that is not JSON") }
            // And the metrics, in Prometheus's text format.
            let metrics = uri == "/api/v1/metrics" && response.headers[.contentType]?.hasPrefix("text/plain") == true
            if (200..<300).contains(status), uri.hasPrefix("/api/v1/"), !uri.hasPrefix("/api/v1/openapi"), !data.isEmpty,
                !(asksCSV && saysCSV), !metrics, !saysJSON || parsed == nil
            {
                Issue.record("\(method) \(uri): a \(status) of the API that is not JSON")
            }
            return JSONResponse(
                status: status, headers: response.headers, json: parsed as? [String: Any] ?? [:],
                text: String(decoding: data, as: UTF8.self))
        }
    }
}

enum Bodies {
    static func admission(dni: String = "41234567", pavilion: String = "A", months: Int = 9) -> [String: Any] {
        Fixtures.admissionBody(dni: dni, pavilion: pavilion, months: months)
    }

    nonisolated(unsafe) static let release: [String: Any] = [
        "released_on": "2026-03-10", "released_at": "18:00", "ground": "court_order",
        "order": [
            "kind": "release", "issuing_court": "Sala Penal de Apelaciones de Lima", "issued_on": "2026-03-10",
            "reference": "Resolución N.º 9",
        ],
    ]
}
