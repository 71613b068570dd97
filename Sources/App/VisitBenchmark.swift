import CustodiaCore
import Foundation
import LegalClock
import SQLKit
import Store

/// Check-in at the gate (issue 12 point 10): each of the demo day's booked visits checked in through the register —
/// the visit locked, the documents shown compared with the visitors', their bans, the person's placement and exits,
/// the state, the event and the audit row in one transaction — timed one after another, next to the same number of
/// raw one-row INSERTs each in its own transaction (the ceiling of any write) in the same run.
public enum VisitBenchmark {
    public struct Figures: Sendable {
        public var checkIns: Int
        public var refused: Int
        public var perSecond: Double
        public var median: Double
        public var p95: Double
        public var rawPerSecond: Double
    }

    /// Checks in up to `count` of the day's booked visits on a COPY of the demo database (it writes).
    public static func run(database: Database, environment: CustodiaEnvironment, count: Int) async throws -> Figures {
        let asOf = environment.today()
        // The register stands at the end of the visiting day: every visit of the day may be checked in.
        let late = CustodiaEnvironment(
            now: environment.now, today: { asOf }, rules: environment.rules, seed: environment.seed,
            rehearsal: .init(time: TimeOfDay(hour: 16, minute: 0)!, at: environment.now()))
        let booked = try await database.read { sql in
            try await sql.raw(
                """
                SELECT v.id, v.starts_at, vr.document_number FROM visits v
                JOIN visit_visitors vv ON vv.visit_id = v.id JOIN visitors vr ON vr.id = vv.visitor_id
                WHERE v.day = \(bind: asOf.description) AND v.state = 'booked' ORDER BY v.id, vv.position
                """
            ).all().map {
                (
                    try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "starts_at", as: String.self),
                    try $0.decode(column: "document_number", as: String.self)
                )
            }
        }
        var visits: [(Int64, LocalTime, [String])] = []
        for (id, start, document) in booked {
            if visits.last?.0 == id {
                visits[visits.count - 1].2.append(document)
            } else if let minute = LocalTime(text: start) {
                visits.append((id, minute, [document]))
            }
        }
        visits = Array(visits.prefix(count))
        guard visits.count >= 100 else {
            throw AdmissionBenchmark.BenchmarkFailure(description: "the benchmark needs the demo's booked visits of \(asOf)")
        }
        let registry = SQLRegistry(database: database, environment: late)
        var timings: [Double] = []
        var refused = 0
        let started = ContinuousClock.now
        for (id, start, documents) in visits {
            let begin = ContinuousClock.now
            let outcome = try await registry.stepVisit(
                VisitStep(id: .init(rawValue: id), action: .checkIn, at: start.adding(minutes: -10), documents: documents),
                expectedVersion: 1, asOf: asOf, actor: "custodia bench visits")
            timings.append((ContinuousClock.now - begin).seconds * 1000)
            if case .done = outcome {} else { refused += 1 }
        }
        let total = (ContinuousClock.now - started).seconds
        // The ceiling: as many one-row INSERTs, each in its own transaction, into a scratch table.
        try await database.transaction { sql in
            try await sql.raw("CREATE TABLE IF NOT EXISTS bench_raw_visits (visit_id BIGINT NOT NULL, at TEXT NOT NULL)").run()
        }
        let rawStarted = ContinuousClock.now
        for (id, start, _) in visits {
            try await database.transaction { sql in
                try await sql.raw(
                    "INSERT INTO bench_raw_visits (visit_id, at) VALUES (\(bind: id), \(bind: start.description))"
                ).run()
            }
        }
        let rawTotal = (ContinuousClock.now - rawStarted).seconds
        try await database.transaction { sql in try await sql.raw("DROP TABLE bench_raw_visits").run() }
        timings.sort()
        return Figures(
            checkIns: visits.count - refused, refused: refused, perSecond: Double(visits.count) / total,
            median: timings[timings.count / 2], p95: timings[timings.count * 95 / 100],
            rawPerSecond: Double(visits.count) / rawTotal)
    }
}
