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

/// Person-file reads through the API with concurrent clients (issue 17, point 3b): the whole path in process —
/// router, a token's access check, the file's queries, the JSON, and the read's audit row committed before the
/// answer — next to the same run's ceiling, a raw `SELECT` of the person's row with the same concurrency.
public enum ReadBenchmark {
    public struct Figures: Sendable {
        public var reads: Int
        public var seconds: Double
        public var median: Double  // milliseconds
        public var p99: Double
        public var rawSelects: Int
        public var rawSeconds: Double
        public var auditBatches: Int

        public var readsPerSecond: Double { Double(reads) / seconds }
        public var rawPerSecond: Double { Double(rawSelects) / rawSeconds }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    public static func run(database: Database, clients: Int, seconds: Double, logger: Logger) async throws -> Figures {
        guard try await Meta.get(in: database)["dataset"] == "demo" else {
            throw Failure(description: "the read benchmark runs on a demo database only (it adds a client and its token)")
        }
        var config = AppConfig()
        config.access.bcryptCost = 4
        // The server's own ceiling is measured: no request rate limits.
        config.access.requestRates = .none
        let services = Services(database: database, environment: config.environment)
        let client = "Medición de lecturas \(Int(config.now().timeIntervalSince1970))"
        try await services.directory.createClient(name: client, kind: .court, actor: "custodia bench reads")
        let token = AccessControl.newAPIToken()
        _ = try await services.directory.issueToken(
            client: client, tokenHash: AccessControl.sha256(token), operations: [.readPersonFile], scope: .nation,
            expiresAt: config.now().addingTimeInterval(3_600), actor: "custodia bench reads")
        let ids = try await database.read { sql in
            try await sql.raw("SELECT id FROM persons ORDER BY id LIMIT 5000").all().map {
                try $0.decode(column: "id", as: Int64.self)
            }
        }
        guard !ids.isEmpty else { throw Failure(description: "no persons to read") }
        let auditLog = services.auditLog
        let responder = try CustodiaApp.buildRouter(services: services, config: config).buildResponder()

        // The ceiling of the same run: the person's row alone, with the same concurrency, no audit.
        let (rawSelects, rawSeconds, _) = try await hammer(clients: clients, seconds: seconds) { worker, n in
            let id = ids[(worker * 7_919 + n) % ids.count]
            _ = try await database.read { sql in
                try await sql.raw("SELECT id, given_names, paternal_surname FROM persons WHERE id = \(bind: id)").all()
            }
        }
        let batchesBefore = await auditLog.batchesCommitted
        let (reads, readSeconds, latencies) = try await hammer(clients: clients, seconds: seconds) { worker, n in
            let number = PersonNumber(id: Person.ID(rawValue: ids[(worker * 7_919 + n) % ids.count])).description
            let request = Request(
                head: HTTPRequest(
                    method: .get, scheme: "http", authority: "localhost", path: "/api/v1/persons/\(number)",
                    headerFields: [.authorization: "Bearer \(token)"]),
                body: .init(buffer: ByteBuffer()))
            let context = CustodiaRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: logger))
            let response = try await responder.respond(to: request, context: context)
            let collector = AdmissionBenchmark.BodyCollector()
            try await response.body.write(collector)
            guard response.status == .ok else { throw Failure(description: "\(number) answered \(response.status)") }
        }
        let sorted = latencies.sorted()
        return Figures(
            reads: reads, seconds: readSeconds, median: sorted[sorted.count / 2],
            p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)], rawSelects: rawSelects, rawSeconds: rawSeconds,
            auditBatches: await auditLog.batchesCommitted - batchesBefore)
    }

    /// `clients` workers calling `body` until `seconds` have passed: how many calls, the time, each call's
    /// milliseconds.
    static func hammer(
        clients: Int, seconds: Double, _ body: @escaping @Sendable (Int, Int) async throws -> Void
    ) async throws -> (Int, Double, [Double]) {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var samples: [Double] = []
                    var n = 0
                    while ContinuousClock.now < deadline {
                        let begin = ContinuousClock.now
                        try await body(worker, n)
                        samples.append((ContinuousClock.now - begin).seconds * 1000)
                        n += 1
                    }
                    return samples
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return (latencies.count, (ContinuousClock.now - start).seconds, latencies)
    }
}
