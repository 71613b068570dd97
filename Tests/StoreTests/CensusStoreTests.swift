import CustodiaCore
import CustodiaTestSupport
import Foundation
import Placement
import Store
import Testing

/// The census of a past day and the month's movements (issue 15 points 1 and 2), on both engines: computed from the
/// placements, episodes and orders of the day, so a past month's report does not change when people are released later.
@Suite struct CensusStoreTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test(arguments: TestDatabase.engines)
    func aPastMonthStaysAsItWasWhenPeopleLeaveLater(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            // A sentenced man since 2025-01-10; a procesado admitted on 2026-03-02; a procesada on 2026-03-10.
            var woman = Fixtures.admission(
                subject: .new(Fixtures.newPerson(dni: "43456789", sex: .female, given: "Rosa")), establishment: "ep-mujeres",
                admittedOn: Self.day("2026-03-10"))
            woman.legalCase.number = CaseNumber("00456-2026-1-0701-JR-PE-02")!
            var ids: [Person.ID] = []
            for request in [Fixtures.sentencedAdmission(), Fixtures.admission(), woman] {
                guard case .done(let file) = try await registry.admit(request, asOf: Fixtures.asOf, actor: "t") else {
                    throw Refused()
                }
                ids.append(file.person.id)
            }
            let before = try await registry.census(on: Self.day("2026-03-01"), establishmentCodes: nil)
            #expect(before.map(\.personID) == [ids[0]] && before[0].sentenced && before[0].sex == .male)
            let march = try await registry.census(on: Self.day("2026-03-31"), establishmentCodes: nil)
            #expect(march.map(\.personID) == ids && march.map(\.sentenced) == [true, false, false])
            #expect(march.map(\.establishmentCode) == ["ep-norte", "ep-norte", "ep-mujeres"])
            #expect(
                try await registry.census(on: Self.day("2026-03-31"), establishmentCodes: ["ep-mujeres"]).map(\.personID) == [
                    ids[2]
                ])
            // March's admissions: two procesados, a man and a woman; no release.
            let moved = try await registry.movements(
                from: Self.day("2026-03-01"), through: Self.day("2026-03-31"), establishmentCodes: nil)
            #expect(moved.count == 2 && moved.allSatisfy { $0.ground == nil && !$0.sentenced })
            let report = try #require(try await registry.monthlyReport(year: 2026, month: 3))
            #expect(report.nation.population == 3 && report.nation.sentencedMen == 1 && report.nation.unsentencedWomen == 1)
            #expect(report.admissions.map(\.total) == [2, 0])
            let marchCSV = MonthlyReport.Table.allCases.map { report.csv($0) }
            // The sentenced man released on 2026-04-05: March's report is the same, byte for byte; April's counts him out
            // and his release.
            let release = ReleaseRequest(
                personID: ids[0], releasedOn: Self.day("2026-04-05"), releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .sentenceServed, order: nil)
            guard case .done = try await registry.release(release, expectedVersion: nil, asOf: Self.day("2026-04-05"), actor: "t")
            else { throw Refused() }
            let again = try #require(try await registry.monthlyReport(year: 2026, month: 3))
            #expect(MonthlyReport.Table.allCases.map { again.csv($0) } == marchCSV)
            let april = try #require(try await registry.monthlyReport(year: 2026, month: 4))
            #expect(april.nation.population == 2 && april.nation.sentencedMen == 0)
            // R1: the end of each of the last 13 months, counted from the placements: one until February, three at the end
            // of March, two on April's cut-off day (after the release); none before the sentenced man came.
            #expect(april.trend.count == 13 && april.trend.first?.day == Self.day("2025-04-30"))
            #expect(april.trend.suffix(3).map(\.day) == [Self.day("2026-02-28"), Self.day("2026-03-31"), Self.day("2026-04-30")])
            #expect(april.trend.suffix(3).map(\.population) == [1, 3, 2] && april.trend.first?.population == 1)
            #expect(report.trend.first?.day == Self.day("2025-03-31") && report.trend.first?.population == 1)
            let january2025 = try #require(try await registry.monthlyReport(year: 2025, month: 1))
            #expect(january2025.trend.prefix(12).allSatisfy { $0.population == 0 } && january2025.trend.last?.population == 1)
            #expect(april.csv(.trend).hasSuffix("2026-03-31,2026-03,3\r\n2026-04-30,2026-04,2\r\n"))
            #expect(april.releases.first { $0.label == "sentence_served" }?.men == 1 && april.admissions.map(\.total) == [0, 0])
            #expect(try await registry.census(on: Self.day("2026-04-04"), establishmentCodes: nil).count == 3)
            #expect(try await registry.census(on: Self.day("2026-04-05"), establishmentCodes: nil).count == 2)
        }
    }
}
