import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import LegalClock
import Store
import Testing

/// One source of time and law (issue 10, point 6): the person-clock endpoint and the person's page take the day
/// and the rule tables from the environment the application was built with, never from the wall clock, the
/// configuration's own date or the shipped rules.
@Suite struct EnvironmentTests {
    /// The shipped tables and a hypothetical law in force from 2026-02-20 that allows 6 months of prisión
    /// preventiva in an ordinary case (the fixture person was ordered 9, from 2026-03-01).
    static var hypotheticalRules: RuleSet {
        var tables = RuleSet.shipped.tables
        var later = tables[tables.count - 1]
        later.law = "hypothetical"
        later.validFrom = CivilDate(year: 2026, month: 2, day: 20)!
        later.pretrial.maximumMonths.ordinary = 6
        tables.append(later)
        return RuleSet(tables: tables)
    }

    /// The application over `database` built with `environment`; the configuration fixes another day
    /// (`Fixtures.asOf`), which must not be the one used.
    static func withApplication(
        _ database: Database, _ environment: CustodiaEnvironment, clock: TestClock,
        _ body: @escaping @Sendable (any TestClientProtocol, Services) async throws -> Void
    ) async throws {
        let services = Services(database: database, environment: environment)
        let router = try CustodiaApp.buildRouter(services: services, config: AccessFixtures.config(clock: clock))
        try await Application(router: router).test(.router) { client in try await body(client, services) }
    }

    /// GET /api/v1/persons/{n}/clock with a court's token.
    static func clock(of number: String, _ client: any TestClientProtocol, _ services: Services, _ clock: TestClock)
        async throws -> [String: Any]?
    {
        let token = try await AccessFixtures.token(
            client: "Corte", operations: [.readPersonClock], scope: .nation, in: services.directory,
            expiresAt: clock.now.addingTimeInterval(3_600))
        return try await client.execute(
            uri: "/api/v1/persons/\(number)/clock", method: .get, headers: [.authorization: "Bearer \(token)"]
        ) { try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any] }
    }

    @Test(arguments: TestDatabase.engines)
    func theClockEndpointAndThePersonPageUseTheEnvironment(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let clock = TestClock()
            let registry = SQLRegistry(database: database, environment: Fixtures.environment(now: clock.source))
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("fixture admission refused")
                return
            }
            let number = file.person.number.description
            let day = CivilDate(year: 2026, month: 4, day: 20)!
            let shipped = CustodiaEnvironment(now: clock.source, today: { day }, rules: .shipped, seed: 1)
            let hypothetical = CustodiaEnvironment(now: clock.source, today: { day }, rules: Self.hypotheticalRules, seed: 1)

            // The shipped law on the environment's day: 9 months from 2026-03-01 end on 2026-11-30, 224 days after
            // 2026-04-20 (the configuration's 2026-03-15 would give 260).
            try await Self.withApplication(database, shipped, clock: clock) { client, services in
                let result = try await Self.clock(of: number, client, services, clock)
                let pretrial = result?["pretrial"] as? [String: Any]
                #expect(pretrial?["term_ends_on"] as? String == "2026-11-30")
                #expect(pretrial?["days_left"] as? Int == 224)
            }
            // The hypothetical law: the same order exceeds its maximum, on the endpoint and on the page.
            try await Self.withApplication(database, hypothetical, clock: clock) { client, services in
                let result = try await Self.clock(of: number, client, services, clock)
                #expect(result?["status"] as? String == "not_computable")
                let codes = (result?["messages"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
                #expect(codes == ["pretrial.months_exceed_maximum"])

                var browser = Browser(client: client)
                let clerk = try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
                _ = try await browser.signIn(clerk, clock: clock)
                let page = try await browser.get("/persons/\(number)")
                #expect(page.status == 200)
                #expect(page.contains("excede el máximo del art. 272 (6 meses)"))
            }
        }
    }
}

/// No source of ours reads the wall clock or the shipped rules except where the environment is built.
@Suite struct EnvironmentSourceTests {
    @Test func onlyTheConfigurationReadsTheWallClockAndTheShippedRules() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        // Where the environment is built, where the shipped rules are defined, and the tests' own support.
        let allowed: Set<String> = ["App/AppConfig.swift", "LegalClock/RuleSet.swift"]
        var offenders: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            if allowed.contains(relative) || relative.hasPrefix("CustodiaTestSupport/") || relative.hasPrefix("API/Generated/") {
                continue
            }
            let text = try String(contentsOf: url, encoding: .utf8)
            for pattern in ["Date()", ".shipped", "= { Date", "limaDate()"] where text.contains(pattern) {
                offenders.append("\(relative): \(pattern)")
            }
        }
        #expect(offenders.isEmpty, "read the wall clock or the shipped rules directly: \(offenders)")
    }
}

/// Issue 10, point 5: every page renders a typed model; no page builds an untyped dictionary for its template.
@Suite struct PageModelSourceTests {
    @Test func noPageModelIsAnUntypedDictionary() throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Web")
        var offenders: [String] = []
        var models: [String] = []
        let files = FileManager.default.enumerator(at: web, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let relative = String(url.path.dropFirst(web.path.count + 1))
            let text = try String(contentsOf: url, encoding: .utf8)
            for pattern in ["String: Any]", "as Any"] where text.contains(pattern) { offenders.append("\(relative): \(pattern)") }
            if url.lastPathComponent.hasSuffix("Model.swift") { models.append(relative) }
        }
        #expect(offenders.isEmpty, "untyped page values: \(offenders)")
        // Each page's model lives with its handler, in the page's own folder.
        #expect(models.count >= 9)
        #expect(models.allSatisfy { $0.hasPrefix("Pages/") && $0.split(separator: "/").count == 3 }, "\(models)")
    }
}
