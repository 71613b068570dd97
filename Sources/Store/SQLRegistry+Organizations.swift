import CustodiaCore
import Foundation
import Placement
import SQLKit

/// The catalogue of organizations and the membership register (SEP-6).
extension SQLRegistry {
    public func organizations() async throws -> [Organization] {
        try await database.read { sql in
            try await sql.execute("SELECT id, name, kind, aliases FROM organizations ORDER BY name_key, id", []).map(
                Decode.organization)
        }
    }

    public func createOrganization(_ draft: OrganizationDraft, actor: Actor) async throws -> ChangeOutcome<Organization> {
        let name = draft.name.trimmingWhitespace()
        let aliases = draft.aliases.map { $0.trimmingWhitespace() }
        let key = OrganizationRules.nameKey(name)
        do {
            return .done(
                try await database.transaction { sql in
                    let taken = try await !sql.execute("SELECT id FROM organizations WHERE name_key = $1", [key]).isEmpty
                    let messages = OrganizationRules.validate(
                        OrganizationDraft(name: name, aliases: aliases, kind: draft.kind), nameTaken: taken)
                    guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
                    let id = try await sql.insertReturningID(
                        "organizations", ["name", "name_key", "kind", "aliases"],
                        [name, key, draft.kind.rawValue, aliases.joined(separator: "\n")])
                    try await record(
                        sql, .organizationCreated(.init(organizationID: id, kind: draft.kind.rawValue)), actor: actor,
                        resource: "organization \(id)", outcome: "ok")
                    return Organization(id: .init(rawValue: id), name: name, aliases: aliases, kind: draft.kind)
                })
        } catch let refusal as Refusal {
            return refusal.answer()
        } catch  where DatabaseFailure.isUniqueViolation(error) {
            // Two clerks adding one name at once: the second is told the name is taken, as it would be a moment later.
            return .rejected([ValidationMessage(.organizationNameTaken, field: "name")])
        }
    }

    public func recordMembership(_ request: MembershipRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, _ in
            let organization = try await sql.execute(
                "SELECT id, name, kind, aliases FROM organizations WHERE id = $1", [request.organizationID.rawValue]
            ).first.map(Decode.organization)
            let existing = try await Self.memberships(sql, person.id)
            let messages = OrganizationRules.validate(
                request, person: person, organization: organization, existing: existing, asOf: asOf)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            try await sql.insertRows(
                "memberships",
                ["person_id", "organization_id", "role", "evidence_source", "confidence", "from_date", "to_date"],
                [
                    [
                        person.id.rawValue, request.organizationID.rawValue, request.role.rawValue,
                        request.evidenceSource.trimmingWhitespace(), request.confidence.rawValue, request.from.description,
                        request.to?.description,
                    ]
                ])
            // The event says the affiliation section changed, never of which organization: the log's readers
            // (analysts) may not read affiliation.
            return .notesChanged(.init(sections: [SensitiveSection.affiliation.rawValue]))
        }
    }

    /// Every membership of a person, oldest first, with the organization's name.
    static func memberships(_ sql: any SQLDatabase, _ id: Person.ID) async throws -> [Membership] {
        try await sql.execute(
            """
            SELECT m.organization_id, o.name AS organization_name, m.role, m.evidence_source, m.confidence, m.from_date,
              m.to_date
            FROM memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.person_id = $1 ORDER BY m.from_date, m.id
            """, [id.rawValue]
        ).map(Decode.membership)
    }
}
