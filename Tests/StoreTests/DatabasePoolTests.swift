import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
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
        // Every connection held for five seconds.
        let holders = (0..<8).map { _ in
            Task { try? await database.read { sql in try await Task.sleep(for: .seconds(5)) } }
        }
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: StoreUnavailable.self) {
            try await database.read { sql in try await sql.raw("SELECT 1").run() }
        }
        let waited = clock.now - started
        #expect(waited >= .milliseconds(1_900) && waited < .milliseconds(4_500), "waited \(waited)")
        for holder in holders { await holder.value }
        // Once they are back, the pool serves again.
        try await database.read { sql in try await sql.raw("SELECT 1").run() }
        try await database.close()
    }
}
