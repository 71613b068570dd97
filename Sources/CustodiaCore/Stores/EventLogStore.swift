/// The event log (outbox): every change's event, in the order the changes committed.
public protocol EventLogStore: Sendable {
    /// Events after `position` (0 for the start), oldest first, at most `limit`. With `within`, only events of
    /// those establishments (a scoped caller never sees national events such as a recompute).
    func events(after position: Int64, limit: Int, within scope: Set<String>?) async throws -> [EventRecord]
    /// The same for a district-scoped caller: only events about persons with a case in one of `districts`.
    func events(after position: Int64, limit: Int, within scope: Set<String>?, districts: Set<String>?) async throws
        -> [EventRecord]
    /// The position of the newest event (0 before the first).
    func eventHead() async throws -> Int64
}
