import CustodiaCore
import Foundation
import LegalClock
import Placement
import SQLKit

/// Incident reports (issue 12 point 3): filed in one transaction with the persons, the items, the first state, the
/// event and the audit row; then only addenda and changes of state, each with its own row, event and audit row. The
/// tables' triggers refuse anything else (migration 22).
extension SQLRegistry {
    public func reportIncident(_ report: IncidentReport, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Incident>
    {
        let now = referenceMinute(asOf)
        let messages = IncidentRules.validate(report, now: now)
        guard messages.isEmpty else { return .rejected(messages) }
        do {
            let id = try await database.transaction { sql -> Int64 in
                guard
                    let establishment = try await sql.execute(
                        "SELECT id FROM establishments WHERE code = $1", [report.establishmentCode]
                    ).first.map({ Establishment.ID(rawValue: try $0.int64("id")) })
                else {
                    throw Refusal(outcome: .rejected([ValidationMessage(.establishmentUnknown, field: "establishment_code")]))
                }
                let documents = try await self.checkParticipants(sql, report.participants)
                var link: IncidentClockLink?
                if report.kind.linksClock, let person = report.participants.compactMap(\.personID).first {
                    link = try await self.clockLink(sql, person: person, occurredOn: report.occurredAt.date)
                }
                let id = try await sql.insertReturningID(
                    "incidents",
                    [
                        "establishment_id", "kind", "search_kind", "relevance", "occurred_at", "day", "place", "narrative",
                        "police_notice", "clock_person_id", "clock_episode_id", "clock_status", "clock_ends_on",
                        "clock_read_on", "reported_by", "reported_at", "state", "version",
                    ],
                    [
                        establishment.rawValue, report.kind.rawValue, report.searchKind?.rawValue, report.relevance.rawValue,
                        report.occurredAt.description, report.occurredAt.date.description,
                        report.place.trimmingWhitespace(), report.narrative.trimmingWhitespace(),
                        report.policeNotice.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 },
                        link?.personID.rawValue, link?.episodeID.rawValue, link?.status.rawValue, link?.endsOn?.description,
                        link?.readOn.description, actor.user, now.description, IncidentState.open.rawValue, 1,
                    ] as [any Encodable & Sendable])
                try await sql.insertRows(
                    "incident_participants", ["incident_id", "position", "person_id", "visitor_id", "staff_name", "role"],
                    report.participants.enumerated().map { position, participant in
                        [
                            id, position, participant.personID?.rawValue, participant.visitorID?.rawValue,
                            participant.staffName?.trimmingWhitespace(), participant.role.rawValue,
                        ] as [any Encodable & Sendable]
                    })
                try await sql.insertRows(
                    "seized_items", ["incident_id", "position", "category", "quantity", "description", "found_at", "imei"],
                    report.items.enumerated().map { position, item in
                        [
                            id, position, item.category.rawValue, item.quantity, item.description.trimmingWhitespace(),
                            item.foundAt.trimmingWhitespace(), item.imei,
                        ] as [any Encodable & Sendable]
                    })
                try await sql.execute(
                    "INSERT INTO incident_states (incident_id, state, author, at, note) VALUES ($1, $2, $3, $4, $5)",
                    [id, IncidentState.open.rawValue, actor.user, now.description, "Informe registrado"]
                        as [any Encodable & Sendable])
                let event = DomainEvent.IncidentChanged(
                    incidentID: id, action: "reported", kind: report.kind.rawValue, state: IncidentState.open.rawValue,
                    establishmentCode: report.establishmentCode, occurredAt: report.occurredAt.description,
                    personIDs: report.participants.compactMap(\.personID?.rawValue),
                    visitorIDs: report.participants.compactMap(\.visitorID?.rawValue), visitorDocuments: documents,
                    imeis: report.items.compactMap(\.imei), seized: Self.seized(report.items))
                try await self.recordIncident(
                    sql, event, establishment: establishment, person: report.participants.compactMap(\.personID).first,
                    actor: actor, outcome: "ok: reported \(report.kind.rawValue)")
                return id
            }
            return try await incident(.init(rawValue: id)).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    public func addIncidentAddendum(
        _ id: Incident.ID, text: String, corrects: IncidentAddendum.Part?, expectedVersion: Int?, asOf: CivilDate,
        actor: Actor
    ) async throws -> ChangeOutcome<Incident> {
        let messages = IncidentRules.validateAddendum(text)
        guard messages.isEmpty else { return .rejected(messages) }
        let now = referenceMinute(asOf)
        return try await incidentChange(id, expectedVersion: expectedVersion, actor: actor) { sql, incident in
            try await sql.execute(
                "INSERT INTO incident_addenda (incident_id, text, corrects, author, at) VALUES ($1, $2, $3, $4, $5)",
                [id.rawValue, text.trimmingWhitespace(), corrects?.rawValue, actor.user, now.description]
                    as [any Encodable & Sendable])
            return ("addendum", incident.state)
        }
    }

    public func changeIncidentState(
        _ id: Incident.ID, to state: IncidentState, note: String, expectedVersion: Int?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<Incident> {
        let now = referenceMinute(asOf)
        return try await incidentChange(id, expectedVersion: expectedVersion, actor: actor) { sql, incident in
            let messages = IncidentRules.validateChange(from: incident.state, to: state, note: note)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            try await sql.execute("UPDATE incidents SET state = $1 WHERE id = $2", [state.rawValue, id.rawValue])
            try await sql.execute(
                "INSERT INTO incident_states (incident_id, state, author, at, note) VALUES ($1, $2, $3, $4, $5)",
                [id.rawValue, state.rawValue, actor.user, now.description, note.trimmingWhitespace()]
                    as [any Encodable & Sendable])
            return ("state", state)
        }
    }

    /// A change of a report in one transaction: the report locked and its version checked, `body` writes its row and
    /// names the action and the state after it, the version moves, the event and the audit row are written.
    private func incidentChange(
        _ id: Incident.ID, expectedVersion: Int?, actor: Actor,
        _ body: @escaping @Sendable (any SQLDatabase, Incident) async throws -> (String, IncidentState)
    ) async throws -> ChangeOutcome<Incident> {
        do {
            try await database.transaction { sql in
                guard try await !sql.execute("SELECT id FROM incidents WHERE id = $1\(self.lockClause)", [id.rawValue]).isEmpty,
                    let incident = try await Self.incidents(sql, where: "i.id = $1", [id.rawValue]).first
                else { throw Refusal(outcome: .notFound) }
                if let expectedVersion, expectedVersion != incident.version {
                    throw Refusal(outcome: .conflict(incident.version))
                }
                let (action, state) = try await body(sql, incident)
                try await sql.execute("UPDATE incidents SET version = version + 1 WHERE id = $1", [id.rawValue])
                let visitors = incident.participants.compactMap(\.visitorID)
                let documents = try await self.visitorDocuments(sql, visitors)
                let event = DomainEvent.IncidentChanged(
                    incidentID: id.rawValue, action: action, kind: incident.kind.rawValue, state: state.rawValue,
                    establishmentCode: incident.establishmentCode, occurredAt: incident.occurredAt.description,
                    personIDs: incident.personIDs.map(\.rawValue), visitorIDs: visitors.map(\.rawValue),
                    visitorDocuments: documents, imeis: incident.items.compactMap(\.imei), seized: Self.seized(incident.items))
                try await self.recordIncident(
                    sql, event, establishment: incident.establishmentID, person: incident.personIDs.first, actor: actor,
                    outcome: "ok: \(action) \(state.rawValue)")
            }
            return try await incident(id).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    /// Every person and visitor a report names is registered; the visitors' documents, for the event.
    private func checkParticipants(_ sql: any SQLDatabase, _ participants: [IncidentParticipant]) async throws -> [String] {
        var messages: [ValidationMessage] = []
        for (index, participant) in participants.enumerated() {
            if let person = participant.personID,
                try await sql.execute("SELECT id FROM persons WHERE id = $1", [person.rawValue]).isEmpty
            {
                messages.append(ValidationMessage(.personUnknown, field: "participants[\(index)].person_number"))
            }
            if let visitor = participant.visitorID,
                try await sql.execute("SELECT id FROM visitors WHERE id = $1", [visitor.rawValue]).isEmpty
            {
                messages.append(ValidationMessage(.visitorUnknown, field: "participants[\(index)].visitor_id"))
            }
        }
        guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
        return try await visitorDocuments(sql, participants.compactMap(\.visitorID))
    }

    private func visitorDocuments(_ sql: any SQLDatabase, _ ids: [Visitor.ID]) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        let list = Placeholders.list(ids.count)
        var byID: [Int64: String] = [:]
        for row in try await sql.execute("SELECT id, document_number FROM visitors WHERE id IN (\(list))", ids.map(\.rawValue)) {
            byID[try row.int64("id")] = try row.string("document_number")
        }
        return ids.compactMap { byID[$0.rawValue] }
    }

    /// What the legal clock said of the person's latest custody: read on the day of the release for a release in
    /// error (the episode closed), on the incident's day for a detention found unlawful.
    private func clockLink(_ sql: any SQLDatabase, person: Person.ID, occurredOn: CivilDate) async throws
        -> IncidentClockLink?
    {
        guard let file = try await Self.personFile(person, sql),
            let episode = file.openEpisode ?? file.episodes.max(by: { $0.admittedOn < $1.admittedOn })
        else { return nil }
        let readOn = episode.release.map { min($0.releasedOn, occurredOn) } ?? occurredOn
        let input = ClockInput.from(
            episode: episode, episodes: file.episodes, orders: file.orders, cases: file.cases, redemption: file.redemption,
            suspensions: file.suspensions, asOf: readOn)
        let stored = LegalClock.compute(input, rules: rules, explain: false).stored(
            person: person, establishment: episode.establishmentID)
        let endsOn = stored.status == .sentenced ? stored.sentenceEndsOn : stored.pretrialEndsOn
        return IncidentClockLink(personID: person, episodeID: episode.id, status: stored.status, endsOn: endsOn, readOn: readOn)
    }

    /// The event in the log and the audit row of a change of a report, with its establishment and first person.
    private func recordIncident(
        _ sql: any SQLDatabase, _ event: DomainEvent.IncidentChanged, establishment: Establishment.ID, person: Person.ID?,
        actor: Actor, outcome: String
    ) async throws {
        let instant = now()
        try await EventLog.append(
            .incidentChanged(event), at: instant, actor: actor.user, person: person, establishment: establishment, on: sql)
        guard auditTrail else { return }
        let number = person.map { PersonNumber(id: $0).description }
        try await AuditChain.append(
            NewAuditRecord(
                actor: actor, resource: "incident \(event.incidentID)", personNumber: number,
                establishmentCode: event.establishmentCode, outcome: outcome),
            at: instant, on: sql, engine: database.engine)
    }

    static func seized(_ items: [SeizedItem]) -> [String: Double] {
        items.reduce(into: [:]) { $0[$1.category.rawValue, default: 0] += $1.quantity }
    }
}
