import CustodiaCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Decides every request from the access table: who is calling (401), whether their roles or token grant
/// the route's operation (403), whether the person or establishment is in their scope (404 — the caller
/// learns nothing of what lies outside it), the CSRF token of a browser session (403). Refusals, reads of
/// person files and logins go to the audit trail; writes are audited by the registry in their own
/// transaction. Also sets the security headers of every response.
public struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    public let access: AccessControl
    public let table: AccessTable
    /// How a refusal is shown on the staff pages (everything outside `/api/` and `/health`): a page in the
    /// user's language, or the way to the login form. Without it, refusals are problem documents.
    public let pageRefusal: (@Sendable (ProblemDocument, Request) async -> Response)?

    public init(
        access: AccessControl, table: AccessTable, pageRefusal: (@Sendable (ProblemDocument, Request) async -> Response)? = nil
    ) {
        self.access = access
        self.table = table
        self.pageRefusal = pageRefusal
    }

    /// Largest form body read to find its CSRF field.
    static var maxFormBytes: Int { 256 * 1024 }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await decide(request, context: context, next: next)
        Self.addSecurityHeaders(&response.headers)
        return response
    }

    public static func addSecurityHeaders(_ headers: inout HTTPFields) {
        for (name, value) in SecurityHeaders.all { headers[name] = value }
        headers[.cacheControl] = headers[.cacheControl] ?? "no-store"
    }

    /// The caller's address: the connection's peer, or the address a trusted proxy forwarded (see `ClientAddress`).
    public static func address(of request: Request, context: Context, trusting proxies: Set<String>) -> String? {
        let remote = (context as? any RemoteAddressRequestContext)?.remoteAddress
        return ClientAddress.resolve(
            peer: remote.map { $0.ipAddress ?? $0.description }, headers: request.headers, trusting: proxies)
    }

    private func decide(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var request = request
        // Paths the router does not know reach here without an endpoint: they are simply not found.
        guard let path = context.endpointPath else { return try await next(request, context) }
        let address = Self.address(of: request, context: context, trusting: access.settings.trustedProxies)
        let action = "\(request.method.rawValue) \(path)"
        let anonymous = Actor(user: "anonymous", role: "none", address: address, action: action)
        guard let entry = table.entry(method: request.method, path: path) else {
            // A route missing from the access table refuses everyone.
            return try await refuse(
                request: request,
                ProblemDocument(
                    status: 403, code: "access.route_not_in_table", title: "Acceso denegado / Access denied",
                    detail: "This route is not in the access table."), actor: anonymous, resource: nil, signedIn: false)
        }
        if let address, let wait = access.rates.takeForAddress(address, at: access.now()) {
            return try await refuse(
                request: request, Self.rateLimited(retryAfter: wait, detail: "Too many requests from this address"),
                actor: anonymous, resource: nil, signedIn: false, retryAfter: wait)
        }
        guard let operation = entry.operation else { return try await next(request, context) }

        let sessionToken = request.cookies[AccessControl.cookieName]?.value
        let bearer = Self.bearer(request.headers[.authorization])
        // Credentials that are present but unreadable (another scheme, an empty token) are invalid, never ignored in
        // favour of a session cookie that came with them.
        if request.headers[.authorization] != nil, bearer == nil {
            return try await refuse(
                request: request, Self.unauthorized(.tokenInvalid), actor: anonymous, resource: nil, signedIn: false)
        }
        guard let outcome = try await access.authenticate(bearer: bearer, sessionToken: sessionToken) else {
            return try await refuse(
                request: request, Self.unauthorized(.notAuthenticated), actor: anonymous, resource: nil, signedIn: false)
        }
        let authenticated: AccessControl.Authenticated
        switch outcome {
        case .failure(let failure):
            return try await refuse(
                request: request, Self.unauthorized(failure), actor: anonymous, resource: nil, signedIn: false)
        case .success(let value): authenticated = value
        }
        let principal = authenticated.principal
        let actor = Actor(principal, address: address, action: action)
        if let wait = access.rates.takeForToken(Self.rateKey(principal), at: access.now()) {
            // Counted like the refusals of callers not signed in, so that a flood does not write a row each.
            return try await refuse(
                request: request, Self.rateLimited(retryAfter: wait, detail: "Too many requests with this token or account"),
                actor: actor, resource: nil, signedIn: false, retryAfter: wait)
        }

        guard principal.may(operation) else {
            return try await refuse(
                request: request,
                ProblemDocument(
                    status: 403, code: "access.forbidden", title: "Acceso denegado / Access denied",
                    detail: "Your role does not allow \(operation.rawValue)."), actor: actor, resource: nil)
        }
        if let session = authenticated.session, request.method != .get, request.method != .head {
            var sent = request.headers[SecurityHeaders.csrf]
            if sent == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: Self.maxFormBytes)
                sent = FormData(String(buffer: body))["_csrf"]
            }
            guard let sent, Self.constantTimeEqual(sent, session.csrfToken) else {
                return try await refuse(
                    request: request,
                    ProblemDocument(
                        status: 403, code: "auth.csrf_invalid", title: "Token CSRF inválido / Invalid CSRF token",
                        detail: "Send the session's CSRF token in \(AccessControl.csrfHeader)."), actor: actor, resource: nil)
            }
        }

        var resource: String?
        var personNumber: String?
        var establishmentCode: String?
        switch entry.scope {
        case .none: break
        case .establishment(let parameter):
            let code = context.parameters.get(parameter) ?? ""
            resource = code
            establishmentCode = code
            guard principal.covers(establishment: code) else {
                return try await refuse(
                    request: request,
                    .notFound("No establishment with code \(code)"), actor: actor, resource: code, establishment: code)
            }
        case .person(let parameter):
            let text = context.parameters.get(parameter) ?? ""
            resource = text
            guard let number = PersonNumber(text) else {
                return try await refuse(
                    request: request, .notFound("No person with number \(text)"), actor: actor, resource: text)
            }
            personNumber = number.description
            var inDistricts = true
            if let districts = principal.districts {
                inDistricts = try await access.directory.person(number.id, inDistricts: districts)
            }
            guard let code = try await access.directory.establishmentOfPerson(number.id), principal.covers(establishment: code),
                inDistricts
            else {
                return try await refuse(
                    request: request,
                    .notFound("No person with number \(text)"), actor: actor, resource: text, person: number.description)
            }
            establishmentCode = code
        }

        let audit = access.audit
        let record = { (outcome: String) in
            try await audit.record(
                NewAuditRecord(
                    actor: actor, resource: resource, personNumber: personNumber, establishmentCode: establishmentCode,
                    outcome: outcome))
        }
        let response: Response
        do {
            response = try await RequestAccess.$current.withValue(
                RequestAccess(principal: principal, actor: actor, csrfToken: authenticated.session?.csrfToken)
            ) {
                try await next(request, context)
            }
        } catch {
            // A body the generated code could not decode, or a failure: answered by the problem middleware,
            // recorded here with who asked.
            let status =
                if let error = error as? HTTPError {
                    Int(error.status.code)
                } else if let error = error as? ServerError, error.operationInput == nil {
                    ProblemMiddleware<Context>.problem(for: error).status
                } else {
                    500
                }
            try? await record("\(status)")
            throw error
        }
        let status = Int(response.status.code)
        // A redirect after a form (303 to the result) is a success too.
        let succeeded = (200..<400).contains(status)
        switch entry.audit {
        case .reads where succeeded: try await record("ok")
        case .inTransaction where succeeded: break  // written with the change
        default: if !succeeded { try await record("\(status)") }
        }
        return response
    }

    /// Answers a refusal and records it: one audit row each for signed-in callers; for the others, as their
    /// address's window decides (written, counted, or answered 429 instead — see `AnonymousRefusals`).
    private func refuse(
        request: Request, _ problem: ProblemDocument, actor: Actor, resource: String?, person: String? = nil,
        establishment: String? = nil, signedIn: Bool = true, retryAfter: Int? = nil
    ) async throws -> Response {
        let record = NewAuditRecord(
            actor: actor, resource: resource, personNumber: person, establishmentCode: establishment,
            outcome: "\(problem.status) \(problem.code)")
        var problem = problem
        var retryAfter = retryAfter
        if signedIn {
            try await access.audit.record(record)
        } else if case .limit(let seconds) = try await access.anonymousRefusal(record) {
            problem = Self.rateLimited(retryAfter: seconds)
            retryAfter = seconds
        }
        var response =
            if let pageRefusal, Self.isPage(request.uri.path) {
                await pageRefusal(problem, request)
            } else {
                ProblemMiddleware<Context>.response(problem)
            }
        if problem.status == 401 {
            response.headers[.wwwAuthenticate] = "Bearer realm=\"custodia\""
        }
        if let retryAfter { response.headers[.retryAfter] = "\(retryAfter)" }
        return response
    }

    /// Too many requests (or refusals) from one address or with one token in a short time.
    static func rateLimited(retryAfter seconds: Int, detail: String = "Too many refused requests from this address")
        -> ProblemDocument
    {
        ProblemDocument(
            status: 429, code: "request.rate_limited", title: "Demasiadas solicitudes / Too many requests",
            detail: "\(detail): try again in \(seconds) seconds.")
    }

    /// The bucket of `RequestRates` a caller draws on: the token of a client, or the account of a staff member (all
    /// their sessions together).
    static func rateKey(_ principal: Principal) -> String {
        switch principal.kind {
        case .staff(let userID, _): "user:\(userID)"
        case .client(let tokenID, _, _): "client:\(tokenID)"
        }
    }

    /// Staff pages are everything but the JSON API and the health check.
    public static func isPage(_ path: String) -> Bool { !path.hasPrefix("/api/") && path != "/health" && path != "/ready" }

    static func unauthorized(_ failure: AccessFailure) -> ProblemDocument {
        ProblemDocument(
            status: failure.status, code: failure.code, title: "No autenticado / Not authenticated", detail: failure.detail)
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Header names built once.
enum SecurityHeaders {
    static let csrf = HTTPField.Name(AccessControl.csrfHeader)!
    static let all: [(HTTPField.Name, String)] = [
        (
            HTTPField.Name("Content-Security-Policy")!,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        ),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
    ]
}
