/// Incident reports (issue 12 point 3; INC-1 … INC-7): filed once, never rewritten; corrections are addenda and each
/// change of state is kept with who and when.
public protocol IncidentStore: Sendable {
    /// Files a report (the minute it is filed is the as-of day's in the environment): refused, with nothing written, when it is incomplete or names what is not registered.
    func reportIncident(_ report: IncidentReport, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<Incident>
    /// Adds an addendum to a report; the report's version when given (If-Match).
    func addIncidentAddendum(
        _ id: Incident.ID, text: String, corrects: IncidentAddendum.Part?, expectedVersion: Int?, asOf: CivilDate,
        actor: Actor
    ) async throws -> ChangeOutcome<Incident>
    /// Moves a report to another state with a note; the report's version when given (If-Match).
    func changeIncidentState(
        _ id: Incident.ID, to state: IncidentState, note: String, expectedVersion: Int?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<Incident>
    func incident(_ id: Incident.ID) async throws -> Incident?
    /// Reports of an establishment (all when `nil`), newest first, filtered by kind and state, with their figures.
    func incidents(_ query: IncidentQuery) async throws -> IncidentList
    /// The reports naming a person, newest first.
    func incidents(of person: Person.ID, limit: Int) async throws -> [Incident]
}

/// Which reports to list.
public struct IncidentQuery: Hashable, Sendable {
    /// Establishment codes to read (all when `nil`; none when empty).
    public var establishmentCodes: Set<String>?
    public var kind: IncidentKind?
    public var state: IncidentState?
    /// The first and last day of occurrence, inclusive.
    public var from: CivilDate?
    public var until: CivilDate?
    public var limit: Int

    public init(
        establishmentCodes: Set<String>?, kind: IncidentKind? = nil, state: IncidentState? = nil, from: CivilDate? = nil,
        until: CivilDate? = nil, limit: Int = 100
    ) {
        self.establishmentCodes = establishmentCodes
        self.kind = kind
        self.state = state
        self.from = from
        self.until = until
        self.limit = limit
    }
}

/// A page of reports and the figures of all the reports the query matches (INC-7's statistics): reports by kind,
/// searches by kind, and the seized quantities by category.
public struct IncidentList: Hashable, Sendable {
    public var incidents: [Incident]
    public var total: Int
    public var byKind: [IncidentKind: Int]
    public var searches: [SearchKind: Int]
    public var seized: [SeizedCategory: Double]
    /// Persons intervened: participants with that role (INC-7's "personas intervenidas").
    public var intervened: Int

    public init(
        incidents: [Incident], total: Int, byKind: [IncidentKind: Int], searches: [SearchKind: Int],
        seized: [SeizedCategory: Double], intervened: Int
    ) {
        self.incidents = incidents
        self.total = total
        self.byKind = byKind
        self.searches = searches
        self.seized = seized
        self.intervened = intervened
    }
}
