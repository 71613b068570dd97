extension Migrations {
    /// Intake's identification and consular notice (issue 11 point 7, IN-4 and IN-6): when and how the personal file's
    /// identity was established, the distinguishing marks, and a foreign national's consulate told. The index of
    /// pending intake rows now counts these too.
    static func intakeIdentification() -> [String] {
        [
            "ALTER TABLE intake ADD COLUMN identified_at TEXT",
            "ALTER TABLE intake ADD COLUMN identified_how TEXT",
            "ALTER TABLE intake ADD COLUMN distinguishing_marks TEXT",
            "ALTER TABLE intake ADD COLUMN consular_notice_at TEXT",
            "ALTER TABLE intake ADD COLUMN consular_notice TEXT",
            "DROP INDEX intake_pending",
            """
            CREATE INDEX intake_pending ON intake (episode_id) WHERE predates = 0 AND (medical_exam_at IS NULL
              OR family_notified_at IS NULL OR identified_at IS NULL OR consular_notice_at IS NULL)
            """,
        ]
    }
}
