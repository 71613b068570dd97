import API
import CustodiaCore
import Foundation
import Hummingbird
import LegalClock
import Logging

/// What the pages need: the register, the audit trail, sign-in, and today's date.
public struct WebServices: Sendable {
    public var registry: any Registry
    public var auditLog: any AuditLog
    public var access: AccessControl
    /// Time and law: today's date and the rule tables of the clock shown on a person's file.
    public var environment: CustodiaEnvironment

    public init(registry: any Registry, auditLog: any AuditLog, access: AccessControl, environment: CustodiaEnvironment) {
        self.registry = registry
        self.auditLog = auditLog
        self.access = access
        self.environment = environment
    }

    public func today() -> CivilDate { environment.today() }
}

/// The staff web application: server-rendered pages, Spanish first, every one decided by the access table.
public enum CustodiaWeb {
    static let person = AccessTable.personParameter

    /// The pages' rows of the access table.
    public static let routes: [RouteAccess] = [
        RouteAccess(.get, "/login", nil),
        RouteAccess(.post, "/login", nil),
        RouteAccess(.get, "/static/custodia.css", nil),
        RouteAccess(.post, "/logout", .readOwnAccount),
        RouteAccess(.get, "/", .listEstablishments),
        RouteAccess(.get, "/establishments/{code}", .readEstablishment, scope: .establishment(parameter: "code")),
        RouteAccess(.get, "/persons", .searchPersons),
        RouteAccess(.get, "/persons/{person_number}", .readPersonFile, scope: .person(parameter: person), audit: .reads),
        RouteAccess(.get, "/admissions/new", .admit),
        RouteAccess(.post, "/admissions/new", .admit, audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/move", .move, scope: .person(parameter: person)),
        RouteAccess(.post, "/persons/{person_number}/move", .move, scope: .person(parameter: person), audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/release", .release, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/release", .release, scope: .person(parameter: person), audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/sensitive", .recordSensitive, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/sensitive", .recordSensitive, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/classify", .classify, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/classify", .classify, scope: .person(parameter: person), audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/membership", .recordMembership, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/membership", .recordMembership, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/keep-apart", .recordKeepApart, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/keep-apart", .recordKeepApart, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/transfer", .requestTransfer, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/transfer", .requestTransfer, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/transfers/{id}", .readTransfers, audit: .reads),
        RouteAccess(.post, "/transfers/{id}/decision", .decideTransfer, audit: .inTransaction),
        RouteAccess(.post, "/transfers/{id}/movement", .executeTransfer, audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/outing", .scheduleOuting, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/outing", .scheduleOuting, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/outings/{id}", .readOutings, audit: .reads),
        RouteAccess(.post, "/outings/{id}/movement", .executeOuting, audit: .inTransaction),
        RouteAccess(.get, "/organizations", .readOrganizations, audit: .reads),
        RouteAccess(.get, "/organizations/new", .createOrganization),
        RouteAccess(.post, "/organizations/new", .createOrganization, audit: .inTransaction),
        RouteAccess(.get, "/organizations/keep-apart", .recordKeepApart),
        RouteAccess(.post, "/organizations/keep-apart", .recordKeepApart, audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/intake", .recordIntake, scope: .person(parameter: person)),
        RouteAccess(.get, "/persons/{person_number}/contact", .recordContact, scope: .person(parameter: person)),
        RouteAccess(.get, "/persons/{person_number}/isolation", .orderIsolation, scope: .person(parameter: person)),
        RouteAccess(
            .get, "/persons/{person_number}/isolations/{id}/lift", .orderIsolation, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/isolations/{id}/lift", .orderIsolation, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(
            .get, "/persons/{person_number}/isolations/{id}/check", .recordContact, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/isolations/{id}/check", .recordContact, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(
            .post, "/persons/{person_number}/isolation", .orderIsolation, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(
            .post, "/persons/{person_number}/contact", .recordContact, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(
            .post, "/persons/{person_number}/intake", .recordIntake, scope: .person(parameter: person), audit: .inTransaction),
        RouteAccess(.get, "/visitors", .readVisits),
        RouteAccess(.get, "/visitors/new", .registerVisitor),
        RouteAccess(.post, "/visitors/new", .registerVisitor, audit: .inTransaction),
        RouteAccess(.get, "/visitors/{id}", .readVisits, audit: .reads),
        RouteAccess(.get, "/visitors/{id}/link", .registerVisitor),
        RouteAccess(.post, "/visitors/{id}/link", .registerVisitor, audit: .inTransaction),
        RouteAccess(.get, "/visitors/{id}/ban", .banVisitor),
        RouteAccess(.post, "/visitors/{id}/ban", .banVisitor, audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/visit", .bookVisit, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/visit", .bookVisit, scope: .person(parameter: person), audit: .inTransaction),
        RouteAccess(.get, "/visits/{id}", .readVisits, audit: .reads),
        RouteAccess(.post, "/visits/{id}/movement", .gateVisit, audit: .inTransaction),
        RouteAccess(.get, "/establishments/{code}/visits", .readVisits, scope: .establishment(parameter: "code")),
        RouteAccess(
            .get, "/establishments/{code}/visit-calendar", .setVisitCalendar, scope: .establishment(parameter: "code")),
        RouteAccess(
            .post, "/establishments/{code}/visit-calendar", .setVisitCalendar, scope: .establishment(parameter: "code"),
            audit: .inTransaction),
        RouteAccess(.get, "/establishments/{code}/incidents", .readIncidents, scope: .establishment(parameter: "code")),
        RouteAccess(.get, "/establishments/{code}/incidents/new", .reportIncident, scope: .establishment(parameter: "code")),
        RouteAccess(
            .post, "/establishments/{code}/incidents/new", .reportIncident, scope: .establishment(parameter: "code"),
            audit: .inTransaction),
        RouteAccess(.get, "/incidents/{id}", .readIncidents, audit: .reads),
        RouteAccess(.post, "/incidents/{id}/addendum", .reportIncident, audit: .inTransaction),
        RouteAccess(.post, "/incidents/{id}/state", .reviewIncident, audit: .inTransaction),
        RouteAccess(.get, "/persons/{person_number}/discipline", .recordDiscipline, scope: .person(parameter: person)),
        RouteAccess(
            .post, "/persons/{person_number}/discipline", .recordDiscipline, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/discipline/{id}", .readDiscipline, audit: .reads),
        RouteAccess(.post, "/discipline/{id}/step", .recordDiscipline, audit: .inTransaction),
        RouteAccess(.post, "/discipline/{id}/decision", .decideDiscipline, audit: .inTransaction),
        RouteAccess(.get, "/establishments/{code}/discipline", .readDiscipline, scope: .establishment(parameter: "code")),
        RouteAccess(.get, "/establishments/{code}/orders", .readOrders, scope: .establishment(parameter: "code")),
        RouteAccess(.get, "/orders/{id}", .readOrders, audit: .reads),
        RouteAccess(.post, "/orders/{id}/step", .handleOrder, audit: .inTransaction),
        RouteAccess(.get, "/establishments/{code}/benefits", .readBenefits, scope: .establishment(parameter: "code")),
        RouteAccess(
            .post, "/persons/{person_number}/benefit-files", .handleBenefits, scope: .person(parameter: person),
            audit: .inTransaction),
        RouteAccess(.get, "/benefit-files/{id}", .readBenefits, audit: .reads),
        RouteAccess(.get, "/relief", .readRelief),
        RouteAccess(.get, "/reports/monthly", .listEstablishments),
        RouteAccess(.get, "/reports/forecast", .listEstablishments),
        RouteAccess(.get, "/reports/open-data", .listEstablishments),
        RouteAccess(.get, "/relief/candidates", .readReliefCandidates, audit: .reads),
        RouteAccess(.post, "/benefit-files/{id}/step", .handleBenefits, audit: .inTransaction),
        RouteAccess(.get, "/plans/transfers", .createPlan),
        RouteAccess(.post, "/plans/transfers", .createPlan, audit: .inTransaction),
        RouteAccess(.get, "/plans/transfers/{id}", .readPlans),
        RouteAccess(.post, "/plans/transfers/{id}/requests", .requestTransfer, audit: .inTransaction),
        RouteAccess(.get, "/plans/capacity", .readPlans),
        RouteAccess(.get, "/alerts", .listAlerts),
        RouteAccess(.get, "/audit", .searchAudit),
    ]

    public static func register<Context: RequestContext>(on router: Router<Context>, services: WebServices) {
        let pages = Pages(services: services)
        @Sendable func web(_ request: Request) async -> WebRequest {
            await WebRequest.load(request, from: services.registry)
        }
        router.get("static/custodia.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: PageRenderer.stylesheet))
        }
        router.get("login") { request, _ in pages.loginForm(WebRequest(request, names: .none)) }
        router.post("login") { request, context in
            try await pages.login(
                WebRequest(request, names: .none),
                address: AccessMiddleware<Context>.address(
                    of: request, context: context, trusting: services.access.settings.trustedProxies))
        }
        router.post("logout") { request, _ in try await pages.logout(WebRequest(request, names: .none)) }
        router.get("/") { request, _ in try await pages.dashboard(await web(request)) }
        router.get("establishments/:code") { request, context in
            try await pages.establishment(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.get("persons") { request, _ in try await pages.search(await web(request)) }
        router.get("persons/:person_number") { request, context in
            try await pages.file(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("admissions/new") { request, _ in try await pages.admissionForm(await web(request)) }
        router.post("admissions/new") { request, _ in try await pages.admit(await web(request)) }
        router.get("persons/:person_number/move") { request, context in
            try await pages.moveForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/move") { request, context in
            try await pages.move(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/release") { request, context in
            try await pages.releaseForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/release") { request, context in
            try await pages.release(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/sensitive") { request, context in
            try await pages.sensitiveForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/sensitive") { request, context in
            try await pages.recordSensitive(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/classify") { request, context in
            try await pages.classificationForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/classify") { request, context in
            try await pages.classify(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/membership") { request, context in
            try await pages.membershipForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/membership") { request, context in
            try await pages.recordMembership(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/keep-apart") { request, context in
            try await pages.keepApartForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/keep-apart") { request, context in
            try await pages.openKeepApart(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/transfer") { request, context in
            try await pages.transferRequestForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/transfer") { request, context in
            try await pages.requestTransfer(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("transfers/:id") { request, context in
            try await pages.transferPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("transfers/:id/decision") { request, context in
            try await pages.transferStep(await web(request), id: context.parameters.get("id") ?? "", deciding: true)
        }
        router.post("transfers/:id/movement") { request, context in
            try await pages.transferStep(await web(request), id: context.parameters.get("id") ?? "", deciding: false)
        }
        router.get("persons/:person_number/outing") { request, context in
            try await pages.outingForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/outing") { request, context in
            try await pages.scheduleOuting(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("outings/:id") { request, context in
            try await pages.outingPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("outings/:id/movement") { request, context in
            try await pages.outingStep(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.get("persons/:person_number/intake") { request, context in
            try await pages.intakeForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/intake") { request, context in
            try await pages.recordIntake(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/contact") { request, context in
            try await pages.contactForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/contact") { request, context in
            try await pages.recordContact(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("organizations") { request, _ in try await pages.organizations(await web(request)) }
        router.get("organizations/new") { request, _ in pages.organizationForm(await web(request)) }
        router.post("organizations/new") { request, _ in try await pages.createOrganization(await web(request)) }
        router.get("organizations/keep-apart") { request, _ in try await pages.organizationKeepApartForm(await web(request)) }
        router.post("organizations/keep-apart") { request, _ in try await pages.openOrganizationKeepApart(await web(request)) }
        router.get("persons/:person_number/isolation") { request, context in
            try await pages.isolationForm(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.post("persons/:person_number/isolation") { request, context in
            try await pages.orderIsolation(await web(request), number: context.parameters.get(person) ?? "")
        }
        router.get("persons/:person_number/isolations/:id/lift") { request, context in
            try await pages.liftForm(
                await web(request), number: context.parameters.get(person) ?? "", id: context.parameters.get("id") ?? "")
        }
        router.get("persons/:person_number/isolations/:id/check") { request, context in
            try await pages.isolationCheckForm(
                await web(request), number: context.parameters.get(person) ?? "", id: context.parameters.get("id") ?? "")
        }
        router.post("persons/:person_number/isolations/:id/check") { request, context in
            try await pages.checkIsolation(
                await web(request), number: context.parameters.get(person) ?? "", id: context.parameters.get("id") ?? "")
        }
        router.post("persons/:person_number/isolations/:id/lift") { request, context in
            try await pages.liftIsolation(
                await web(request), number: context.parameters.get(person) ?? "", id: context.parameters.get("id") ?? "")
        }
        registerVisits(on: router, pages: pages, web: web)
        registerIncidents(on: router, pages: pages, web: web)
        registerDiscipline(on: router, pages: pages, web: web)
        registerOrders(on: router, pages: pages, web: web)
        registerBenefits(on: router, pages: pages, web: web)
        registerPlans(on: router, pages: pages, web: web)
        router.get("alerts") { request, _ in try await pages.alerts(await web(request)) }
        router.get("audit") { request, _ in try await pages.audit(await web(request)) }
    }

    /// How the access middleware shows a refusal on a page: the login form for 401, a page for 403 and 404.
    /// `registry` names the places of the header; nil shows their codes.
    public static func refusal(_ problem: ProblemDocument, _ request: Request, registry: (any PersonRegisterStore)?) async
        -> Response
    {
        let web = await WebRequest.load(request, from: registry)
        switch problem.status {
        case 401:
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            var location = "/login?next=\(next.queryEncoded)"
            if let reason = problem.code == "auth.session_expired" ? "expired" : nil { location += "&reason=\(reason)" }
            return WebRequest.redirect(location)
        case 403:
            return web.message(title: web.strings["forbidden_title"], text: web.strings["forbidden_text"], status: .forbidden)
        case 429:
            return web.message(
                title: web.strings["rate_limited_title"], text: web.strings["rate_limited_text"], status: .tooManyRequests)
        default:
            return notFound(web)
        }
    }

    static func notFound(_ web: WebRequest) -> Response {
        web.message(title: web.strings["not_found_title"], text: web.strings["not_found_text"], status: .notFound)
    }
}

/// Turns unknown pages into a 404 page and failures into a 500 page in the user's language; the failure is
/// logged, never shown.
public struct PageErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Names the places of the header; nil shows their codes.
    let registry: (any PersonRegisterStore)?

    public init(registry: (any PersonRegisterStore)?) { self.registry = registry }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard AccessMiddleware<Context>.isPage(request.uri.path) else { return try await next(request, context) }
        // An address that is not UTF-8 once percent-decoded (a search for "%FF") is a page that says so (400).
        if !RequestChecks.addressIsText(request) {
            let web = await WebRequest.load(request, from: registry)
            var response = web.message(
                title: web.strings["bad_address_title"], text: web.strings["bad_address_text"], status: .badRequest)
            AccessMiddleware<Context>.addSecurityHeaders(&response.headers)
            return response
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            var response = CustodiaWeb.notFound(await WebRequest.load(request, from: registry))
            AccessMiddleware<Context>.addSecurityHeaders(&response.headers)
            return response
        } catch let error where RequestChecks.isTooLarge(error) {
            // A form over its limit (read without buffering past it): a page that says so, nothing written.
            let web = await WebRequest.load(request, from: registry)
            var response = web.message(
                title: web.strings["too_large_title"], text: web.strings["too_large_text"], status: .contentTooLarge)
            AccessMiddleware<Context>.addSecurityHeaders(&response.headers)
            return response
        } catch let busy as StoreUnavailable {
            // The database is busy: nothing was written; the page says to try again in a moment.
            context.logger.warning(
                "database busy", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: busy))"])
            let web = await WebRequest.load(request, from: registry)
            var response = web.message(
                title: web.strings["busy_title"], text: web.strings["busy_text"], status: .serviceUnavailable)
            response.headers[.retryAfter] = "\(busy.retryAfterSeconds)"
            AccessMiddleware<Context>.addSecurityHeaders(&response.headers)
            return response
        } catch {
            context.logger.error(
                "page failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            let web = await WebRequest.load(request, from: registry)
            var response = web.message(
                title: web.strings["error_title"], text: web.strings["error_text"], status: .internalServerError)
            AccessMiddleware<Context>.addSecurityHeaders(&response.headers)
            return response
        }
    }
}
