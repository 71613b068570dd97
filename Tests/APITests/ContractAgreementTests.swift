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

/// Issue 17, point 4: where schemathesis found the server and its contract disagreeing, the server now does
/// what the contract says, and the contract says what the server does. `scripts/contract-check` runs
/// schemathesis itself in the test command; these pin each disagreement it found.
@Suite struct ContractAgreementTests {
    /// The bounds the contract declares for query parameters are enforced: 422 with the parameter named.
    @Test(arguments: TestDatabase.engines)
    func queryBoundsAreEnforced(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let longCursor = String(repeating: "0", count: 401)
            let refused: [(String, String)] = [
                ("/api/v1/establishments?limit=0", "limit"), ("/api/v1/establishments?limit=201", "limit"),
                ("/api/v1/establishments?cursor=\(longCursor)", "cursor"), ("/api/v1/persons?q=", "q"),
                ("/api/v1/persons?q=\(String(repeating: "a", count: 101))", "q"), ("/api/v1/persons?q=a&limit=500", "limit"),
                ("/api/v1/alerts?limit=201", "limit"),
                ("/api/v1/alerts?establishment=\(String(repeating: "e", count: 81))", "establishment"),
                ("/api/v1/audit?person=\(String(repeating: "P", count: 21))", "person"),
                ("/api/v1/audit?user=\(String(repeating: "u", count: 81))", "user"),
            ]
            for (uri, field) in refused {
                let response = try await client.call(.get, uri)
                #expect(
                    response.status == 422 && response.errorFields == [field],
                    "\(uri): \(response.status) \(response.errorFields)")
            }
            // The edges are inside: 100 characters of q (counted as Unicode scalars), limits 1 and 200.
            for uri in [
                "/api/v1/persons?q=\(String(repeating: "%C3%91", count: 100))", "/api/v1/establishments?limit=1",
                "/api/v1/establishments?limit=200", "/api/v1/alerts?limit=200",
            ] {
                #expect(try await client.call(.get, uri).status == 200, "\(uri)")
            }
        }
    }

    /// A path the API has, asked with a method it does not have, is 405 with `Allow`; an unknown path is 404.
    @Test func aMethodThePathDoesNotHaveIs405() async throws {
        try await withAPI(.sqlite) { client, _ in
            for (method, uri, allowed) in [
                (HTTPRequest.Method.trace, "/api/v1/events", "GET"), (.delete, "/api/v1/persons/P-0000001-9", "GET"),
                (.get, "/api/v1/admissions", "POST"), (.post, "/api/v1/persons/P-0000001-9/clock", "GET"),
                (.get, "/api/v1/persons/P-0000001-9/sensitive", "PUT"),
            ] {
                let response = try await client.call(method, uri)
                #expect(response.status == 405 && response.problemCode == "http.method_not_allowed", "\(method) \(uri)")
                #expect(response.headers[.allow] == allowed, "\(method) \(uri)")
            }
            #expect(try await client.call(.get, "/api/v1/nothing-here").status == 404)
            #expect(try await client.call(.trace, "/api/v1/persons/P-0000001-9/moves/extra").status == 404)
        }
    }

    /// `If-Match` is required and is one strong entity tag: missing is 428, a weak or unquoted tag 400, never a
    /// match; nothing changes.
    @Test(arguments: TestDatabase.engines)
    func ifMatchIsOneStrongTag(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            let number = try #require(admitted["person_number"] as? String)
            let move: [String: Any] = ["pavilion_code": "B", "moved_on": "2026-03-05", "reason": "Clasificación"]
            let missing = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: move)
            #expect(missing.status == 428 && missing.problemCode == "precondition.if_match_required")
            for tag in ["W/\"1\"", "1", "\"\"", "\"+1\"", "\"0\"", "\"1\", \"2\""] {
                let response = try await client.call(
                    .post, "/api/v1/persons/\(number)/moves", json: move, headers: [.ifMatch: tag])
                #expect(response.status == 400 && response.errorFields == ["If-Match"], "\(tag): \(response.status)")
            }
            let file = try await client.call(.get, "/api/v1/persons/\(number)")
            #expect(file.headers[.eTag] == "\"1\"")
            let moved = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: move, headers: [.ifMatch: "\"1\""])
            #expect(moved.status == 200 && moved.headers[.eTag] == "\"2\"")
        }
    }

    /// The numbers of a body are read in the contract's range whatever the order's kind does with them; outside
    /// it, 422 with the field, and nothing is written.
    @Test(arguments: TestDatabase.engines)
    func bodyNumbersOutsideTheirRangeAreRefused(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            for (key, value) in [("months", -1), ("months", 100_001), ("sentence_years", -3), ("sentence_days", 100_001)] {
                var body = Bodies.admission()
                var order = try #require(body["order"] as? [String: Any])
                order[key] = value
                body["order"] = order
                let response = try await client.call(.post, "/api/v1/admissions", json: body)
                #expect(response.status == 422 && response.errorFields.contains("order.\(key)"), "\(key) \(value)")
            }
            // A number beyond what the server can hold is a body it cannot read: 400, not a failure.
            let huge =
                #"{"person_number":"P-0000001-9","establishment_code":"ep-norte","pavilion_code":"A","admitted_on":"2026-03-02","admitted_at":"10:30","sending_authority":"x","case":{"number":"x","court":"x","judicial_district":"x","case_type":"ordinary","charges":[]},"order":{"kind":"detention","issuing_court":"x","issued_on":"2026-03-02","reference":"x","months":91381973484089536151552}}"#
            let response = try await client.call(.post, "/api/v1/admissions", raw: huge)
            #expect(response.status == 400 && response.problemCode == "request.malformed")
            #expect(try await Meta.personCount(in: database) == 0)
        }
    }

    /// Credentials that are present but unreadable are refused, even beside a valid session cookie.
    @Test(arguments: TestDatabase.engines)
    func anUnreadableAuthorizationIsNotIgnored(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let user = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let session = try await client.signIn(user, clock: clock)
            #expect(try await client.call(.get, "/api/v1/establishments", headers: session.headers).status == 200)
            for authorization in ["Basic cm9zYTp4", "Bearer", "Bearer ", "cust_abc", "Token abc"] {
                var headers = session.headers
                headers[.authorization] = authorization
                let response = try await client.call(.get, "/api/v1/establishments", headers: headers)
                #expect(response.status == 401 && response.problemCode == "auth.token_invalid", "\(authorization)")
            }
        }
    }
}
