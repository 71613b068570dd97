/// The grants of each role: least privilege, one table. Routes and pages refer to operations only; which
/// role may do what is decided here and nowhere else.
public enum AccessPolicy {
    private static let reads: Set<AccessOperation> = [.listEstablishments, .readEstablishment, .readOwnAccount]
    private static let personReads: Set<AccessOperation> = [.searchPersons, .readPersonFile, .readPersonClock]
    /// The organization catalogue and memberships: for those who read and record affiliation.
    private static let affiliation: Set<AccessOperation> = [
        .readOrganizations, .createOrganization, .recordMembership, .readKeepApart, .recordKeepApart,
    ]

    /// Visits at the gate and in the registry: the calendar, visitors, bookings, check-in and check-out.
    private static let visits: Set<AccessOperation> = [.readVisits, .registerVisitor, .bookVisit, .gateVisit]

    /// Operations granted to each role.
    public static let grants: [Role: Set<AccessOperation>] = [
        .registryClerk: reads.union(personReads).union([
            .listAlerts, .admit, .move, .release, .readTransfers, .executeTransfer, .readOutings, .scheduleOuting,
            .executeOuting, .recordIntake, .readIsolations, .readOrders, .handleOrder, .readBenefits,
        ]).union(visits),
        .securityOfficer: reads.union([.searchPersons, .readPersonFile, .listAlerts, .move, .recordSensitive]).union(
            affiliation
        ).union([
            .readTransfers, .requestTransfer, .executeTransfer, .readOutings, .scheduleOuting, .executeOuting, .recordIntake,
            .recordContact, .readIsolations, .banVisitor, .readIncidents, .reportIncident, .readDiscipline,
            .recordDiscipline,
        ]).union(visits),
        .legalOfficer: reads.union(personReads).union([
            .listAlerts, .release, .recordRedemption, .recordSuspension, .classify, .readTransfers, .requestTransfer,
            .decideTransfer, .readOutings, .scheduleOuting, .readIsolations, .readVisits, .readIncidents, .reportIncident,
            .readDiscipline, .readOrders, .handleOrder, .clearOrder, .readBenefits, .handleBenefits, .readRelief,
            .readReliefCandidates,
        ]),
        .warden: reads.union(personReads).union([
            .listAlerts, .admit, .move, .release, .recordSensitive, .classify, .overridePlacement, .readTransfers,
            .requestTransfer, .decideTransfer, .executeTransfer, .readOutings, .scheduleOuting, .executeOuting, .recordIntake,
            .recordContact, .readIsolations, .orderIsolation, .banVisitor, .readIncidents, .reportIncident, .reviewIncident,
            .readDiscipline, .recordDiscipline, .decideDiscipline, .setVisitCalendar, .readOrders, .handleOrder,
            .clearOrder, .readBenefits, .handleBenefits, .readRelief, .readReliefCandidates, .readPlans,
        ]).union(affiliation).union(visits),
        .regionalAnalyst: reads.union([.listAlerts, .readEvents, .readTransfers, .readRelief, .createPlan, .readPlans]),
        .nationalAnalyst: reads.union([.listAlerts, .readEvents, .readTransfers, .readRelief, .createPlan, .readPlans]),
        .intelligenceAnalyst: reads.union([
            .searchPersons, .readPersonFile, .recordSensitive, .readEvents, .readVisits, .readIncidents,
        ]).union(
            affiliation),
        .auditor: reads.union(personReads).union([
            .listAlerts, .searchAudit, .readEvents, .readTransfers, .readOutings, .readIsolations, .readVisits,
            .readIncidents, .readDiscipline, .readOrders, .readBenefits, .readRelief, .readReliefCandidates, .readPlans,
        ]),
        .administrator: reads,
    ]

    /// Who may read each sensitive section of a person file.
    public static let sensitiveReaders: [SensitiveSection: Set<Role>] = [
        .health: [.warden, .securityOfficer],
        .affiliation: [.warden, .securityOfficer, .intelligenceAnalyst],
        .intelligence: [.intelligenceAnalyst],
    ]

    public static func roles(allowedTo operation: AccessOperation) -> Set<Role> {
        Set(Role.allCases.filter { grants[$0]?.contains(operation) ?? false })
    }
}

/// Who is calling: a staff member with a session, or an institutional client with a token.
public struct Principal: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case staff(userID: Int64, roles: Set<Role>)
        case client(tokenID: Int64, clientKind: ClientKind, operations: Set<AccessOperation>)
    }

    public var kind: Kind
    /// User name or client name, as recorded in the audit trail.
    public var name: String
    public var displayName: String
    public var scope: Scope
    /// The establishment codes in scope, resolved; `nil` is the whole nation.
    public var establishments: Set<String>?
    /// A district-scoped token's judicial districts: it sees only the persons of those districts' cases.
    public var districts: Set<String>? { scope.districts }

    public init(kind: Kind, name: String, displayName: String, scope: Scope, establishments: Set<String>?) {
        self.kind = kind
        self.name = name
        self.displayName = displayName
        self.scope = scope
        self.establishments = establishments
    }

    public func may(_ operation: AccessOperation) -> Bool {
        switch kind {
        case .staff(_, let roles): roles.contains { AccessPolicy.grants[$0]?.contains(operation) ?? false }
        case .client(_, _, let operations): operations.contains(operation)
        }
    }

    public func mayRead(_ section: SensitiveSection) -> Bool {
        guard case .staff(_, let roles) = kind else { return false }
        return !roles.isDisjoint(with: AccessPolicy.sensitiveReaders[section] ?? [])
    }

    public func covers(establishment code: String) -> Bool { establishments?.contains(code) ?? true }

    /// The role label of the audit trail: the roles of a user, or `client:KIND` for a token.
    public var roleLabel: String {
        switch kind {
        case .staff(_, let roles): roles.sorted().map(\.rawValue).joined(separator: ",")
        case .client(_, let clientKind, _): "client:\(clientKind.rawValue)"
        }
    }
}
