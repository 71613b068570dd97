import CustodiaCore

extension Migrations {
    /// Each establishment's visiting calendar (issue 12 point 2, VI-1): family and professional days (Monday = 0, as a
    /// comma list) and hours, the room's seats (empty: a tenth of the certified capacity). No row: the defaults.
    static func visitCalendars() -> [String] {
        [
            """
            CREATE TABLE visit_calendars (establishment_id BIGINT PRIMARY KEY REFERENCES establishments(id),
              family_days TEXT NOT NULL, family_from TEXT NOT NULL, family_until TEXT NOT NULL,
              professional_days TEXT NOT NULL, professional_from TEXT NOT NULL, professional_until TEXT NOT NULL,
              seats INTEGER, version BIGINT NOT NULL)
            """
        ]
    }
}
