import CustodiaCore
import Foundation
import Synchronization

/// Refusals of callers who are not signed in (no credentials, an unknown token or session, a login over its
/// address's limit), counted per network address in fixed windows so that a flood cannot fill the audit
/// trail (issue 17, point 3b): the first `recorded` refusals of an address in a window are written one by
/// one, the rest are only counted, and past `allowed` the address is answered 429 with `Retry-After` until
/// its window ends. When a window ends with refusals that were not written one by one, one summary row says
/// how many there were and of which kinds.
///
/// The counts live in this process: with several servers behind a load balancer each counts its own share
/// (an address gets at most `allowed` per server), which bounds the trail's growth all the same. Failed
/// logins, which check passwords, are counted in the database instead (`AccessDirectory.takeAddressAttempt`).
public final class AnonymousRefusals: Sendable {
    public struct Limits: Sendable {
        public var window: TimeInterval = 60
        /// Refusals of one address written one by one in a window.
        public var recorded = 10
        /// Refusals of one address answered in a window before it gets 429.
        public var allowed = 120
        /// Addresses tracked at once; beyond them, new addresses share one count (`*`).
        public var addresses = 10_000

        public init() {}
    }

    /// What to do with one refusal.
    public enum Decision: Sendable, Equatable {
        /// Answer it and write its audit row.
        case record
        /// Answer it; it is only counted (the window's summary row will say so).
        case count
        /// Answer 429 instead; the address may try again after this many seconds.
        case limit(retryAfter: Int)
    }

    /// A window that ended with refusals not written one by one: the summary row to write.
    public struct Summary: Sendable, Equatable {
        public var address: String
        public var started: Date
        public var ended: Date
        public var refusals: Int
        public var recorded: Int
        public var limited: Int
        /// Refusals by outcome (`401 auth.required`, `429 request.rate_limited`, …).
        public var outcomes: [String: Int]

        /// The summary row's outcome text.
        public var outcome: String {
            let kinds = outcomes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            return
                "summary: \(refusals) refusals in \(Int(ended.timeIntervalSince(started))) s, \(recorded) recorded one by one, "
                + "\(limited) answered 429 (\(kinds))"
        }
    }

    private struct Window {
        var started: Date
        var ends: Date
        var refusals = 0
        var recorded = 0
        var limited = 0
        var outcomes: [String: Int] = [:]
    }

    /// The open windows, and the earliest instant one of them ends: a refusal sweeps the table only once that
    /// has passed, not on every call (under a flood the table holds up to `limits.addresses` windows).
    private struct State {
        var windows: [String: Window] = [:]
        var earliestEnd = Date.distantFuture
    }

    public let limits: Limits
    private let state = Mutex(State())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The summaries of the windows that have ended by `instant` (all of them when `closing`: the server is
    /// stopping, and a window cut short is summarised up to now), which are then forgotten.
    public func ended(at instant: Date, closing: Bool = false) -> [Summary] {
        state.withLock { Self.sweep(&$0, at: instant, closing: closing) }
    }

    private static func sweep(_ state: inout State, at instant: Date, closing: Bool) -> [Summary] {
        guard closing || state.earliestEnd <= instant else { return [] }
        var summaries: [Summary] = []
        for (key, window) in state.windows where closing || window.ends <= instant {
            state.windows[key] = nil
            if window.refusals > window.recorded {
                summaries.append(
                    Summary(
                        address: key, started: window.started, ended: min(window.ends, max(instant, window.started)),
                        refusals: window.refusals, recorded: window.recorded, limited: window.limited,
                        outcomes: window.outcomes))
            }
        }
        state.earliestEnd = state.windows.values.map(\.ends).min() ?? .distantFuture
        return summaries.sorted { ($0.started, $0.address) < ($1.started, $1.address) }
    }

    /// Counts one refusal of `address` with `outcome`; returns what to do with it and the summaries of every
    /// window (of any address) that has ended by `instant`.
    public func decide(address: String, outcome: String, at instant: Date) -> (Decision, [Summary]) {
        state.withLock { state in
            let summaries = Self.sweep(&state, at: instant, closing: false)
            let key = state.windows[address] != nil || state.windows.count < limits.addresses ? address : "*"
            var window =
                state.windows[key] ?? Window(started: instant, ends: instant.addingTimeInterval(limits.window))
            state.earliestEnd = min(state.earliestEnd, window.ends)
            window.refusals += 1
            let decision: Decision
            if window.refusals > limits.allowed {
                window.limited += 1
                decision = .limit(retryAfter: max(1, Int(window.ends.timeIntervalSince(instant).rounded(.up))))
            } else if window.recorded < limits.recorded {
                window.recorded += 1
                decision = .record
            } else {
                decision = .count
            }
            let counted = if case .limit = decision { "429 request.rate_limited" } else { outcome }
            window.outcomes[counted, default: 0] += 1
            state.windows[key] = window
            return (decision, summaries)
        }
    }
}
