/// Disciplinary isolation (DS-3 … DS-7; Mandela Rules 43-46).
public protocol IsolationStore: Sendable {
    /// Records an order of isolation for a person in custody, refused beyond the limits; the person's version when
    /// given (If-Match).
    func isolate(_ request: IsolationRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Lifts an isolation before its planned end; the person's version when given (If-Match).
    func liftIsolation(_ lift: IsolationLift, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Records (or corrects) the day's health check of an isolated person (DS-5, Mandela Rule 46); the person's
    /// version when given (If-Match).
    func recordIsolationCheck(_ check: IsolationCheck, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Who is isolated on a day in the establishments (all when `nil`), with the day of their streak.
    func isolationBoard(establishmentCodes: Set<String>?, on day: CivilDate) async throws -> [IsolationBoardEntry]
}

/// One person isolated on a day: the order, and the day of the consecutive streak it is (of at most 15).
public struct IsolationBoardEntry: Hashable, Sendable {
    public var isolation: Isolation
    public var streakDay: Int

    public init(isolation: Isolation, streakDay: Int) {
        self.isolation = isolation
        self.streakDay = streakDay
    }
}
