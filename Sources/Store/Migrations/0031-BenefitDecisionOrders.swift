import CustodiaCore

extension Migrations {
    /// The court's decisions on a benefit file as orders of their own (issue 26 point 3): the kind `benefit_decision`
    /// with what was decided (acknowledged, hearing set, denied), the hearing's day, the grounds and the day the person
    /// may ask again. Widening the kind's CHECK: PostgreSQL replaces it; SQLite rebuilds the table with its rows, ids and
    /// indexes (foreign keys off, checked before the commit: `Migration.rebuildsTables`).
    static func benefitDecisionOrders(_ engine: Database.Engine) -> [String] {
        // Spelled out: an applied migration never changes, whatever kinds come later.
        let kinds =
            "'detention','pretrial_detention','prolongation','adecuacion','appeal_prolongation','appealed_conviction','sentence','release','suspension','transfer','benefit_decision'"
        let decided = "benefit_decision TEXT CHECK (benefit_decision IN ('acknowledged','hearing_set','denied'))"
        switch engine {
        case .postgres:
            return [
                "ALTER TABLE inbound_orders DROP CONSTRAINT inbound_orders_kind_check",
                "ALTER TABLE inbound_orders ADD CONSTRAINT inbound_orders_kind_check CHECK (kind IN (\(kinds)))",
                "ALTER TABLE inbound_orders ADD COLUMN \(decided)",
                "ALTER TABLE inbound_orders ADD COLUMN hearing_on TEXT",
                "ALTER TABLE inbound_orders ADD COLUMN grounds TEXT",
                "ALTER TABLE inbound_orders ADD COLUMN may_request_again_on TEXT",
            ]
        case .sqlite:
            let states = "'received','held','matched','accepted','executed','refused'"
            let columns = """
                id, client, client_kind, idempotency_key, fingerprint, issuer_order_id, kind, court, judge, resolution, \
                issued_on, case_number, judicial_district, subject_person_number, subject_document_type, \
                subject_document_number, subject_given_names, subject_paternal_surname, subject_maternal_surname, \
                subject_birth_date, case_type, months, starts_on, sentence_years, sentence_months, sentence_days, \
                life_sentence, recidivism, release_reason, suspension_from, suspension_until, transfer_to, person_id, \
                candidates, case_id, establishment_id, state, received_at, received_minute, release_due, legal_check, \
                legal_check_by, legal_check_at, court_order_id, version, transfer_id, benefit_file_id
                """
            return [
                """
                CREATE TABLE inbound_orders_v31 (id INTEGER PRIMARY KEY, client TEXT NOT NULL, client_kind TEXT NOT NULL,
                  idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, issuer_order_id TEXT,
                  kind TEXT NOT NULL CHECK (kind IN (\(kinds))), court TEXT NOT NULL, judge TEXT NOT NULL,
                  resolution TEXT NOT NULL, issued_on TEXT NOT NULL, case_number TEXT NOT NULL, judicial_district TEXT NOT NULL,
                  subject_person_number TEXT, subject_document_type TEXT, subject_document_number TEXT,
                  subject_given_names TEXT, subject_paternal_surname TEXT, subject_maternal_surname TEXT,
                  subject_birth_date TEXT, case_type TEXT, months BIGINT, starts_on TEXT, sentence_years BIGINT,
                  sentence_months BIGINT, sentence_days BIGINT, life_sentence BIGINT NOT NULL DEFAULT 0, recidivism TEXT,
                  release_reason TEXT, suspension_from TEXT, suspension_until TEXT, transfer_to TEXT,
                  person_id BIGINT REFERENCES persons(id), candidates TEXT NOT NULL DEFAULT '',
                  case_id BIGINT REFERENCES legal_cases(id), establishment_id BIGINT REFERENCES establishments(id),
                  state TEXT NOT NULL CHECK (state IN (\(states))), received_at TEXT NOT NULL, received_minute TEXT NOT NULL,
                  release_due TEXT, legal_check TEXT, legal_check_by TEXT, legal_check_at TEXT,
                  court_order_id BIGINT REFERENCES court_orders(id), version BIGINT NOT NULL,
                  transfer_id BIGINT REFERENCES transfers(id), benefit_file_id BIGINT REFERENCES benefit_files(id),
                  \(decided), hearing_on TEXT, grounds TEXT, may_request_again_on TEXT,
                  UNIQUE (client, idempotency_key))
                """,
                "INSERT INTO inbound_orders_v31 (\(columns)) SELECT \(columns) FROM inbound_orders",
                "DROP TABLE inbound_orders",
                "ALTER TABLE inbound_orders_v31 RENAME TO inbound_orders",
                """
                CREATE UNIQUE INDEX inbound_orders_issuer_id ON inbound_orders (client, issuer_order_id) \
                WHERE issuer_order_id IS NOT NULL
                """,
                "CREATE INDEX inbound_orders_establishment ON inbound_orders (establishment_id, state)",
                "CREATE INDEX inbound_orders_person ON inbound_orders (person_id)",
                """
                CREATE INDEX inbound_orders_release_due ON inbound_orders (release_due) \
                WHERE state NOT IN ('executed','refused')
                """,
                "CREATE INDEX inbound_orders_benefit_file ON inbound_orders (benefit_file_id)",
            ]
        }
    }
}
