import CustodiaCore
import Foundation
import SQLKit

/// Work, study and suspensions: recorded with the person's clock recomputed in the same transaction.
extension SQLRegistry {
    public func recordRedemption(_ request: RedemptionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<PersonFile>
    {
        try await recordForEpisode(request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor) {
            sql, person, episode in
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
            return (
                "redemption_recorded",
                [
                    "activity": request.activity.rawValue, "days": String(request.days), "from": request.fromDate.description,
                    "to": request.toDate.description,
                ]
            )
        }
    }

    public func recordSuspension(_ request: SuspensionRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<PersonFile>
    {
        try await recordForEpisode(request.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor) {
            sql, person, episode in
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
            return (
                "suspension_recorded",
                ["from": request.fromDate.description, "to": request.toDate.description, "resolution": request.resolution]
            )
        }
    }

    /// Locks the person, checks the version, runs `write` (which validates and inserts, returning the event to
    /// record), bumps the version and recomputes the clock, all in one transaction.
    private func recordForEpisode(
        _ id: Person.ID, expectedVersion: Int?, asOf: CivilDate, actor: Actor,
        _ write: @escaping @Sendable (any SQLDatabase, Person, CustodyEpisode?) async throws -> (String, [String: String])
    ) async throws -> ChangeOutcome<PersonFile> {
        try await change { sql in
            let (person, open) = try await lockedCustody(sql, id, expectedVersion: expectedVersion)
            let (kind, detail) = try await write(sql, person, open)
            try await bumpVersion(sql, person.id)
            try await event(
                sql, kind: kind, actor: actor, person: person.id, establishment: open?.establishmentID, detail: detail)
            guard let file = try await Self.personFile(person.id, sql) else { throw StoreError.corrupt("person vanished") }
            try await storeClock(sql, file: file, asOf: asOf)
            return .file(file)
        }
    }
}
