extension Migrations {
    /// Which server delivers a subscription's events (issue 17 point 8): with several servers on one database, each
    /// subscription is delivered by the one that holds its lease, until the lease's instant; a server that stops lets it
    /// run out, and another takes it over.
    static func deliveryLeases() -> [String] {
        [
            "ALTER TABLE subscriptions ADD COLUMN lease_holder TEXT",
            "ALTER TABLE subscriptions ADD COLUMN lease_until TEXT",
        ]
    }
}
