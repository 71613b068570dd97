import CustodiaCore

extension Migrations {
    /// Three more kinds of order: the adecuación of a term (CPP art. 274.2), the prolongation after an appealed
    /// conviction (art. 274.5) and the appealed first-instance conviction itself (its years and months in the
    /// sentence columns). Widening a CHECK constraint: PostgreSQL replaces it; SQLite cannot alter one, so the
    /// table is rebuilt with its rows, ids and index (the migration runs with foreign keys off on SQLite and is
    /// checked with `foreign_key_check` before it commits; see `Migration.rebuildsTables`).
    static func orderKinds(_ engine: Database.Engine) -> [String] {
        // Spelled out: an applied migration never changes, whatever kinds come later.
        let kinds =
            "'detention','pretrial_detention','prolongation','adecuacion','appeal_prolongation','appealed_conviction','sentence','release'"
        switch engine {
        case .postgres:
            return [
                "ALTER TABLE court_orders DROP CONSTRAINT court_orders_kind_check",
                "ALTER TABLE court_orders ADD CONSTRAINT court_orders_kind_check CHECK (kind IN (\(kinds)))",
            ]
        case .sqlite:
            let columns = """
                id, person_id, case_id, kind, issuing_court, issued_on, reference, case_type, months, starts_on, \
                sentence_years, sentence_months, sentence_days, life_sentence, recidivism
                """
            return [
                """
                CREATE TABLE court_orders_v8 (id INTEGER PRIMARY KEY, person_id BIGINT NOT NULL REFERENCES persons(id),
                  case_id BIGINT REFERENCES legal_cases(id),
                  kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
                  issuing_court TEXT NOT NULL, issued_on TEXT NOT NULL, reference TEXT NOT NULL,
                  case_type TEXT, months BIGINT, starts_on TEXT,
                  sentence_years BIGINT, sentence_months BIGINT, sentence_days BIGINT, life_sentence BIGINT NOT NULL DEFAULT 0,
                  recidivism TEXT CHECK (recidivism IN ('recidivist', 'habitual')))
                """,
                "INSERT INTO court_orders_v8 (\(columns)) SELECT \(columns) FROM court_orders",
                "DROP TABLE court_orders",
                "ALTER TABLE court_orders_v8 RENAME TO court_orders",
                "CREATE INDEX court_orders_person ON court_orders (person_id)",
            ]
        }
    }
}
