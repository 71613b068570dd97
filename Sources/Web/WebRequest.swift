import API
import CustodiaCore
import Foundation
import Hummingbird

/// What every page needs of its request: the language, the strings, the caller, the query.
struct WebRequest {
    let request: Request
    let language: Language
    let strings: Strings
    let access: RequestAccess?
    /// Set when the language was chosen by `?lang=` and must be remembered in a cookie.
    let chosenLanguage: Language?
    /// How people name establishments and regional offices (empty before sign-in).
    let names: PlaceNames

    static let languageCookie = "custodia_lang"

    /// The request of a signed-in caller reads the names of places once, for the header and the page.
    static func load(_ request: Request, from registry: (any PersonRegisterStore)?) async -> WebRequest {
        guard RequestAccess.current?.principal != nil, let registry else { return WebRequest(request, names: .none) }
        // A page must not fail for want of names: codes are shown instead when the read fails.
        return WebRequest(request, names: (try? await registry.placeNames()) ?? .none)
    }

    init(_ request: Request, names: PlaceNames) {
        self.names = names
        self.request = request
        let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:))
        let remembered = request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
        language = asked ?? remembered ?? .es
        chosenLanguage = asked
        strings = .of(language)
        access = RequestAccess.current
    }

    var principal: Principal? { access?.principal }

    /// A query parameter as a browser's GET form sends it (`application/x-www-form-urlencoded`: a space is `+`,
    /// a plus is `%2B`), trimmed; `nil` when absent or blank.
    func query(_ name: String) -> String? {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String? {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard decoded(parts[0]) == name else { continue }
            guard parts.count == 2, let value = decoded(parts[1])?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        return nil
    }

    /// The current address with the other language.
    var languageSwitch: String {
        var items = request.uri.queryParameters.filter { $0.key != "lang" }.map {
            "\($0.key)=\(String($0.value).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        items.append("lang=\(language.other.rawValue)")
        return request.uri.path + "?" + items.joined(separator: "&")
    }

    /// What every page's layout shows for this request.
    func layout(title: String, current: String? = nil) -> LayoutModel {
        var layout = LayoutModel(
            t: strings.table, lang: language.html, title: title, langSwitch: languageSwitch,
            langSwitchCode: language.other.html, user: nil, nav: [])
        guard let principal else { return layout }
        let roles: String
        switch principal.kind {
        case .staff(_, let set):
            roles = set.sorted().map { language == .es ? $0.spanishName : $0.englishName }.joined(separator: ", ")
        case .client(_, let kind, _): roles = kind.rawValue
        }
        layout.user = LayoutModel.UserModel(
            name: principal.displayName, role: roles, scope: scopeText(principal.scope), csrf: access?.csrfToken ?? "")
        let items: [(String, String, AccessOperation)] = [
            ("/", "nav_dashboard", .listEstablishments), ("/persons", "nav_search", .searchPersons),
            ("/admissions/new", "nav_admission", .admit), ("/alerts", "nav_alerts", .listAlerts),
            ("/organizations", "nav_organizations", .readOrganizations), ("/visitors", "nav_visitors", .readVisits),
            ("/relief", "nav_relief", .readRelief), ("/plans/transfers", "nav_plans", .createPlan),
            ("/plans/capacity", "nav_capacity", .readPlans), ("/reports/monthly", "nav_report", .listEstablishments),
            ("/reports/forecast", "nav_forecast", .listEstablishments),
            ("/audit", "nav_audit", .searchAudit),
        ]
        layout.nav = items.filter { principal.may($0.2) }.map {
            LayoutModel.NavItem(href: $0.0, label: strings[$0.1], current: $0.0 == current)
        }
        return layout
    }

    /// A page of a typed model, remembering the language chosen with `?lang=`.
    func page(_ template: String, _ model: some PageModel, status: HTTPResponse.Status = .ok) -> Response {
        var response = PageRenderer.shared.page(template, PageContext(page: model), status: status)
        rememberLanguage(&response)
        return response
    }

    /// The message page: a heading and a sentence.
    func message(title: String, text: String, status: HTTPResponse.Status) -> Response {
        page("message", MessageModel(layout: layout(title: title), heading: title, text: text), status: status)
    }

    func scopeText(_ scope: Scope) -> String {
        switch scope {
        case .nation: strings["scope_nation"]
        case .regionalOffice(let code): "\(strings["scope_region"]) \(names.regionalOffice(code: code))"
        case .establishments(let codes): codes.map { names.establishment(code: $0) }.sorted().joined(separator: ", ")
        case .judicialDistricts(let districts): districts.sorted().joined(separator: ", ")
        }
    }

    /// The dashboard's title for the caller's scope: "Panel nacional", "Panel: Oficina Regional Lima - Lima",
    /// "Panel: E.P. de Lurigancho".
    func dashboardTitle(_ scope: Scope?) -> String {
        switch scope {
        case .none, .nation: strings["dashboard_title"]
        case .some(let scope): "\(strings["dashboard_of"]): \(scopeText(scope))"
        }
    }

    func rememberLanguage(_ response: inout Response) {
        if let chosenLanguage {
            response.setCookie(
                Cookie(
                    name: Self.languageCookie, value: chosenLanguage.rawValue, maxAge: 365 * 86_400, path: "/", secure: true,
                    httpOnly: true, sameSite: .lax))
        }
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension String {
    /// Percent-encoded for a query value.
    var queryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
