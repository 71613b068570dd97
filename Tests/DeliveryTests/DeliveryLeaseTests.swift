import CustodiaCore
import CustodiaTestSupport
import Delivery
import Foundation
import Logging
import SQLKit
import Store
import Testing

/// Two servers on one database (issue 17 point 8): each subscription is delivered by the one dispatcher that holds its
/// lease; the other delivers nothing until the lease runs out or is given up, and no event arrives twice.
extension DeliveryTests {
    @Test(arguments: TestDatabase.engines)
    func twoDispatchersDeliverEachEventOnce(_ engine: TestDatabase.Engine) async throws {
        try await Self.withSetup(engine) { registry, first, receiver, subscription, clock in
            let second = Dispatcher(
                registry: registry, settings: Self.fast, now: clock.source, logger: Logger(label: "second"),
                establishments: { _ in nil })
            #expect(first.holder != second.holder)
            // Both at once, several rounds: ten events, each delivered once, in order.
            _ = try await Self.traffic(registry, count: 5, from: 400)
            var sent = 0
            for _ in 0..<3 {
                async let a = first.deliverOnce()
                async let b = second.deliverOnce()
                sent += try await a + b
            }
            #expect(sent == 10 && receiver.accepted.count == 10 && receiver.duplicates == 0)
            #expect(receiver.accepted.map(\.position) == receiver.accepted.map(\.position).sorted())
            let holder = try #require(try await Self.leaseHolder(registry, subscription.id))
            // Whoever holds the lease keeps it: the other delivers nothing of what comes next.
            let (holding, other) = holder == first.holder ? (first, second) : (second, first)
            _ = try await Self.traffic(registry, count: 1, from: 500)
            #expect(try await other.deliverOnce() == 0)
            #expect(try await holding.deliverOnce() == 2)
            // A holder that stops answering: once its lease has run out, the other takes over.
            _ = try await Self.traffic(registry, count: 1, from: 600)
            clock.advance(minutes: 2)
            #expect(try await other.deliverOnce() == 2)
            #expect(try await Self.leaseHolder(registry, subscription.id) == other.holder)
            // A holder that stops gives its leases up: the other takes over at once.
            try await registry.releaseSubscriptionLeases(holder: other.holder)
            #expect(try await Self.leaseHolder(registry, subscription.id) == nil)
            _ = try await Self.traffic(registry, count: 1, from: 700)
            #expect(try await holding.deliverOnce() == 2)
            #expect(receiver.accepted.count == 16 && receiver.duplicates == 0)
        }
    }

    static func leaseHolder(_ registry: SQLRegistry, _ id: Subscription.ID) async throws -> String? {
        try await registry.database.read { sql in
            try await sql.raw("SELECT lease_holder FROM subscriptions WHERE id = \(bind: id.rawValue)").first()?.decode(
                column: "lease_holder", as: String?.self)
        }
    }
}
