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
        /// Searches by name through the API (`GET /api/v1/persons?q=`), audited like the reads.
        public var searches = 0
        public var searchSeconds = 0.0
        public var searchMedian = 0.0
        public var searchP99 = 0.0
        /// The ceiling of the searches: the same range of the search keys, raw.
        public var rawSearches = 0
        public var rawSearchSeconds = 0.0
        /// The process's resident memory (kB) before the load and its peak after (Linux; 0 elsewhere).
        public var residentBefore = 0
        public var residentPeak = 0

        public var readsPerSecond: Double { Double(reads) / seconds }
        public var rawPerSecond: Double { Double(rawSelects) / rawSeconds }
        public var searchesPerSecond: Double { Double(searches) / searchSeconds }
        public var rawSearchesPerSecond: Double { Double(rawSearches) / rawSearchSeconds }
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
            client: client, tokenHash: AccessControl.sha256(token), operations: [.readPersonFile, .searchPersons], scope: .nation,
            expiresAt: config.now().addingTimeInterval(3_600), actor: "custodia bench reads")
        // 5,000 persons spread over the whole register (at ten times Peru's size too), and a search by their surnames.
        let sample = try await database.read { sql in
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM persons").first()?.decode(column: "n", as: Int64.self) ?? 0
            let step = max(1, count / 5_000)
            // A clerk's search: both surnames, as the register keys them ("paternal maternal given"): a page of 20.
            return try await sql.raw(
                "SELECT id, paternal_surname, maternal_surname FROM persons WHERE id % \(bind: step) = 0 ORDER BY id LIMIT 5000"
            ).all().map {
                (
                    try $0.decode(column: "id", as: Int64.self),
                    "\(try $0.decode(column: "paternal_surname", as: String.self)) \(try $0.decode(column: "maternal_surname", as: String?.self) ?? "")"
                )
            }
        }
        let ids = sample.map(\.0)
        let names = sample.map(\.1)
        guard !ids.isEmpty else { throw Failure(description: "no persons to read") }
        let residentBefore = ResidentMemory.kilobytes().current
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
        /// One GET through the whole API with the token, its answer read to the end; anything but 200 stops the run.
        @Sendable func call(_ path: String) async throws {
            let request = Request(
                head: HTTPRequest(
                    method: .get, scheme: "http", authority: "localhost", path: path,
                    headerFields: [.authorization: "Bearer \(token)"]),
                body: .init(buffer: ByteBuffer()))
            let context = CustodiaRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: logger))
            let response = try await responder.respond(to: request, context: context)
            let collector = AdmissionBenchmark.BodyCollector()
            try await response.body.write(collector)
            guard response.status == .ok else { throw Failure(description: "\(path) answered \(response.status)") }
        }
        let (reads, readSeconds, latencies) = try await hammer(clients: clients, seconds: seconds) { worker, n in
            let number = PersonNumber(id: Person.ID(rawValue: ids[(worker * 7_919 + n) % ids.count])).description
            try await call("/api/v1/persons/\(number)")
        }
        let sorted = latencies.sorted()
        var figures = Figures(
            reads: reads, seconds: readSeconds, median: sorted[sorted.count / 2],
            p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)], rawSelects: rawSelects, rawSeconds: rawSeconds,
            auditBatches: await auditLog.batchesCommitted - batchesBefore)

        // Searches by name: the ceiling (the search keys' range alone), then the whole API.
        let (rawSearches, rawSearchSeconds, _) = try await hammer(clients: clients, seconds: seconds) { worker, n in
            let folded = SearchText.fold(names[(worker * 7_919 + n) % names.count])
            _ = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT search_key, person_id FROM person_search_keys WHERE search_key >= \(bind: folded)
                    AND search_key < \(bind: folded + "\u{FFFF}") ORDER BY search_key, person_id LIMIT 21
                    """
                ).all()
            }
        }
        let (searches, searchSeconds, searchLatencies) = try await hammer(clients: clients, seconds: seconds) { worker, n in
            let name = names[(worker * 7_919 + n) % names.count]
            let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            try await call("/api/v1/persons?q=\(query)")
        }
        let searchSorted = searchLatencies.sorted()
        figures.searches = searches
        figures.searchSeconds = searchSeconds
        figures.searchMedian = searchSorted[searchSorted.count / 2]
        figures.searchP99 = searchSorted[min(searchSorted.count - 1, searchSorted.count * 99 / 100)]
        figures.rawSearches = rawSearches
        figures.rawSearchSeconds = rawSearchSeconds
        figures.residentBefore = residentBefore
        figures.residentPeak = ResidentMemory.kilobytes().peak
        return figures
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

/// The resident memory of this process, from Linux's `/proc/self/status` (0 where there is none): now and at its peak.
enum ResidentMemory {
    static func kilobytes() -> (current: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
