/// Legal records and clocks: work and study (redención), suspensions of the pretrial term, and the alerts the
/// stored clocks raise.
public protocol LegalRecordStore: Sendable {
    /// Records days of work or study; the person's clock is recomputed in the same transaction.
    func recordRedemption(_ request: RedemptionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Records an art. 275 suspension; the person's clock is recomputed in the same transaction.
    func recordSuspension(_ request: SuspensionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Alerts raised by the stored clocks on a day, most serious first (oldest unlawful detention first),
    /// only in the establishments `within` names when it is given; `nil` when the establishment code is unknown.
    func alerts(
        asOf: CivilDate, establishmentCode: String?, within scope: Set<String>?, severity: AlertSeverity?, kind: AlertKind?,
        after cursor: String?, limit: Int
    ) async throws -> Page<AlertEntry>?
    /// How many alerts of each kind on a day.
    func alertCounts(asOf: CivilDate, establishmentCode: String?, within scope: Set<String>?) async throws -> [AlertKind: Int]
}

extension LegalRecordStore {
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
