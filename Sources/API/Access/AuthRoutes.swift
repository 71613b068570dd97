import CustodiaCore
import Foundation
import Hummingbird

/// Staff sign-in for the API: `POST /api/v1/auth/login` opens a session (cookie plus CSRF token),
/// `POST /api/v1/auth/logout` ends it, `GET /api/v1/auth/me` says who is signed in.
enum AuthRoutes {
    struct LoginBody: Decodable {
        let username: String
        let password: String
        let totp: String?
    }

    struct Account: Encodable {
        let username: String
        let display_name: String
        let kind: String
        let roles: [String]
        let scope: String
        let establishments: [String]?
        let csrf_token: String?
    }

    static func register<Context: RequestContext>(on router: Router<Context>, access: AccessControl) {
        router.post("api/v1/auth/login") { request, context -> Response in
            // JSON only: a cross-site form cannot send it without the browser asking first (no login CSRF).
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                return ProblemMiddleware<Context>.response(
                    ProblemDocument(
                        status: 415, code: "request.unsupported_media_type",
                        title: "Tipo de contenido no admitido / Unsupported media type",
                        detail: "Send the credentials as application/json."))
            }
            let body: LoginBody
            do {
                body = try JSONDecoder().decode(
                    LoginBody.self, from: Data(buffer: try await request.body.collect(upTo: 16 * 1024)))
            } catch {
                return ProblemMiddleware<Context>.response(
                    .badRequest(field: "body", detail: "Send {\"username\", \"password\", \"totp\"} as JSON."))
            }
            let address = AccessMiddleware<Context>.address(
                of: request, context: context, trusting: access.settings.trustedProxies)
            switch try await access.login(username: body.username, password: body.password, totp: body.totp, address: address) {
            case .failure(let failure):
                var response = ProblemMiddleware<Context>.response(AccessMiddleware<Context>.unauthorized(failure))
                if case .tooManyAttempts(let seconds) = failure { response.headers[.retryAfter] = "\(seconds)" }
                return response
            case .success(let login):
                var response = try json(account(login.principal, csrf: login.csrfToken))
                response.setCookie(access.sessionCookie(login.sessionToken))
                return response
            }
        }
        router.post("api/v1/auth/logout") { request, _ -> Response in
            guard let current = RequestAccess.current, let token = request.cookies[AccessControl.cookieName]?.value else {
                return Response(status: .noContent)
            }
            try await access.logout(sessionToken: token, actor: current.actor)
            var response = Response(status: .noContent)
            response.setCookie(access.sessionCookie(nil))
            return response
        }
        router.get("api/v1/auth/me") { _, _ -> Response in
            guard let current = RequestAccess.current else { return Response(status: .unauthorized) }
            return try json(account(current.principal, csrf: nil))
        }
    }

    static func account(_ principal: Principal, csrf: String?) -> Account {
        let (kind, roles): (String, [String]) =
            switch principal.kind {
            case .staff(_, let roles): ("staff", roles.sorted().map(\.rawValue))
            case .client(_, let clientKind, _): ("client:\(clientKind.rawValue)", [])
            }
        return Account(
            username: principal.name, display_name: principal.displayName, kind: kind, roles: roles, scope: principal.scope.text,
            establishments: principal.establishments?.sorted(), csrf_token: csrf)
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
