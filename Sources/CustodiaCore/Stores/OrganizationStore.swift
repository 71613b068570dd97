/// Criminal organizations and the membership register (SEP-6). Memberships are part of the affiliation
/// section of a person file: only the roles that read affiliation see them.
public protocol OrganizationStore: Sendable {
    /// The whole catalogue, by name.
    func organizations() async throws -> [Organization]
    /// Adds an organization to the catalogue; its event and audit row name its id and kind, never its name.
    func createOrganization(_ draft: OrganizationDraft, actor: Actor) async throws -> ChangeOutcome<Organization>
    /// Records a membership on the person's file (a change of the person's record, version checked).
    func recordMembership(_ request: MembershipRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
}
