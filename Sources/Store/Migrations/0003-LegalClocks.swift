import CustodiaCore

extension Migrations {
    /// The stored clock of every person in custody: the dates alerts are raised from.
    static func legalClocks() -> [String] {
        [
            """
            CREATE TABLE legal_clocks (person_id BIGINT PRIMARY KEY REFERENCES persons(id),
              episode_id BIGINT NOT NULL REFERENCES custody_episodes(id),
              establishment_id BIGINT NOT NULL REFERENCES establishments(id),
              status TEXT NOT NULL CHECK (status IN ('pretrial','sentenced','not_computable')),
              pretrial_ends_on TEXT, sentence_ends_on TEXT, semiliberty_from TEXT, conditional_release_from TEXT,
              needs_review BIGINT NOT NULL, rule_version TEXT, messages TEXT NOT NULL, computed_as_of TEXT NOT NULL,
              computed_at TEXT NOT NULL)
            """,
            "CREATE INDEX legal_clocks_pretrial_end ON legal_clocks (pretrial_ends_on)",
            "CREATE INDEX legal_clocks_sentence_end ON legal_clocks (sentence_ends_on)",
            "CREATE INDEX legal_clocks_establishment ON legal_clocks (establishment_id)",
        ]
    }
}
