import CustodiaCore
import Testing

@testable import LegalClock

/// What the law would free, next to what transfers alone could (issue 26 point 4; docs/planning.md section 0): the
/// occupancy if every eligible person left, and the bound of any transfer plan, before and after.
@Suite struct ReliefPotentialTests {
    static let asOf = CivilDate(iso: "2026-12-07")!

    static func overview(_ id: Int64, _ code: String, capacity: Int, population: Int) -> EstablishmentOverview {
        EstablishmentOverview(
            establishment: Establishment(
                id: .init(rawValue: id), code: code, name: code, shortName: code, regionalOfficeID: .init(rawValue: 1),
                department: "Lima", city: nil, housedSex: .male, certifiedCapacity: capacity),
            regionalOffice: RegionalOffice(id: .init(rawValue: 1), code: "LIM", name: "Lima"),
            headcount: Headcount(population: population, unsentenced: 0, sentenced: population, men: population, women: 0))
    }

    static func eligible(_ id: Int64, at code: String) -> BenefitCandidate {
        BenefitCandidate(
            personID: .init(rawValue: id), name: PersonName(givenNames: "Ana", paternalSurname: "Paz", maternalSurname: "Rojas"),
            establishmentCode: code, benefit: .semiliberty, eligibleFrom: asOf.adding(days: -40), file: nil)
    }

    @Test func theBenefitsLowerTheFloorThatNoTransferPlanCan() {
        // A: 10 places, 30 held, 5 eligible. B: 20 places, 10 held, 1 eligible. Nation: 30 places, 40 held.
        let board = BenefitBoard(
            candidates: (1...5).map { Self.eligible($0, at: "A") } + [Self.eligible(6, at: "B")], rules: .shipped,
            asOf: Self.asOf)
        let relief = ReliefPotential(
            board: board,
            establishments: [
                Self.overview(1, "A", capacity: 10, population: 30), Self.overview(2, "B", capacity: 20, population: 10),
            ])
        #expect(relief.rows.map(\.code) == ["A", "B"])
        #expect(relief.rows[0].occupancy == 300 && relief.rows[0].occupancyIfDecided == 250)
        #expect(relief.rows[0].excess == 20 && relief.rows[0].excessIfDecided == 15 && relief.rows[1].excess == 0)
        #expect(relief.nation.eligible == 6 && relief.nation.notStarted == 6 && relief.nation.late == 0)
        let bound = relief.transferBound
        // Today 20 over capacity in A; any transfer plan leaves at least 40 − 30 = 10 (133.3 %).
        #expect(bound.excessByEstablishment == 20 && bound.floorExcess == 10)
        #expect(abs(bound.floorOccupancy - 133.33) < 0.01)
        // Every eligible person gone: 15 over in A, and 34 − 30 = 4 at best with transfers (113.3 %).
        #expect(bound.excessByEstablishmentIfDecided == 15 && bound.floorExcessIfDecided == 4)
        #expect(abs(bound.floorOccupancyIfDecided - 113.33) < 0.01)
    }
}
