import CustodiaCore
import Foundation
import Placement

/// Keep-apart records (issue 11 point 2, SEP-6), for the roles that read affiliation.
extension Handler {
    func openKeepApart(_ input: Operations.OpenKeepApart.Input) async throws -> Operations.OpenKeepApart.Output {
        if let refusal = affiliationRefusal { return .forbidden(.init(refusal)) }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let startsOn = parser.date(body.startsOn, field: "starts_on")
        let parties: KeepApart.Parties
        var hidden: [ValidationMessage] = []
        switch (body.firstPersonNumber, body.secondPersonNumber, body.firstOrganizationId, body.secondOrganizationId) {
        case (let first?, let second?, nil, nil):
            // A person the caller may not see is a person the register does not know, as for an admission.
            var ids: [Person.ID] = []
            for (field, text) in [("first", first), ("second", second)] {
                let number = PersonNumber(text)
                if let number, try await visible(number.id) {
                    ids.append(number.id)
                } else {
                    hidden.append(ValidationMessage(.personUnknown, field: field))
                    ids.append(.init(rawValue: 0))
                }
            }
            parties = .persons(ids[0], ids[1])
        case (nil, nil, let first?, let second?):
            parties = .organizations(.init(rawValue: first), .init(rawValue: second))
        default:
            return .badRequest(
                .init(.badRequest(field: "first", detail: "Name two persons, or two organizations, not one of each")))
        }
        guard let startsOn, parser.messages.isEmpty else {
            return .unprocessableContent(.init(.validation(parser.messages + hidden)))
        }
        let draft = KeepApartDraft(
            parties: parties, scope: KeepApart.Scope(rawValue: body.scope.rawValue)!, reason: body.reason,
            startsOn: startsOn)
        guard hidden.isEmpty else {
            // The pure rules answer as the store would for an unknown person, so the caller learns nothing from
            // which messages come back (a duplicate cannot be, with a person who is not there).
            let fields = Set(hidden.map(\.field))
            return .unprocessableContent(
                .init(
                    .validation(
                        KeepApartRules.validate(
                            draft, firstKnown: !fields.contains("first"), secondKnown: !fields.contains("second"),
                            openDuplicate: false, asOf: today()))))
        }
        switch try await registry.openKeepApart(draft, asOf: today(), actor: actor) {
        case .done(let record):
            return .created(.init(headers: .init(eTag: Map.etag(record.version)), body: .json(Map.keepApart(record))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .badRequest(.init(.badRequest(field: nil, detail: "unexpected outcome")))
        }
    }

    func changeKeepApart(_ input: Operations.ChangeKeepApart.Input) async throws -> Operations.ChangeKeepApart.Output {
        if let refusal = affiliationRefusal { return .forbidden(.init(refusal)) }
        // A missing If-Match never reaches here: the contract requires it, and the problem layer answers 428.
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .badRequest(.init(.badRequest(field: "If-Match", detail: "If-Match must be the quoted version, e.g. \"3\"")))
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let action: KeepApartChange.Action = body.action == .close ? .close : .reopen
        var on = today()
        if action == .close {
            guard let text = body.on else {
                return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "on")])))
            }
            guard let day = parser.date(text, field: "on") else {
                return .unprocessableContent(.init(.validation(parser.messages)))
            }
            on = day
        }
        let change = KeepApartChange(id: .init(rawValue: input.path.id), action: action, on: on, reason: body.reason)
        switch try await registry.changeKeepApart(change, expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let record):
            return .ok(.init(headers: .init(eTag: Map.etag(record.version)), body: .json(Map.keepApart(record))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No keep-apart record \(input.path.id)")))
        case .versionConflict(let current): return .preconditionFailed(.init(.stale(current: current)))
        }
    }

    func listPersonKeepApart(_ input: Operations.ListPersonKeepApart.Input) async throws
        -> Operations.ListPersonKeepApart.Output
    {
        if let refusal = affiliationRefusal { return .forbidden(.init(refusal)) }
        guard let number = PersonNumber(input.path.personNumber), try await registry.personFile(number.id) != nil else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        let records = try await registry.keepAparts(of: number.id, asOf: today())
        return .ok(.init(body: .json(.init(items: records.map(Map.keepApart)))))
    }

    /// Whether the caller may see the person: held now (or last) in an establishment of the caller's scope.
    func visible(_ id: Person.ID) async throws -> Bool {
        try await registry.personFile(id)?.isVisible(within: access?.principal.establishments) ?? false
    }
}
