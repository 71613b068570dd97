/// The national register of persons deprived of liberty, as the API and the pages see it.
/// One SQL implementation lives in `Store`; there are no in-memory fakes.
public protocol Registry: Sendable {
    /// Every establishment with its occupancy, ordered by code, after the cursor.
    func establishments(after cursor: String?, limit: Int) async throws -> Page<EstablishmentOverview>
    func establishment(code: String) async throws -> EstablishmentDetail?
    /// Search by DNI or other document number, person number, or an accent- and case-insensitive prefix
    /// of the name or an alias.
    /// With `within`, only persons held now in those establishments (a scoped user's search).
    func searchPersons(_ query: String, within scope: Set<String>?, after cursor: String?, limit: Int) async throws
        -> Page<PersonSummary>
    func personFile(_ id: Person.ID) async throws -> PersonFile?
    func admit(_ request: AdmissionRequest, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<PersonFile>
    func move(_ request: MoveRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    func release(_ request: ReleaseRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Records days of work or study; the person's clock is recomputed in the same transaction.
    func recordRedemption(_ request: RedemptionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Records an art. 275 suspension; the person's clock is recomputed in the same transaction.
    func recordSuspension(_ request: SuspensionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Replaces sections of the sensitive profile; the event and audit rows name the sections, never the notes.
    func recordSensitive(_ update: SensitiveUpdate, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    func statistics() async throws -> NationalStatistics
    /// Alerts raised by the stored clocks on a day, most serious first (oldest unlawful detention first),
    /// only in the establishments `within` names when it is given; `nil` when the establishment code is unknown.
    func alerts(
        asOf: CivilDate, establishmentCode: String?, within scope: Set<String>?, severity: AlertSeverity?, kind: AlertKind?,
        after cursor: String?, limit: Int
    ) async throws -> Page<AlertEntry>?
    /// Admissions, releases and moves of an establishment on a day; `nil` when the code is unknown.
    func movements(establishmentCode: String, on day: CivilDate) async throws -> DailyMovements?
    /// How many alerts of each kind on a day.
    func alertCounts(asOf: CivilDate, establishmentCode: String?, within scope: Set<String>?) async throws -> [AlertKind: Int]
}

extension Registry {
    public func searchPersons(_ query: String, after cursor: String?, limit: Int) async throws -> Page<PersonSummary> {
        try await searchPersons(query, within: nil, after: cursor, limit: limit)
    }

    public func alerts(
        asOf: CivilDate, establishmentCode: String?, severity: AlertSeverity?, kind: AlertKind?, after cursor: String?,
        limit: Int
    ) async throws -> Page<AlertEntry>? {
        try await alerts(
            asOf: asOf, establishmentCode: establishmentCode, within: nil, severity: severity, kind: kind, after: cursor,
            limit: limit)
    }

    public func alertCounts(asOf: CivilDate, establishmentCode: String?) async throws -> [AlertKind: Int] {
        try await alertCounts(asOf: asOf, establishmentCode: establishmentCode, within: nil)
    }
}
