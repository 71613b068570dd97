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

/// Issue 17, points 1 and 3b: failed logins are counted per network address as well as per account (in the
/// database, atomically), and refusals of callers who are not signed in are counted per address, written one
/// by one only up to a sample, summarised when their window ends, and answered 429 past a limit.
@Suite struct AddressLimitTests {
    static let sprayer = "203.0.113.7"
    static let elsewhere = "198.51.100.4"

    /// A password sprayed over ten accounts by 60 concurrent logins from one address: exactly 20 passwords are
    /// checked, the other 40 are answered 429 without a look at the account; another address is not affected;
    /// the address may try again when its window of 15 minutes ends.
    @Test(arguments: TestDatabase.engines)
    func aSprayFromOneAddressMeetsItsLimit(_ engine: TestDatabase.Engine) async throws {
        try await withAccess(engine) { access, services, clock in
            for n in 0..<11 {
                try await AccessFixtures.user(
                    "agente\(n)", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            }
            let outcomes = try await withThrowingTaskGroup(of: AccessFailure?.self) { group in
                for attempt in 0..<60 {
                    group.addTask {
                        let result = try await access.login(
                            username: "agente\(attempt % 10)", password: "clave-\(attempt)", totp: nil, address: Self.sprayer)
                        guard case .failure(let failure) = result else { return nil }
                        return failure
                    }
                }
                return try await group.reduce(into: [AccessFailure?]()) { $0.append($1) }
            }
            let limited = outcomes.compactMap { failure -> Int? in
                if case .tooManyAttempts(let seconds) = failure { seconds } else { nil }
            }
            #expect(outcomes.filter { $0 == .invalidCredentials }.count == 20)
            #expect(limited.count == 40 && limited.allSatisfy { $0 > 0 && $0 <= 900 }, "\(limited)")
            // The right password from that address is refused too; from another address it is accepted.
            #expect(
                try await failure(
                    access.login(
                        username: "agente10", password: AccessFixtures.password, totp: nil,
                        address: Self.sprayer)) == .tooManyAttempts(retryAfter: 900))
            #expect(
                try await failure(
                    access.login(
                        username: "agente10", password: AccessFixtures.password, totp: nil,
                        address: Self.elsewhere)) == nil)
            let rows = try await auditRows(services.database).filter { $0.record.actor.action == "login" }
            #expect(rows.filter { $0.record.outcome == "401 auth.invalid_credentials" }.count == 20)
            // Of the 41 answered 429, the first 10 are written one by one.
            #expect(rows.filter { $0.record.outcome == "429 auth.too_many_attempts" }.count == 10)
            clock.advance(minutes: 15)
            #expect(
                try await failure(
                    access.login(
                        username: "agente10", password: AccessFixtures.password, totp: nil,
                        address: Self.sprayer)) == nil)
            // The next refusal of anyone writes the summary of the sprayer's ended window.
            _ = try await access.anonymousRefusal(
                NewAuditRecord(
                    actor: Actor(user: "anonymous", role: "none", address: Self.elsewhere, action: "GET /api/v1/persons"),
                    outcome: "401 auth.required"))
            let summaries = try await auditRows(services.database).filter { $0.record.actor.action == "refusals" }
            #expect(summaries.count == 1)
            #expect(summaries.first?.record.actor.address == Self.sprayer)
            #expect(
                summaries.first?.record.outcome
                    == "summary: 41 refusals in 60 s, 10 recorded one by one, 0 answered 429 (429 auth.too_many_attempts ×41)")
            #expect(try await services.auditLog.verify().problem == nil)
        }
    }

    /// Only failures use up an address's attempts: a successful login gives its attempt back.
    @Test(arguments: TestDatabase.engines)
    func aSuccessGivesItsAttemptBack(_ engine: TestDatabase.Engine) async throws {
        try await withAccess(engine) { access, services, _ in
            try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            try await AccessFixtures.user(
                "ana", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            for attempt in 0..<19 {
                let name = attempt % 2 == 0 ? "rosa" : "ana"
                // Four failures per account, then a success that starts the account's count again.
                let password = attempt % 5 == 4 ? AccessFixtures.password : "clave-\(attempt)"
                _ = try await access.login(username: name, password: password, totp: nil, address: Self.sprayer)
            }
            // 19 logins, 3 of them successes: 16 attempts used, 4 left.
            for attempt in 0..<4 {
                #expect(
                    try await failure(access.login(username: "nadie", password: "x\(attempt)", totp: nil, address: Self.sprayer))
                        == .invalidCredentials)
            }
            let last = try await failure(access.login(username: "nadie", password: "y", totp: nil, address: Self.sprayer))
            #expect(last == .tooManyAttempts(retryAfter: 900))
        }
    }

    /// The counting itself: written one by one up to the sample, then counted, then 429 with the seconds left
    /// in the window; summaries when windows end; addresses beyond the table's size share one count.
    @Test func anonymousRefusalsAreSampledCountedAndLimited() throws {
        var limits = AnonymousRefusals.Limits()
        limits.window = 60
        limits.recorded = 3
        limits.allowed = 5
        limits.addresses = 2
        let refusals = AnonymousRefusals(limits: limits)
        let start = Date(timeIntervalSince1970: 1_773_576_000)
        var decisions: [AnonymousRefusals.Decision] = []
        for second in 0..<7 {
            let (decision, summaries) = refusals.decide(
                address: "a", outcome: "401 auth.required", at: start.addingTimeInterval(Double(second) * 9))
            #expect(summaries.isEmpty)
            decisions.append(decision)
        }
        #expect(decisions == [.record, .record, .record, .count, .count, .limit(retryAfter: 15), .limit(retryAfter: 6)])
        #expect(refusals.decide(address: "b", outcome: "401 auth.token_invalid", at: start).0 == .record)
        // A third address while two are tracked shares the count of `*`.
        #expect(refusals.decide(address: "c", outcome: "401 auth.required", at: start).0 == .record)
        let (decision, summaries) = refusals.decide(address: "b", outcome: "401 auth.required", at: start.addingTimeInterval(61))
        #expect(decision == .record)
        #expect(summaries.count == 1)
        let summary = try #require(summaries.first)
        #expect(summary.address == "a" && summary.started == start && summary.ended == start.addingTimeInterval(60))
        #expect(summary.refusals == 7 && summary.recorded == 3 && summary.limited == 2)
        #expect(summary.outcomes == ["401 auth.required": 5, "429 request.rate_limited": 2])
        #expect(
            summaries.first?.outcome
                == "summary: 7 refusals in 60 s, 3 recorded one by one, 2 answered 429 (401 auth.required ×5, 429 request.rate_limited ×2)"
        )
    }

    /// Over the network: requests without credentials from one address are answered 401 up to the limit, then
    /// 429 with `Retry-After` (the API's problem, and a page for the staff pages); only the sample is written.
    @Test(arguments: TestDatabase.engines)
    func aFloodOfAnonymousRequestsIsAnswered429AndLeavesASample(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            let router = try CustodiaApp.buildRouter(services: services, config: AccessFixtures.config(clock: clock))
            try await Application(router: router).test(.live) { client in
                for _ in 0..<120 {
                    let response = try await client.call(.get, "/api/v1/establishments")
                    #expect(response.status == 401 && response.problemCode == "auth.required")
                }
                let limited = try await client.call(.get, "/api/v1/establishments")
                #expect(limited.status == 429 && limited.problemCode == "request.rate_limited")
                #expect(limited.headers[.retryAfter] == "60")
                let page = try await client.execute(uri: "/persons", method: .get) { $0 }
                #expect(page.status == .tooManyRequests && page.headers[.retryAfter] == "60")
                #expect(String(buffer: page.body).contains("Demasiadas solicitudes"))
                let rows = try await auditRows(database).filter { $0.record.actor.user == "anonymous" }
                #expect(rows.count == 10 && rows.allSatisfy { $0.record.outcome == "401 auth.required" })
                #expect(rows.allSatisfy { $0.record.actor.address == "127.0.0.1" })
            }
        }
    }

    private func failure(_ result: Result<AccessControl.LoginSuccess, AccessFailure>) -> AccessFailure? {
        if case .failure(let failure) = result { failure } else { nil }
    }

    func withAccess(
        _ engine: TestDatabase.Engine, _ body: @escaping @Sendable (AccessControl, Services, TestClock) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            let access = AccessControl(
                directory: services.directory, audit: services.auditLog, settings: AccessFixtures.config(clock: clock).access,
                now: clock.source)
            try await body(access, services, clock)
        }
    }
}

extension AddressLimitTests {
    /// A flood that stops is summarised all the same: when its window ends (`serve` asks every minute), or,
    /// cut short, when the server stops.
    @Test(arguments: TestDatabase.engines)
    func aFloodThatStopsIsSummarisedAllTheSame(_ engine: TestDatabase.Engine) async throws {
        try await withAccess(engine) { access, services, clock in
            func flood(_ count: Int) async throws {
                for _ in 0..<count {
                    _ = try await access.anonymousRefusal(
                        NewAuditRecord(
                            actor: Actor(user: "anonymous", role: "none", address: Self.sprayer, action: "GET /api/v1/persons"),
                            outcome: "401 auth.required"))
                }
            }
            func summaries() async throws -> [String] {
                try await auditRows(services.database).filter { $0.record.actor.action == "refusals" }.map(\.record.outcome)
            }
            try await flood(15)
            try await access.writeRefusalSummaries()
            #expect(try await summaries().isEmpty, "the window has not ended")
            clock.advance(minutes: 2)
            try await access.writeRefusalSummaries()
            #expect(
                try await summaries() == [
                    "summary: 15 refusals in 60 s, 10 recorded one by one, 0 answered 429 (401 auth.required ×15)"
                ])
            try await flood(12)
            clock.advance(minutes: 0.5)
            try await access.writeRefusalSummaries(closing: true)
            #expect(
                try await summaries().last
                    == "summary: 12 refusals in 30 s, 10 recorded one by one, 0 answered 429 (401 auth.required ×12)")
            #expect(try await summaries().count == 2)
        }
    }
}
