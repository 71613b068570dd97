import CustodiaCore

extension Migrations {
    /// The event log becomes an outbox consumers read in order: each row gets a versioned `type` and a
    /// `position` taken from `event_head` inside the change's transaction. The head row is locked until the
    /// commit, so positions are handed out in commit order on PostgreSQL too (an identity column is not: a
    /// transaction that took id 10 may commit after one that took 11, and a reader past 11 would miss 10).
    /// Rows written before the types keep their `detail` and read as `custodia.legacy.<kind>.v0`.
    static func eventLog(_ engine: Database.Engine) -> [String] {
        [
            "ALTER TABLE events ADD COLUMN position BIGINT",
            "ALTER TABLE events ADD COLUMN type TEXT",
            "UPDATE events SET position = id, type = 'custodia.legacy.' || kind || '.v0'",
            "CREATE UNIQUE INDEX events_position ON events (position)",
            "CREATE TABLE event_head (id BIGINT PRIMARY KEY CHECK (id = 1), position BIGINT NOT NULL)",
            "INSERT INTO event_head (id, position) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM events))",
        ]
    }
}
