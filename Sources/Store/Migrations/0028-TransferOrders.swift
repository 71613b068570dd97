import CustodiaCore

extension Migrations {
    /// The transfer a court-ordered transfer order was executed by (issue 13 point 1): requested when the order is
    /// executed, and the order executed when that transfer is received at the destination.
    static func transferOrders() -> [String] {
        ["ALTER TABLE inbound_orders ADD COLUMN transfer_id BIGINT REFERENCES transfers(id)"]
    }
}
