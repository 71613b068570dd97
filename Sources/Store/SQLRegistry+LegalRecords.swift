import CustodiaCore
import Foundation
import SQLKit

/// Work, study and suspensions: recorded with the person's clock recomputed in the same transaction.
extension SQLRegistry {
    public func recordRedemption(_ request: RedemptionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .recompute
        ) { sql, person, episode in
            let messages = LegalRecordRules.validate(request, person: person, episode: episode, asOf: asOf)
            guard messages.isEmpty, let episode else { throw Refusal(outcome: .rejected(messages)) }
            try await sql.insertRows(
                "redemption_entries",
                ["person_id", "episode_id", "activity", "from_date", "to_date", "days", "evaluation_passed", "certified_by"],
                [
                    [
                        person.id.rawValue, episode.id.rawValue, request.activity.rawValue, request.fromDate.description,
                        request.toDate.description, request.days, request.evaluationPassed ? 1 : 0,
                        request.certifiedBy.trimmingWhitespace(),
                    ]
                ])
            return .workRecorded(
                .init(activity: request.activity.rawValue, days: request.days, from: request.fromDate, to: request.toDate))
        }
    }

    public func recordSuspension(_ request: SuspensionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .recompute
        ) { sql, person, episode in
            try await suspensionWrite(sql, request, person: person, episode: episode, asOf: asOf)
        }
    }

    /// The suspension itself, inside a change of the person (a legal officer's, or an order executed).
    func suspensionWrite(
        _ sql: any SQLDatabase, _ request: SuspensionRequest, person: Person, episode: CustodyEpisode?, asOf: CivilDate
    ) async throws -> DomainEvent {
        let messages = LegalRecordRules.validate(request, person: person, episode: episode, asOf: asOf)
        guard messages.isEmpty, let episode else { throw Refusal(outcome: .rejected(messages)) }
        try await sql.insertRows(
            "pretrial_suspensions", ["person_id", "episode_id", "from_date", "to_date", "resolution"],
            [
                [
                    person.id.rawValue, episode.id.rawValue, request.fromDate.description, request.toDate.description,
                    request.resolution.trimmingWhitespace(),
                ]
            ])
        return .suspensionRecorded(
            .init(from: request.fromDate, to: request.toDate, resolution: request.resolution.trimmingWhitespace()))
    }
}
