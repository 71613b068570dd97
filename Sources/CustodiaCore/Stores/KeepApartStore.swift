/// Keep-apart records (SEP-6): opened, closed and reopened, each change audited and in the event log.
public protocol KeepApartStore: Sendable {
    func openKeepApart(_ draft: KeepApartDraft, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<KeepApart>
    /// Closes or reopens a record, its version checked.
    func changeKeepApart(_ change: KeepApartChange, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<KeepApart>
    func keepApart(_ id: KeepApart.ID) async throws -> KeepApart?
    /// The records that bind a person: those naming them, and those between organizations they are a member of now.
    func keepAparts(of person: Person.ID, asOf: CivilDate) async throws -> [KeepApart]
    /// Every record between two organizations, open and closed, the oldest first.
    func organizationKeepAparts() async throws -> [KeepApart]
}
