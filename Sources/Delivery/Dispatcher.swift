import CustodiaCore
import Foundation
import Logging
import ServiceLifecycle
import Store

/// How the dispatcher retries (issue 13 point 4): the first retry after `baseDelay` seconds, doubling up to `maxDelay`;
/// an event still failing `deadAfter` seconds after its first failure becomes a dead letter and the subscription moves
/// on. The defaults keep a subscriber that is down for a day losing nothing.
public struct DeliverySettings: Sendable {
    public var baseDelay: Double = 1
    public var maxDelay: Double = 300
    public var deadAfter: Double = 86_400
    public var timeout: Int64 = 10
    public var pollInterval: Double = 0.5
    public var batch = 500
    /// Seconds a server holds a subscription's delivery before it must renew it (ADR 0029): how long a subscription
    /// waits when the server delivering it dies.
    public var lease: Double = 60

    public init() {}
}

/// Delivers the event log to every active subscription (ADR 0025): each event of its types and scope, in log order (so
/// in order per person), as a CloudEvents 1.0 JSON document POSTed to its URL with the Standard Webhooks headers; at
/// least once: the position advances only after a 2xx. A failing event holds the subscription's queue (the order per
/// person is kept) and is retried with back-off; past the dead-letter age it is set aside for an administrator.
/// Nothing here blocks a change to the register: the dispatcher only reads the outbox.
public struct Dispatcher: Service {
    let registry: SQLRegistry
    let settings: DeliverySettings
    let now: @Sendable () -> Date
    let logger: Logger
    /// The establishments of a scope (`nil`: the nation).
    let establishments: @Sendable (Scope) async throws -> Set<String>?
    /// This dispatcher's name on the leases it takes: with several servers on one database, each subscription is
    /// delivered by one of them at a time (issue 17 point 8).
    public let holder = "dispatcher-\(UUID().uuidString.lowercased())"

    public init(
        registry: SQLRegistry, settings: DeliverySettings, now: @escaping @Sendable () -> Date, logger: Logger,
        establishments: @escaping @Sendable (Scope) async throws -> Set<String>?
    ) {
        self.registry = registry
        self.settings = settings
        self.now = now
        self.logger = logger
        self.establishments = establishments
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let sent: Int
            do {
                sent = try await deliverOnce()
            } catch {
                logger.error("event delivery pass failed: \(error)")
                sent = 0
            }
            if sent == 0 { try? await Task.sleep(for: .milliseconds(Int64(settings.pollInterval * 1_000))) }
        }
        do { try await registry.releaseSubscriptionLeases(holder: holder) } catch {
            logger.warning("could not give up the delivery leases: \(error)")
        }
    }

    /// One pass over every active subscription that is due: how many events were delivered.
    @discardableResult
    public func deliverOnce() async throws -> Int {
        var sent = 0
        for subscription in try await registry.subscriptions(client: nil)
        where subscription.active && (subscription.nextAttemptAt ?? .distantPast) <= now() {
            sent += try await deliver(subscription)
        }
        return sent
    }

    /// Delivers what the subscription has pending, in order, until the log's end or a failure; nothing when another
    /// server holds its lease.
    func deliver(_ listed: Subscription) async throws -> Int {
        // Nothing new: no lease taken, nothing written.
        guard try await !registry.events(after: listed.deliveredPosition, limit: 1, within: nil).isEmpty else { return 0 }
        // Read again under the lease: another server may have delivered, or failed and set a wait, since the list was read.
        guard try await lease(listed), let subscription = try await registry.subscription(listed.id), subscription.active,
            (subscription.nextAttemptAt ?? .distantPast) <= now()
        else { return 0 }
        let scope = try await establishments(subscription.scope)
        var position = subscription.deliveredPosition
        var saved = position
        var sent = 0
        var renew = false
        while true {
            // The lease is renewed before each batch after the first; a server that lost it (paused past it) stops.
            if renew, try await !lease(subscription) { break }
            renew = true
            let events = try await registry.events(after: position, limit: settings.batch, within: nil)
            guard !events.isEmpty else { break }
            // A district subscription takes the events of its districts' cases' persons (issue 13 point 5).
            var inDistricts: Set<Person.ID>?
            if let districts = subscription.scope.districts {
                inDistricts = try await registry.persons(Set(events.compactMap(\.personID)), inDistricts: districts)
            }
            for event in events {
                let issuer = Self.issuer(of: event)
                let personAllowed = inDistricts.map { allowed in event.personID.map(allowed.contains) ?? false } ?? true
                guard
                    subscription.takes(
                        type: event.type, establishment: event.establishmentCode, issuer: issuer, establishments: scope),
                    personAllowed || (issuer != nil && issuer == subscription.client)
                else {
                    position = event.position
                    continue
                }
                switch await post(event, to: subscription) {
                case .success:
                    position = event.position
                    try await registry.advanceSubscription(subscription.id, to: position)
                    saved = position
                    sent += 1
                case .failure(let failure):
                    if position > saved { try await registry.advanceSubscription(subscription.id, to: position) }
                    // The failure count and its first instant are the head event's only if nothing moved this pass.
                    let head = saved == subscription.deliveredPosition ? subscription : nil
                    let first = head?.firstFailedAt ?? now()
                    if now().timeIntervalSince(first) >= settings.deadAfter, var dead = head {
                        dead.firstFailedAt = first
                        try await registry.deadLetter(dead, position: event.position, error: failure.text, at: now())
                        logger.warning("event \(event.position) set aside for subscription \(subscription.id.rawValue)")
                        return sent
                    }
                    let attempts = (head?.attempts ?? 0) + 1
                    let wait = SubscriptionRules.backoff(attempts: attempts, base: settings.baseDelay, cap: settings.maxDelay)
                    try await registry.recordDeliveryFailure(
                        subscription.id, error: failure.text, at: first, nextAttemptAt: now().addingTimeInterval(wait))
                    return sent
                }
            }
        }
        if position > saved { try await registry.advanceSubscription(subscription.id, to: position) }
        return sent
    }

    private func lease(_ subscription: Subscription) async throws -> Bool {
        let instant = now()
        return try await registry.leaseSubscription(
            subscription.id, holder: holder, until: instant.addingTimeInterval(settings.lease), now: instant)
    }

    /// Replays a dead letter now (an administrator's decision): true when the subscriber answered 2xx.
    public func replay(_ letter: DeadLetter, actor: Actor) async throws -> Bool {
        guard let subscription = try await registry.subscription(letter.subscriptionID),
            let event = try await registry.event(at: letter.position)
        else { return false }
        guard case .success = await post(event, to: subscription) else { return false }
        try await registry.markReplayed(letter, at: now(), actor: actor)
        return true
    }

    struct Failure: Error {
        var text: String
    }

    /// One POST: the CloudEvents document signed with every secret valid now.
    func post(_ event: EventRecord, to subscription: Subscription) async -> Result<Void, Failure> {
        let body: Data
        do { body = try CloudEvent.document(event) } catch { return .failure(Failure(text: String(describing: error))) }
        guard let url = URL(string: subscription.url) else { return .failure(Failure(text: "not a URL")) }
        let id = CloudEvent.id(event)
        let timestamp = Int64(now().timeIntervalSince1970)
        let headers = [
            ("content-type", "application/cloudevents+json; charset=utf-8"), ("user-agent", "Custodia-Webhooks/1"),
            ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            (
                "webhook-signature",
                WebhookSignature.header(
                    secrets: subscription.signingSecrets(at: now()), id: id, timestamp: timestamp, body: body)
            ),
        ]
        switch await WebhookTransport.shared.post(
            url: url, headers: headers, body: body, timeout: TimeInterval(settings.timeout))
        {
        case .success(let status) where (200..<300).contains(status): return .success(())
        case .success(let status): return .failure(Failure(text: "HTTP \(status)"))
        case .failure(let failure): return .failure(Failure(text: failure.text))
        }
    }

    /// The client an order's acknowledgement is for: it receives its own orders' states whatever its scope.
    static func issuer(of event: EventRecord) -> String? {
        guard event.type == "custodia.order.state_changed.v1",
            case .inboundOrderChanged(let changed)? = try? DomainEvent(type: event.type, payload: event.payload)
        else { return nil }
        return changed.client
    }
}

/// The CloudEvents 1.0 JSON form of an event of the log (structured mode).
public enum CloudEvent {
    public static let source = "urn:custodia:events"

    /// The same for every subscriber and every retry: a receiver drops a second delivery by it.
    public static func id(_ event: EventRecord) -> String { "evt_\(event.position)" }

    public static func document(_ event: EventRecord) throws -> Data {
        var object: [String: Any] = [
            "specversion": "1.0", "id": id(event), "source": source, "type": event.type,
            "time": event.occurredAt.formatted(.iso8601), "datacontenttype": "application/json",
            "custodiaposition": event.position,
            "data": try JSONSerialization.jsonObject(with: Data(event.payload.utf8)),
        ]
        object["subject"] = event.personID.map { PersonNumber(id: $0).description }
        object["custodiaestablishment"] = event.establishmentCode
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
