import CustodiaCore
import Foundation

/// `POST /api/v1/identity/candidates` (issue 16 point 1): who in the register may be the person described.
extension Handler {
    func findIdentityCandidates(_ input: Operations.FindIdentityCandidates.Input) async throws
        -> Operations.FindIdentityCandidates.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        var document = IdentityDocument.none
        if let given = body.document {
            let kind = IdentityDocument.Kind(rawValue: given._type.rawValue)!
            switch IdentityDocument.parse(kind: kind, number: given.number, field: "document") {
            case .success(let parsed): document = parsed
            case .failure(let message): parser.messages.append(message)
            }
        }
        // The contract's minLength, which the generated code does not check: a name of blanks describes nobody.
        if body.givenNames.trimmingWhitespace().isEmpty {
            parser.messages.append(ValidationMessage(.givenNamesRequired, field: "given_names"))
        }
        if body.paternalSurname.trimmingWhitespace().isEmpty {
            parser.messages.append(ValidationMessage(.surnameRequired, field: "paternal_surname"))
        }
        if let aliases = body.aliases, let index = aliases.firstIndex(where: { $0.isEmpty }) {
            parser.messages.append(ValidationMessage(.valueNotAllowed, field: "aliases[\(index)]"))
        }
        if let nationality = body.nationality, nationality.count != 3 {
            parser.messages.append(ValidationMessage(.nationalityInvalid, field: "nationality"))
        }
        let birth = parser.date(body.birthDate, field: "birth_date", required: false)
        guard parser.messages.isEmpty else { return .unprocessableContent(.init(.validation(parser.messages))) }
        let record = IdentityRecord(
            document: document,
            name: PersonName(
                givenNames: body.givenNames, paternalSurname: body.paternalSurname, maternalSurname: body.maternalSurname ?? ""),
            aliases: body.aliases ?? [], sex: body.sex.flatMap { Sex(rawValue: $0.rawValue) }, birthDate: birth,
            nationality: body.nationality)
        let candidates = try await registry.identityCandidates(
            record, within: access?.principal.establishments, limit: body.limit ?? 10)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: candidates.map { candidate in
                            .init(
                                person: Map.summary(candidate.summary), weight: candidate.match.weight,
                                decision: candidate.match.decision == .same ? .same : .review,
                                explanation: candidate.match.explanation,
                                fields: candidate.match.fields.map { .init(field: $0.field, level: $0.level, weight: $0.weight) })
                        }))))
    }
}
