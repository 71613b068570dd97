/// CL-13: the days of meaningful human contact of persons whose regime may amount to solitary confinement.
public protocol ContactStore: Sendable {
    /// Records (or corrects) a day's minutes of contact; the person's version when given (If-Match).
    func recordContact(_ day: ContactDay, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
}
