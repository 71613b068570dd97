import CustodiaCore
import CustodiaTestSupport
import Foundation
import Testing

/// The national forecast on the staff pages (issue 15 point 5): the fan chart and the path by year, a release
/// programme as a lever, the CSV, a bad month or programme refused at its field.
@Suite struct ForecastPageTests {
    @Test func theFanAndThePath() async throws {
        try await withPages(.sqlite) { client, services, clock, _ in
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            let page = try await analyst.get("/reports/forecast?lang=es")
            #expect(page.status == 200 && page.contains("Pronóstico de la población penal"))
            #expect(page.contains("<svg class=\"chart fan\"") && page.contains("<polygon class=\"band\""))
            #expect(page.contains("Última cifra publicada: 103717 (2026-01-15)"))
            #expect(page.contains("href=\"/reports/forecast\""))
            // December of each year 2026 … 2030.
            for year in 2026...2030 { #expect(page.contains("<th scope=\"row\">\(year)-12</th>"), "\(year)") }
            let csv = try await analyst.get("/reports/forecast?to=2026-03&format=csv")
            #expect(csv.status == 200 && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.html.split(separator: "\n")
            #expect(lines.count == 3 && lines[0] == "month,central,low_80,high_80" && lines[1].hasPrefix("2026-02,"))
            // The lever: 6,000 fewer from July 2026.
            let base = try await analyst.get("/reports/forecast?to=2026-12&format=csv")
            let lever = try await analyst.get("/reports/forecast?to=2026-12&release_programme=6000@2026-07&format=csv")
            func central(_ text: String, _ month: String) -> Int? {
                text.split(separator: "\n").first { $0.hasPrefix(month + ",") }.flatMap { Int($0.split(separator: ",")[1]) }
            }
            #expect(central(lever.html, "2026-06") == central(base.html, "2026-06"))
            #expect(central(lever.html, "2026-12")! == central(base.html, "2026-12")! - 6_000)
            for (query, id) in [
                ("to=2020-01", "to-error"), ("to=diciembre", "to-error"), ("release_programme=muchas", "programme-error"),
            ] {
                let bad = try await analyst.get("/reports/forecast?\(query)&lang=es")
                #expect(bad.status == 422 && bad.contains("id=\"\(id)\""), "\(query)")
            }
        }
    }
}
