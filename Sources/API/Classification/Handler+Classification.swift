import CustodiaCore
import Foundation

/// Classification: a decision of the Junta Técnica de Clasificación (issue 11, CL-*).
extension Handler {
    func classifyPerson(_ input: Operations.ClassifyPerson.Input) async throws -> Operations.ClassifyPerson.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            guard let decidedOn = parser.date(body.decidedOn, field: "decided_on") else { return nil }
            let request = ClassificationRequest(
                personID: number.id, regime: Regime(rawValue: body.regime.rawValue)!, decidedOn: decidedOn, body: body.body,
                resolution: body.resolution, reason: body.reason ?? "", leader: body.leader ?? false)
            return try await registry.classify(request, expectedVersion: version, asOf: today(), actor: actor)
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
