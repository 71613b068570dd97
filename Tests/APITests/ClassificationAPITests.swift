import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// `POST /api/v1/persons/{n}/classifications` and the classification in the person file, on both engines:
/// the Extrema Seguridad proposal, a decision recorded with its event and audit row, a refusal that writes nothing.
@Suite struct ClassificationAPITests {
    func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDecisionOfTheJuntaThroughTheAPI(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            var admission = Bodies.admission()
            var legalCase = admission["case"] as! [String: Any]
            legalCase["charges"] = ["200", "317-B"]
            admission["case"] = legalCase
            let admitted = try await client.call(.post, "/api/v1/admissions", json: admission)
            let number = try #require(admitted["person_number"] as? String)
            // Unclassified: proposal from the charges (CL-6), classification due on day 30 (CL-4).
            let status = try #require(admitted["classification"] as? [String: Any])
            #expect(status["current"] == nil)
            #expect(status["initial_alert_on"] as? String == "2026-03-22")
            #expect(status["initial_due_on"] as? String == "2026-04-01")
            #expect((status["proposal"] as? [String: Any])?["articles"] as? [String] == ["200"])

            let decision: [String: Any] = [
                "regime": "rce_extrema_seguridad", "decided_on": "2026-03-05",
                "body": "Junta Técnica de Clasificación — EP Norte", "resolution": "Resolución N.º 11", "reason": "CL-6",
            ]
            let path = "/api/v1/persons/\(number)/classifications"
            #expect(try await client.call(.post, path, json: decision).status == 428)
            let recorded = try await client.call(.post, path, json: decision, headers: [.ifMatch: "\"1\""])
            #expect(recorded.status == 200)
            #expect(recorded.headers[.eTag] == "\"2\"")
            let now = try #require(recorded["classification"] as? [String: Any])
            #expect((now["current"] as? [String: Any])?["regime"] as? String == "rce_extrema_seguridad")
            #expect(now["earliest_progression"] as? String == "2030-03-05")
            #expect(now["review_due_on"] as? String == "2026-09-05")
            #expect(now["proposal"] == nil && now["initial_due_on"] == nil)
            #expect((recorded["classifications"] as? [[String: Any]])?.count == 1)

            // From Extrema Seguridad only to stage A, and not before the minimum stay: 422 with the fields, nothing written.
            let events = try await count(database, "events")
            let audit = try await count(database, "audit_trail")
            var toB = decision
            toB["regime"] = "rce_b"
            toB["decided_on"] = "2026-03-04"
            let refused = try await client.call(.post, path, json: toB, headers: [.ifMatch: "\"2\""])
            #expect(refused.status == 422)
            #expect(Set(refused.errorCodes) == ["classification.es_only_to_a", "classification.before_current"])
            #expect(Set(refused.errorFields) == ["regime", "decided_on"])
            var toA = decision
            toA["regime"] = "rce_a"
            let early = try await client.call(.post, path, json: toA, headers: [.ifMatch: "\"2\""])
            #expect(early.errorCodes == ["classification.es_min_stay"])
            #expect(try await count(database, "classifications") == 1)
            #expect(try await count(database, "events") == events)
            #expect(try await count(database, "audit_trail") == audit + 2)  // the two refusals, audited as such

            // Bad input: an unknown regime or a date that is not one.
            var unknown = decision
            unknown["regime"] = "rce_z"
            #expect(try await client.call(.post, path, json: unknown, headers: [.ifMatch: "\"2\""]).status == 400)
            var badDate = decision
            badDate["decided_on"] = "2026-02-30"
            #expect(
                try await client.call(.post, path, json: badDate, headers: [.ifMatch: "\"2\""]).errorCodes == ["date.invalid"])
            #expect(try await client.call(.post, path, json: decision, headers: [.ifMatch: "\"1\""]).status == 412)

            // The event names the regimes, never the reason.
            let log = try await client.call(.get, "/api/v1/events")
            let classified = (log["items"] as? [[String: Any]])?.first {
                $0["type"] as? String == "custodia.person.classified.v1"
            }
            let data = try #require(classified?["data"] as? [String: Any])
            #expect(data["regime"] as? String == "rce_extrema_seguridad")
            #expect(data["previous_regime"] == nil)
            #expect(data["reason"] == nil)
            // The alert inbox: before the decision the classification was overdue (CL-4); after it, the six-monthly
            // review is what falls due (CL-5), six months after 2026-03-05.
            let alerts = try await client.call(.get, "/api/v1/alerts?as_of=2026-12-05")
            let kinds = (alerts["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("classification_review_due") && !kinds.contains("classification_overdue"))
            let review = (alerts["items"] as? [[String: Any]])?.first { $0["kind"] as? String == "classification_review_due" }
            #expect(review?["date"] as? String == "2026-09-05")
            // Read back: the file carries the history.
            let file = try await client.call(.get, "/api/v1/persons/\(number)")
            #expect((file["classifications"] as? [[String: Any]])?.first?["resolution"] as? String == "Resolución N.º 11")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func eachPavilionDeclaresItsRegimes(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let detail = try await client.call(.get, "/api/v1/establishments/ep-norte")
            let pavilions = try #require(detail["pavilions"] as? [[String: Any]])
            let regimes = Dictionary(
                uniqueKeysWithValues: pavilions.map { ($0["code"] as! String, $0["regimes"] as? [String] ?? []) })
            #expect(regimes["A"] == ["rco_maxima", "rco_mediana", "rco_minima"])
            #expect(regimes["B"] == ["rco_maxima", "rco_mediana", "rco_minima", "rce_a", "rce_b", "rce_c"])
        }
    }
}
