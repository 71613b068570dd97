import CustodiaCore

extension Migrations {
    /// The daily health check of a person in isolation (issue 12 point 5, DS-5, Mandela Rule 46): one row per
    /// isolation and day, with the minute of the visit and who made it.
    static func isolationChecks() -> [String] {
        [
            """
            CREATE TABLE isolation_checks (isolation_id BIGINT NOT NULL REFERENCES isolations(id), day TEXT NOT NULL,
              at TEXT NOT NULL, by_whom TEXT NOT NULL, note TEXT, PRIMARY KEY (isolation_id, day))
            """
        ]
    }
}
