import CustodiaTestSupport
import Foundation
import Testing

@testable import Store

@Suite struct EncodingTests {
    @Test func instantsAreISO8601UTCWithMilliseconds() {
        #expect(Instant.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Instant.iso(Date(timeIntervalSince1970: 1_773_000_000.125)) == "2026-03-08T20:00:00.125Z")
        #expect(Instant.iso(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for seconds in stride(from: 946_684_800.0, to: 2_000_000_000.0, by: 7_777_777.321) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(formatter.date(from: Instant.iso(date)).map { abs($0.timeIntervalSince(date)) < 0.001 } == true)
        }
    }

    @Test func eventDetailsAreValidJSON() throws {
        let detail = ["reason": "Pelea en el patio \"B\"\n\\ fin\u{1}", "pavilion": "Ñ", "a": ""]
        let text = JSONText.object(detail)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(parsed == detail)
        #expect(text.hasPrefix("{\"a\":\"\""))
    }

    @Test(arguments: TestDatabase.engines)
    func placeholdersBindInOrderAndLeaveOtherDollarsAlone(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine, migrate: false) { database in
            let row = try await database.read { sql in
                try await sql.execute("SELECT $2 AS second, '$x' AS literal, $1 AS first, 'ñ$' AS tail", ["uno", "dos"]).first!
            }
            #expect(try row.string("second") == "dos")
            #expect(try row.string("first") == "uno")
            #expect(try row.string("literal") == "$x")
            #expect(try row.string("tail") == "ñ$")
        }
    }
}
