import CustodiaCore
import HTTPTypes

/// How a route's resource is checked against the caller's scope.
public enum ScopeCheck: Sendable, Hashable {
    /// Nothing to check before the handler; lists are narrowed to the scope by the handler.
    case none
    /// The path parameter names an establishment code.
    case establishment(parameter: String)
    /// The path parameter names a person number; the person's establishment must be in scope.
    case person(parameter: String)
}

/// What the audit trail records for a route, besides every refusal.
public enum AuditRule: Sendable, Hashable {
    /// Nothing more.
    case refusalsOnly
    /// Every successful read (a person file).
    case reads
    /// Writes: the registry writes the row in the change's own transaction.
    case inTransaction
}

/// One row of the access table.
public struct RouteAccess: Sendable, Hashable {
    public var method: HTTPRequest.Method
    /// The route as the router knows it: `/api/v1/persons/{person_number}`.
    public var path: String
    /// `nil` for the few public routes (health, the API document, login).
    public var operation: AccessOperation?
    public var scope: ScopeCheck
    public var audit: AuditRule

    public init(
        _ method: HTTPRequest.Method, _ path: String, _ operation: AccessOperation?, scope: ScopeCheck = .none,
        audit: AuditRule = .refusalsOnly
    ) {
        self.method = method
        self.path = path
        self.operation = operation
        self.scope = scope
        self.audit = audit
    }

    public var key: String { "\(method.rawValue) \(path)" }
    public var isPublic: Bool { operation == nil }

    /// The roles the route admits (from `AccessPolicy`); every role for a public route.
    public var roles: Set<Role> { operation.map(AccessPolicy.roles(allowedTo:)) ?? Set(Role.allCases) }
}

/// The access table: every route of the application, the operation it performs, the scope check and what
/// is audited. Authorisation is decided from this table alone; a route missing from it refuses everyone.
public struct AccessTable: Sendable {
    public var entries: [RouteAccess]
    private var index: [String: RouteAccess]

    public init(_ entries: [RouteAccess]) {
        self.entries = entries
        self.index = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func entry(method: HTTPRequest.Method, path: String) -> RouteAccess? { index["\(method.rawValue) \(path)"] }

    public static let personParameter = "person_number"

    /// The JSON API's routes.
    public static let api: [RouteAccess] = [
        RouteAccess(.get, "/health", nil),
        RouteAccess(.get, "/ready", nil),
        RouteAccess(.get, "/api/v1/metrics", .readMetrics),
        RouteAccess(.get, "/api/v1/openapi.yaml", nil),
        RouteAccess(.get, "/api/v1/asyncapi.json", nil),
        RouteAccess(.post, "/api/v1/auth/login", nil),
        RouteAccess(.post, "/api/v1/auth/logout", .readOwnAccount),
        RouteAccess(.get, "/api/v1/auth/me", .readOwnAccount),
        RouteAccess(.get, "/api/v1/establishments", .listEstablishments),
        RouteAccess(.get, "/api/v1/establishments/{code}", .readEstablishment, scope: .establishment(parameter: "code")),
        RouteAccess(.get, "/api/v1/persons", .searchPersons),
        RouteAccess(.post, "/api/v1/identity/candidates", .searchPersons, audit: .reads),
        RouteAccess(
            .get, "/api/v1/persons/{person_number}", .readPersonFile, scope: .person(parameter: personParameter), audit: .reads),
        RouteAccess(
            .get, "/api/v1/persons/{person_number}/clock", .readPersonClock, scope: .person(parameter: personParameter),
            audit: .reads),
        RouteAccess(.get, "/api/v1/alerts", .listAlerts),
        RouteAccess(.post, "/api/v1/admissions", .admit, audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/moves", .move, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/release", .release, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/redemption", .recordRedemption, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/suspensions", .recordSuspension,
            scope: .person(parameter: personParameter), audit: .inTransaction),
        RouteAccess(.get, "/api/v1/organizations", .readOrganizations),
        RouteAccess(.post, "/api/v1/keep-apart", .recordKeepApart, audit: .inTransaction),
        RouteAccess(.post, "/api/v1/keep-apart/{id}/changes", .recordKeepApart, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/persons/{person_number}/keep-apart", .readKeepApart, scope: .person(parameter: personParameter),
            audit: .reads),
        RouteAccess(.post, "/api/v1/organizations", .createOrganization, audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/transfers", .requestTransfer, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(.get, "/api/v1/transfers", .readTransfers),
        RouteAccess(.get, "/api/v1/transfers/{id}", .readTransfers),
        RouteAccess(.post, "/api/v1/transfers/{id}/decisions", .decideTransfer, audit: .inTransaction),
        RouteAccess(.post, "/api/v1/transfers/{id}/movements", .executeTransfer, audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/outings", .scheduleOuting, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(.get, "/api/v1/outings", .readOutings),
        RouteAccess(.get, "/api/v1/outings/{id}", .readOutings),
        RouteAccess(.post, "/api/v1/outings/{id}/movements", .executeOuting, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/roll", .readEstablishment, scope: .establishment(parameter: "code")),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/intake", .recordIntake, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/contact", .recordContact, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/isolations", .orderIsolation,
            scope: .person(parameter: personParameter), audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/isolations/{id}/lift", .orderIsolation,
            scope: .person(parameter: personParameter), audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/isolations/{id}/checks", .recordContact,
            scope: .person(parameter: personParameter), audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/isolations", .readIsolations, scope: .establishment(parameter: "code"),
            audit: .reads),
        RouteAccess(.get, "/api/v1/visitors", .readVisits),
        RouteAccess(.post, "/api/v1/visitors", .registerVisitor, audit: .inTransaction),
        RouteAccess(.get, "/api/v1/visitors/{id}", .readVisits, audit: .reads),
        RouteAccess(.post, "/api/v1/visitors/{id}/links", .registerVisitor, audit: .inTransaction),
        RouteAccess(.post, "/api/v1/visitors/{id}/bans", .banVisitor, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/persons/{person_number}/visits", .readVisits, scope: .person(parameter: personParameter),
            audit: .reads),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/visits", .bookVisit, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(.get, "/api/v1/visits/{id}", .readVisits),
        RouteAccess(.post, "/api/v1/visits/{id}/movements", .gateVisit, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/visits", .readVisits, scope: .establishment(parameter: "code"),
            audit: .reads),
        RouteAccess(.get, "/api/v1/discipline/offences", .readDiscipline),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/visit-calendar", .readVisits, scope: .establishment(parameter: "code"),
            audit: .reads),
        RouteAccess(
            .put, "/api/v1/establishments/{code}/visit-calendar", .setVisitCalendar,
            scope: .establishment(parameter: "code"), audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/discipline", .recordDiscipline,
            scope: .person(parameter: personParameter), audit: .inTransaction),
        RouteAccess(.get, "/api/v1/discipline/{id}", .readDiscipline, audit: .reads),
        RouteAccess(.post, "/api/v1/discipline/{id}/steps", .recordDiscipline, audit: .inTransaction),
        RouteAccess(.post, "/api/v1/discipline/{id}/decisions", .decideDiscipline, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/discipline", .readDiscipline, scope: .establishment(parameter: "code"),
            audit: .reads),
        RouteAccess(.get, "/api/v1/subscriptions", .manageSubscriptions),
        RouteAccess(.post, "/api/v1/subscriptions", .manageSubscriptions, audit: .inTransaction),
        RouteAccess(.get, "/api/v1/subscriptions/{id}", .manageSubscriptions),
        RouteAccess(.post, "/api/v1/subscriptions/{id}/steps", .manageSubscriptions, audit: .inTransaction),
        RouteAccess(.post, "/api/v1/orders", .submitOrder, audit: .inTransaction),
        RouteAccess(.get, "/api/v1/orders/{id}", .readOrders, audit: .reads),
        RouteAccess(.post, "/api/v1/orders/{id}/steps", .handleOrder, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/orders", .readOrders, scope: .establishment(parameter: "code"), audit: .reads),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/benefit-files", .handleBenefits, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(.get, "/api/v1/benefit-files/{id}", .readBenefits, audit: .reads),
        RouteAccess(.post, "/api/v1/benefit-files/{id}/steps", .handleBenefits, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/benefits", .readBenefits, scope: .establishment(parameter: "code"),
            audit: .reads),
        RouteAccess(.get, "/api/v1/relief", .readRelief),
        RouteAccess(.get, "/api/v1/reports/monthly", .listEstablishments),
        RouteAccess(.get, "/api/v1/reports/open-data", .listEstablishments),
        RouteAccess(.get, "/api/v1/reports/forecast", .listEstablishments),
        RouteAccess(.get, "/api/v1/relief/candidates", .readReliefCandidates, audit: .reads),
        RouteAccess(.post, "/api/v1/plans/transfers", .createPlan, audit: .inTransaction),
        RouteAccess(.get, "/api/v1/plans/transfers/{id}", .readPlans),
        RouteAccess(.post, "/api/v1/plans/transfers/{id}/requests", .requestTransfer, audit: .inTransaction),
        RouteAccess(.get, "/api/v1/plans/capacity", .readPlans),
        RouteAccess(.post, "/api/v1/incidents", .reportIncident, audit: .inTransaction),
        RouteAccess(.get, "/api/v1/incidents/{id}", .readIncidents, audit: .reads),
        RouteAccess(.post, "/api/v1/incidents/{id}/addenda", .reportIncident, audit: .inTransaction),
        RouteAccess(.post, "/api/v1/incidents/{id}/state", .reviewIncident, audit: .inTransaction),
        RouteAccess(
            .get, "/api/v1/establishments/{code}/incidents", .readIncidents, scope: .establishment(parameter: "code"),
            audit: .reads),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/memberships", .recordMembership,
            scope: .person(parameter: personParameter), audit: .inTransaction),
        RouteAccess(
            .post, "/api/v1/persons/{person_number}/classifications", .classify, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(
            .put, "/api/v1/persons/{person_number}/sensitive", .recordSensitive, scope: .person(parameter: personParameter),
            audit: .inTransaction),
        RouteAccess(.get, "/api/v1/audit", .searchAudit),
        RouteAccess(.get, "/api/v1/events", .readEvents),
    ]
}
