import CustodiaCore

/// What the access tests (APITests, WebTests) expect, written out by hand from docs/api-access.md (which says why each grant
/// exists), not read from `AccessPolicy` or the access table: widening or narrowing a grant in the code, or
/// pointing a route at another operation, makes the tests that compare the two fail.
public enum AccessExpectations {
    /// The operations each role is granted, by their wire names.
    public static let grants: [Role: Set<String>] = [
        .registryClerk: [
            "establishments.list", "establishments.read", "account.read", "persons.search", "persons.read", "persons.clock",
            "alerts.list", "persons.admit", "persons.move", "persons.release", "transfers.read", "transfers.execute",
            "outings.read", "outings.schedule", "outings.execute", "persons.intake", "isolations.read", "visits.read",
            "visitors.register", "visits.book", "visits.gate", "orders.read", "orders.handle", "benefits.read",
        ],
        .securityOfficer: [
            "establishments.list", "establishments.read", "account.read", "persons.search", "persons.read", "alerts.list",
            "persons.move", "persons.sensitive", "organizations.read", "organizations.create", "persons.membership",
            "keep_apart.read",
            "keep_apart.record", "transfers.read", "transfers.request", "transfers.execute", "outings.read",
            "outings.schedule", "outings.execute", "persons.intake", "persons.contact", "isolations.read", "visits.read",
            "visitors.register", "visits.book", "visits.gate",
            "visitors.ban", "incidents.read", "incidents.report", "discipline.read", "discipline.record",
        ],
        .legalOfficer: [
            "establishments.list", "establishments.read", "account.read", "persons.search", "persons.read", "persons.clock",
            "alerts.list", "persons.release", "persons.redemption", "persons.suspension", "persons.classify",
            "transfers.read", "transfers.request", "transfers.decide", "outings.read", "outings.schedule",
            "isolations.read", "visits.read", "incidents.read", "incidents.report", "discipline.read", "orders.read",
            "orders.handle", "orders.clear", "benefits.read", "benefits.handle", "relief.read", "relief.candidates.read",
        ],
        .warden: [
            "establishments.list", "establishments.read", "account.read", "persons.search", "persons.read", "persons.clock",
            "alerts.list", "persons.admit", "persons.move", "persons.release", "persons.sensitive", "persons.classify",
            "organizations.read", "organizations.create", "persons.membership", "keep_apart.read",
            "keep_apart.record", "placement.override", "transfers.read", "transfers.request", "transfers.decide",
            "transfers.execute", "outings.read", "outings.schedule", "outings.execute", "persons.intake",
            "persons.contact", "isolations.read", "isolations.order", "visits.read", "visitors.register", "visits.book",
            "visits.gate", "visitors.ban", "incidents.read", "incidents.report", "incidents.review",
            "discipline.read", "discipline.record", "discipline.decide", "visits.calendar", "orders.read", "orders.handle",
            "orders.clear", "benefits.read", "benefits.handle", "relief.read", "relief.candidates.read", "plans.read",
        ],
        .regionalAnalyst: [
            "establishments.list", "establishments.read", "account.read", "alerts.list", "events.read", "transfers.read",
            "relief.read", "plans.create", "plans.read",
        ],
        .nationalAnalyst: [
            "establishments.list", "establishments.read", "account.read", "alerts.list", "events.read", "transfers.read",
            "relief.read", "plans.create", "plans.read",
        ],
        .intelligenceAnalyst: [
            "establishments.list", "establishments.read", "account.read", "persons.search", "persons.read",
            "persons.sensitive", "events.read", "organizations.read", "organizations.create", "persons.membership",
            "keep_apart.read",
            "keep_apart.record", "visits.read", "incidents.read",
        ],
        .auditor: [
            "establishments.list", "establishments.read", "account.read", "persons.search", "persons.read", "persons.clock",
            "alerts.list", "audit.search", "events.read", "transfers.read",
            "outings.read", "isolations.read", "visits.read", "incidents.read", "discipline.read", "orders.read",
            "benefits.read", "relief.read", "relief.candidates.read", "plans.read",
        ],
        .administrator: ["establishments.list", "establishments.read", "account.read"],
    ]

    /// Who may read each sensitive section of a person file (Mandela Rules 26 and 32; need to know).
    public static let sensitiveReaders: [String: Set<Role>] = [
        "health": [.warden, .securityOfficer],
        "affiliation": [.warden, .securityOfficer, .intelligenceAnalyst],
        "intelligence": [.intelligenceAnalyst],
    ]

    /// One route: the operation it performs (`nil`: public) and the status an allowed caller in scope gets for
    /// the matrix's request (reads succeed; writes are sent stale or dated in the future, so they are refused
    /// by the rules after authorisation and nothing is written).
    public struct Route: Sendable {
        public var operation: String?
        public var status: Int
        /// Whether the request names a person or an establishment (in its path, query or body), so that a caller
        /// out of scope gets 404.
        public var scoped: Bool = false

        public init(operation: String?, status: Int, scoped: Bool = false) {
            self.operation = operation
            self.status = status
            self.scoped = scoped
        }
    }

    public static let routes: [String: Route] = [
        "GET /health": Route(operation: nil, status: 200),
        "GET /ready": Route(operation: nil, status: 200),
        "GET /api/v1/metrics": Route(operation: "metrics.read", status: 200),
        "POST /api/v1/identity/candidates": Route(operation: "persons.search", status: 200),
        "GET /api/v1/openapi.yaml": Route(operation: nil, status: 200),
        "GET /api/v1/asyncapi.json": Route(operation: nil, status: 200),
        "POST /api/v1/auth/login": Route(operation: nil, status: 400),
        "POST /api/v1/auth/logout": Route(operation: "account.read", status: 204),
        "GET /api/v1/auth/me": Route(operation: "account.read", status: 200),
        "GET /api/v1/establishments": Route(operation: "establishments.list", status: 200),
        "GET /api/v1/establishments/{code}": Route(operation: "establishments.read", status: 200, scoped: true),
        "GET /api/v1/persons": Route(operation: "persons.search", status: 200),
        "GET /api/v1/persons/{person_number}": Route(operation: "persons.read", status: 200, scoped: true),
        "GET /api/v1/persons/{person_number}/clock": Route(operation: "persons.clock", status: 200, scoped: true),
        "GET /api/v1/alerts": Route(operation: "alerts.list", status: 200, scoped: true),
        "POST /api/v1/admissions": Route(operation: "persons.admit", status: 422, scoped: true),
        "POST /api/v1/persons/{person_number}/moves": Route(operation: "persons.move", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/release": Route(operation: "persons.release", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/redemption": Route(operation: "persons.redemption", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/suspensions": Route(operation: "persons.suspension", status: 412, scoped: true),
        "GET /api/v1/organizations": Route(operation: "organizations.read", status: 200),
        "POST /api/v1/keep-apart": Route(operation: "keep_apart.record", status: 422),
        "POST /api/v1/keep-apart/{id}/changes": Route(operation: "keep_apart.record", status: 404),
        "GET /api/v1/persons/{person_number}/keep-apart": Route(operation: "keep_apart.read", status: 200, scoped: true),
        "POST /api/v1/organizations": Route(operation: "organizations.create", status: 422),
        "POST /api/v1/persons/{person_number}/transfers": Route(operation: "transfers.request", status: 412, scoped: true),
        "GET /api/v1/transfers": Route(operation: "transfers.read", status: 200),
        "GET /api/v1/transfers/{id}": Route(operation: "transfers.read", status: 404),
        "POST /api/v1/transfers/{id}/decisions": Route(operation: "transfers.decide", status: 404),
        "POST /api/v1/transfers/{id}/movements": Route(operation: "transfers.execute", status: 404),
        "POST /api/v1/persons/{person_number}/outings": Route(operation: "outings.schedule", status: 412, scoped: true),
        "GET /api/v1/outings": Route(operation: "outings.read", status: 200),
        "GET /api/v1/outings/{id}": Route(operation: "outings.read", status: 404),
        "POST /api/v1/outings/{id}/movements": Route(operation: "outings.execute", status: 404),
        "GET /api/v1/establishments/{code}/roll": Route(operation: "establishments.read", status: 200, scoped: true),
        "POST /api/v1/persons/{person_number}/intake": Route(operation: "persons.intake", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/contact": Route(operation: "persons.contact", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/isolations": Route(operation: "isolations.order", status: 412, scoped: true),
        "GET /api/v1/establishments/{code}/isolations": Route(operation: "isolations.read", status: 200, scoped: true),
        "GET /api/v1/visitors": Route(operation: "visits.read", status: 200),
        "POST /api/v1/visitors": Route(operation: "visitors.register", status: 422),
        "GET /api/v1/visitors/{id}": Route(operation: "visits.read", status: 404),
        "POST /api/v1/visitors/{id}/links": Route(operation: "visitors.register", status: 422),
        "POST /api/v1/visitors/{id}/bans": Route(operation: "visitors.ban", status: 422),
        "GET /api/v1/persons/{person_number}/visits": Route(operation: "visits.read", status: 200, scoped: true),
        "POST /api/v1/persons/{person_number}/visits": Route(operation: "visits.book", status: 422, scoped: true),
        "GET /api/v1/visits/{id}": Route(operation: "visits.read", status: 404),
        "POST /api/v1/visits/{id}/movements": Route(operation: "visits.gate", status: 404),
        "GET /api/v1/establishments/{code}/visits": Route(operation: "visits.read", status: 200, scoped: true),
        "POST /api/v1/incidents": Route(operation: "incidents.report", status: 422),
        "GET /api/v1/incidents/{id}": Route(operation: "incidents.read", status: 404),
        "POST /api/v1/incidents/{id}/addenda": Route(operation: "incidents.report", status: 404),
        "POST /api/v1/incidents/{id}/state": Route(operation: "incidents.review", status: 404),
        "GET /api/v1/establishments/{code}/incidents": Route(operation: "incidents.read", status: 200, scoped: true),
        "GET /api/v1/discipline/offences": Route(operation: "discipline.read", status: 200),
        "GET /api/v1/subscriptions": Route(operation: "subscriptions.manage", status: 200),
        "POST /api/v1/subscriptions": Route(operation: "subscriptions.manage", status: 422),
        "GET /api/v1/subscriptions/{id}": Route(operation: "subscriptions.manage", status: 404),
        "POST /api/v1/subscriptions/{id}/steps": Route(operation: "subscriptions.manage", status: 404),
        "POST /api/v1/orders": Route(operation: "orders.submit", status: 422),
        "GET /api/v1/orders/{id}": Route(operation: "orders.read", status: 404),
        "POST /api/v1/persons/{person_number}/benefit-files": Route(operation: "benefits.handle", status: 422, scoped: true),
        "GET /api/v1/benefit-files/{id}": Route(operation: "benefits.read", status: 404),
        "POST /api/v1/benefit-files/{id}/steps": Route(operation: "benefits.handle", status: 404),
        "GET /api/v1/establishments/{code}/benefits": Route(operation: "benefits.read", status: 200, scoped: true),
        "GET /api/v1/relief": Route(operation: "relief.read", status: 200),
        "GET /api/v1/reports/monthly": Route(operation: "establishments.list", status: 400),
        "GET /api/v1/reports/open-data": Route(operation: "establishments.list", status: 400),
        "GET /api/v1/reports/forecast": Route(operation: "establishments.list", status: 200),
        "GET /api/v1/relief/candidates": Route(operation: "relief.candidates.read", status: 400),
        "POST /api/v1/plans/transfers": Route(operation: "plans.create", status: 422),
        "GET /api/v1/plans/transfers/{id}": Route(operation: "plans.read", status: 404),
        "GET /api/v1/plans/capacity": Route(operation: "plans.read", status: 200),
        "POST /api/v1/plans/transfers/{id}/requests": Route(operation: "transfers.request", status: 404),
        "POST /api/v1/orders/{id}/steps": Route(operation: "orders.handle", status: 404),
        "GET /api/v1/establishments/{code}/orders": Route(operation: "orders.read", status: 200, scoped: true),
        "GET /api/v1/establishments/{code}/visit-calendar": Route(operation: "visits.read", status: 200, scoped: true),
        "PUT /api/v1/establishments/{code}/visit-calendar": Route(operation: "visits.calendar", status: 422, scoped: true),
        "POST /api/v1/persons/{person_number}/isolations/{id}/checks": Route(
            operation: "persons.contact", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/discipline": Route(
            operation: "discipline.record", status: 422, scoped: true),
        "GET /api/v1/discipline/{id}": Route(operation: "discipline.read", status: 404),
        "POST /api/v1/discipline/{id}/steps": Route(operation: "discipline.record", status: 404),
        "POST /api/v1/discipline/{id}/decisions": Route(operation: "discipline.decide", status: 404),
        "GET /api/v1/establishments/{code}/discipline": Route(operation: "discipline.read", status: 200, scoped: true),
        "POST /api/v1/persons/{person_number}/isolations/{id}/lift": Route(
            operation: "isolations.order", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/memberships": Route(operation: "persons.membership", status: 412, scoped: true),
        "POST /api/v1/persons/{person_number}/classifications": Route(
            operation: "persons.classify", status: 412, scoped: true),
        "PUT /api/v1/persons/{person_number}/sensitive": Route(operation: "persons.sensitive", status: 412, scoped: true),
        "GET /api/v1/audit": Route(operation: "audit.search", status: 200),
        "GET /api/v1/events": Route(operation: "events.read", status: 200),
        // The staff pages.
        "GET /login": Route(operation: nil, status: 200),
        "POST /login": Route(operation: nil, status: 403),
        "GET /static/custodia.css": Route(operation: nil, status: 200),
        "POST /logout": Route(operation: "account.read", status: 303),
        "GET /": Route(operation: "establishments.list", status: 200),
        "GET /establishments/{code}": Route(operation: "establishments.read", status: 200, scoped: true),
        "GET /persons": Route(operation: "persons.search", status: 200),
        "GET /persons/{person_number}": Route(operation: "persons.read", status: 200, scoped: true),
        "GET /admissions/new": Route(operation: "persons.admit", status: 200),
        "POST /admissions/new": Route(operation: "persons.admit", status: 422, scoped: true),
        "GET /persons/{person_number}/move": Route(operation: "persons.move", status: 200, scoped: true),
        "POST /persons/{person_number}/move": Route(operation: "persons.move", status: 409, scoped: true),
        "GET /persons/{person_number}/keep-apart": Route(operation: "keep_apart.record", status: 200, scoped: true),
        "POST /persons/{person_number}/keep-apart": Route(operation: "keep_apart.record", status: 422, scoped: true),
        "GET /persons/{person_number}/membership": Route(operation: "persons.membership", status: 200, scoped: true),
        "POST /persons/{person_number}/membership": Route(operation: "persons.membership", status: 409, scoped: true),
        "GET /persons/{person_number}/classify": Route(operation: "persons.classify", status: 200, scoped: true),
        "POST /persons/{person_number}/classify": Route(operation: "persons.classify", status: 409, scoped: true),
        "GET /persons/{person_number}/release": Route(operation: "persons.release", status: 200, scoped: true),
        "POST /persons/{person_number}/release": Route(operation: "persons.release", status: 409, scoped: true),
        "GET /persons/{person_number}/sensitive": Route(operation: "persons.sensitive", status: 200, scoped: true),
        "POST /persons/{person_number}/sensitive": Route(operation: "persons.sensitive", status: 409, scoped: true),
        "GET /persons/{person_number}/transfer": Route(operation: "transfers.request", status: 200, scoped: true),
        "POST /persons/{person_number}/transfer": Route(operation: "transfers.request", status: 409, scoped: true),
        "GET /transfers/{id}": Route(operation: "transfers.read", status: 404),
        "GET /persons/{person_number}/outing": Route(operation: "outings.schedule", status: 200, scoped: true),
        "POST /persons/{person_number}/outing": Route(operation: "outings.schedule", status: 409, scoped: true),
        "GET /outings/{id}": Route(operation: "outings.read", status: 404),
        "POST /outings/{id}/movement": Route(operation: "outings.execute", status: 404),
        "GET /visitors": Route(operation: "visits.read", status: 200),
        "GET /visitors/new": Route(operation: "visitors.register", status: 200),
        "POST /visitors/new": Route(operation: "visitors.register", status: 422),
        "GET /visitors/{id}": Route(operation: "visits.read", status: 404),
        "GET /visitors/{id}/link": Route(operation: "visitors.register", status: 404),
        "POST /visitors/{id}/link": Route(operation: "visitors.register", status: 404),
        "GET /visitors/{id}/ban": Route(operation: "visitors.ban", status: 404),
        "POST /visitors/{id}/ban": Route(operation: "visitors.ban", status: 404),
        "GET /persons/{person_number}/visit": Route(operation: "visits.book", status: 200, scoped: true),
        "POST /persons/{person_number}/visit": Route(operation: "visits.book", status: 422, scoped: true),
        "GET /visits/{id}": Route(operation: "visits.read", status: 404),
        "POST /visits/{id}/movement": Route(operation: "visits.gate", status: 404),
        "GET /establishments/{code}/visits": Route(operation: "visits.read", status: 200, scoped: true),
        "GET /establishments/{code}/incidents": Route(operation: "incidents.read", status: 200, scoped: true),
        "GET /establishments/{code}/incidents/new": Route(operation: "incidents.report", status: 200, scoped: true),
        "POST /establishments/{code}/incidents/new": Route(operation: "incidents.report", status: 422, scoped: true),
        "GET /incidents/{id}": Route(operation: "incidents.read", status: 404),
        "POST /incidents/{id}/addendum": Route(operation: "incidents.report", status: 404),
        "POST /incidents/{id}/state": Route(operation: "incidents.review", status: 404),
        "GET /persons/{person_number}/discipline": Route(operation: "discipline.record", status: 200, scoped: true),
        "GET /establishments/{code}/visit-calendar": Route(operation: "visits.calendar", status: 200, scoped: true),
        "POST /establishments/{code}/visit-calendar": Route(operation: "visits.calendar", status: 422, scoped: true),
        "GET /persons/{person_number}/isolations/{id}/check": Route(operation: "persons.contact", status: 404, scoped: true),
        "POST /persons/{person_number}/isolations/{id}/check": Route(operation: "persons.contact", status: 404, scoped: true),
        "POST /persons/{person_number}/discipline": Route(operation: "discipline.record", status: 422, scoped: true),
        "GET /discipline/{id}": Route(operation: "discipline.read", status: 404),
        "POST /discipline/{id}/step": Route(operation: "discipline.record", status: 404),
        "POST /discipline/{id}/decision": Route(operation: "discipline.decide", status: 404),
        "GET /establishments/{code}/discipline": Route(operation: "discipline.read", status: 200, scoped: true),
        "GET /establishments/{code}/orders": Route(operation: "orders.read", status: 200, scoped: true),
        "GET /orders/{id}": Route(operation: "orders.read", status: 404),
        "POST /orders/{id}/step": Route(operation: "orders.handle", status: 404),
        "GET /establishments/{code}/benefits": Route(operation: "benefits.read", status: 200, scoped: true),
        "POST /persons/{person_number}/benefit-files": Route(operation: "benefits.handle", status: 422, scoped: true),
        "GET /benefit-files/{id}": Route(operation: "benefits.read", status: 404),
        "GET /relief": Route(operation: "relief.read", status: 200),
        "GET /reports/monthly": Route(operation: "establishments.list", status: 200),
        "GET /reports/open-data": Route(operation: "establishments.list", status: 200),
        "GET /reports/forecast": Route(operation: "establishments.list", status: 200),
        "GET /relief/candidates": Route(operation: "relief.candidates.read", status: 200),
        "GET /plans/transfers": Route(operation: "plans.create", status: 200),
        "POST /plans/transfers": Route(operation: "plans.create", status: 422),
        "GET /plans/transfers/{id}": Route(operation: "plans.read", status: 404),
        "POST /plans/transfers/{id}/requests": Route(operation: "transfers.request", status: 404),
        "GET /plans/capacity": Route(operation: "plans.read", status: 200),
        "POST /benefit-files/{id}/step": Route(operation: "benefits.handle", status: 404),
        "GET /organizations": Route(operation: "organizations.read", status: 200),
        "GET /organizations/new": Route(operation: "organizations.create", status: 200),
        "POST /organizations/new": Route(operation: "organizations.create", status: 422),
        "GET /organizations/keep-apart": Route(operation: "keep_apart.record", status: 200),
        "POST /organizations/keep-apart": Route(operation: "keep_apart.record", status: 422),
        "GET /persons/{person_number}/intake": Route(operation: "persons.intake", status: 200, scoped: true),
        "POST /persons/{person_number}/intake": Route(operation: "persons.intake", status: 409, scoped: true),
        "GET /persons/{person_number}/contact": Route(operation: "persons.contact", status: 200, scoped: true),
        "GET /persons/{person_number}/isolation": Route(operation: "isolations.order", status: 200, scoped: true),
        "GET /persons/{person_number}/isolations/{id}/lift": Route(operation: "isolations.order", status: 404, scoped: true),
        "POST /persons/{person_number}/isolations/{id}/lift": Route(operation: "isolations.order", status: 404, scoped: true),
        "POST /persons/{person_number}/isolation": Route(operation: "isolations.order", status: 409, scoped: true),
        "POST /persons/{person_number}/contact": Route(operation: "persons.contact", status: 409, scoped: true),
        "POST /transfers/{id}/decision": Route(operation: "transfers.decide", status: 404),
        "POST /transfers/{id}/movement": Route(operation: "transfers.execute", status: 404),
        "GET /alerts": Route(operation: "alerts.list", status: 200, scoped: true),
        "GET /audit": Route(operation: "audit.search", status: 200),
    ]

    /// The status an institutional token with the route's operation gets, where it differs from a staff member's.
    public static func tokenStatus(_ key: String, _ route: Route) -> Int {
        switch key {
        // A token may read no sensitive section, and so write none.
        case "PUT /api/v1/persons/{person_number}/sensitive", "GET /api/v1/organizations", "POST /api/v1/organizations",
            "POST /api/v1/persons/{person_number}/memberships", "POST /api/v1/keep-apart",
            "POST /api/v1/keep-apart/{id}/changes", "GET /api/v1/persons/{person_number}/keep-apart":
            403
        default: route.status
        }
    }

    public static func allows(_ role: Role, _ route: Route) -> Bool {
        guard let operation = route.operation else { return true }
        return grants[role]?.contains(operation) ?? false
    }
}
