import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// The catalogue and membership rules (SEP-6), every code with its field.
@Suite struct OrganizationRulesTests {
    let organization = Organization(id: 3, name: "Banda Cerro Azul (ficticia)", aliases: [], kind: .banda)

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    func member(from: String, to: String? = nil, organization id: Organization.ID = 3) -> Membership {
        Membership(
            organizationID: id, organizationName: "", role: .member, evidenceSource: "Parte", confidence: .medium,
            from: day(from), to: to.map(day))
    }

    func request(from: String, to: String? = nil, evidence: String = "Sentencia firme") -> MembershipRequest {
        MembershipRequest(
            personID: 9, organizationID: 3, role: .member, evidenceSource: evidence, confidence: .high, from: day(from),
            to: to.map(day))
    }

    func codes(_ request: MembershipRequest, existing: [Membership] = [], organization: Organization?? = nil)
        -> [ValidationCode]
    {
        OrganizationRules.validate(
            request, person: Fixtures.registeredPerson, organization: organization ?? self.organization, existing: existing,
            asOf: Fixtures.asOf
        ).map(\.code)
    }

    @Test func periodsOfOneOrganizationDoNotOverlap() {
        let closed = member(from: "2024-01-01", to: "2024-12-31")
        #expect(codes(request(from: "2025-01-01"), existing: [closed]).isEmpty)
        #expect(codes(request(from: "2024-12-31"), existing: [closed]) == [.membershipOverlapping])
        #expect(codes(request(from: "2023-01-01", to: "2024-01-01"), existing: [closed]) == [.membershipOverlapping])
        #expect(codes(request(from: "2023-01-01", to: "2023-12-31"), existing: [closed]).isEmpty)
        let open = member(from: "2025-06-01")
        #expect(codes(request(from: "2030-01-01", to: nil), existing: [open]).contains(.membershipOverlapping))
        #expect(codes(request(from: "2020-01-01", to: "2025-05-31"), existing: [open]).isEmpty)
        // Another organization over the same days is no overlap.
        #expect(codes(request(from: "2025-06-01"), existing: [member(from: "2025-01-01", organization: 4)]).isEmpty)
    }

    @Test func everyRefusalHasItsField() {
        let messages = OrganizationRules.validate(
            request(from: "2026-03-20", to: "2026-03-01", evidence: " "), person: Fixtures.registeredPerson,
            organization: nil, existing: [], asOf: Fixtures.asOf)
        #expect(
            Dictionary(uniqueKeysWithValues: messages.map { ($0.code, $0.field) }) == [
                .organizationUnknown: "organization_id", .membershipInFuture: "from", .periodEndsBeforeStart: "to",
                .membershipEvidenceRequired: "evidence_source",
            ])
        #expect(
            OrganizationRules.validate(
                request(from: "2026-01-01"), person: nil, organization: nil, existing: [], asOf: Fixtures.asOf
            )
            .map(\.code) == [.personUnknown])
    }

    @Test func namesAreFoldedAndAliasesAreOneLineEach() {
        #expect(OrganizationRules.nameKey("Los Cóndores del Sur") == OrganizationRules.nameKey("los condores  del SUR"))
        let blank = OrganizationDraft(name: "  ", aliases: ["ok", "dos\nlíneas"], kind: .banda)
        #expect(
            OrganizationRules.validate(blank, nameTaken: false).map(\.code) == [.organizationNameRequired, .valueNotAllowed])
        let taken = OrganizationDraft(name: "Clan Puerto Nuevo (ficticia)", aliases: [], kind: .organizacionCriminal)
        #expect(OrganizationRules.validate(taken, nameTaken: true).map(\.field) == ["name"])
        let many = OrganizationDraft(
            name: "Red Ventanilla Norte (ficticia)", aliases: Array(repeating: "x", count: 21), kind: .banda)
        #expect(OrganizationRules.validate(many, nameTaken: false).map(\.code) == [.textTooLong])
    }
}
