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

/// Issue 17, point 3 (in part): a body that is not JSON is refused with 415 before it is read as JSON, and an
/// address that is not UTF-8 once decoded with 400; neither changes anything.
@Suite struct RequestHygieneTests {
    @Test(arguments: TestDatabase.engines)
    func aBodyThatIsNotDeclaredJSONIsRefused(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: Bodies.admission()))
            for contentType in [nil, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                var headers: HTTPFields = [:]
                if let contentType { headers[.contentType] = contentType }
                let status = try await client.execute(uri: "/api/v1/admissions", method: .post, headers: headers, body: body) {
                    response in
                    (Int(response.status.code), String(buffer: response.body))
                }
                #expect(status.0 == 415, "\(contentType ?? "no content type")")
                #expect(status.1.contains("request.unsupported_media_type"))
            }
            #expect(try await Meta.personCount(in: database) == 0)
            // JSON with its charset, or a JSON-based type, is read.
            let admitted = try await client.execute(
                uri: "/api/v1/admissions", method: .post, headers: [.contentType: "application/json; charset=utf-8"], body: body
            ) { Int($0.status.code) }
            #expect(admitted == 201)
        }
    }

    /// A body over the limit is a 413 problem, never a failure, and nothing is written.
    @Test func aBodyOverTheLimitIs413() async throws {
        try await withAPI(.sqlite, maxBodyBytes: 64 * 1024) { client, database in
            var body = Bodies.admission()
            body["arrest_place"] = String(repeating: "Ñ", count: 200_000)
            let response = try await client.call(.post, "/api/v1/admissions", json: body)
            #expect(response.status == 413 && response.problemCode == "request.too_large")
            #expect(try await Meta.personCount(in: database) == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anAddressThatIsNotUTF8IsRefused(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            for uri in ["/api/v1/persons?q=%FF", "/api/v1/persons?q=%C3", "/api/v1/persons?q=%zz", "/api/v1/persons/%FE"] {
                let response = try await client.call(.get, uri)
                #expect(response.status == 400 && response.problemCode == "request.invalid_utf8", "\(uri)")
                #expect(response.errorFields == ["uri"])
            }
            #expect(try await client.call(.get, "/api/v1/persons?q=%C3%91ahui").status == 200)
        }
    }
}
