import CustodiaCore

extension Migrations {
    /// The benefit file a court's release order grants (issue 26 point 3): its receipt records the grant on the file,
    /// its execution (the person's release) moves the file to released.
    static func benefitOrders() -> [String] {
        [
            "ALTER TABLE inbound_orders ADD COLUMN benefit_file_id BIGINT REFERENCES benefit_files(id)",
            "CREATE INDEX inbound_orders_benefit_file ON inbound_orders (benefit_file_id)",
        ]
    }
}
