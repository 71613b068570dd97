import API
import CustodiaCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import SQLKit
import Store

/// Server time to render the staff pages on a database (the national demo): the whole path in process —
/// router, access control with a real session, the queries, the template, the response body.
public enum PageBenchmark {
    public struct Timing: Sendable {
        public var page: String
        public var uri: String
        public var bytes: Int
        public var samples: [Double]  // milliseconds, sorted

        public var median: Double { samples[samples.count / 2] }
        public var p90: Double { samples[min(samples.count - 1, samples.count * 9 / 10)] }
        public var max: Double { samples.last ?? 0 }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    public static func run(database: Database, iterations: Int, asOf: CivilDate, logger: Logger) async throws -> [Timing] {
        guard try await Meta.get(in: database)["dataset"] == "demo" else {
            throw Failure(description: "the page benchmark runs on a demo database only (it adds an account)")
        }
        var config = AppConfig(asOf: asOf)
        config.access.bcryptCost = 4
        // The server's own ceiling is measured: no request rate limits.
        config.access.requestRates = .none
        let services = Services(database: database, environment: config.environment)
        let password = AccessControl.newPassword()
        let username = "bench.paginas.\(Int(config.now().timeIntervalSince1970))"
        _ = try await services.directory.createUser(
            username: username, displayName: "Medición de páginas",
            passwordHash: await AccessControl.hashPassword(password, cost: 4),
            roles: [.registryClerk, .nationalAnalyst], scope: .nation, totpSecret: nil, actor: "custodia bench pages")
        let access = AccessControl(
            directory: services.directory, audit: services.auditLog, settings: config.access, now: config.now)
        guard case .success(let login) = try await access.login(username: username, password: password, totp: nil, address: nil)
        else { throw Failure(description: "the benchmark account cannot sign in") }
        let responder = try CustodiaApp.buildRouter(services: services, config: config).buildResponder()
        // The file of the person with the oldest unlawful detention: a full file (orders, clock, breakdown).
        var timings: [Timing] = []
        guard
            let alert = try await services.registry.alerts(
                asOf: asOf, establishmentCode: nil, severity: .critical, kind: .unlawfulDetention, after: nil, limit: 1)?.items
                .first
        else { throw Failure(description: "no person to open") }
        let number = PersonNumber(id: alert.alert.personID).description
        let pages = [
            ("national dashboard", "/?as_of=\(asOf)"), ("national dashboard, by regional office", "/?group=region&as_of=\(asOf)"),
            ("person file", "/persons/\(number)"), ("establishment", "/establishments/\(alert.establishmentCode)"),
            ("person search", "/persons?q=huaman"), ("alerts inbox", "/alerts?as_of=\(asOf)"),
            ("visit calendar, Lurigancho", "/establishments/lurigancho/visits?on=\(asOf)"),
        ]
        // The baseline of the same run: one raw SELECT of a person's row by id, the floor of any page's read.
        var baseline: [Double] = []
        for iteration in 0..<(iterations + 5) {
            let begin = ContinuousClock.now
            _ = try await database.read { sql in
                try await sql.raw(
                    "SELECT id, given_names, paternal_surname FROM persons WHERE id = \(bind: alert.alert.personID.rawValue)"
                ).all()
            }
            if iteration >= 5 { baseline.append((ContinuousClock.now - begin).seconds * 1000) }
        }
        timings.append(Timing(page: "(baseline) raw SELECT of one row", uri: "", bytes: 0, samples: baseline.sorted()))
        // What the slowest pages are made of.
        let registry = services.registry
        for name in ["statistics()", "alertCounts()"] {
            var samples: [Double] = []
            for _ in 0..<20 {
                let begin = ContinuousClock.now
                if name == "statistics()" {
                    _ = try await registry.statistics()
                } else {
                    _ = try await registry.alertCounts(asOf: asOf, establishmentCode: nil)
                }
                let elapsed = ContinuousClock.now - begin
                samples.append(elapsed.seconds * 1000)
            }
            timings.append(Timing(page: "(part) \(name)", uri: "", bytes: 0, samples: samples.sorted()))
        }
        let channel = NIOAsyncTestingChannel()
        for (name, uri) in pages {
            var samples: [Double] = []
            var bytes = 0
            for iteration in 0..<(iterations + 5) {
                let request = Request(
                    head: HTTPRequest(
                        method: .get, scheme: "http", authority: "localhost", path: uri,
                        headerFields: [.cookie: "\(AccessControl.cookieName)=\(login.sessionToken)"]),
                    body: .init(buffer: ByteBuffer()))
                let context = CustodiaRequestContext(source: .init(channel: channel, logger: logger))
                let begin = ContinuousClock.now
                let response = try await responder.respond(to: request, context: context)
                let collector = AdmissionBenchmark.BodyCollector()
                try await response.body.write(collector)
                let body = await collector.buffer.value
                let elapsed = ContinuousClock.now - begin
                guard response.status == .ok else { throw Failure(description: "\(uri) answered \(response.status)") }
                bytes = body.readableBytes
                // The first few warm the caches (templates, statements); they are not counted.
                if iteration >= 5 {
                    samples.append(elapsed.seconds * 1000)
                }
            }
            timings.append(Timing(page: name, uri: uri, bytes: bytes, samples: samples.sorted()))
        }
        return timings
    }
}
