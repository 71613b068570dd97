import CustodiaCore

extension Migrations {
    /// CL-13 (Mandela Rules 43-44): each day's minutes of meaningful human contact recorded for a person, one row
    /// per person and day (a later record of the day replaces it).
    static func contactDays(_ engine: Database.Engine) -> [String] {
        [
            """
            CREATE TABLE contact_days (person_id BIGINT NOT NULL REFERENCES persons(id), day TEXT NOT NULL,
              minutes BIGINT NOT NULL CHECK (minutes BETWEEN 0 AND 1440), note TEXT, PRIMARY KEY (person_id, day))
            """
        ]
    }
}
