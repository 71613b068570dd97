import CustodiaCore
import Foundation

/// The catalogue of criminal organizations and the membership register (issue 11 point 2, SEP-6): affiliation
/// data, so only for callers who may read that section (institutional tokens read no sensitive section).
extension Handler {
    /// 403 unless the caller may read affiliation (always allowed when access control is off).
    var affiliationRefusal: ProblemDocument? {
        guard let principal = access?.principal, !principal.mayRead(.affiliation) else { return nil }
        return .restricted(.affiliation, detail: "Your role may not read affiliation.")
    }

    func listOrganizations(_ input: Operations.ListOrganizations.Input) async throws -> Operations.ListOrganizations.Output {
        if let refusal = affiliationRefusal { return .forbidden(.init(refusal)) }
        return .ok(.init(body: .json(.init(items: try await registry.organizations().map(Map.organization)))))
    }

    func createOrganization(_ input: Operations.CreateOrganization.Input) async throws -> Operations.CreateOrganization.Output {
        if let refusal = affiliationRefusal { return .forbidden(.init(refusal)) }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        let draft = OrganizationDraft(
            name: body.name, aliases: body.aliases ?? [], kind: Organization.Kind(rawValue: body.kind.rawValue)!)
        switch try await registry.createOrganization(draft, actor: actor) {
        case .done(let organization): return .created(.init(body: .json(Map.organization(organization))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        // A new entry has no version to conflict with and nothing to be missing: the store never answers these.
        case .notFound, .versionConflict: return .badRequest(.init(.badRequest(field: nil, detail: "unexpected outcome")))
        }
    }

    func recordMembership(_ input: Operations.RecordMembership.Input) async throws -> Operations.RecordMembership.Output {
        if let refusal = affiliationRefusal { return .forbidden(.init(refusal)) }
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            let from = parser.date(body.from, field: "from")
            let to = body.to.flatMap { parser.date($0, field: "to") }
            guard let from, parser.messages.isEmpty else { return nil }
            let request = MembershipRequest(
                personID: number.id, organizationID: .init(rawValue: body.organizationId),
                role: Membership.Role(rawValue: body.role.rawValue)!, evidenceSource: body.evidenceSource,
                confidence: Membership.Confidence(rawValue: body.confidence.rawValue)!, from: from, to: to)
            return try await registry.recordMembership(request, expectedVersion: version, asOf: today(), actor: actor)
        }
        switch answer {
        case .file(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .problem(let p): return .problem(p)
        }
    }
}
