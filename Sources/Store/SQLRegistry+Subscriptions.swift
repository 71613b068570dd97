import CustodiaCore
import Foundation
import SQLKit

/// Subscriptions to the event log and their delivery state (issue 13 point 4; ADR 0025). Who subscribes, rotates a
/// secret or replays a dead letter is audited; the dispatcher's progress (delivered, failed, set aside) is not: the
/// subscription's row says where it stands, and a dead letter is kept.
extension SQLRegistry {
    static let subscriptionColumns = """
        id, client, url, event_types, scope, secret, previous_secret, previous_until, delivered_position, attempts,
        first_failed_at, next_attempt_at, last_error, active, created_at, version
        """

    /// A new subscription from `fromPosition` (the log's head when nil: only events from now on).
    public func createSubscription(
        client: String, url: String, eventTypes: Set<String>, scope: Scope, secret: String, fromPosition: Int64?, actor: Actor
    ) async throws -> ChangeOutcome<Subscription> {
        let messages = SubscriptionRules.validate(url: url, eventTypes: eventTypes, known: DomainEvent.types)
        guard messages.isEmpty else { return .rejected(messages) }
        let known = try await database.read { sql in
            try await !sql.execute("SELECT id FROM api_clients WHERE name = $1", [client]).isEmpty
        }
        guard known else { return .rejected([ValidationMessage(.subscriptionClientUnknown, field: "client")]) }
        let subscription = try await database.transaction { sql in
            let head = try await sql.execute("SELECT position FROM event_head WHERE id = 1", []).first?.int64("position") ?? 0
            let instant = now()
            let id = try await sql.insertReturningID(
                "subscriptions",
                ["client", "url", "event_types", "scope", "secret", "delivered_position", "created_at", "version"],
                [
                    client, url, eventTypes.sorted().joined(separator: ","), scope.text, secret,
                    min(fromPosition ?? head, head), Instant.iso(instant), 1,
                ])
            try await auditSubscription(sql, id: id, outcome: "ok subscribed \(url)", actor: actor, at: instant)
            guard let created = try await Self.subscription(sql, .init(rawValue: id)) else {
                throw StoreError.corrupt("subscription vanished")
            }
            return created
        }
        return .done(subscription)
    }

    public func subscriptions(client: String?) async throws -> [Subscription] {
        try await database.read { sql in
            let rows =
                if let client {
                    try await sql.execute(
                        "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE client = $1 ORDER BY id", [client])
                } else {
                    try await sql.execute("SELECT \(Self.subscriptionColumns) FROM subscriptions ORDER BY id", [])
                }
            return try rows.map(Decode.subscription)
        }
    }

    public func subscription(_ id: Subscription.ID) async throws -> Subscription? {
        try await database.read { sql in try await Self.subscription(sql, id) }
    }

    static func subscription(_ sql: any SQLDatabase, _ id: Subscription.ID) async throws -> Subscription? {
        try await sql.execute("SELECT \(subscriptionColumns) FROM subscriptions WHERE id = $1", [id.rawValue]).first.map(
            Decode.subscription)
    }

    /// A new secret; the old one keeps signing until `overlapUntil`, so the receiver can switch without losing a
    /// delivery (Standard Webhooks: a header with both signatures).
    public func rotateSecret(_ id: Subscription.ID, newSecret: String, overlapUntil: Date, actor: Actor) async throws
        -> Subscription?
    {
        try await database.transaction { sql in
            guard try await Self.subscription(sql, id) != nil else { return nil }
            try await sql.execute(
                """
                UPDATE subscriptions SET previous_secret = secret, previous_until = $1, secret = $2, version = version + 1
                WHERE id = $3
                """, [Instant.iso(overlapUntil), newSecret, id.rawValue])
            try await auditSubscription(
                sql, id: id.rawValue, outcome: "ok secret rotated (old valid until \(Instant.iso(overlapUntil)))",
                actor: actor, at: now())
            return try await Self.subscription(sql, id)
        }
    }

    public func setSubscriptionActive(_ id: Subscription.ID, _ active: Bool, actor: Actor) async throws -> Subscription? {
        try await database.transaction { sql in
            guard try await Self.subscription(sql, id) != nil else { return nil }
            try await sql.execute(
                "UPDATE subscriptions SET active = $1, version = version + 1 WHERE id = $2", [active ? 1 : 0, id.rawValue])
            try await auditSubscription(
                sql, id: id.rawValue, outcome: active ? "ok resumed" : "ok paused", actor: actor, at: now())
            return try await Self.subscription(sql, id)
        }
    }

    /// Takes or renews the lease on a subscription's delivery until `until` (issue 17 point 8): true when `holder` holds
    /// it now, false when another server does and its lease has not run out. One statement, so two servers asking at
    /// once never both get it.
    public func leaseSubscription(_ id: Subscription.ID, holder: String, until: Date, now instant: Date) async throws -> Bool {
        try await database.transaction { sql in
            try await !sql.execute(
                """
                UPDATE subscriptions SET lease_holder = $1, lease_until = $2
                WHERE id = $3 AND (lease_holder IS NULL OR lease_holder = $1 OR lease_until IS NULL OR lease_until <= $4)
                RETURNING id
                """, [holder, Instant.iso(until), id.rawValue, Instant.iso(instant)]
            ).isEmpty
        }
    }

    /// Gives up every lease `holder` holds (a server that stops), so that another server takes them over at once.
    public func releaseSubscriptionLeases(holder: String) async throws {
        _ = try await database.transaction { sql in
            try await sql.execute(
                "UPDATE subscriptions SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = $1", [holder])
        }
    }

    /// The subscription has everything up to `position`: the next delivery starts after it, with no retry pending.
    public func advanceSubscription(_ id: Subscription.ID, to position: Int64) async throws {
        _ = try await database.transaction { sql in
            try await sql.execute(
                """
                UPDATE subscriptions SET delivered_position = $1, attempts = 0, first_failed_at = NULL,
                  next_attempt_at = NULL, last_error = NULL WHERE id = $2 AND delivered_position < $1
                """, [position, id.rawValue])
        }
    }

    /// An attempt at the head event failed: counted, and the next one not before `nextAttemptAt`.
    public func recordDeliveryFailure(_ id: Subscription.ID, error: String, at instant: Date, nextAttemptAt: Date) async throws {
        _ = try await database.transaction { sql in
            try await sql.execute(
                """
                UPDATE subscriptions SET attempts = attempts + 1, first_failed_at = COALESCE(first_failed_at, $1),
                  next_attempt_at = $2, last_error = $3 WHERE id = $4
                """, [Instant.iso(instant), Instant.iso(nextAttemptAt), String(error.prefix(500)), id.rawValue])
        }
    }

    /// The head event failed past the dead-letter age: kept as a dead letter, and the subscription moves on.
    public func deadLetter(_ subscription: Subscription, position: Int64, error: String, at instant: Date) async throws {
        try await database.transaction { sql in
            try await sql.insertRows(
                "dead_letters", ["subscription_id", "position", "attempts", "first_failed_at", "dead_at", "last_error"],
                [
                    [
                        subscription.id.rawValue, position, subscription.attempts + 1,
                        Instant.iso(subscription.firstFailedAt ?? instant), Instant.iso(instant), String(error.prefix(500)),
                    ]
                ])
            try await sql.execute(
                """
                UPDATE subscriptions SET delivered_position = $1, attempts = 0, first_failed_at = NULL,
                  next_attempt_at = NULL, last_error = NULL WHERE id = $2
                """, [position, subscription.id.rawValue])
        }
    }

    public func deadLetters(_ id: Subscription.ID) async throws -> [DeadLetter] {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT id, subscription_id, position, attempts, first_failed_at, dead_at, last_error, replayed_at
                FROM dead_letters WHERE subscription_id = $1 ORDER BY position
                """, [id.rawValue]
            ).map(Decode.deadLetter)
        }
    }

    public func deadLetter(_ id: DeadLetter.ID) async throws -> DeadLetter? {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT id, subscription_id, position, attempts, first_failed_at, dead_at, last_error, replayed_at
                FROM dead_letters WHERE id = $1
                """, [id.rawValue]
            ).first.map(Decode.deadLetter)
        }
    }

    /// A dead letter delivered by an administrator's replay.
    public func markReplayed(_ letter: DeadLetter, at instant: Date, actor: Actor) async throws {
        try await database.transaction { sql in
            try await sql.execute(
                "UPDATE dead_letters SET replayed_at = $1 WHERE id = $2", [Instant.iso(instant), letter.id.rawValue])
            try await auditSubscription(
                sql, id: letter.subscriptionID.rawValue, outcome: "ok replayed event \(letter.position)", actor: actor,
                at: instant)
        }
    }

    /// Which of the persons have a case in one of the judicial districts (a district subscription's view).
    public func persons(_ ids: Set<Person.ID>, inDistricts districts: Set<String>) async throws -> Set<Person.ID> {
        let people = ids.map(\.rawValue).sorted()
        let names = districts.sorted()
        guard !people.isEmpty, !names.isEmpty else { return [] }
        return try await database.read { sql in
            Set(
                try await sql.execute(
                    """
                    SELECT DISTINCT person_id FROM legal_cases WHERE person_id IN (\(Placeholders.list(people.count)))
                      AND judicial_district IN (\(Placeholders.list(names.count, from: people.count + 1)))
                    """, people as [any Encodable & Sendable] + names as [any Encodable & Sendable]
                ).map { Person.ID(rawValue: try $0.int64("person_id")) })
        }
    }

    /// One event of the log by its position.
    public func event(at position: Int64) async throws -> EventRecord? {
        try await events(after: position - 1, limit: 1, within: nil).first { $0.position == position }
    }

    private func auditSubscription(_ sql: any SQLDatabase, id: Int64, outcome: String, actor: Actor, at instant: Date)
        async throws
    {
        guard auditTrail else { return }
        try await AuditChain.append(
            NewAuditRecord(actor: actor, resource: "subscription \(id)", outcome: outcome), at: instant, on: sql,
            engine: database.engine)
    }
}

extension Decode {
    static func subscription(_ row: any SQLRow) throws -> Subscription {
        guard let scope = Scope(text: try row.string("scope")), let created = Instant.parse(try row.string("created_at"))
        else { throw StoreError.corrupt("subscription") }
        let types = try row.string("event_types").split(separator: ",").map(String.init)
        return Subscription(
            id: .init(rawValue: try row.int64("id")), client: try row.string("client"), url: try row.string("url"),
            eventTypes: Set(types), scope: scope, secret: try row.string("secret"),
            previousSecret: try row.optionalString("previous_secret"),
            previousUntil: try row.optionalString("previous_until").flatMap(Instant.parse),
            deliveredPosition: try row.int64("delivered_position"), attempts: try row.int("attempts"),
            firstFailedAt: try row.optionalString("first_failed_at").flatMap(Instant.parse),
            nextAttemptAt: try row.optionalString("next_attempt_at").flatMap(Instant.parse),
            lastError: try row.optionalString("last_error"), active: try row.int("active") != 0, createdAt: created,
            version: try row.int("version"))
    }

    static func deadLetter(_ row: any SQLRow) throws -> DeadLetter {
        guard let first = Instant.parse(try row.string("first_failed_at")), let dead = Instant.parse(try row.string("dead_at"))
        else { throw StoreError.corrupt("dead letter") }
        return DeadLetter(
            id: .init(rawValue: try row.int64("id")), subscriptionID: .init(rawValue: try row.int64("subscription_id")),
            position: try row.int64("position"), attempts: try row.int("attempts"), firstFailedAt: first, deadAt: dead,
            lastError: try row.string("last_error"), replayedAt: try row.optionalString("replayed_at").flatMap(Instant.parse))
    }
}
