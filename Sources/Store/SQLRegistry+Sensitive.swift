import CustodiaCore
import SQLKit

extension SQLRegistry {
    public func recordSensitive(_ update: SensitiveUpdate, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        let messages = update.changes.compactMap { section, text -> ValidationMessage? in
            guard let text, text.count > SensitiveUpdate.maxLength else { return nil }
            return ValidationMessage(.textTooLong, field: section.rawValue, detail: "≤ \(SensitiveUpdate.maxLength)")
        }
        if !messages.isEmpty { return .rejected(messages.sorted { $0.field < $1.field }) }
        return try await changePerson(
            update.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, _ in
            let key = person.id.rawValue
            var profile = SensitiveProfile()
            let existing = try await sql.execute(
                "SELECT health, affiliation, intelligence FROM person_sensitive WHERE person_id = $1", [key]
            ).first
            if let existing {
                profile = SensitiveProfile(
                    health: try existing.optionalString("health"), affiliation: try existing.optionalString("affiliation"),
                    intelligence: try existing.optionalString("intelligence"))
            }
            let before = profile
            for (section, text) in update.changes {
                let trimmed = text?.trimmingWhitespace()
                profile[section] = (trimmed?.isEmpty ?? true) ? nil : trimmed
            }
            // The same notes again: nothing to write, no new version, no event (issue 17, point 3).
            if profile == before { return nil }
            let binds: [any Encodable & Sendable] = [key, profile.health, profile.affiliation, profile.intelligence]
            if existing == nil {
                try await sql.execute(
                    "INSERT INTO person_sensitive (person_id, health, affiliation, intelligence) VALUES ($1, $2, $3, $4)", binds)
            } else {
                try await sql.execute(
                    "UPDATE person_sensitive SET health = $2, affiliation = $3, intelligence = $4 WHERE person_id = $1", binds)
            }
            // Which sections changed, never what they say.
            return .notesChanged(.init(sections: update.changes.keys.map(\.rawValue)))
        }
    }
}
