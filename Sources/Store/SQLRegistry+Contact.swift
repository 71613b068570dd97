import CustodiaCore
import Foundation
import Placement
import SQLKit

/// CL-13: the days of meaningful human contact, and the solitary-confinement alerts of those held in Extrema
/// Seguridad (ADR 0018).
extension SQLRegistry {
    public func recordContact(_ day: ContactDay, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        try await changePerson(
            day.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, open in
            let messages = SolitaryRules.validate(day, admittedOn: open?.admittedOn, asOf: asOf)
            guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
            let note = day.note.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            let existing = try await sql.execute(
                "SELECT minutes, note FROM contact_days WHERE person_id = $1 AND day = $2",
                [person.id.rawValue, day.day.description] as [any Encodable & Sendable]
            ).first
            if let existing {
                if try existing.int("minutes") == day.minutes, try existing.optionalString("note") == note { return nil }
                try await sql.execute(
                    "UPDATE contact_days SET minutes = $1, note = $2 WHERE person_id = $3 AND day = $4",
                    [day.minutes, note, person.id.rawValue, day.day.description] as [any Encodable & Sendable])
            } else {
                try await sql.execute(
                    "INSERT INTO contact_days (person_id, day, minutes, note) VALUES ($1, $2, $3, $4)",
                    [person.id.rawValue, day.day.description, day.minutes, note] as [any Encodable & Sendable])
            }
            return .contactRecorded(.init(day: day.day, minutes: day.minutes))
        }
    }

    static func contactDays(_ sql: any SQLDatabase, of person: Person.ID) async throws -> [ContactDay] {
        try await sql.execute(
            "SELECT day, minutes, note FROM contact_days WHERE person_id = $1 ORDER BY day", [person.rawValue]
        ).map {
            ContactDay(
                personID: person, day: try $0.date("day"), minutes: try $0.int("minutes"), note: try $0.optionalString("note"))
        }
    }

    /// The persons in custody whose current classification is Extrema Seguridad, with their last day of meaningful
    /// contact up to `$1` (`$2` minutes or more), in the establishment `$3` when `scoped`. It starts from the Extrema
    /// Seguridad classifications (`classifications_regime`) and tells the current one by index
    /// (`classifications_episode`): starting from the episodes, SQLite built an automatic index of every
    /// classification for each person of the establishment, and a scoped read of Lurigancho ran for minutes.
    public static func solitaryQuery(scoped: Bool) -> String {
        """
        SELECT ce.person_id, ce.establishment_id, ce.admitted_on, e.code, c.decided_on,
          (SELECT MAX(cd.day) FROM contact_days cd WHERE cd.person_id = ce.person_id AND cd.minutes >= $2
             AND cd.day <= $1) AS last_contact
        FROM classifications c JOIN custody_episodes ce ON ce.id = c.episode_id
        JOIN establishments e ON e.id = ce.establishment_id
        WHERE c.regime = 'rce_extrema_seguridad' AND ce.released_on IS NULL
          AND NOT EXISTS (SELECT 1 FROM classifications c2 WHERE c2.episode_id = c.episode_id
            AND (c2.decided_on > c.decided_on OR (c2.decided_on = c.decided_on AND c2.id > c.id)))
          \(scoped ? "AND ce.establishment_id = $3" : "")
        """
    }

    /// CL-13 alerts on `asOf`: persons in custody whose current classification is Extrema Seguridad, counted from the
    /// later of the decision and the admission, or from their last day with two hours of contact.
    func solitaryAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        var list: [any Encodable & Sendable] = [asOf.description, SolitaryRules.meaningfulMinutes]
        if let establishmentID { list.append(establishmentID) }
        let binds = list
        let rows = try await database.read { sql in
            try await sql.execute(Self.solitaryQuery(scoped: establishmentID != nil), binds)
        }
        return try rows.compactMap { row in
            let start = max(try row.date("decided_on"), try row.date("admitted_on"))
            let streak = SolitaryRules.streak(
                start: start, lastContact: try row.optionalDate("last_contact"), asOf: asOf)
            guard let kind = SolitaryRules.alert(streak: streak) else { return nil }
            let began = asOf.adding(days: 1 - streak)
            return (
                Alert(
                    kind: kind, personID: .init(rawValue: try row.int64("person_id")),
                    establishmentID: .init(rawValue: try row.int64("establishment_id")), date: began,
                    days: asOf.days(until: began)),
                try row.string("code")
            )
        }
    }
}
