import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// Issue 17, point 8: requests per minute of one token (or account) and of one address, answered 429 with
/// `Retry-After` past them; behind a load balancer the caller's address is the one a trusted proxy forwarded, never one
/// the caller wrote itself.
@Suite struct RequestRateTests {
    /// A minute's allowance at once, then one request each time the bucket refills; keys beyond the table's size share
    /// one bucket once every full bucket has been forgotten; no limit is no limit.
    @Test func bucketsHoldAMinuteAndRefill() {
        var limits = RequestRates.Limits()
        limits.perToken = 6
        limits.perAddress = 2
        limits.keys = 2
        let rates = RequestRates(limits: limits)
        let start = Date(timeIntervalSince1970: 1_773_576_000)
        let first = (0..<7).map { _ in rates.takeForToken("a", at: start) }
        #expect(first == [nil, nil, nil, nil, nil, nil, 10])
        // Six a minute: one every ten seconds.
        #expect(rates.takeForToken("a", at: start.addingTimeInterval(4)) == 6)
        #expect(rates.takeForToken("a", at: start.addingTimeInterval(10)) == nil)
        #expect(rates.takeForToken("a", at: start.addingTimeInterval(10)) == 10)
        // Another token and an address have buckets of their own.
        #expect(rates.takeForAddress("203.0.113.7", at: start) == nil)
        #expect(rates.takeForAddress("203.0.113.7", at: start) == nil)
        #expect(rates.takeForAddress("203.0.113.7", at: start) == 30)
        // The table is full (two keys, neither full again): a third key shares `*`, and so does a fourth.
        #expect(rates.takeForToken("b", at: start.addingTimeInterval(10)) == nil)
        #expect(
            (0..<5).map { _ in rates.takeForToken("c", at: start.addingTimeInterval(10)) } == [nil, nil, nil, nil, nil])
        #expect(rates.takeForToken("d", at: start.addingTimeInterval(10)) == 10)
        // A minute later every bucket is full again and forgotten when room is needed: a new key has its own.
        #expect(rates.takeForToken("e", at: start.addingTimeInterval(120)) == nil)
        let open = RequestRates(limits: .none)
        #expect((0..<10_000).allSatisfy { _ in open.takeForToken("a", at: start) == nil })
        #expect((0..<10_000).allSatisfy { _ in open.takeForAddress("a", at: start) == nil })
    }

    /// Only a trusted proxy's forwarding is believed, and only the entries it and other trusted proxies wrote.
    @Test func theCallersAddressIsTheOneATrustedProxyForwarded() {
        let proxies: Set<String> = ["10.0.0.5", "10.0.0.6"]
        func resolve(_ peer: String?, _ values: [String]) -> String? {
            var headers = HTTPFields()
            for value in values { headers.append(HTTPField(name: ClientAddress.forwardedFor, value: value)) }
            return ClientAddress.resolve(peer: peer, headers: headers, trusting: proxies)
        }
        // Not from a proxy: the header is the caller's own words, ignored.
        #expect(resolve("198.51.100.4", ["203.0.113.7"]) == "198.51.100.4")
        // From a proxy: the last address it heard from.
        #expect(resolve("10.0.0.5", ["203.0.113.7"]) == "203.0.113.7")
        // A caller's forged entries are left of the one the proxy appended.
        #expect(resolve("10.0.0.5", ["1.1.1.1, 203.0.113.7"]) == "203.0.113.7")
        #expect(resolve("10.0.0.5", ["1.1.1.1", "203.0.113.7"]) == "203.0.113.7")
        // Two proxies in a row.
        #expect(resolve("10.0.0.5", ["203.0.113.7, 10.0.0.6"]) == "203.0.113.7")
        #expect(resolve("10.0.0.5", ["2001:db8::1"]) == "2001:db8::1")
        // Garbage stops the walk at the proxy that passed it on.
        for garbage in ["unknown", "203.0.113.7:443", "<script>", "1.2.3.", "", "1.2.3.4.5", "::g", "fe80::1%eth0", "999.1.1.1"] {
            #expect(resolve("10.0.0.5", [garbage]) == "10.0.0.5", "\(garbage)")
        }
        #expect(resolve("10.0.0.5", ["203.0.113.7, junk, 10.0.0.6"]) == "10.0.0.6")
        #expect(resolve("10.0.0.5", []) == "10.0.0.5")
        #expect(resolve(nil, ["203.0.113.7"]) == nil)
    }

    /// Over the network: a token past its minute is answered 429 with `Retry-After` and nothing runs; another token is
    /// not affected; a minute later it may go on. The refusals are counted like anonymous ones, not a row each.
    @Test(arguments: TestDatabase.engines)
    func aTokenPastItsMinuteIsAnswered429(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            var config = AccessFixtures.config(clock: clock)
            config.access.requestRates.perToken = 5
            let router = try CustodiaApp.buildRouter(services: services, config: config)
            let expires = clock.source().addingTimeInterval(3_600)
            let busy = try await AccessFixtures.token(
                client: "Juzgado sintético A", operations: [.listEstablishments], scope: .nation, in: services.directory,
                expiresAt: expires)
            let other = try await AccessFixtures.token(
                client: "Juzgado sintético B", operations: [.listEstablishments], scope: .nation, in: services.directory,
                expiresAt: expires)
            try await Application(router: router).test(.live) { client in
                func get(_ token: String) async throws -> JSONResponse {
                    try await client.call(.get, "/api/v1/establishments", headers: [.authorization: "Bearer \(token)"])
                }
                for _ in 0..<5 { #expect(try await get(busy).status == 200) }
                let before = try await auditRows(database).count
                for _ in 0..<30 {
                    let limited = try await get(busy)
                    #expect(limited.status == 429 && limited.problemCode == "request.rate_limited")
                    #expect(limited.headers[.retryAfter] == "12")
                }
                #expect(try await get(other).status == 200)
                // Ten of the thirty written one by one (the address's sample), the rest counted; the other token's read is
                // not audited (a list of establishments).
                #expect(try await auditRows(database).count - before == 10)
                clock.advance(minutes: 1)
                #expect(try await get(busy).status == 200)
            }
        }
    }

    /// Behind a trusted proxy, each forwarded address has its own allowance; a header from anyone else changes
    /// nothing.
    @Test func forwardedAddressesHaveTheirOwnAllowance() async throws {
        try await TestDatabase.withFresh(.sqlite) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            var config = AccessFixtures.config(clock: clock)
            config.access.requestRates.perAddress = 3
            config.access.trustedProxies = ["127.0.0.1"]
            let router = try CustodiaApp.buildRouter(services: services, config: config)
            try await Application(router: router).test(.live) { client in
                func health(from address: String) async throws -> Int {
                    try await client.call(.get, "/health", headers: [ClientAddress.forwardedFor: address]).status
                }
                var statuses: [Int] = []
                for _ in 0..<4 { statuses.append(try await health(from: "203.0.113.7")) }
                statuses.append(try await health(from: "198.51.100.4"))
                #expect(statuses == [200, 200, 200, 429, 200])
            }
            var untrusting = config
            untrusting.access.trustedProxies = []
            let direct = try CustodiaApp.buildRouter(services: services, config: untrusting)
            try await Application(router: direct).test(.live) { client in
                // Every request is the loopback's, whatever the header says.
                for n in 0..<3 {
                    let status = try await client.call(
                        .get, "/health", headers: [ClientAddress.forwardedFor: "198.51.100.\(n)"]
                    ).status
                    #expect(status == 200)
                }
                #expect(
                    try await client.call(.get, "/health", headers: [ClientAddress.forwardedFor: "198.51.100.9"]).status == 429)
            }
        }
    }
}
