import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// `GET /api/v1/metrics` and `/ready` (issue 15 point 4): a monitoring token reads the register's figures and the
/// requests' counts in the Prometheus text format; a token scoped to an establishment sees its establishment only and no
/// subscription; nobody is named; without a token 401, a staff session 403; `/ready` answers once the schema is this
/// build's.
@Suite struct MetricsAPITests {
    static func text(_ client: any TestClientProtocol, _ uri: String, headers: HTTPFields) async throws -> (Int, String, String?)
    {
        try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { response in
            (Int(response.status.code), String(buffer: response.body), response.headers[.contentType])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aMonitoringTokenScrapes(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            guard case .done(let file) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let expires = clock.now.addingTimeInterval(3_600)
            let national = try await AccessFixtures.token(
                client: "Monitoreo (sintético)", operations: [.readMetrics, .readPersonFile], scope: .nation,
                in: services.directory, expiresAt: expires)
            let north = try await AccessFixtures.token(
                client: "Monitoreo del norte (sintético)", operations: [.readMetrics], scope: .establishments(["ep-norte"]),
                in: services.directory, expiresAt: expires)
            let number = file.person.number.description
            _ = try await Self.text(client, "/api/v1/persons/\(number)", headers: [.authorization: "Bearer \(national)"])

            let (status, body, type) = try await Self.text(
                client, "/api/v1/metrics", headers: [.authorization: "Bearer \(national)"])
            #expect(status == 200 && type?.hasPrefix("text/plain") == true)
            #expect(body.contains("custodia_population{establishment=\"ep-norte\"} 1"))
            #expect(body.contains("custodia_capacity{establishment=\"ep-norte\"} 10"))
            #expect(body.contains("custodia_population_total 1") && body.contains("custodia_occupancy_ratio{"))
            #expect(body.contains("custodia_alerts{kind=\"unlawful_detention\",severity=\"critical\"} 0"))
            #expect(body.contains("custodia_release_orders_overdue 0") && body.contains("custodia_event_log_head "))
            #expect(body.contains("# TYPE custodia_population gauge"))
            // The file read a moment ago is counted under its route's template, never under the person's number.
            #expect(body.contains("hb_requests{") && body.contains("http_route=\"/api/v1/persons/"))
            #expect(!body.contains(number) && !body.contains(file.person.name.paternalSurname))
            // The database pool, for the nation's operators: its size, nothing waiting now, connections handed out.
            let pool = "{engine=\"\(engine.rawValue)\"}"
            #expect(
                body.contains("custodia_db_connections_max\(pool) ") && body.contains("custodia_db_requests_waiting\(pool) 0"))
            let handedOut = body.split(separator: "\n").first { $0.hasPrefix("custodia_db_connections_acquired\(pool) ") }
            #expect((handedOut?.split(separator: " ").last.flatMap { Int($0) } ?? 0) > 0, "\(body)")
            #expect(body.contains("custodia_db_pool_timeouts\(pool) 0"))
            #expect(body.contains("custodia_db_writes_queued\(pool)") == (engine == .sqlite))

            let (_, scoped, _) = try await Self.text(client, "/api/v1/metrics", headers: [.authorization: "Bearer \(north)"])
            #expect(scoped.contains("custodia_population{establishment=\"ep-norte\"}"))
            #expect(!scoped.contains("establishment=\"ep-mujeres\"") && !scoped.contains("custodia_subscription_lag_events{"))
            #expect(!scoped.contains("custodia_db_"))

            #expect(try await Self.text(client, "/api/v1/metrics", headers: [:]).0 == 401)
            let clerk = try await client.signIn(
                try await AccessFixtures.user(
                    "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock
            ).headers
            #expect(try await Self.text(client, "/api/v1/metrics", headers: clerk).0 == 403)

            let (ready, word, _) = try await Self.text(client, "/ready", headers: [:])
            #expect(ready == 200 && word == "ready")
        }
    }
}
