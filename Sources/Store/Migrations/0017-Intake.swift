import CustodiaCore

extension Migrations {
    /// Intake (issue 11 point 7, IN-*): one row per custody episode with the medical examination, the next of kin
    /// and the family's notice, the rights information and the property received. Episodes already in the register
    /// began before intake was recorded here: their rows say so (`predates`), and no term runs for them.
    static func intake(_ engine: Database.Engine) -> [String] {
        [
            """
            CREATE TABLE intake (episode_id BIGINT PRIMARY KEY REFERENCES custody_episodes(id),
              person_id BIGINT NOT NULL REFERENCES persons(id), medical_exam_at TEXT, medical_exam_by TEXT,
              next_of_kin_name TEXT, next_of_kin_relationship TEXT, next_of_kin_contact TEXT, family_notified_at TEXT,
              family_notified_how TEXT, rights_informed_at TEXT, property TEXT,
              predates BIGINT NOT NULL DEFAULT 0 CHECK (predates IN (0, 1)), version BIGINT NOT NULL DEFAULT 1)
            """,
            "CREATE INDEX intake_person ON intake (person_id)",
            "CREATE INDEX intake_pending ON intake (episode_id) WHERE predates = 0 AND (medical_exam_at IS NULL OR family_notified_at IS NULL)",
            "INSERT INTO intake (episode_id, person_id, predates) SELECT id, person_id, 1 FROM custody_episodes",
        ]
    }
}
