import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// Disciplinary isolation's limits (docs/legal/peru-operations.md section 3; worked examples 15-18) and the 15-day cap
/// as a property over random sequences of isolation orders.
@Suite struct IsolationRulesTests {
    static func day(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: 2026, month: month, day: day)! }
    static let person = Person(
        id: 9, document: .dni("41234567"), name: PersonName(givenNames: "José", paternalSurname: "Prueba", maternalSurname: ""),
        sex: .male, birthDate: CivilDate(year: 1990, month: 5, day: 4), nationality: "PER", version: 1)
    static let report = IsolationRequest.MedicalReport(reference: "Informe médico 12-2026")

    func request(_ start: CivilDate, _ days: Int, report: IsolationRequest.MedicalReport? = report) -> IsolationRequest {
        IsolationRequest(
            personID: 9, startsOn: start, days: days, resolution: "Acta CTP 3-2026", reason: "Agresión a otro interno",
            medicalReport: report)
    }

    func isolation(_ start: CivilDate, _ end: CivilDate) -> Isolation {
        Isolation(
            id: 1, personID: 9, episodeID: 1, establishmentID: 1, establishmentCode: "ep-norte", startsOn: start,
            plannedEndOn: end, liftedOn: nil,
            resolution: "Acta", medicalReport: "Informe", reason: "Falta grave", version: 1)
    }

    func codes(_ r: IsolationRequest, person: Person = person, existing: [Isolation] = []) -> [ValidationCode] {
        IsolationRules.validate(r, person: person, inCustody: true, existing: existing, asOf: Self.day(6, 1)).map(\.code)
    }

    /// Example 15: 20 days refused; 15 accepted.
    @Test func workedExample15() {
        #expect(codes(request(Self.day(6, 1), 20)) == [.isolationMaximum])
        #expect(codes(request(Self.day(6, 1), 15)).isEmpty)
    }

    /// Example 16: 06-01 to 06-10, then 10 days from 06-11 (a streak of 20) refused; from 06-18 (7 days out) accepted.
    @Test func workedExample16() {
        let first = [isolation(Self.day(6, 1), Self.day(6, 10))]
        #expect(codes(request(Self.day(6, 11), 10), existing: first) == [.isolationMaximum])
        #expect(codes(request(Self.day(6, 14), 10), existing: first) == [.isolationMaximum])  // 3 days out: still one streak
        #expect(codes(request(Self.day(6, 18), 10), existing: first).isEmpty)
        #expect(codes(request(Self.day(6, 11), 5), existing: first).isEmpty)  // 15 in all
        #expect(codes(request(Self.day(6, 5), 3), existing: first) == [.isolationOverlap])
    }

    /// Example 17: a pregnant inmate (the medical report certifies it), or one aged 61: refused.
    @Test func workedExample17() {
        #expect(
            codes(request(Self.day(6, 1), 5, report: .init(reference: "Informe 1", protectedCondition: true))) == [
                .isolationProtected
            ])
        var older = Self.person
        older.birthDate = CivilDate(year: 1965, month: 1, day: 10)
        #expect(codes(request(Self.day(6, 1), 5), person: older) == [.isolationProtected])
        older.birthDate = CivilDate(year: 1966, month: 6, day: 2)  // 59 on 2026-06-01
        #expect(codes(request(Self.day(6, 1), 5), person: older).isEmpty)
    }

    /// Example 18: no medical report, refused.
    @Test func workedExample18() {
        #expect(codes(request(Self.day(6, 1), 5, report: nil)) == [.isolationMedicalClearance])
        #expect(codes(request(Self.day(6, 1), 5, report: .init(reference: " "))) == [.isolationMedicalClearance])
    }

    /// Whatever orders are asked for, in any order, those the rules accept never make more than 15 consecutive days.
    @Test(arguments: 0..<40)
    func theCapHoldsForAnySequence(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed) &+ 20_261_206)
        var accepted: [Isolation] = []
        for _ in 0..<30 {
            let start = Self.day(6, 1).adding(days: Int.random(in: 0..<90, using: &random))
            let r = request(start, Int.random(in: 1...16, using: &random))
            let messages = IsolationRules.validate(
                r, person: Self.person, inCustody: true, existing: accepted, asOf: Self.day(6, 1))
            if messages.isEmpty { accepted.append(isolation(r.startsOn, r.endOn)) }
        }
        let intervals = accepted.map { ($0.startsOn, $0.endOn) }
        for offset in 0..<120 {
            #expect(IsolationRules.streak(containing: Self.day(6, 1).adding(days: offset), in: intervals) <= 15)
        }
        #expect(!accepted.isEmpty)
    }

    @Test func liftAndTheYearsDays() {
        var order = isolation(Self.day(6, 1), Self.day(6, 10))
        func codes(_ last: CivilDate, reason: String = "Informe médico") -> [ValidationCode] {
            IsolationRules.validate(
                IsolationLift(personID: 9, isolationID: order.id, lastDay: last, reason: reason), isolation: order,
                asOf: Self.day(6, 12)
            ).map(\.code)
        }
        #expect(codes(Self.day(6, 4)).isEmpty)
        #expect(codes(Self.day(6, 10)) == [.valueOutOfRange])  // the planned end is no lift
        #expect(codes(Self.day(5, 31)) == [.valueOutOfRange])
        #expect(codes(Self.day(6, 4), reason: " ") == [.transferReasonRequired])
        order.liftedOn = Self.day(6, 4)
        #expect(codes(Self.day(6, 3)) == [.isolationAlreadyLifted])
        #expect(order.days == 4)
        // Days in the last twelve months: 4 of this one, and the part of an older one inside the window.
        let old = isolation(Self.day(6, 1).adding(months: -12), Self.day(6, 1).adding(months: -12).adding(days: 9))
        #expect(IsolationRules.daysInLastYear([order, old], asOf: Self.day(6, 12)) == 4 + 0)
        #expect(IsolationRules.daysInLastYear([order, old], asOf: Self.day(6, 1).adding(days: -1)) == 10)
    }
}
