import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Store
import Testing

/// Unknown user, wrong password and locked account: the same answer and the same time (issue 17, point 1).
/// The password hashes are at a realistic cost here, so that the checks dominate as they do in production, and
/// the three kinds are interleaved so that the machine's own drift falls on all of them alike.
///
/// Timed on a quiet machine: `scripts/test` runs it alone after the suite (`CUSTODIA_TIMING_TESTS=1`); beside the
/// whole parallel suite on two cores, one run in three showed more than 10% of noise between the kinds, in either
/// direction. Without the variable it is reported as skipped, not passed.
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["CUSTODIA_TIMING_TESTS"] == "1",
        "timed alone: scripts/test runs it after the suite with CUSTODIA_TIMING_TESTS=1"))
struct LoginTimingTests {
    @Test(arguments: TestDatabase.engines)
    func unknownWrongAndLockedTakeTheSameTime(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            var config = AccessFixtures.config(clock: clock)
            config.access.bcryptCost = 10
            for name in ["ana", "luis"] {
                _ = try await services.directory.createUser(
                    username: name, displayName: name,
                    passwordHash: await AccessControl.hashPassword("correcta-123456", cost: 10),
                    roles: [.registryClerk], scope: .nation, totpSecret: nil, actor: "test")
            }
            let router = try CustodiaApp.buildRouter(services: services, config: config)
            try await Application(router: router).test(.router) { client in
                func reset(_ sql: String) async throws {
                    try await database.transaction { try await $0.raw(SQLQueryString(sql)).run() }
                }
                try await reset(
                    "UPDATE staff_users SET failed_attempts = 5, locked_until = '2099-01-01T00:00:00.000Z' WHERE username = 'luis'"
                )
                var ratios: [String: [Double]] = [:]
                var codes: Set<String> = []
                let kinds = [("unknown", "nadie"), ("wrong", "ana"), ("locked", "luis")]
                _ = try await client.login("calentar", password: "x")  // the first unknown name makes the decoy hash
                for round in 0..<25 {
                    // Each round times the three kinds back to back, in a turning order, and keeps each time as a
                    // share of the round's mean: a round slowed by the machine weighs like any other.
                    var round_: [String: Double] = [:]
                    let order = (0..<3).map { kinds[($0 + round) % 3] }
                    for (kind, user) in order {
                        let started = ContinuousClock.now
                        let (session, response) = try await client.login(user, password: "incorrecta-\(round)")
                        let elapsed = ContinuousClock.now - started
                        #expect(session == nil && response.status == 401)
                        codes.insert(response.problemCode ?? "none")
                        round_[kind] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                        if kind == "wrong" {
                            try await reset("UPDATE staff_users SET failed_attempts = 0 WHERE username = 'ana'")
                        }
                    }
                    let mean = round_.values.reduce(0, +) / 3
                    for (kind, time) in round_ { ratios[kind, default: []].append(time / mean) }
                }
                #expect(codes == ["auth.invalid_credentials"])
                let medians = ratios.mapValues { values in values.sorted()[values.count / 2] }
                print("login timing, \(engine), medians as shares of the round mean: \(medians)")
                let slowest = try #require(medians.values.max())
                let fastest = try #require(medians.values.min())
                #expect(slowest <= fastest * 1.10, "medians as shares of the round's mean: \(medians)")
            }
        }
    }
}
