import Foundation

/// Webhook subscriptions (issue 13 point 4; ADR 0025): made by an administrator from the command line or by an
/// institutional client through the API for itself; each change audited.
public protocol SubscriptionStore: Sendable {
    /// A new subscription from `fromPosition` (the log's head when nil: only events from now on); refused with its
    /// messages for a URL that is not HTTPS (or HTTP to loopback), an unknown event type or an unknown client.
    func createSubscription(
        client: String, url: String, eventTypes: Set<String>, scope: Scope, secret: String, fromPosition: Int64?, actor: Actor
    ) async throws -> ChangeOutcome<Subscription>
    /// Every subscription, or a client's, oldest first.
    func subscriptions(client: String?) async throws -> [Subscription]
    func subscription(_ id: Subscription.ID) async throws -> Subscription?
    /// A new secret; the old one keeps signing until `overlapUntil`.
    func rotateSecret(_ id: Subscription.ID, newSecret: String, overlapUntil: Date, actor: Actor) async throws -> Subscription?
    func setSubscriptionActive(_ id: Subscription.ID, _ active: Bool, actor: Actor) async throws -> Subscription?
    func deadLetters(_ id: Subscription.ID) async throws -> [DeadLetter]
}
