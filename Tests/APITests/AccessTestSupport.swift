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

/// A signed-in staff member: the session cookie and the CSRF token.
struct StaffSession: Sendable {
    let cookie: String
    let csrf: String

    /// Headers of a request in this session; unsafe methods also carry the CSRF token.
    var headers: HTTPFields {
        [.cookie: cookie, HTTPField.Name(AccessControl.csrfHeader)!: csrf]
    }
}

extension TestClientProtocol {
    /// Signs in; returns the session or the refusal.
    func login(_ username: String, password: String = AccessFixtures.password, totp: String? = nil) async throws
        -> (StaffSession?, JSONResponse)
    {
        var body: [String: Any] = ["username": username, "password": password]
        if let totp { body["totp"] = totp }
        var cookie: String?
        let response = try await execute(
            uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        ) { response in
            cookie = response.headers[.setCookie]
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return JSONResponse(status: Int(response.status.code), headers: response.headers, json: object)
        }
        guard response.status == 200, let cookie, let csrf = response["csrf_token"] as? String else { return (nil, response) }
        let pair = cookie.split(separator: ";").first.map(String.init) ?? ""
        return (StaffSession(cookie: pair, csrf: csrf), response)
    }

    /// Signs in and requires success (with the TOTP code of the fixtures' secret when the role needs one).
    /// A code is accepted once only: each sign-in with a second factor waits for the next 30-second step.
    func signIn(_ user: StaffUser, clock: TestClock) async throws -> StaffSession {
        if user.requiresSecondFactor { clock.advance(minutes: 0.5) }
        let totp = user.requiresSecondFactor ? AccessControl.totpCode(secret: AccessFixtures.totpSecret, at: clock.now) : nil
        let (session, response) = try await login(user.username, totp: totp)
        guard let session else {
            Issue.record("\(user.username) could not sign in: \(response.status) \(response.problemCode ?? "")")
            throw CancellationError()
        }
        return session
    }
}

/// Audit rows read straight from the database, oldest first.
func auditRows(_ database: Database) async throws -> [AuditRecord] {
    var rows: [AuditRecord] = []
    var cursor: String?
    repeat {
        let page = try await SQLAuditLog(database: database, now: { Date() }).search(AuditFilter(), after: cursor, limit: 500)
        rows += page.items
        cursor = page.nextCursor
    } while cursor != nil
    return rows.reversed()
}
