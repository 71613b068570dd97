import Foundation

/// An institutional client's subscription to the event log (issue 13 point 4; ADR 0025): the events of its types in
/// its scope are POSTed to its URL in log order (so in order per person), signed with its secret; the event at the head
/// is retried with back-off until it is delivered or, past the dead-letter age, set aside for an administrator.
public struct Subscription: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Subscription, Int64>

    public var id: ID
    public var client: String
    public var url: String
    /// Event types (`custodia.person.released.v1` …); empty: every type.
    public var eventTypes: Set<String>
    public var scope: Scope
    public var secret: String
    /// The secret before the last rotation, still signing until `previousUntil`.
    public var previousSecret: String?
    public var previousUntil: Date?
    /// The last position delivered (or set aside): the next delivery is the first matching event after it.
    public var deliveredPosition: Int64
    /// Failed attempts at the event at the head, since `firstFailedAt`; the next attempt not before `nextAttemptAt`.
    public var attempts: Int
    public var firstFailedAt: Date?
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var active: Bool
    public var createdAt: Date
    public var version: Int

    public init(
        id: ID, client: String, url: String, eventTypes: Set<String>, scope: Scope, secret: String, previousSecret: String?,
        previousUntil: Date?, deliveredPosition: Int64, attempts: Int, firstFailedAt: Date?, nextAttemptAt: Date?,
        lastError: String?, active: Bool, createdAt: Date, version: Int
    ) {
        self.id = id
        self.client = client
        self.url = url
        self.eventTypes = eventTypes
        self.scope = scope
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousUntil = previousUntil
        self.deliveredPosition = deliveredPosition
        self.attempts = attempts
        self.firstFailedAt = firstFailedAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.active = active
        self.createdAt = createdAt
        self.version = version
    }

    /// A new signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks), from the system's
    /// cryptographically secure generator.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    /// The secrets that sign a delivery at `now`: the current one, and the previous one during a rotation.
    public func signingSecrets(at now: Date) -> [String] {
        guard let previousSecret, let previousUntil, now < previousUntil else { return [secret] }
        return [secret, previousSecret]
    }

    /// Whether the subscription takes an event: its type, and its establishment in scope; the client's own orders'
    /// acknowledgements always (`issuer`: the client named in an order's event).
    public func takes(type: String, establishment: String?, issuer: String?, establishments: Set<String>?) -> Bool {
        guard eventTypes.isEmpty || eventTypes.contains(type) else { return false }
        if let issuer, issuer == client { return true }
        guard let establishments else { return true }
        return establishment.map(establishments.contains) ?? false
    }
}

/// An event that could not be delivered within the dead-letter age: kept for an administrator to replay.
public struct DeadLetter: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<DeadLetter, Int64>

    public var id: ID
    public var subscriptionID: Subscription.ID
    public var position: Int64
    public var attempts: Int
    public var firstFailedAt: Date
    public var deadAt: Date
    public var lastError: String
    public var replayedAt: Date?

    public init(
        id: ID, subscriptionID: Subscription.ID, position: Int64, attempts: Int, firstFailedAt: Date, deadAt: Date,
        lastError: String, replayedAt: Date?
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.position = position
        self.attempts = attempts
        self.firstFailedAt = firstFailedAt
        self.deadAt = deadAt
        self.lastError = lastError
        self.replayedAt = replayedAt
    }
}

/// Checks on a subscription before it is stored.
public enum SubscriptionRules {
    /// HTTPS, or HTTP to this machine only (a receiver on loopback, as in the tests); known event types.
    public static func validate(url: String, eventTypes: Set<String>, known: [String]) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        let host = Self.host(of: url)
        let loopback = ["127.0.0.1", "localhost", "[::1]"].contains(host)
        let secure = url.hasPrefix("https://") && !host.isEmpty
        let local = url.hasPrefix("http://") && loopback
        if !(secure || local) || url.count > 2_000 || url.contains(" ") {
            messages.append(ValidationMessage(.subscriptionURLInvalid, field: "url"))
        }
        let unknown = eventTypes.subtracting(known)
        if !unknown.isEmpty {
            messages.append(
                ValidationMessage(
                    .subscriptionTypeUnknown, field: "event_types", detail: unknown.sorted().joined(separator: ", ")))
        }
        return messages
    }

    /// What an institution may subscribe through the API (issue 13): HTTPS to a host other than this machine (nor the
    /// link-local metadata addresses). Plain HTTP to loopback is for an administrator's receiver on the server itself
    /// (and the tests), never a client's: it would let a client make the server POST to its own local services. The
    /// check reads the URL as written; a name that resolves to an internal address is the network's egress rules' to
    /// stop (docs/webhooks.md).
    public static func isPublicHTTPS(_ url: String) -> Bool {
        guard url.lowercased().hasPrefix("https://") else { return false }
        let name = host(of: url)
        // A numeric host only as four dotted decimals: `127.1`, `2130706433` or `0x7f000001` are this machine too.
        let numeric = !name.isEmpty && name.allSatisfy { $0.isHexDigit || $0 == "." || $0 == "x" } && name.first!.isNumber
        if numeric, name.split(separator: ".").count != 4 || name.contains("x") { return false }
        return !name.isEmpty && name != "localhost" && !name.hasSuffix(".localhost") && !name.hasPrefix("127.")
            && !name.hasPrefix("0.") && !name.hasPrefix("169.254.") && name != "[::1]" && name != "[::]"
    }

    /// A URL's host as a connection would use it, lower case: after the scheme, up to the path, query or fragment,
    /// without the user information and the port (an IPv6 address keeps its brackets) or trailing dots.
    static func host(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        let authority = url[scheme.upperBound...].prefix { !"/?#\\".contains($0) }
        let host = (authority.split(separator: "@", omittingEmptySubsequences: false).last ?? "").lowercased()
        var name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.split(separator: ":").first ?? "")
        while name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// The wait before the next attempt after `attempts` failures: `base` doubled each time, at most `cap` (seconds).
    public static func backoff(attempts: Int, base: Double, cap: Double) -> Double {
        min(cap, base * pow(2, Double(max(0, attempts - 1))))
    }
}
