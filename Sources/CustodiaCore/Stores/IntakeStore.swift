/// Intake (IN-*): what the first hours after an admission must record.
public protocol IntakeStore: Sendable {
    /// Records the medical examination, the next of kin and the family's notice, the rights information or the
    /// property of the person's open episode; the person's version when given (If-Match).
    func recordIntake(_ update: IntakeUpdate, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
}
