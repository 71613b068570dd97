import CustodiaCore

extension Migrations {
    /// Failed logins counted per network address as well as per account (issue 17, point 1): a password
    /// sprayed over many accounts from one address meets a limit too. One row per address with a fixed
    /// window; in the database, so every server behind a load balancer counts the same attempts.
    static func loginAddresses() -> [String] {
        [
            """
            CREATE TABLE login_address_attempts (address TEXT PRIMARY KEY, window_ends TEXT NOT NULL,
              attempts BIGINT NOT NULL)
            """
        ]
    }
}
