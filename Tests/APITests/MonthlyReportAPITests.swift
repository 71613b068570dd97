import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Testing

/// INPE's monthly report through the API (issue 15 point 1), both engines: the census of the month's last day (the
/// month so far when current), in the caller's establishments, JSON or one table as CSV; bad months refused at `month`.
@Suite struct MonthlyReportAPITests {
    @Test(arguments: TestDatabase.engines)
    func theMonthlyReportInTheCallersScope(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            var woman = Fixtures.admission(
                subject: .new(Fixtures.newPerson(dni: "43456789", sex: .female, given: "Rosa")), establishment: "ep-mujeres")
            woman.legalCase.number = CaseNumber("00456-2026-1-0701-JR-PE-02")!
            for request in [Fixtures.sentencedAdmission(), Fixtures.admission(), woman] {
                guard case .done = try await services.registry.admit(request, asOf: Fixtures.asOf, actor: "t") else {
                    throw CancellationError()
                }
            }
            var headers: [String: HTTPFields] = [:]
            for (name, role, scope) in [
                ("nacional", Role.nationalAnalyst, Scope.nation), ("director", .warden, .establishments(["ep-mujeres"])),
            ] {
                let user = try await AccessFixtures.user(name, roles: [role], scope: scope, in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let nation = headers["nacional"]!
            // February: only the sentenced man was held.
            let february = try await client.call(.get, "/api/v1/reports/monthly?month=2026-02", headers: nation)
            #expect(february.status == 200 && february["cutoff"] as? String == "2026-02-28")
            let total = try #require(february["nation"] as? [String: Any])
            #expect(total["population"] as? Int == 1 && total["sentenced_men"] as? Int == 1 && total["capacity"] as? Int == 14)
            #expect(total["overpopulation"] as? Int == -13 && total["overcrowded"] as? Bool == false)
            // R9, R10 and R4: the crime he is held for, his three years' band, the establishments by type.
            let crimes = try #require(february["crimes"] as? [[String: Any]])
            #expect(crimes.count == 1 && crimes.first?["sentenced"] as? Int == 1 && crimes.first?["procesados"] as? Int == 0)
            let bands = try #require(february["sentences"] as? [[String: Any]])
            #expect(bands.count == 11 && bands[1]["total"] as? Int == 1 && bands[10]["label"] as? String == "cadena perpetua")
            #expect((february["types"] as? [[String: Any]])?.compactMap { $0["total"] as? Int }.reduce(0, +) ?? 0 > 0)
            // March so far: three, two admitted this month (a man and a woman, procesados).
            let march = try await client.call(.get, "/api/v1/reports/monthly?month=2026-03", headers: nation)
            #expect((march["nation"] as? [String: Any])?["population"] as? Int == 3)
            let admissions = try #require(march["admissions"] as? [[String: Any]])
            #expect(admissions.first?["label"] as? String == "procesados" && admissions.first?["total"] as? Int == 2)
            #expect(
                (march["establishments"] as? [[String: Any]])?.compactMap { $0["code"] as? String }.sorted() == [
                    "ep-mujeres", "ep-norte",
                ])
            // One table as CSV, the same bytes twice.
            let csvHeaders = nation.merging([.accept: "text/csv"])
            let csv = try await client.call(.get, "/api/v1/reports/monthly?month=2026-03&table=R6", headers: csvHeaders)
            #expect(csv.status == 200 && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("fecha_corte,codigo,establecimiento,") && csv.text.split(separator: "\r\n").count == 3)
            let again = try await client.call(.get, "/api/v1/reports/monthly?month=2026-03&table=R6", headers: csvHeaders)
            #expect(again.text == csv.text)
            // A warden of the women's establishment sees it alone.
            let scoped = try await client.call(.get, "/api/v1/reports/monthly?month=2026-03", headers: headers["director"]!)
            #expect((scoped["nation"] as? [String: Any])?["population"] as? Int == 1)
            #expect((scoped["establishments"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["ep-mujeres"])
            // Bad months: in the future, not a month, not a date at all.
            for month in ["2026-04", "2026-13", "2026-3x", "marzo-26"] {
                let bad = try await client.call(.get, "/api/v1/reports/monthly?month=\(month)", headers: nation)
                #expect(bad.status == 422 && bad.errorFields == ["month"], "\(month)")
            }
        }
    }
}
