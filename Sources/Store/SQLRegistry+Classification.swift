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

extension SQLRegistry {
    /// The classification alerts on a day, with each person's establishment code: persons in custody unclassified
    /// since day 20 of their episode, and those whose last decision is six months old (narrowed in SQL by date,
    /// decided exactly by `ClassificationRules.alerts`).
    func classificationAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        let unclassifiedSince = asOf.adding(days: -ClassificationRules.initialAlertDays).description
        // A decision at most six months and a few days old cannot be due yet; the rule decides the rest.
        let reviewedBefore = asOf.adding(months: -ClassificationRules.reviewMonths).adding(days: 3).description
        let filter = establishmentID == nil ? "" : " AND ce.establishment_id = $3"
        var binds: [any Encodable & Sendable] = [unclassifiedSince, reviewedBefore]
        if let establishmentID { binds.append(establishmentID) }
        let query = binds
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT ce.person_id, ce.establishment_id, ce.admitted_on, e.code, last.decided_on
                FROM custody_episodes ce JOIN establishments e ON e.id = ce.establishment_id
                LEFT JOIN (SELECT episode_id, MAX(decided_on) AS decided_on FROM classifications GROUP BY episode_id) last
                  ON last.episode_id = ce.id
                WHERE ce.released_on IS NULL\(filter)
                  AND ((last.decided_on IS NULL AND ce.admitted_on <= $1) OR last.decided_on <= $2)
                """, query)
        }
        return try rows.flatMap { row in
            let code = try row.string("code")
            return ClassificationRules.alerts(
                person: .init(rawValue: try row.int64("person_id")),
                establishment: .init(rawValue: try row.int64("establishment_id")), admittedOn: try row.date("admitted_on"),
                lastDecision: try row.optionalDate("decided_on"), asOf: asOf
            ).map { ($0, code) }
        }
    }

    /// The regime or stage of an episode's latest classification (by the person's index); `nil` when unclassified.
    static func currentRegime(_ sql: any SQLDatabase, person: Person.ID, episode: CustodyEpisode.ID) async throws -> Regime? {
        try await sql.execute(
            """
            SELECT regime FROM classifications WHERE person_id = $1 AND episode_id = $2
            ORDER BY decided_on DESC, id DESC LIMIT 1
            """, [person.rawValue, episode.rawValue]
        ).first.map { try $0.enumValue("regime", as: Regime.self) }
    }
}
