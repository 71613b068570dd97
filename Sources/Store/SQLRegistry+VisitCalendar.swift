import CustodiaCore
import Foundation
import SQLKit

/// Each establishment's visiting calendar (issue 12 point 2, VI-1): read by every booking, set by the warden.
extension SQLRegistry {
    public func visitCalendar(establishmentCode: String) async throws -> VisitCalendar? {
        try await database.read { sql in
            guard
                let id = try await sql.execute("SELECT id FROM establishments WHERE code = $1", [establishmentCode]).first?
                    .int64("id")
            else { return nil }
            return try await Self.visitCalendar(sql, establishment: .init(rawValue: id))
        }
    }

    /// The establishment's stored calendar, or the defaults.
    static func visitCalendar(_ sql: any SQLDatabase, establishment: Establishment.ID) async throws -> VisitCalendar {
        guard
            let row = try await sql.execute(
                """
                SELECT family_days, family_from, family_until, professional_days, professional_from, professional_until,
                  seats, version FROM visit_calendars WHERE establishment_id = $1
                """, [establishment.rawValue]
            ).first
        else { return VisitCalendar() }
        func days(_ column: String) throws -> Set<Int> {
            Set(try row.string(column).split(separator: ",").compactMap { Int($0) })
        }
        func time(_ column: String) throws -> TimeOfDay {
            let text = try row.string(column)
            guard let time = TimeOfDay(text: text) else { throw StoreError.corrupt("\(column) \(text)") }
            return time
        }
        return VisitCalendar(
            familyWeekdays: try days("family_days"), familyHours: (try time("family_from"), try time("family_until")),
            professionalWeekdays: try days("professional_days"),
            professionalHours: (try time("professional_from"), try time("professional_until")),
            seats: try row.optionalInt64("seats").map { Int($0) }, version: try row.int("version"))
    }

    public func setVisitCalendar(
        _ calendar: VisitCalendar, establishmentCode: String, expectedVersion: Int?, actor: Actor
    ) async throws -> ChangeOutcome<VisitCalendar> {
        let messages = calendar.problems()
        guard messages.isEmpty else { return .rejected(messages) }
        do {
            try await database.transaction { sql in
                guard
                    let id = try await sql.execute(
                        "SELECT id FROM establishments WHERE code = $1\(self.lockClause)", [establishmentCode]
                    ).first?.int64("id")
                else { throw Refusal(outcome: .notFound) }
                let current = try await Self.visitCalendar(sql, establishment: .init(rawValue: id))
                if let expectedVersion, expectedVersion != current.version {
                    throw Refusal(outcome: .conflict(current.version))
                }
                func list(_ days: Set<Int>) -> String { days.sorted().map(String.init).joined(separator: ",") }
                try await sql.execute("DELETE FROM visit_calendars WHERE establishment_id = $1", [id])
                try await sql.execute(
                    """
                    INSERT INTO visit_calendars (establishment_id, family_days, family_from, family_until, professional_days,
                      professional_from, professional_until, seats, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [
                        id, list(calendar.familyWeekdays), calendar.familyHours.0.description,
                        calendar.familyHours.1.description, list(calendar.professionalWeekdays),
                        calendar.professionalHours.0.description, calendar.professionalHours.1.description, calendar.seats,
                        current.version + 1,
                    ] as [any Encodable & Sendable])
                try await EventLog.append(
                    .visitCalendarChanged(
                        .init(
                            establishmentCode: establishmentCode, familyDays: calendar.familyWeekdays.sorted(),
                            familyHours: "\(calendar.familyHours.0)-\(calendar.familyHours.1)",
                            professionalDays: calendar.professionalWeekdays.sorted(),
                            professionalHours: "\(calendar.professionalHours.0)-\(calendar.professionalHours.1)",
                            seats: calendar.seats)),
                    at: self.now(), actor: actor.user, person: nil, establishment: .init(rawValue: id), on: sql)
                if self.auditTrail {
                    try await AuditChain.append(
                        NewAuditRecord(
                            actor: actor, resource: "visit calendar \(establishmentCode)", establishmentCode: establishmentCode,
                            outcome: "ok: calendar set"),
                        at: self.now(), on: sql, engine: self.database.engine)
                }
            }
            return try await visitCalendar(establishmentCode: establishmentCode).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }
}
