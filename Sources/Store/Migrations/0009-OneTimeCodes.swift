import CustodiaCore

extension Migrations {
    /// The 30-second step of the last authenticator code accepted for an account: a code is accepted once only
    /// (RFC 6238 section 5.2), so a code seen over a shoulder or replayed from a log is refused.
    static func oneTimeCodes() -> [String] {
        ["ALTER TABLE staff_users ADD COLUMN totp_last_step BIGINT"]
    }
}
