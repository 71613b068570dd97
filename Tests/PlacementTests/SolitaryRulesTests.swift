import CustodiaCore
import Placement
import Testing

/// CL-13 (Mandela Rules 43-44; docs/legal/peru-operations.md worked example 22).
@Suite struct SolitaryRulesTests {
    let start = CivilDate(year: 2026, month: 6, day: 1)!

    /// Example 22: in Extrema Seguridad, 23 hours a day in the cell and no meaningful contact: an alert on day 10, the
    /// breach (prolonged solitary confinement, prohibited) on day 16.
    @Test func workedExample22() {
        func alert(onDay n: Int, lastContact: CivilDate? = nil) -> AlertKind? {
            SolitaryRules.alert(
                streak: SolitaryRules.streak(start: start, lastContact: lastContact, asOf: start.adding(days: n - 1)))
        }
        #expect(SolitaryRules.streak(start: start, lastContact: nil, asOf: start) == 1)
        #expect(alert(onDay: 9) == nil && alert(onDay: 10) == .solitaryDays && alert(onDay: 15) == .solitaryDays)
        #expect(alert(onDay: 16) == .prolongedSolitary && AlertKind.prolongedSolitary.severity == .critical)
        // Two hours of contact on day 12 restart the count: day 16 is then the 4th day.
        #expect(alert(onDay: 16, lastContact: start.adding(days: 11)) == nil)
        #expect(SolitaryRules.streak(start: start, lastContact: start.adding(days: 11), asOf: start.adding(days: 15)) == 4)
        // Contact before the regime began does not count; before the start nothing runs.
        #expect(SolitaryRules.streak(start: start, lastContact: start.adding(days: -3), asOf: start.adding(days: 1)) == 2)
        #expect(SolitaryRules.streak(start: start, lastContact: nil, asOf: start.adding(days: -1)) == 0)
    }

    @Test func aDaysRecord() {
        let admitted = start
        func codes(_ day: CivilDate, _ minutes: Int) -> [ValidationCode] {
            SolitaryRules.validate(
                ContactDay(personID: 1, day: day, minutes: minutes), admittedOn: admitted, asOf: start.adding(days: 5)
            )
            .map(\.code)
        }
        #expect(codes(start.adding(days: 2), 150).isEmpty)
        #expect(codes(start.adding(days: 2), 1_441) == [.valueOutOfRange])
        #expect(codes(start.adding(days: 6), 60) == [.transferInFuture])
        #expect(codes(start.adding(days: -1), 60) == [.intakeBeforeAdmission])
        #expect(
            SolitaryRules.validate(ContactDay(personID: 1, day: start, minutes: 10), admittedOn: nil, asOf: start).map(\.code)
                == [.notInCustody])
    }
}
