import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Testing

/// The national forecast through the API (issue 15 point 5): the path to a month with its 80 % interval, a release
/// programme as a lever, CSV on request, bad months and programmes refused at their field.
@Suite struct ForecastAPITests {
    @Test func theForecastToAMonth() async throws {
        try await withApplication(.sqlite) { client, services, clock in
            let user = try await AccessFixtures.user(
                "analista", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            let session: StaffSession = try await client.signIn(user, clock: clock)
            let headers = session.headers
            let forecast = try await client.call(.get, "/api/v1/reports/forecast", headers: headers)
            #expect(forecast.status == 200)
            #expect(forecast["origin"] as? String == "2026-01-15" && forecast["origin_population"] as? Int == 103_717)
            let months = try #require(forecast["months"] as? [[String: Any]])
            // February 2026 … December 2030: 59 months, growing, the interval around the central path and widening.
            #expect(
                months.count == 59 && months.first?["month"] as? String == "2026-02"
                    && months.last?["month"] as? String == "2030-12")
            let central = months.map { $0["central"] as! Int }
            #expect(central == central.sorted() && central[0] > 103_717)
            #expect(
                months.allSatisfy {
                    ($0["low"] as! Int) < ($0["central"] as! Int) && ($0["central"] as! Int) < ($0["high"] as! Int)
                })
            let drift = try #require(forecast["drift_per_month"] as? Double)
            #expect(drift > 300 && drift < 400)

            let lever = try await client.call(
                .get, "/api/v1/reports/forecast?to=2027-01&release_programme=6000@2026-07", headers: headers)
            let leveled = try #require(lever["months"] as? [[String: Any]]).map { $0["central"] as! Int }
            #expect(leveled.count == 12 && leveled[4] == central[4] && leveled[5] == central[5] - 6_000)

            let csv = try await client.call(
                .get, "/api/v1/reports/forecast?to=2026-03", headers: headers.merging([.accept: "text/csv"]))
            #expect(csv.status == 200 && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(
                csv.text
                    == "month,central,low_80,high_80\n2026-02,\(central[0]),\(months[0]["low"] as! Int),\(months[0]["high"] as! Int)\n2026-03,\(central[1]),\(months[1]["low"] as! Int),\(months[1]["high"] as! Int)\n"
            )

            for (query, field) in [
                ("to=2026-01", "to"), ("to=2041-01", "to"), ("to=2026-13", "to"), ("to=enero", "to"),
                ("release_programme=0@2026-07", "release_programme"), ("release_programme=6000", "release_programme"),
            ] {
                let bad = try await client.call(.get, "/api/v1/reports/forecast?\(query)", headers: headers)
                #expect(bad.status == 422 && bad.errorFields == [field], "\(query): \(bad.status) \(bad.errorFields)")
            }
        }
    }
}
