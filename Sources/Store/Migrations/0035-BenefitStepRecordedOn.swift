extension Migrations {
    /// The register's day a benefit file's step was recorded on (issue 26 point 4): the relief report for a past day
    /// replays the steps recorded by then. Rows recorded before this migration have none: their instant's day in Lima
    /// stands in.
    static func benefitStepRecordedOn() -> [String] {
        ["ALTER TABLE benefit_file_steps ADD COLUMN recorded_on TEXT"]
    }
}
