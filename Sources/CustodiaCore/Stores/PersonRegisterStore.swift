/// Register and search: establishments with their occupancy, persons found by number, document or name, and
/// the whole file of one person.
public protocol PersonRegisterStore: Sendable {
    /// Every establishment with its occupancy, ordered by code, after the cursor.
    func establishments(after cursor: String?, limit: Int) async throws -> Page<EstablishmentOverview>
    func establishment(code: String) async throws -> EstablishmentDetail?
    func statistics() async throws -> NationalStatistics
    /// Every establishment and regional office, for naming places (a small read: no occupancy).
    func placeNames() async throws -> PlaceNames
    /// Search by DNI or other document number, person number, or an accent- and case-insensitive prefix
    /// of the name or an alias.
    /// With `within`, only persons held now in those establishments (a scoped user's search).
    func searchPersons(_ query: String, within scope: Set<String>?, after cursor: String?, limit: Int) async throws
        -> Page<PersonSummary>
    func personFile(_ id: Person.ID) async throws -> PersonFile?
    /// Who in the register may be the person described (issue 16 point 1): candidates at or above the review threshold,
    /// best first, with the match's weight and explanation; with `within`, only persons held now there.
    func identityCandidates(_ record: IdentityRecord, within scope: Set<String>?, limit: Int) async throws
        -> [IdentityCandidate]
}

extension PersonRegisterStore {
    /// The overviews of the establishments `codes` names (every establishment when `nil`): what the planners, the relief
    /// report and the metrics read of a caller's scope.
    public func establishmentOverviews(codes: Set<String>?) async throws -> [EstablishmentOverview] {
        try await statistics().establishments.filter { codes?.contains($0.establishment.code) ?? true }
    }

    public func searchPersons(_ query: String, after cursor: String?, limit: Int) async throws -> Page<PersonSummary> {
        try await searchPersons(query, within: nil, after: cursor, limit: limit)
    }
}
