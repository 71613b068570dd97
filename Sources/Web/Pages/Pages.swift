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
        let next = Self.safeNext(web.query("next"))
        var response = web.page(
            "login",
            web.model(
                title: web.strings["login_title"],
                ["loginToken": token, "next": next, "username": username, "error": message as Any]), status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: token, maxAge: 900, path: "/login", secure: services.access.settings.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only a path of this site: never another host.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
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
        case .failure(let failure):
            return loginForm(web, username: username, error: web.strings[failure.code], status: .unauthorized)
        case .success(let login):
            var response = WebRequest.redirect(Self.safeNext(form["next"]))
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

    // MARK: Dashboard

    func asOf(_ web: WebRequest) -> (CivilDate, String?) {
        guard let text = web.query("as_of") else { return (services.today(), nil) }
        guard let day = CivilDate(iso: text) else { return (services.today(), web.strings["invalid_date"]) }
        return (day, nil)
    }

    func dashboard(_ web: WebRequest) async throws -> Response {
        guard let principal = web.principal else { return WebRequest.redirect("/login") }
        let (asOf, dateError) = asOf(web)
        let registry = services.registry
        let statistics = try await registry.statistics()
        let visible = statistics.establishments.filter { principal.covers(establishment: $0.establishment.code) }
        let national = visible.reduce(Occupancy.zero) { $0 + $1.occupancy }
        let grouped = web.query("group") == "region"
        let sorted = visible.sorted { ($0.occupancy.occupancyPercent ?? 0) > ($1.occupancy.occupancyPercent ?? 0) }
        let scaleMax = sorted.first?.occupancy.occupancyPercent ?? 100
        func bars(_ items: [EstablishmentOverview]) -> [OccupancyChart.Bar] {
            items.map {
                OccupancyChart.Bar(
                    label: $0.establishment.name, href: "/establishments/\($0.establishment.code)",
                    percent: $0.occupancy.occupancyPercent ?? 0, population: $0.occupancy.population,
                    capacity: $0.occupancy.capacity)
            }
        }
        var sections: [[String: Any]] = []
        if grouped {
            var offices: [String: [EstablishmentOverview]] = [:]
            for item in sorted { offices[item.regionalOffice.name, default: []].append(item) }
            let ordered = offices.map {
                (name: $0.key, items: $0.value, total: $0.value.reduce(Occupancy.zero) { $0 + $1.occupancy })
            }
            .sorted { ($0.total.occupancyPercent ?? 0) > ($1.total.occupancyPercent ?? 0) }
            for office in ordered {
                sections.append([
                    "heading": "\(office.name) · \(OccupancyChart.format(office.total.occupancyPercent ?? 0)) %",
                    "chart": OccupancyChart.svg(
                        bars(office.items), title: "\(web.strings["chart_label"]): \(office.name)", scaleMax: scaleMax),
                ])
            }
        } else {
            sections.append(["chart": OccupancyChart.svg(bars(sorted), title: web.strings["chart_label"], scaleMax: scaleMax)])
        }
        let rows: [[String: Any]] = sorted.map {
            [
                "name": $0.establishment.name, "code": $0.establishment.code, "office": $0.regionalOffice.name,
                "population": OccupancyChart.grouped($0.occupancy.population),
                "capacity": OccupancyChart.grouped($0.occupancy.capacity),
                "occupancy": OccupancyChart.format($0.occupancy.occupancyPercent ?? 0),
                "class": OccupancyChart.cssClass($0.occupancy.occupancyPercent ?? 0),
            ]
        }
        var alertRows: [[String: Any]] = []
        if principal.may(.listAlerts) {
            let counts = try await services.registry.alertCounts(
                asOf: asOf, establishmentCode: nil, within: principal.establishments)
            alertRows = AlertKind.allCases.map {
                [
                    "label": web.strings["alert.\($0.rawValue)"], "severity": web.strings["severity.\($0.severity.rawValue)"],
                    "severityCode": $0.severity.rawValue, "count": OccupancyChart.grouped(counts[$0] ?? 0),
                    "href": "/alerts?kind=\($0.rawValue)&as_of=\(asOf)",
                ]
            }
        }
        let totals: [[String: Any]] = [
            ["label": web.strings["population"], "value": OccupancyChart.grouped(national.population)],
            ["label": web.strings["capacity"], "value": OccupancyChart.grouped(national.capacity)],
            ["label": web.strings["occupancy"], "value": OccupancyChart.format(national.occupancyPercent ?? 0) + " %"],
            ["label": web.strings["overpopulation"], "value": OccupancyChart.format(national.overpopulationPercent ?? 0) + " %"],
            [
                "label": web.strings["unsentenced_share"],
                "value": OccupancyChart.format(
                    national.population == 0 ? 0 : 100 * Double(national.unsentenced) / Double(national.population)) + " %",
            ],
            ["label": web.strings["men"], "value": OccupancyChart.grouped(national.men)],
            ["label": web.strings["women"], "value": OccupancyChart.grouped(national.women)],
        ]
        return web.page(
            "dashboard",
            web.model(
                title: web.dashboardTitle(principal.scope), current: "/",
                [
                    "asOf": asOf.description, "dateError": dateError as Any, "totals": totals, "sections": sections, "rows": rows,
                    "grouped": grouped, "alerts": alertRows, "hasAlerts": !alertRows.isEmpty,
                    "groupHref": grouped ? "/?as_of=\(asOf)" : "/?group=region&as_of=\(asOf)",
                ]))
    }

    // MARK: Establishment

    func establishment(_ web: WebRequest, code: String) async throws -> Response {
        guard let detail = try await services.registry.establishment(code: code) else { return CustodiaWeb.notFound(web) }
        let today = services.today()
        let movements = try await services.registry.movements(establishmentCode: code, on: today)
        var crossTab: [String: Int] = [:]
        let pavilions: [[String: Any]] = detail.pavilions.map { p in
            crossTab["\(p.pavilion.proceduralStatus.rawValue)-\(p.pavilion.housedSex.rawValue)", default: 0] += p.population
            let percent = p.occupancy.occupancyPercent ?? 0
            return [
                "code": p.pavilion.code, "name": p.pavilion.name,
                "sex": web.strings[p.pavilion.housedSex == .female ? "sex.female" : "sex.male"],
                "status": web.strings[p.pavilion.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"],
                "capacity": OccupancyChart.grouped(p.pavilion.certifiedCapacity),
                "population": OccupancyChart.grouped(p.population),
                "occupancy": OccupancyChart.format(percent), "class": OccupancyChart.cssClass(percent),
            ]
        }
        func cell(_ status: String, _ sex: String) -> String { OccupancyChart.grouped(crossTab["\(status)-\(sex)"] ?? 0) }
        func entries(_ list: [DailyMovements.Entry]) -> [[String: Any]] {
            list.map {
                [
                    "number": PersonNumber(id: $0.personID).description, "name": $0.name.registerForm,
                    "pavilion": $0.pavilionCode ?? "",
                ]
            }
        }
        var alerts: [[String: Any]] = []
        if web.principal?.may(.listAlerts) == true,
            let page = try await services.registry.alerts(
                asOf: today, establishmentCode: code, within: nil, severity: nil, kind: nil, after: nil, limit: 50)
        {
            alerts = page.items.map { alertRow($0, web) }
        }
        let o = detail.overview.occupancy
        return web.page(
            "establishment",
            web.model(
                title: detail.overview.establishment.name,
                [
                    "name": detail.overview.establishment.name, "code": code, "office": detail.overview.regionalOffice.name,
                    "today": today.description, "capacity": OccupancyChart.grouped(o.capacity),
                    "population": OccupancyChart.grouped(o.population),
                    "occupancy": OccupancyChart.format(o.occupancyPercent ?? 0),
                    "class": OccupancyChart.cssClass(o.occupancyPercent ?? 0), "pavilions": pavilions,
                    "unsentencedMen": cell("unsentenced", "male"), "unsentencedWomen": cell("unsentenced", "female"),
                    "sentencedMen": cell("sentenced", "male"), "sentencedWomen": cell("sentenced", "female"),
                    "admissions": entries(movements?.admissions ?? []), "releases": entries(movements?.releases ?? []),
                    "moves": entries(movements?.moves ?? []), "rows": alerts, "hasRows": !alerts.isEmpty,
                    "has_admissions": !(movements?.admissions ?? []).isEmpty,
                    "has_releases": !(movements?.releases ?? []).isEmpty,
                    "has_moves": !(movements?.moves ?? []).isEmpty,
                ]))
    }

    func alertRow(_ entry: AlertEntry, _ web: WebRequest) -> [String: Any] {
        [
            "kind": web.strings["alert.\(entry.alert.kind.rawValue)"],
            "severity": web.strings["severity.\(entry.alert.severity.rawValue)"],
            "severityCode": entry.alert.severity.rawValue, "number": PersonNumber(id: entry.alert.personID).description,
            "name": entry.personName.registerForm, "establishment": web.names.establishment(code: entry.establishmentCode),
            "date": entry.alert.date?.description ?? "", "days": entry.alert.days.map(String.init) ?? "",
        ]
    }

    // MARK: Search

    func search(_ web: WebRequest) async throws -> Response {
        let query = web.query("q")
        var results: [[String: Any]] = []
        var next: String?
        if let query, let principal = web.principal {
            let page = try await services.registry.searchPersons(query, after: web.query("cursor"), limit: 25)
            results = page.items.filter {
                $0.establishmentCode.map(principal.covers(establishment:)) ?? (principal.establishments == nil)
            }
            .map {
                [
                    "number": $0.person.number.description, "name": $0.person.name.registerForm,
                    "document": documentText($0.person.document, web),
                    "establishment": $0.establishmentCode.map { web.names.establishment(code: $0) } ?? "",
                    "status": $0.proceduralStatus.map { web.strings[$0 == .sentenced ? "sentenced" : "unsentenced"] }
                        ?? web.strings["released"],
                ]
            }
            next = page.nextCursor.map { "/persons?q=\(query.queryEncoded)&cursor=\($0.queryEncoded)" }
        }
        return web.page(
            "search",
            web.model(
                title: web.strings["search_title"], current: "/persons",
                [
                    "q": query ?? "", "searched": query != nil, "results": results, "hasResults": !results.isEmpty,
                    "next": next as Any,
                ]))
    }

    func documentText(_ document: IdentityDocument, _ web: WebRequest) -> String {
        switch document {
        case .dni(let n): "\(web.strings["document.dni"]) \(n)"
        case .foreignerCard(let n): "\(web.strings["document.foreigner_card"]) \(n)"
        case .passport(let n): "\(web.strings["document.passport"]) \(n)"
        case .none: web.strings["document.none"]
        }
    }
}
