import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Synchronization
import Testing

/// Visitors and visits on both engines (issue 12 points 1-2): a visitor registered once per document and flagged when
/// the document is a person's in custody; a visit booked, checked in with the visitor's document and out; a banned
/// visitor's visit refused and kept with its code; a bad request writing nothing; events with the documents.
/// Today is Sunday 2026-03-15 (a family visiting day), 11:00 in Lima.
@Suite struct VisitStoreTests {
    final class Clock: Sendable {
        private let minute = Mutex<LocalTime>(LocalTime(date: Fixtures.asOf, time: TimeOfDay(hour: 11, minute: 0)!))
        func set(_ hour: Int, _ minute: Int) {
            self.minute.withLock { $0 = LocalTime(date: Fixtures.asOf, time: TimeOfDay(hour: hour, minute: minute)!) }
        }
        var date: Date {
            let m = minute.withLock { $0 }
            let seconds = (m.date.daysSinceEpoch * 1_440 + m.time.minutesSinceMidnight) * 60 - LocalTime.offsetSeconds
            return Date(timeIntervalSince1970: Double(seconds))
        }
    }

    static func done<T>(_ outcome: ChangeOutcome<T>, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        if case .done(let value) = outcome { return value }
        Issue.record("\(outcome)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    static func newVisitor(_ dni: String, born: CivilDate = CivilDate(year: 1985, month: 2, day: 1)!) -> NewVisitor {
        NewVisitor(
            document: .dni(dni), name: PersonName(givenNames: "Rosa", paternalSurname: "Visitante", maternalSurname: "Prueba"),
            sex: .female, birthDate: born, address: "Jr. Sintético 123, Piura")
    }

    static func at(_ hour: Int, _ minute: Int = 0) -> LocalTime {
        LocalTime(date: Fixtures.asOf, time: TimeOfDay(hour: hour, minute: minute)!)
    }

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func registerBookCheckInAndOutBanAndRefuse(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let clock = Clock()
            let registry = SQLRegistry(database: database, environment: Fixtures.environment(now: { clock.date }))
            let person = try Self.done(try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")).person

            // Point 1: one visitor per document; a document that is a person's in custody is flagged.
            let rosa = try Self.done(
                try await registry.registerVisitor(Self.newVisitor("45678912"), asOf: Fixtures.asOf, actor: "t"))
            guard
                case .rejected(let again) = try await registry.registerVisitor(
                    Self.newVisitor("45678912"), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(again.map(\.code) == [.visitorAlreadyRegistered])
            let twin = try Self.done(
                try await registry.registerVisitor(Self.newVisitor("41234567"), asOf: Fixtures.asOf, actor: "t"))
            #expect(twin.inCustody == [person.id] && rosa.inCustody.isEmpty)
            let id = rosa.visitor.id
            let linked = try Self.done(
                try await registry.linkVisitor(
                    VisitorLink(visitorID: id, personID: person.id, relationship: .sibling, since: Fixtures.asOf), actor: "t"))
            #expect(linked.links.map(\.relationship) == [.sibling] && linked.visitor.version == 2)

            // Point 2: booked, checked in with the document, checked out.
            let request = VisitRequest(
                personID: person.id, kind: .family, mode: .contact, startsAt: Self.at(11, 30), minutes: 60, visitorIDs: [id])
            guard case .booked(let visit) = try await registry.bookVisit(request, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("not booked")
                return
            }
            #expect(visit.state == .booked && visit.visitorIDs == [id])
            // The same person at the same time again: the request itself is wrong, nothing written.
            guard case .rejected(let overlap) = try await registry.bookVisit(request, asOf: Fixtures.asOf, actor: "t") else {
                throw CancellationError()
            }
            #expect(overlap.map(\.code) == [.visitOverlap])
            var unknown = request
            unknown.visitorIDs = [id, .init(rawValue: 999)]
            unknown.startsAt = Self.at(14)
            guard case .rejected(let missing) = try await registry.bookVisit(unknown, asOf: Fixtures.asOf, actor: "t") else {
                throw CancellationError()
            }
            #expect(missing.map(\.field) == ["visitor_ids[1]"])
            #expect(try await Self.count(database, "visits") == 1)

            let wrong = try await registry.stepVisit(
                VisitStep(id: visit.id, action: .checkIn, documents: ["45678913"]), expectedVersion: 1, asOf: Fixtures.asOf,
                actor: "t")
            guard case .rejected(let mismatch) = wrong else { throw CancellationError() }
            #expect(mismatch.map(\.code) == [.visitDocumentMismatch])
            let inside = try Self.done(
                try await registry.stepVisit(
                    VisitStep(id: visit.id, action: .checkIn, documents: [" 45678912 "]), expectedVersion: 1,
                    asOf: Fixtures.asOf, actor: "t"))
            #expect(inside.state == .inside && inside.checkedInAt == Self.at(11) && inside.version == 2)
            let stale = try await registry.stepVisit(
                VisitStep(id: visit.id, action: .checkOut), expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            guard case .versionConflict(current: 2) = stale else { throw CancellationError() }
            clock.set(12, 20)
            let out = try Self.done(
                try await registry.stepVisit(
                    VisitStep(id: visit.id, action: .checkOut), expectedVersion: 2, asOf: Fixtures.asOf, actor: "t"))
            #expect(out.state == .finished && out.checkedOutAt == Self.at(12, 20))

            // A ban: the next booking is refused under VI-5, and the refusal is kept.
            let banned = try Self.done(
                try await registry.banVisitor(
                    VisitorBan(
                        id: 0, visitorID: id, personID: nil, establishmentID: nil, startsOn: Fixtures.asOf, endsOn: nil,
                        reason: "Intento de ingreso de un chip (sintético)", resolution: "RD 7-2026"),
                    asOf: Fixtures.asOf, actor: "t"))
            #expect(banned.bans.count == 1)
            var later = request
            later.startsAt = Self.at(14)
            guard case .refused(let refused, let rules) = try await registry.bookVisit(later, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(rules.map(\.code) == [.visitorBanned] && refused.state == .refused)
            #expect(refused.refusal == ["visit.visitor_banned"])
            let history = try await registry.visits(of: person.id, limit: 10)
            #expect(history.map(\.state) == [.refused, .finished])
            #expect(try await registry.visits(establishmentCode: "ep-norte", on: Fixtures.asOf).count == 2)
            #expect(try await registry.visitorFile(id)?.visits.count == 2)

            // Events carry the visitor's document (point 7).
            let events = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.person.visit_changed.v1"
            }
            #expect(events.count == 4)
            #expect(events.allSatisfy { $0.payload.contains("45678912") })
            #expect(events.last?.payload.contains("\"action\":\"refused\"") == true)
        }
    }
}
