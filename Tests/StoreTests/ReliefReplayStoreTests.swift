import CustodiaCore
import CustodiaTestSupport
import Foundation
import LegalClock
import Store
import Testing

/// The relief report of a past day replayed from the register's dated rows (issue 26 point 4): who was held where, the
/// clock computed on that day, the file as the steps recorded by then left it; and the replay of a day agrees with the
/// report read from the stored clocks that day. Both engines.
@Suite struct ReliefReplayStoreTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test(arguments: TestDatabase.engines)
    func aPastDayIsReplayedFromTheDatedRows(_ engine: TestDatabase.Engine) async throws {
        try await BenefitFileStoreTests.withEligiblePerson(engine) { registry, _, person in
            // Admitted on 2025-01-10 for 3 years: semilibertad from 2026-01-10, a candidate 30 days before (BP-2).
            let before = try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2025-01-09"))
            #expect(before.population.isEmpty && before.candidates.isEmpty)
            let held = try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2025-12-10"))
            #expect(held.population == ["ep-norte": 1] && held.candidates.isEmpty)
            let lead = try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2025-12-11"))
            #expect(lead.candidates.map(\.personID) == [person] && lead.candidates.first?.file == nil)
            #expect(lead.candidates.first?.eligibleFrom == Self.day("2026-01-10"))
            #expect(
                try await registry.benefitCandidates(establishmentCodes: ["ep-mujeres"], heldOn: Self.day("2025-12-11"))
                    == HeldOn(day: Self.day("2025-12-11"), population: [:], candidates: []))
            // The file opened on 2026-03-15; the person's request recorded on 2026-03-20 (made on the 18th).
            let file = try await BenefitFileStoreTests.open(registry, person)
            guard
                case .done = try await registry.stepBenefitFile(
                    file.id, step: .request(on: Self.day("2026-03-18"), by: "La persona"), expectedVersion: nil, within: nil,
                    asOf: Self.day("2026-03-20"), actor: "legal")
            else { throw Refused() }
            let unopened = try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2026-03-14"))
            #expect(unopened.candidates.first?.file == nil)
            let opened = try #require(
                try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2026-03-19")).candidates.first?
                    .file)
            #expect(opened.state == .assembling && opened.requestedOn == nil && opened.history.map(\.step) == ["opened"])
            let requested = try #require(
                try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2026-03-20")).candidates.first?
                    .file)
            #expect(requested.requestedOn == Self.day("2026-03-18") && requested.history.map(\.step) == ["opened", "request"])
            // The replay of 2026-03-20 agrees with the report read from the stored clocks that day.
            let stored = try await registry.reliefPotential(
                establishmentCodes: nil, asOf: Self.day("2026-03-20"), rules: .shipped)
            let replayed = try await registry.reliefPotential(
                establishmentCodes: nil, replaying: Self.day("2026-03-20"), rules: .shipped)
            #expect(stored.nation == replayed.nation && stored.rows == replayed.rows)
            #expect(replayed.nation.eligible == 1 && replayed.nation.onTime + replayed.nation.late == 1)
            // Released on 2026-04-01: held at the end of the 31st, not of the 1st.
            let release = ReleaseRequest(
                personID: person, releasedOn: Self.day("2026-04-01"), releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .courtOrder, order: Fixtures.releaseOrder())
            guard case .done = try await registry.release(release, expectedVersion: nil, asOf: Self.day("2026-04-01"), actor: "t")
            else { throw Refused() }
            let last = try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2026-03-31"))
            #expect(last.population == ["ep-norte": 1] && last.candidates.map(\.personID) == [person])
            let gone = try await registry.benefitCandidates(establishmentCodes: nil, heldOn: Self.day("2026-04-01"))
            #expect(gone.population.isEmpty && gone.candidates.isEmpty)
            // The report of a day before the release still counts the person, though no clock of theirs is stored now.
            let then = try await registry.reliefPotential(
                establishmentCodes: nil, replaying: Self.day("2026-03-31"), rules: .shipped)
            #expect(then.nation.population == 1 && then.nation.eligible == 1)
        }
    }
}
