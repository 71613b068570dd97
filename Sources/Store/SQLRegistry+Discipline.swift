import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Disciplinary cases (issue 12 point 4): each step in one transaction with the person locked (so DS-6 and DS-10 are
/// checked against every other case of theirs), the case's version checked, the event and the audit row. A decision's
/// isolation is checked by IsolationRules and written as an isolation order in the same transaction.
extension SQLRegistry {
    public func offences(on day: CivilDate) async throws -> [Offence] {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT code, gravity, text, article, valid_from FROM discipline_offences
                WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1) ORDER BY code
                """, [day.description]
            ).map(Decode.offence)
        }
    }

    public func openDisciplineCase(_ charge: DisciplineCharge, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<DisciplineCase>
    {
        let offence = try await offences(on: asOf).first { $0.code == charge.offenceCode }
        let messages = DisciplineRules.validate(charge, offence: offence, asOf: asOf)
        guard messages.isEmpty, let offence, let personID = charge.personID else { return .rejected(messages) }
        do {
            let id = try await database.transaction { sql -> Int64 in
                guard try await self.lockedPerson(sql, personID) != nil else {
                    throw Refusal(outcome: .rejected([ValidationMessage(.personUnknown, field: "person_number")]))
                }
                guard let open = try await self.openEpisode(sql, personID) else {
                    throw Refusal(outcome: .rejected([ValidationMessage(.notInCustody, field: "person_number")]))
                }
                if let incident = charge.incidentID,
                    try await sql.execute("SELECT id FROM incidents WHERE id = $1", [incident.rawValue]).isEmpty
                {
                    throw Refusal(outcome: .rejected([ValidationMessage(.incidentUnknown, field: "incident_id")]))
                }
                let id = try await sql.insertReturningID(
                    "discipline_cases",
                    [
                        "person_id", "episode_id", "establishment_id", "offence_code", "incident_id", "act", "occurred_on",
                        "opened_on", "opened_by", "state", "version",
                    ],
                    [
                        personID.rawValue, open.id.rawValue, open.establishmentID.rawValue, offence.code,
                        charge.incidentID?.rawValue, charge.act.trimmingWhitespace(), charge.occurredOn.description,
                        asOf.description, actor.user, DisciplineCase.State.opened.rawValue, 1,
                    ] as [any Encodable & Sendable])
                try await self.bumpVersion(sql, personID)
                try await self.record(
                    sql,
                    .disciplineChanged(
                        .init(
                            caseID: id, action: "opened", state: DisciplineCase.State.opened.rawValue,
                            offenceCode: offence.code, incidentID: charge.incidentID?.rawValue, measures: [])),
                    actor: actor, person: personID, establishment: open.establishmentID, outcome: "ok: case opened")
                return id
            }
            return try await disciplineCase(.init(rawValue: id)).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    public func stepDisciplineCase(
        _ id: DisciplineCase.ID, _ step: DisciplineStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<DisciplineCase> {
        do {
            try await database.transaction { sql in
                guard let found = try await Self.disciplineCases(sql, where: "dc.id = $1", [id.rawValue]).first else {
                    throw Refusal(outcome: .notFound)
                }
                guard let person = try await self.lockedPerson(sql, found.personID) else { throw Refusal(outcome: .notFound) }
                // Read again under the person's lock: a step that raced this one is seen.
                guard let c = try await Self.disciplineCases(sql, where: "dc.id = $1", [id.rawValue]).first else {
                    throw Refusal(outcome: .notFound)
                }
                if let expectedVersion, expectedVersion != c.version { throw Refusal(outcome: .conflict(c.version)) }
                let others = try await Self.disciplineCases(sql, where: "dc.person_id = $1", [c.personID.rawValue])
                var messages = DisciplineRules.validate(step, of: c, context: .init(others: others), asOf: asOf)
                guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
                let state = try await self.apply(step, to: c, person: person, sql, asOf: asOf, messages: &messages)
                guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
                try await sql.execute(
                    "UPDATE discipline_cases SET state = $1, version = version + 1 WHERE id = $2",
                    [state.rawValue, id.rawValue] as [any Encodable & Sendable])
                try await self.bumpVersion(sql, c.personID)
                var measures: [DomainEvent.DisciplineChanged.Measure] = []
                if case .decide(let decision) = step {
                    measures = decision.measures.map {
                        .init(kind: $0.kind.rawValue, startsOn: $0.startsOn.description, days: $0.days)
                    }
                }
                try await self.record(
                    sql,
                    .disciplineChanged(
                        .init(
                            caseID: id.rawValue, action: step.name, state: state.rawValue, offenceCode: c.offence.code,
                            incidentID: c.incidentID?.rawValue, measures: measures)),
                    actor: actor, person: c.personID, establishment: c.establishmentID, outcome: "ok: \(step.name)")
            }
            return try await disciplineCase(id).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    /// Writes a step's columns (and a decision's measures); returns the case's next state. An isolation the decision
    /// orders is refused with IsolationRules' messages, at the measure's fields.
    private func apply(
        _ step: DisciplineStep, to c: DisciplineCase, person: Person, _ sql: any SQLDatabase, asOf: CivilDate,
        messages: inout [ValidationMessage]
    ) async throws -> DisciplineCase.State {
        func set(_ assignments: String, _ values: [any Encodable & Sendable]) async throws {
            try await sql.execute(
                "UPDATE discipline_cases SET \(assignments) WHERE id = $\(values.count + 1)", values + [c.id.rawValue])
        }
        switch step {
        case .notify(let on, let notice):
            try await set("notified_on = $1, notice = $2", [on.description, notice.trimmingWhitespace()])
            return .notified
        case .descargo(let on, let text, let defender):
            try await set(
                "descargo_on = $1, descargo = $2, defender = $3",
                [on.description, text.trimmingWhitespace(), defender?.trimmingWhitespace()])
            return .heard
        case .descargoLapsed(let on):
            try await set("descargo_on = $1, descargo_lapsed = 1", [on.description])
            return .heard
        case .report(let on, let text):
            try await set("report_on = $1, report = $2", [on.description, text.trimmingWhitespace()])
            return .reported
        case .decide(let decision):
            let open = try await openEpisode(sql, c.personID)
            var existing = try await Self.isolations(sql, of: c.personID)
            for (position, measure) in decision.measures.enumerated() {
                var isolationID: Int64?
                if measure.kind == .isolation {
                    let request = IsolationRequest(
                        personID: c.personID, startsOn: measure.startsOn, days: measure.days, resolution: decision.acta,
                        reason: "\(c.offence.code): \(c.act)", medicalReport: decision.medicalReport)
                    let refused = IsolationRules.validate(
                        request, person: person, inCustody: open != nil, existing: existing, asOf: asOf)
                    let fields = [
                        "days": "measures[\(position)].days", "starts_on": "measures[\(position)].starts_on",
                        "resolution": "acta", "reason": "act",
                    ]
                    messages += refused.map { $0.at(fields[$0.field] ?? $0.field) }
                    guard refused.isEmpty, let open, let report = decision.medicalReport else { continue }
                    let id = try await Self.insertIsolation(sql, request, episode: open, report: report)
                    existing = try await Self.isolations(sql, of: c.personID)
                    isolationID = id
                }
                try await sql.execute(
                    "INSERT INTO discipline_measures (case_id, position, kind, starts_on, days, isolation_id) VALUES ($1, $2, $3, $4, $5, $6)",
                    [
                        c.id.rawValue, position, measure.kind.rawValue, measure.startsOn.description, measure.days,
                        isolationID,
                    ] as [any Encodable & Sendable])
            }
            try await set(
                "decided_on = $1, acta = $2, outcome = $3",
                [decision.on.description, decision.acta.trimmingWhitespace(), decision.outcome.rawValue])
            return decision.outcome == .acquitted ? .closed : .decided
        case .appeal(let on, let text):
            try await set("appeal_on = $1, appeal = $2", [on.description, text.trimmingWhitespace()])
            return .appealed
        case .appealResult(let on, let result, let text):
            try await set(
                "appeal_result_on = $1, appeal_result = $2, appeal_result_text = $3",
                [on.description, result.rawValue, text.trimmingWhitespace()])
            if result == .annulled {
                // An isolation the annulled decision ordered ends on the day of the result (if under way).
                try await sql.execute(
                    """
                    UPDATE isolations SET lifted_on = $1, version = version + 1
                    WHERE lifted_on IS NULL AND starts_on <= $1 AND planned_end_on > $1
                      AND id IN (SELECT isolation_id FROM discipline_measures WHERE case_id = $2)
                    """, [on.description, c.id.rawValue] as [any Encodable & Sendable])
            }
            return .closed
        }
    }
}
