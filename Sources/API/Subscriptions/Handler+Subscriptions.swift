import CustodiaCore
import Foundation

/// An institution's own webhook subscriptions (issue 13 point 4; ADR 0025): an institutional token subscribes its URLs,
/// in its own scope, lists them with where each delivery stands, pauses, resumes and rotates a secret. Another
/// institution's subscription is 404, as anything outside a scope is. The secret is in the answer that made it only.
extension Handler {
    /// The calling institution: a token's client name; staff have none (no role holds the operation).
    private var client: (name: String, scope: Scope)? {
        guard let principal = access?.principal, case .client = principal.kind else { return nil }
        return (principal.name, principal.scope)
    }

    private func own(_ id: Int64) async throws -> Subscription? {
        guard let client, let subscription = try await registry.subscription(.init(rawValue: id)),
            subscription.client == client.name
        else { return nil }
        return subscription
    }

    private func document(_ subscription: Subscription) async throws -> Components.Schemas.Subscription {
        Map.subscription(subscription, deadLetters: try await registry.deadLetters(subscription.id))
    }

    func listSubscriptions(_ input: Operations.ListSubscriptions.Input) async throws -> Operations.ListSubscriptions.Output {
        guard let client else { return .forbidden(.init(.forbidden("Subscriptions belong to institutional tokens"))) }
        var items: [Components.Schemas.Subscription] = []
        for subscription in try await registry.subscriptions(client: client.name) {
            items.append(try await document(subscription))
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func createSubscription(_ input: Operations.CreateSubscription.Input) async throws
        -> Operations.CreateSubscription.Output
    {
        guard let client else { return .forbidden(.init(.forbidden("Subscriptions belong to institutional tokens"))) }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        let url = body.url.trimmingWhitespace()
        guard SubscriptionRules.isPublicHTTPS(url) else {
            return .unprocessableContent(.init(.validation([ValidationMessage(.subscriptionURLInvalid, field: "url")])))
        }
        let secret = Subscription.newSecret()
        let types = Set((body.eventTypes ?? []).map { $0.trimmingWhitespace() })
        // What a subscription delivers is the event log in the token's scope: a token that may not read the log may
        // subscribe to its own orders' states only.
        let ownOrders: Set<String> = ["custodia.order.state_changed.v1"]
        if access?.principal.may(.readEvents) == false, types.isEmpty || !types.isSubset(of: ownOrders) {
            return .unprocessableContent(
                .init(.validation([ValidationMessage(.subscriptionEventsNotGranted, field: "event_types")])))
        }
        switch try await registry.createSubscription(
            client: client.name, url: url, eventTypes: types, scope: client.scope,
            secret: secret, fromPosition: body.fromPosition, actor: actor)
        {
        case .done(let subscription):
            return .created(
                .init(
                    headers: .init(location: "/api/v1/subscriptions/\(subscription.id.rawValue)"),
                    body: .json(.init(subscription: try await document(subscription), secret: secret))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .badRequest(.init(.badRequest(field: nil, detail: "unexpected outcome")))
        }
    }

    func getSubscription(_ input: Operations.GetSubscription.Input) async throws -> Operations.GetSubscription.Output {
        guard let subscription = try await own(input.path.id) else {
            return .notFound(.init(.notFound("No subscription \(input.path.id)")))
        }
        return .ok(
            .init(headers: .init(eTag: Map.etag(subscription.version)), body: .json(try await document(subscription))))
    }

    func stepSubscription(_ input: Operations.StepSubscription.Input) async throws -> Operations.StepSubscription.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .badRequest(.init(Self.ifMatchProblem))
        }
        guard let subscription = try await own(input.path.id) else {
            return .notFound(.init(.notFound("No subscription \(input.path.id)")))
        }
        guard subscription.version == version else {
            return .preconditionFailed(.init(.stale(current: subscription.version)))
        }
        var secret: String?
        let changed: Subscription?
        switch body.action {
        case .pause: changed = try await registry.setSubscriptionActive(subscription.id, false, actor: actor)
        case .resume: changed = try await registry.setSubscriptionActive(subscription.id, true, actor: actor)
        case .rotate:
            let overlap = Double(body.overlapHours ?? 24) * 3_600
            let new = Subscription.newSecret()
            secret = new
            changed = try await registry.rotateSecret(
                subscription.id, newSecret: new, overlapUntil: environment.now().addingTimeInterval(overlap), actor: actor)
        }
        guard let changed else { return .notFound(.init(.notFound("No subscription \(input.path.id)"))) }
        return .ok(
            .init(
                headers: .init(eTag: Map.etag(changed.version)),
                body: .json(.init(subscription: try await document(changed), secret: secret))))
    }
}

extension Map {
    static func subscription(_ s: Subscription, deadLetters: [DeadLetter]) -> Components.Schemas.Subscription {
        let previousUntil = s.previousSecret == nil ? nil : s.previousUntil
        return Components.Schemas.Subscription(
            id: s.id.rawValue, client: s.client, url: s.url, eventTypes: s.eventTypes.sorted(), scope: s.scope.text,
            deliveredPosition: s.deliveredPosition, active: s.active, attempts: s.attempts, lastError: s.lastError,
            nextAttemptAt: s.nextAttemptAt, previousSecretUntil: previousUntil, createdAt: s.createdAt, version: s.version,
            deadLetters: deadLetters.map {
                .init(
                    id: $0.id.rawValue, position: $0.position, attempts: $0.attempts, firstFailedAt: $0.firstFailedAt,
                    deadAt: $0.deadAt, lastError: $0.lastError, replayedAt: $0.replayedAt)
            })
    }
}
