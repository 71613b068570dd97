import CustodiaCore

extension Migrations {
    /// A sentence may declare the person reincidente or habitual (CP arts. 46-B, 46-C; BF-3, RD-5).
    static func recidivism() -> [String] {
        ["ALTER TABLE court_orders ADD COLUMN recidivism TEXT CHECK (recidivism IN ('recidivist', 'habitual'))"]
    }
}
