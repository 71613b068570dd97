import API
import CustodiaCore
import Foundation
import Hummingbird
import LegalClock
import Placement

/// The handlers of the pages. Each builds a model and renders a template.
struct Pages: Sendable {
    let services: WebServices

    static let loginCookie = "custodia_login"

    // MARK: Sign in

    func loginForm(_ web: WebRequest, username: String = "", error: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        if web.principal != nil && error == nil { return WebRequest.redirect("/") }
        let token = AccessControl.randomToken()
        var message = error
        if message == nil, web.query("reason") == "expired" { message = web.strings["auth.session_expired"] }
        let next = SafeRedirect.target(web.query("next"))
        var response = web.page(
            "login",
            LoginModel(
                layout: web.layout(title: web.strings["login_title"]), loginToken: token, next: next, username: username,
                error: message), status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: token, maxAge: 900, path: "/login", secure: services.access.settings.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ web: WebRequest, address: String?) async throws -> Response {
        var request = web.request
        let form = FormData(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let username = form["username"]?.trimmingWhitespace() ?? ""
        // The login form carries a token also set as a cookie (double submit): a login cannot be forged from
        // another site.
        guard let sent = form["_login"], let cookie = web.request.cookies[Self.loginCookie]?.value, sent == cookie else {
            return loginForm(web, username: username, error: web.strings["login_expired_form"], status: .forbidden)
        }
        let result = try await services.access.login(
            username: username, password: form["password"] ?? "", totp: form["totp"], address: address)
        switch result {
        case .failure(.tooManyAttempts(let seconds)):
            var response = loginForm(
                web, username: username, error: web.strings["auth.too_many_attempts"], status: .tooManyRequests)
            response.headers[.retryAfter] = "\(seconds)"
            return response
        case .failure(let failure):
            return loginForm(web, username: username, error: web.strings[failure.code], status: .unauthorized)
        case .success(let login):
            var response = WebRequest.redirect(SafeRedirect.target(form["next"]))
            response.setCookie(services.access.sessionCookie(login.sessionToken))
            return response
        }
    }

    func logout(_ web: WebRequest) async throws -> Response {
        if let token = web.request.cookies[AccessControl.cookieName]?.value, let access = web.access {
            try await services.access.logout(sessionToken: token, actor: access.actor)
        }
        var response = WebRequest.redirect("/login")
        response.setCookie(services.access.sessionCookie(nil))
        return response
    }
}
