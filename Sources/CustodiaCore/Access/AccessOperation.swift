/// Something a caller may ask of the system. Routes and pages map to operations in the access table;
/// roles and institutional tokens are granted operations.
public enum AccessOperation: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case listEstablishments = "establishments.list"
    case readEstablishment = "establishments.read"
    case searchPersons = "persons.search"
    case readPersonFile = "persons.read"
    case readPersonClock = "persons.clock"
    case listAlerts = "alerts.list"
    case admit = "persons.admit"
    case move = "persons.move"
    case release = "persons.release"
    case recordRedemption = "persons.redemption"
    case recordSuspension = "persons.suspension"
    /// A decision of the Junta Técnica de Clasificación (régimen and etapa).
    case classify = "persons.classify"
    /// The catalogue of criminal organizations (affiliation data).
    case readOrganizations = "organizations.read"
    case createOrganization = "organizations.create"
    /// A person's membership of an organization (affiliation data).
    case recordMembership = "persons.membership"
    /// Keep-apart records (affiliation data).
    case readKeepApart = "keep_apart.read"
    case recordKeepApart = "keep_apart.record"
    /// Authorising an admission or move despite a keep-apart or regime conflict (OP-3): part of an admission or
    /// move, never a route of its own.
    case overridePlacement = "placement.override"
    /// Transfers between establishments: reading them, asking for one, deciding (approve, refuse, cancel) and
    /// executing (departure, reception).
    case readTransfers = "transfers.read"
    case requestTransfer = "transfers.request"
    case decideTransfer = "transfers.decide"
    case executeTransfer = "transfers.execute"
    /// Temporary exits (court production, hospital, other): reading them, scheduling one, and recording the
    /// departure, the return or the cancellation.
    case readOutings = "outings.read"
    case scheduleOuting = "outings.schedule"
    case executeOuting = "outings.execute"
    /// The intake of an admission (IN-*): medical examination done, next of kin, family told, rights, property.
    case recordIntake = "persons.intake"
    /// A day's minutes of meaningful human contact (CL-13): those who run the regime.
    case recordContact = "persons.contact"
    /// Disciplinary isolation: the board and the orders (the Consejo Técnico Penitenciario's, recorded by the warden).
    case readIsolations = "isolations.read"
    case orderIsolation = "isolations.order"
    /// Visitors and visits (VI-*): reading the calendar, visits and visitors' files; registering a visitor and whom
    /// they visit; banning one (VI-5); booking a visit; the gate (check-in, check-out, cancellation).
    case readVisits = "visits.read"
    case registerVisitor = "visitors.register"
    case banVisitor = "visitors.ban"
    case bookVisit = "visits.book"
    case gateVisit = "visits.gate"
    /// Setting an establishment's visiting days, hours and seats (VI-1): the warden.
    case setVisitCalendar = "visits.calendar"
    /// Incident reports (INC-*): reading them, filing one or adding an addendum, and moving one through its states.
    case readIncidents = "incidents.read"
    case reportIncident = "incidents.report"
    case reviewIncident = "incidents.review"
    /// Disciplinary cases (DS-*): reading them; opening one and recording its steps (the security officers who charge
    /// and investigate); the Consejo Técnico Penitenciario's decisions and the appeals' results (the warden who chairs it).
    case readDiscipline = "discipline.read"
    case recordDiscipline = "discipline.record"
    case decideDiscipline = "discipline.decide"
    /// Orders received electronically (issue 13): sent by institutional clients only; read by the issuer and by the
    /// establishment's staff; matched, accepted, executed or refused by the registry and the warden; a release held
    /// for another case cleared by a legal officer.
    case submitOrder = "orders.submit"
    case readOrders = "orders.read"
    case handleOrder = "orders.handle"
    case clearOrder = "orders.clear"
    /// Benefit files (issue 26): read by the registry, the legal area, the warden and auditors; assembled, sent and
    /// moved by the legal area and the warden (who chairs the Consejo Técnico Penitenciario).
    case readBenefits = "benefits.read"
    case handleBenefits = "benefits.handle"
    /// What the law would free, per establishment (issue 26 point 4): counts, no person named.
    case readRelief = "relief.read"
    /// The relief candidate lists (issue 26 point 2): persons named, with the rules that put them on the list; for the
    /// legal area, the warden, auditors, and a court's or a prosecutor's token over its districts' cases.
    case readReliefCandidates = "relief.candidates.read"
    /// Plans that relieve overcrowding (issue 14): made and stored by the analysts over their establishments; read by
    /// them, the warden and auditors. Counts per establishment, no person named.
    case createPlan = "plans.create"
    case readPlans = "plans.read"
    /// Health, affiliation and intelligence notes; each section only by the roles that may read it.
    case recordSensitive = "persons.sensitive"
    case searchAudit = "audit.search"
    /// Reading the event log (the outbox consumers follow).
    case readEvents = "events.read"
    /// The metrics a monitoring system scrapes (issue 15 point 4): counts per establishment and route, no person.
    /// Institutional (monitoring) tokens only.
    case readMetrics = "metrics.read"
    /// An institution's own webhook subscriptions (issue 13 point 4): subscribe, list, pause, resume, rotate the secret.
    /// Institutional tokens only; an administrator manages every subscription from the command line.
    case manageSubscriptions = "subscriptions.manage"
    /// Reading one's own account (who am I, my scope).
    case readOwnAccount = "account.read"

    public static func < (lhs: AccessOperation, rhs: AccessOperation) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the operation changes the register (and so needs a CSRF token from a browser session).
    public var isWrite: Bool {
        switch self {
        case .admit, .move, .release, .recordRedemption, .recordSuspension, .recordSensitive, .classify, .createOrganization,
            .recordMembership, .recordKeepApart, .requestTransfer, .decideTransfer, .executeTransfer, .scheduleOuting,
            .executeOuting, .recordIntake, .recordContact, .orderIsolation, .registerVisitor, .banVisitor, .bookVisit,
            .gateVisit, .reportIncident, .reviewIncident,
            .recordDiscipline, .decideDiscipline, .setVisitCalendar, .submitOrder, .handleOrder, .clearOrder,
            .handleBenefits, .createPlan, .manageSubscriptions:
            true
        default: false
        }
    }
}

/// A section of the person file that only some roles may read (Mandela Rules 26 and 32 for health data;
/// security and intelligence data on a need-to-know basis).
public enum SensitiveSection: String, Sendable, Hashable, CaseIterable, Codable {
    case health
    /// Affiliation to a gang or criminal organization.
    case affiliation
    case intelligence
}
