/// Temporary exits (court production, hospital, other) and the roll count they feed.
public protocol OutingStore: Sendable {
    /// Schedules an exit for a person in custody; the person's version when given (If-Match).
    func scheduleOuting(_ request: OutingRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Outing>
    /// The departure, the return or the cancellation; the exit's version when given (If-Match).
    func stepOuting(_ step: OutingStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Outing>
    func outing(_ id: Outing.ID) async throws -> Outing?
    /// The exits of the establishments (all when `nil`) scheduled on a day, or still out whatever their day,
    /// earliest first.
    func outings(establishmentCodes: Set<String>?, on day: CivilDate, limit: Int) async throws -> [Outing]
    /// The roll of an establishment at a minute; `nil` for an unknown code.
    func roll(establishmentCode: String, at minute: LocalTime) async throws -> Roll?
}
