import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Classification: a decision of the Junta Técnica de Clasificación, checked against the person's history as
/// it stands inside the change's transaction (the person row is locked, so two decisions cannot interleave).
extension SQLRegistry {
    public func classify(_ request: ClassificationRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, episode in
            let history =
                episode == nil ? [] : try await Self.classifications(sql, person.id).filter { $0.episodeID == episode!.id }
            let messages = ClassificationRules.validate(
                request, person: person, episode: episode, history: history, asOf: asOf)
            guard messages.isEmpty, let episode else { throw Refusal(outcome: .rejected(messages)) }
            try await sql.insertRows(
                "classifications",
                ["person_id", "episode_id", "regime", "decided_on", "body", "resolution", "reason", "leader"],
                [
                    [
                        person.id.rawValue, episode.id.rawValue, request.regime.rawValue, request.decidedOn.description,
                        request.body.trimmingWhitespace(), request.resolution.trimmingWhitespace(),
                        request.reason.trimmingWhitespace(), request.leader ? 1 : 0,
                    ]
                ])
            return .classified(
                .init(
                    episodeID: episode.id.rawValue, regime: request.regime.rawValue,
                    previousRegime: history.last?.regime.rawValue, decidedOn: request.decidedOn,
                    resolution: request.resolution.trimmingWhitespace(), leader: request.leader))
        }
    }
}
