import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Synchronization
import Testing

/// A pool with every connection taken answers the next request within its timeout with a clear error
/// (`StoreUnavailable`, a 503 for a caller), instead of queueing without end.
@Suite struct DatabasePoolTests {
    @Test(arguments: TestDatabase.engines)
    func anExhaustedPoolAnswersWithinItsTimeout(_ engine: TestDatabase.Engine) async throws {
        let (url, cleanup) = try await TestDatabase.make(engine)
        defer { Task { try? await cleanup() } }
        let database = try await Database.open(
            url, logger: TestDatabase.quietLogger, maxConnections: 1, poolTimeout: .seconds(2))
        // Every connection held for five seconds: eight holders for fewer connections. The probe starts once a
        // holder is inside and the others have had a second to take the rest (a loaded machine starts tasks late).
        let held = Counter()
        let holders = (0..<8).map { _ in
            Task {
                try? await database.read { sql in
                    held.add()
                    try await Task.sleep(for: .seconds(5))
                }
            }
        }
        while held.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .seconds(1))
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: StoreUnavailable.self) {
            try await database.read { sql in try await sql.raw("SELECT 1").run() }
        }
        let waited = clock.now - started
        #expect(waited >= .milliseconds(1_900) && waited < .milliseconds(4_000), "waited \(waited)")
        for holder in holders { await holder.value }
        // Once they are back, the pool serves again.
        try await database.read { sql in try await sql.raw("SELECT 1").run() }
        try await database.close()
    }
}

/// A count shared with the holders' tasks.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
}
