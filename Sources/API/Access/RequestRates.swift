import Foundation
import Synchronization

/// How many requests one token (or one staff account) and one network address may make (issue 17, point 8): a
/// bucket per key that holds at most a minute's allowance and refills continuously, so a client may send its whole
/// minute at once and then as fast as the allowance comes back. A request that finds its bucket empty is answered
/// 429 with `Retry-After`, the seconds until the bucket holds one request again.
///
/// The buckets live in this process: with several servers behind a load balancer each enforces its own share (set the
/// limits per server; see ADR 0029). Nothing here is written to the database, so a flood costs no write.
public final class RequestRates: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Requests per minute of one API token or one staff account (all its sessions together); 0: no limit.
        public var perToken = 3_000
        /// Requests per minute from one network address (after `trustedProxies`); 0: no limit.
        public var perAddress = 6_000
        /// Keys tracked at once; beyond them, full buckets are forgotten, and then new keys share one bucket (`*`).
        public var keys = 100_000

        public init() {}

        /// No limit at all: the benchmarks, which measure the server's own ceiling.
        public static var none: Limits {
            var limits = Limits()
            limits.perToken = 0
            limits.perAddress = 0
            return limits
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
        var perMinute: Double

        /// The requests it holds at `instant`: what it had, refilled since, up to a minute's allowance.
        func level(at instant: Date) -> Double {
            min(perMinute, tokens + max(0, instant.timeIntervalSince(updated)) * perMinute / 60)
        }
    }

    public let limits: Limits
    private let buckets = Mutex([String: Bucket]())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Takes one request from the bucket of a token or account: `nil` when it may go on, or the seconds to wait.
    public func takeForToken(_ key: String, at instant: Date) -> Int? {
        take("token:" + key, perMinute: limits.perToken, at: instant)
    }

    /// Takes one request from the bucket of a network address: `nil` when it may go on, or the seconds to wait.
    public func takeForAddress(_ address: String, at instant: Date) -> Int? {
        take("address:" + address, perMinute: limits.perAddress, at: instant)
    }

    private func take(_ key: String, perMinute: Int, at instant: Date) -> Int? {
        guard perMinute > 0 else { return nil }
        let capacity = Double(perMinute)
        let perSecond = capacity / 60
        return buckets.withLock { buckets in
            var chosen = key
            if buckets[key] == nil, buckets.count >= limits.keys {
                buckets = buckets.filter { $0.value.level(at: instant) < $0.value.perMinute }
                if buckets.count >= limits.keys { chosen = "*" }
            }
            var bucket = buckets[chosen] ?? Bucket(tokens: capacity, updated: instant, perMinute: capacity)
            bucket.tokens = bucket.level(at: instant)
            bucket.updated = max(bucket.updated, instant)
            defer { buckets[chosen] = bucket }
            guard bucket.tokens >= 1 else {
                return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
