import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Visits (issue 12 point 2): booked under the rules of the person's regime and stage in the transaction that writes
/// them (the person's row locked, so two bookings for one person are checked one after the other), checked in and out
/// at the gate. A visit refused under a rule is kept, with its codes, in the file and the audit trail.
extension SQLRegistry {
    static let visitColumns = """
        vi.id, vi.person_id, vi.establishment_id, vi.kind, vi.mode, vi.starts_at, vi.minutes, vi.state, vi.refusal,
        vi.checked_in_at, vi.checked_out_at, vi.version, e.code AS establishment_code
        """
    static let visitJoins = "FROM visits vi JOIN establishments e ON e.id = vi.establishment_id"
    static let standing = "('booked', 'inside', 'finished')"

    public func bookVisit(_ request: VisitRequest, asOf: CivilDate, actor: Actor) async throws -> VisitBooking {
        let reference = referenceMinute(asOf)
        do {
            let (visit, rules) = try await database.transaction { sql -> (Visit, [ValidationMessage]) in
                let context = try await self.visitContext(sql, request, reference: reference)
                let decision = VisitRules.decide(request, context: context)
                guard decision.input.isEmpty, let establishment = context.establishment, let person = context.person,
                    let episode = try await self.openEpisode(sql, person.id)
                else { throw Refusal(outcome: .rejected(decision.input)) }
                let state: Visit.State = decision.accepted ? .booked : .refused
                let refusal = decision.rules.map(\.code.rawValue)
                let id = try await sql.insertReturningID(
                    "visits",
                    [
                        "person_id", "episode_id", "establishment_id", "kind", "mode", "day", "starts_at", "ends_at",
                        "minutes", "state", "refusal", "version",
                    ],
                    [
                        person.id.rawValue, episode.id.rawValue, establishment.id.rawValue, request.kind.rawValue,
                        request.mode.rawValue, request.startsAt.date.description, request.startsAt.description,
                        request.endsAt.description, request.minutes, state.rawValue, refusal.joined(separator: ","), 1,
                    ] as [any Encodable & Sendable])
                for (position, visitor) in request.visitorIDs.enumerated() {
                    try await sql.execute(
                        "INSERT INTO visit_visitors (visit_id, visitor_id, position) VALUES ($1, $2, $3)",
                        [id, visitor.rawValue, position] as [any Encodable & Sendable])
                }
                let visit = Visit(
                    id: .init(rawValue: id), personID: person.id, establishmentID: establishment.id,
                    establishmentCode: establishment.code, kind: request.kind, mode: request.mode,
                    startsAt: request.startsAt, minutes: request.minutes, visitorIDs: request.visitorIDs, state: state,
                    refusal: refusal, checkedInAt: nil, checkedOutAt: nil, version: 1)
                let documents = request.visitorIDs.compactMap { context.visitors[$0]?.document.number }
                try await self.record(
                    sql, .visitChanged(Self.event(visit, action: state == .booked ? "booked" : "refused", documents: documents)),
                    actor: actor, person: person.id, establishment: establishment.id,
                    outcome: decision.accepted ? "ok" : "refused: \(refusal.joined(separator: ","))")
                return (visit, decision.rules)
            }
            return rules.isEmpty ? .booked(visit) : .refused(visit, rules)
        } catch let refusal as Refusal {
            if case .rejected(let messages) = refusal.outcome { return .rejected(messages) }
            return .rejected([ValidationMessage(.personUnknown, field: "person_number")])
        }
    }

    /// What the rules need, read in the booking's transaction (the person locked first).
    private func visitContext(_ sql: any SQLDatabase, _ request: VisitRequest, reference: LocalTime) async throws
        -> VisitContext
    {
        let none = VisitContext(
            person: nil, establishment: nil, placed: false, regime: nil, visitors: [:], relationships: [:], bans: [],
            visits: [], seatsTaken: 0, rivalVisitors: [], reference: reference)
        guard let person = try await lockedPerson(sql, request.personID) else { return none }
        var context = none
        context.person = person
        guard let open = try await openEpisode(sql, person.id) else { return context }
        context.establishment = try await sql.execute(
            "SELECT \(Columns.establishment) FROM establishments e WHERE e.id = $1", [open.establishmentID.rawValue]
        ).first.map(Decode.establishment)
        context.placed = try await !sql.execute(
            "SELECT id FROM placements WHERE person_id = $1 AND until_date IS NULL", [person.id.rawValue]
        ).isEmpty
        context.regime = try await Self.currentRegime(sql, person: person.id, episode: open.id)
        context.calendar = try await Self.visitCalendar(sql, establishment: open.establishmentID)
        context.suspended = DisciplineRules.visitsSuspended(
            on: request.startsAt.date,
            cases: try await Self.disciplineCases(sql, where: "dc.person_id = $1", [person.id.rawValue]))
        let ids = request.visitorIDs.map(\.rawValue)
        if !ids.isEmpty {
            let list = Placeholders.list(ids.count, from: 2)
            let own = Placeholders.list(ids.count)
            for visitor in try await sql.execute(
                "SELECT \(Self.visitorColumns) FROM visitors v WHERE v.id IN (\(own))", ids
            ).map(Decode.visitor) {
                context.visitors[visitor.id] = visitor
            }
            for link in try await sql.execute(
                "SELECT visitor_id, person_id, relationship, since FROM visitor_links WHERE person_id = $1 AND visitor_id IN (\(list))",
                [person.id.rawValue] + ids as [any Encodable & Sendable]
            ).map(Decode.visitorLink) {
                context.relationships[link.visitorID] = link.relationship
            }
            context.bans = try await Self.bans(sql, of: request.visitorIDs)
            context.rivalVisitors = Set(
                try await sql.execute(
                    """
                    SELECT DISTINCT vv.visitor_id FROM visit_visitors vv JOIN visits vi ON vi.id = vv.visit_id
                    WHERE vv.visitor_id IN (\(list)) AND vi.day = $\(ids.count + 2) AND vi.state IN \(Self.standing)
                      AND vi.person_id <> $1
                      AND EXISTS (
                        SELECT 1 FROM memberships m1 JOIN keep_apart k
                          ON k.first_organization_id = m1.organization_id OR k.second_organization_id = m1.organization_id
                        JOIN memberships m2 ON m2.person_id = vi.person_id AND m2.organization_id = CASE
                          WHEN k.first_organization_id = m1.organization_id THEN k.second_organization_id
                          ELSE k.first_organization_id END
                        WHERE m1.person_id = $1 AND m1.to_date IS NULL AND m2.to_date IS NULL
                          AND k.starts_on <= vi.day AND (k.ends_on IS NULL OR k.ends_on >= vi.day))
                    """, [person.id.rawValue] + ids + [request.startsAt.date.description] as [any Encodable & Sendable]
                ).map { Visitor.ID(rawValue: try $0.int64("visitor_id")) })
        }
        let window = (request.startsAt.date.adding(days: -31).description, request.startsAt.date.adding(days: 31).description)
        context.visits = try await sql.execute(
            "SELECT \(Self.visitColumns) \(Self.visitJoins) WHERE vi.person_id = $1 AND vi.day >= $2 AND vi.day <= $3",
            [person.id.rawValue, window.0, window.1] as [any Encodable & Sendable]
        ).map(Decode.visit)
        // The room's peak over the asked-for time: the visitors of the visits under way at each minute one begins.
        let overlapping = try await sql.execute(
            """
            SELECT vi.starts_at, vi.ends_at, COUNT(*) AS n FROM visits vi JOIN visit_visitors vv ON vv.visit_id = vi.id
            WHERE vi.establishment_id = $1 AND vi.day = $2 AND vi.kind = 'family' AND vi.state IN ('booked', 'inside')
              AND vi.starts_at < $3 AND vi.ends_at > $4
            GROUP BY vi.id, vi.starts_at, vi.ends_at
            """,
            [
                open.establishmentID.rawValue, request.startsAt.date.description, request.endsAt.description,
                request.startsAt.description,
            ] as [any Encodable & Sendable]
        ).map { row -> (LocalTime, LocalTime, Int) in
            guard let start = LocalTime(text: try row.string("starts_at")), let end = LocalTime(text: try row.string("ends_at"))
            else { throw StoreError.corrupt("visit minutes") }
            return (start, end, try row.int("n"))
        }
        context.seatsTaken = VisitRules.peak(from: request.startsAt, of: overlapping)
        return context
    }

    public func stepVisit(_ step: VisitStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Visit>
    {
        let reference = referenceMinute(asOf)
        do {
            return .done(
                try await database.transaction { sql in
                    guard
                        var visit = try await sql.execute(
                            "SELECT \(Self.visitColumns) \(Self.visitJoins) WHERE vi.id = $1\(self.lockClause)",
                            [step.id.rawValue]
                        ).first.map(Decode.visit)
                    else { throw Refusal(outcome: .notFound) }
                    if let expectedVersion, expectedVersion != visit.version { throw Refusal(outcome: .conflict(visit.version)) }
                    let visitors = try await Self.visitors(sql, of: visit.id)
                    visit.visitorIDs = visitors.map(\.id)
                    let placed = try await !sql.execute(
                        """
                        SELECT pl.id FROM placements pl WHERE pl.person_id = $1 AND pl.until_date IS NULL AND pl.establishment_id = $2
                          AND NOT EXISTS (SELECT 1 FROM outings o WHERE o.person_id = $1 AND o.state = 'out')
                        """, [visit.personID.rawValue, visit.establishmentID.rawValue]
                    ).isEmpty
                    let at = step.at ?? reference
                    // The stage at the gate: the person's current classification and what each visitor is to them.
                    let regime = try await sql.execute(
                        """
                        SELECT regime FROM classifications WHERE episode_id = (SELECT episode_id FROM visits WHERE id = $1)
                        ORDER BY decided_on DESC, id DESC LIMIT 1
                        """, [visit.id.rawValue]
                    ).first.map { try $0.enumValue("regime", as: Regime.self) }
                    var relationships: [Visitor.ID: Relationship] = [:]
                    for link in try await sql.execute(
                        "SELECT visitor_id, person_id, relationship, since FROM visitor_links WHERE person_id = $1",
                        [visit.personID.rawValue]
                    ).map(Decode.visitorLink) {
                        relationships[link.visitorID] = link.relationship
                    }
                    let messages = VisitRules.validate(
                        step, visit: visit, visitors: visitors, bans: try await Self.bans(sql, of: visit.visitorIDs), at: at,
                        reference: reference, placed: placed, regime: regime, relationships: relationships)
                    guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
                    let (state, column): (Visit.State, String?) =
                        switch step.action {
                        case .checkIn: (.inside, "checked_in_at")
                        case .checkOut: (.finished, "checked_out_at")
                        case .cancel: (.cancelled, nil)
                        }
                    let set = column.map { ", \($0) = $3" } ?? ""
                    try await sql.execute(
                        "UPDATE visits SET state = $1, version = version + 1\(set) WHERE id = $2",
                        [state.rawValue, visit.id.rawValue] + (column == nil ? [] : [at.description])
                            as [any Encodable & Sendable])
                    visit.state = state
                    visit.version += 1
                    if step.action == .checkIn { visit.checkedInAt = at }
                    if step.action == .checkOut { visit.checkedOutAt = at }
                    try await self.record(
                        sql,
                        .visitChanged(
                            Self.event(visit, action: step.action.rawValue, documents: visitors.compactMap(\.document.number))),
                        actor: actor, person: visit.personID, establishment: visit.establishmentID)
                    return visit
                })
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    public func visit(_ id: Visit.ID) async throws -> Visit? {
        let found = try await database.read { sql in
            try await sql.execute("SELECT \(Self.visitColumns) \(Self.visitJoins) WHERE vi.id = $1", [id.rawValue]).first.map(
                Decode.visit)
        }
        guard let found else { return nil }
        return try await withVisitors([found]).first
    }

    public func visits(establishmentCode: String, on day: CivilDate) async throws -> [Visit] {
        let visits = try await database.read { sql in
            try await sql.execute(
                "SELECT \(Self.visitColumns) \(Self.visitJoins) WHERE e.code = $1 AND vi.day = $2 ORDER BY vi.starts_at, vi.id",
                [establishmentCode, day.description]
            ).map(Decode.visit)
        }
        return try await withVisitors(visits)
    }

    public func visits(of person: Person.ID, limit: Int) async throws -> [Visit] {
        let visits = try await database.read { sql in
            try await sql.execute(
                "SELECT \(Self.visitColumns) \(Self.visitJoins) WHERE vi.person_id = $1 ORDER BY vi.starts_at DESC, vi.id DESC LIMIT $2",
                [person.rawValue, limit]
            ).map(Decode.visit)
        }
        return try await withVisitors(visits)
    }

    /// The visits with their visitors, in the order they were booked: one statement for all.
    func withVisitors(_ visits: [Visit]) async throws -> [Visit] {
        guard !visits.isEmpty else { return visits }
        let list = Placeholders.list(visits.count)
        let rows = try await database.read { sql in
            try await sql.execute(
                "SELECT visit_id, visitor_id FROM visit_visitors WHERE visit_id IN (\(list)) ORDER BY visit_id, position",
                visits.map(\.id.rawValue))
        }
        var byVisit: [Int64: [Visitor.ID]] = [:]
        for row in rows { byVisit[try row.int64("visit_id"), default: []].append(.init(rawValue: try row.int64("visitor_id"))) }
        return visits.map { visit in
            var visit = visit
            visit.visitorIDs = byVisit[visit.id.rawValue] ?? []
            return visit
        }
    }

    static func event(_ visit: Visit, action: String, documents: [String]) -> DomainEvent.VisitChanged {
        .init(
            visitID: visit.id.rawValue, action: action, state: visit.state.rawValue, kind: visit.kind.rawValue,
            establishmentCode: visit.establishmentCode, startsAt: visit.startsAt.description,
            visitorIDs: visit.visitorIDs.map(\.rawValue), visitorDocuments: documents, refusal: visit.refusal)
    }
}

extension Decode {
    static func visit(_ row: any SQLRow) throws -> Visit {
        func minute(_ column: String) throws -> LocalTime? { try optionalMinute(row, column) }
        let refusal = try row.string("refusal")
        return Visit(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")),
            establishmentCode: try row.string("establishment_code"), kind: try row.enumValue("kind", as: VisitKind.self),
            mode: try row.enumValue("mode", as: VisitMode.self), startsAt: try minute("starts_at")!,
            minutes: try row.int("minutes"), visitorIDs: [], state: try row.enumValue("state", as: Visit.State.self),
            refusal: refusal.isEmpty ? [] : refusal.split(separator: ",").map(String.init),
            checkedInAt: try minute("checked_in_at"), checkedOutAt: try minute("checked_out_at"),
            version: try row.int("version"))
    }
}
