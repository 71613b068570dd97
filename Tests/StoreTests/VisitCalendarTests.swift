import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Each establishment's visiting calendar on both engines (issue 12 point 2, VI-1): the defaults until set; set to
/// Saturdays 10:00-12:00 with a room of 1 seat, a Sunday visit is refused outside the calendar, a Saturday one booked,
/// one with two visitors refused for the room; a calendar whose hours end before they begin, or set against a
/// stale version, writes nothing. Today is Sunday 2026-03-15.
@Suite struct VisitCalendarTests {
    @Test(arguments: TestDatabase.engines)
    func setThenBookedAgainst(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, _, file in
            let defaults = try #require(try await registry.visitCalendar(establishmentCode: "ep-norte"))
            #expect(defaults.version == 0 && defaults.familyWeekdays == [2, 5, 6] && defaults.seats == nil)
            #expect(try await registry.visitCalendar(establishmentCode: "ep-nada") == nil)
            let saturdays = VisitCalendar(
                familyWeekdays: [5], familyHours: (TimeOfDay(hour: 10, minute: 0)!, TimeOfDay(hour: 12, minute: 0)!),
                professionalWeekdays: [0, 1, 2, 3, 4],
                professionalHours: (TimeOfDay(hour: 8, minute: 0)!, TimeOfDay(hour: 16, minute: 0)!), seats: 1, version: 0)
            var backwards = saturdays
            backwards.familyHours = (TimeOfDay(hour: 12, minute: 0)!, TimeOfDay(hour: 10, minute: 0)!)
            guard
                case .rejected(let bad) = try await registry.setVisitCalendar(
                    backwards, establishmentCode: "ep-norte", expectedVersion: nil, actor: "t")
            else { throw CancellationError() }
            #expect(bad.map(\.field) == ["family_hours"])
            guard
                case .done(let set) = try await registry.setVisitCalendar(
                    saturdays, establishmentCode: "ep-norte", expectedVersion: 0, actor: "director")
            else { throw CancellationError() }
            #expect(set.version == 1 && set.familyWeekdays == [5] && set.seats == 1)
            guard
                case .versionConflict(current: 1) = try await registry.setVisitCalendar(
                    saturdays, establishmentCode: "ep-norte", expectedVersion: 0, actor: "t")
            else { throw CancellationError() }
            #expect(try await registry.visitCalendar(establishmentCode: "ep-mujeres")?.version == 0)

            var visitors: [Visitor.ID] = []
            for dni in ["45678912", "45678913"] {
                guard
                    case .done(let visitor) = try await registry.registerVisitor(
                        VisitStoreTests.newVisitor(dni), asOf: Fixtures.asOf, actor: "t"),
                    case .done = try await registry.linkVisitor(
                        VisitorLink(
                            visitorID: visitor.visitor.id, personID: file.person.id, relationship: .sibling, since: Fixtures.asOf),
                        actor: "t")
                else { throw CancellationError() }
                visitors.append(visitor.visitor.id)
            }
            func book(_ at: String, _ visitorIDs: [Visitor.ID], minutes: Int = 60) async throws -> VisitBooking {
                try await registry.bookVisit(
                    VisitRequest(
                        personID: file.person.id, kind: .family, mode: .contact, startsAt: LocalTime(text: at)!,
                        minutes: minutes, visitorIDs: visitorIDs), asOf: Fixtures.asOf, actor: "t")
            }
            let first = try await book("2026-03-22T10:00", [visitors[0]])
            guard case .refused(_, let sunday) = first else {
                Issue.record("\(first)")
                throw CancellationError()
            }
            #expect(sunday.map(\.code) == [.visitOutsideCalendar])
            let second = try await book("2026-03-21T10:00", [visitors[0]])
            guard case .booked = second else {
                Issue.record("\(second)")
                throw CancellationError()
            }
            let third = try await book("2026-03-21T11:00", visitors)
            guard case .refused(_, let full) = third else {
                Issue.record("\(third)")
                throw CancellationError()
            }
            #expect(full.map(\.code).contains(.visitSlotFull))
            let events = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.establishment.visit_calendar_changed.v1"
            }
            #expect(events.count == 1 && events.first?.establishmentCode == "ep-norte")
        }
    }
}
