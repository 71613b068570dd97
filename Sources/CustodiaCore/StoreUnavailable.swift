/// The database could not serve a request now (a lock held too long, a conflict between transactions, no free
/// connection): nothing was written, and the same request may succeed in a moment. Answered 503 with
/// `Retry-After`; what the driver said is logged, never sent to the caller.
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// Seconds after which a retry is worth trying.
    public var retryAfterSeconds: Int
    /// The driver's words, for the log.
    public var reason: String

    public init(retryAfterSeconds: Int = 2, reason: String) {
        self.retryAfterSeconds = retryAfterSeconds
        self.reason = reason
    }

    public var description: String { "database unavailable: \(reason)" }
}
