import CustodiaCore
import Placement
import Testing

/// The rules a visit is booked under (docs/legal/peru-operations.md section 4 and the stage table of section 1): worked
/// examples 8-14, 24 and 28 (the visitor banned), the calendar, the room, and what is wrong with a request itself.
@Suite struct VisitRulesTests {
    static func day(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }
    static func at(_ date: CivilDate, _ hour: Int = 10) -> LocalTime {
        LocalTime(date: date, time: TimeOfDay(hour: hour, minute: 0)!)
    }
    static let person = Person(
        id: 9, document: .dni("41234567"), name: PersonName(givenNames: "José", paternalSurname: "Prueba", maternalSurname: ""),
        sex: .male, birthDate: day(1990, 5, 4), nationality: "PER", version: 1)
    static let norte = Establishment(
        id: 1, code: "ep-norte", name: "E.P. Norte", shortName: "Norte", regionalOfficeID: 1, department: "Piura",
        city: nil, housedSex: .male, certifiedCapacity: 400)
    static let lima = Establishment(
        id: 2, code: "ep-lima", name: "E.P. Lima", shortName: "Lima", regionalOfficeID: 1, department: "Lima",
        city: nil, housedSex: .male, certifiedCapacity: 400)
    /// Every day from 08:00 to 18:00: the worked examples' dates fall on any weekday.
    static let everyDay: VisitCalendar = {
        var calendar = VisitCalendar()
        calendar.familyWeekdays = Set(0..<7)
        calendar.familyHours = (TimeOfDay(hour: 8, minute: 0)!, TimeOfDay(hour: 18, minute: 0)!)
        return calendar
    }()

    static func visitor(_ id: Visitor.ID, born: CivilDate = day(1970, 1, 1)) -> Visitor {
        Visitor(
            id: id, document: .dni(String(40_000_000 + id.rawValue)),
            name: PersonName(givenNames: "Ana", paternalSurname: "Visita", maternalSurname: ""), sex: .female,
            birthDate: born, address: "Av. Sintética 1", photoReference: nil, registeredOn: day(2025, 1, 1), version: 1)
    }

    static func visit(_ date: CivilDate, kind: VisitKind = .family, state: Visit.State = .finished) -> Visit {
        Visit(
            id: 1, personID: 9, establishmentID: 1, establishmentCode: "ep-norte", kind: kind, mode: .locutorio,
            startsAt: at(date), minutes: 60, visitorIDs: [1], state: state, refusal: [], checkedInAt: nil, checkedOutAt: nil,
            version: 1)
    }

    struct Case {
        var regime: Regime? = .rceA
        var establishment = VisitRulesTests.norte
        var relationships: [Visitor.ID: Relationship] = [1: .sibling, 2: .cousin, 3: .spouseCousin, 4: .lawyer]
        var visitors: [Visitor.ID: Visitor] = Dictionary(
            uniqueKeysWithValues: (1...4).map { (Visitor.ID(rawValue: $0), VisitRulesTests.visitor(.init(rawValue: $0))) })
        var bans: [VisitorBan] = []
        var visits: [Visit] = []
        var seatsTaken = 0
        var rivals: Set<Visitor.ID> = []
        var reference = VisitRulesTests.at(VisitRulesTests.day(2025, 10, 1), 8)
        var calendar = VisitRulesTests.everyDay

        func decide(
            _ date: CivilDate, kind: VisitKind = .family, mode: VisitMode = .locutorio, minutes: Int = 60,
            visitors: [Visitor.ID] = [1], hour: Int = 10
        ) -> VisitDecision {
            VisitRules.decide(
                VisitRequest(
                    personID: 9, kind: kind, mode: mode, startsAt: VisitRulesTests.at(date, hour), minutes: minutes,
                    visitorIDs: visitors),
                context: VisitContext(
                    person: VisitRulesTests.person, establishment: establishment, placed: true, regime: regime,
                    visitors: self.visitors, relationships: relationships, bans: bans, visits: self.visits,
                    seatsTaken: seatsTaken, rivalVisitors: rivals, reference: reference, calendar: calendar))
        }

        func codes(
            _ date: CivilDate, kind: VisitKind = .family, mode: VisitMode = .locutorio, minutes: Int = 60,
            visitors: [Visitor.ID] = [1], hour: Int = 10
        ) -> [ValidationCode] {
            let d = decide(date, kind: kind, mode: mode, minutes: minutes, visitors: visitors, hour: hour)
            return (d.input + d.rules).map(\.code)
        }
    }

    /// Examples 8 and 9: Extrema Seguridad, one family visit per calendar month.
    @Test func workedExamples8And9() {
        var c = Case(regime: .rceExtremaSeguridad)
        c.visits = [Self.visit(Self.day(2026, 4, 3))]
        #expect(c.codes(Self.day(2026, 4, 20)) == [.visitQuota])
        #expect(c.codes(Self.day(2026, 5, 2)).isEmpty)
        // A cancelled or refused visit does not count; a lawyer's never does (VI-6).
        c.visits = [Self.visit(Self.day(2026, 4, 3), state: .cancelled), Self.visit(Self.day(2026, 4, 5), kind: .lawyer)]
        #expect(c.codes(Self.day(2026, 4, 20)).isEmpty)
    }

    /// Example 10: two relatives in an Extrema Seguridad visit.
    @Test func workedExample10() {
        let c = Case(regime: .rceExtremaSeguridad)
        #expect(c.codes(Self.day(2026, 4, 3), visitors: [1, 2]) == [.visitVisitorCount])
        #expect(c.codes(Self.day(2026, 4, 3), visitors: [1]).isEmpty)
    }

    /// Examples 11 and 12: stage A, one visit per two weeks, 60 minutes, locutorio.
    @Test func workedExamples11And12() {
        var c = Case(regime: .rceA)
        c.visits = [Self.visit(Self.day(2026, 5, 4))]
        #expect(c.codes(Self.day(2026, 5, 12)) == [.visitQuota])
        #expect(c.codes(Self.day(2026, 5, 18)).isEmpty)
        // Fourteen days both ways: a visit booked earlier than one already standing counts too.
        #expect(c.codes(Self.day(2026, 4, 25)) == [.visitQuota])
        #expect(c.codes(Self.day(2026, 5, 18), minutes: 90) == [.visitDuration])
        #expect(c.codes(Self.day(2026, 5, 18), mode: .contact) == [.visitMode])
    }

    /// Example 13: stage B, a brother and a cousin; then a spouse's cousin (4th degree of affinity).
    @Test func workedExample13() {
        let c = Case(regime: .rceB)
        #expect(c.codes(Self.day(2026, 5, 4), visitors: [1, 2]).isEmpty)
        #expect(c.codes(Self.day(2026, 5, 4), visitors: [3]) == [.visitKinshipDegree])
        // In the ordinary regime, away from an emergency, the degrees are not narrowed.
        #expect(Case(regime: .rcoMediana).codes(Self.day(2026, 5, 4), visitors: [3]).isEmpty)
    }

    /// Example 14: a lawyer, on a Tuesday at 10:00, for a stage A inmate whose quota is spent: accepted, and not counted.
    @Test func workedExample14() {
        var c = Case(regime: .rceA)
        c.calendar = VisitCalendar()
        c.visits = [Self.visit(Self.day(2026, 6, 7))]
        let tuesday = Self.day(2026, 6, 9)
        #expect(VisitCalendar.weekday(tuesday) == 1)
        #expect(c.codes(tuesday, kind: .lawyer, visitors: [4]).isEmpty)
        // A relative is not a lawyer, and a family visit on that Tuesday is outside the calendar and the quota.
        #expect(c.codes(tuesday, kind: .lawyer, visitors: [1]) == [.visitRelationship])
        #expect(c.codes(tuesday) == [.visitOutsideCalendar, .visitQuota])
    }

    /// Example 24: Lima, ordinary regime, during the 2025 emergency: 7 days between visits, close relatives only.
    @Test func workedExample24() {
        var c = Case(regime: .rcoMediana, establishment: Self.lima)
        c.visits = [Self.visit(Self.day(2025, 10, 27))]
        #expect(c.codes(Self.day(2025, 10, 30)) == [.visitQuota])
        #expect(c.codes(Self.day(2025, 11, 3)).isEmpty)
        c.relationships[1] = .friend
        #expect(c.codes(Self.day(2025, 11, 3)) == [.visitKinshipDegree])
        // Outside Lima and Callao, or after the emergency, the ordinary regime has no quota and admits friends.
        c.establishment = Self.norte
        #expect(c.codes(Self.day(2025, 10, 30)).isEmpty)
        c.establishment = Self.lima
        #expect(c.codes(Self.day(2025, 11, 21)).isEmpty)
    }

    /// Example 28 (first half): a banned visitor, by the ban's dates and scope; bans bar lawyers too (their conduct,
    /// not the regime).
    @Test func workedExample28() {
        var c = Case(regime: .rceA)
        c.bans = [
            VisitorBan(
                id: 1, visitorID: 1, personID: nil, establishmentID: 1, startsOn: Self.day(2026, 5, 1),
                endsOn: Self.day(2026, 5, 31), reason: "Intento de ingreso de un celular", resolution: "RD 12-2026")
        ]
        #expect(c.codes(Self.day(2026, 5, 10)) == [.visitorBanned])
        #expect(c.codes(Self.day(2026, 6, 1)).isEmpty)
        c.bans[0].establishmentID = 2
        #expect(c.codes(Self.day(2026, 5, 10)).isEmpty)
        c.bans[0] = VisitorBan(
            id: 2, visitorID: 4, personID: 9, establishmentID: nil, startsOn: Self.day(2026, 5, 1), endsOn: nil,
            reason: "Ingreso de un chip", resolution: "RD 13-2026")
        #expect(c.codes(Self.day(2026, 5, 12), kind: .lawyer, visitors: [4]) == [.visitorBanned])
    }

    /// VI-7: the visita íntima, spouse or partner only, not in stages ES, A or B.
    @Test func intimateVisits() {
        var c = Case(regime: .rceC)
        c.relationships[1] = .partner
        #expect(c.codes(Self.day(2026, 5, 4), kind: .intimate, visitors: [1]).isEmpty)
        #expect(c.codes(Self.day(2026, 5, 4), kind: .intimate, visitors: [2]) == [.visitKinshipDegree])
        c.regime = .rceB
        #expect(c.codes(Self.day(2026, 5, 4), kind: .intimate, visitors: [1]) == [.visitIntimateNotAvailable])
    }

    /// The calendar's days and hours, the room's seats, a minor without an adult, a visitor kept apart (SEP-6).
    @Test func calendarRoomMinorsAndRivals() {
        var c = Case(regime: .rcoMediana)
        c.calendar = VisitCalendar()
        let saturday = Self.day(2026, 5, 9)
        #expect(VisitCalendar.weekday(saturday) == 5)
        #expect(c.codes(saturday).isEmpty)
        #expect(c.codes(saturday, hour: 8) == [.visitOutsideCalendar])
        #expect(c.codes(saturday, minutes: 120, hour: 15) == [.visitOutsideCalendar])
        #expect(c.codes(Self.day(2026, 5, 8)) == [.visitOutsideCalendar])
        c.seatsTaken = VisitCalendar.seats(certifiedCapacity: 400) - 1
        #expect(c.codes(saturday, visitors: [1]).isEmpty)
        #expect(c.codes(saturday, visitors: [1, 2]) == [.visitSlotFull])
        c.seatsTaken = 0
        c.visitors[2] = Self.visitor(2, born: Self.day(2015, 3, 1))
        #expect(c.codes(saturday, visitors: [2]) == [.visitMinorUnaccompanied])
        #expect(c.codes(saturday, visitors: [1, 2]).isEmpty)
        c.rivals = [1]
        #expect(c.codes(saturday) == [.visitKeepApart])
    }

    /// What is wrong with the request itself: unknown visitor, in the past, overlapping, no visitor, out of range.
    @Test func badRequestsAreInputNotRules() {
        var c = Case(regime: .rceA)
        c.visits = [Self.visit(Self.day(2026, 5, 4), state: .booked)]
        let unknown = c.decide(Self.day(2026, 5, 20), visitors: [1, 7])
        #expect(unknown.input.map(\.field) == ["visitor_ids[1]"] && unknown.rules.isEmpty)
        #expect(c.decide(Self.day(2025, 9, 1)).input.map(\.code) == [.visitInPast])
        #expect(c.decide(Self.day(2026, 5, 4), hour: 10).input.map(\.code) == [.visitOverlap])
        #expect(c.decide(Self.day(2026, 5, 20), visitors: []).input.map(\.code) == [.visitVisitorRequired])
        #expect(c.decide(Self.day(2026, 5, 20), minutes: 600).input.map(\.code) == [.valueOutOfRange])
    }

    /// The room's peak over a visit's time: visits that follow one another do not add up.
    @Test func theRoomsPeak() {
        let day = Self.day(2026, 5, 9)
        let visits = [
            (Self.at(day, 9), Self.at(day, 10), 5), (Self.at(day, 10), Self.at(day, 11), 7),
            (Self.at(day, 9).adding(minutes: 30), Self.at(day, 10).adding(minutes: 30), 4),
        ]
        #expect(VisitRules.peak(from: Self.at(day, 9), of: visits) == 11)
        #expect(VisitRules.peak(from: Self.at(day, 10), of: visits) == 11)
        #expect(VisitRules.peak(from: Self.at(day, 10).adding(minutes: 30), of: visits) == 7)
        #expect(VisitRules.peak(from: Self.at(day, 11), of: visits) == 0)
    }

    /// The stage once more at the gate (point 10's "regime rule" of a check-in): classified in stage A since the booking,
    /// a contact visit of two for 90 minutes is refused at check-in; a lawyer's never is.
    @Test func theStageAtTheGate() {
        let day = Self.day(2026, 5, 9)
        var visit = Self.visit(day, state: .booked)
        visit.mode = .contact
        visit.minutes = 90
        visit.visitorIDs = [1, 3]
        let visitors = [Self.visitor(1), Self.visitor(3)]
        let step = VisitStep(id: 1, action: .checkIn, documents: visitors.compactMap(\.document.number))
        func codes(_ visit: Visit, regime: Regime?) -> [ValidationCode] {
            VisitRules.validate(
                step, visit: visit, visitors: visitors, bans: [], at: Self.at(day, 9), reference: Self.at(day, 12),
                placed: true, regime: regime, relationships: [1: .sibling, 3: .spouseCousin]
            ).map(\.code)
        }
        #expect(codes(visit, regime: .rcoMediana).isEmpty)
        #expect(codes(visit, regime: .rceA) == [.visitMode, .visitVisitorCount, .visitDuration, .visitKinshipDegree])
        visit.kind = .lawyer
        #expect(codes(visit, regime: .rceExtremaSeguridad).isEmpty)
    }

    /// VI-3: the degree each relationship counts.
    @Test func kinshipDegrees() {
        #expect(Relationship.cousin.kinship == .consanguinity(4) && Relationship.cousin.isCloseRelative)
        #expect(Relationship.spouseCousin.kinship == .affinity(4) && !Relationship.spouseCousin.isCloseRelative)
        #expect(Relationship.siblingInLaw.kinship == .affinity(2) && Relationship.siblingInLaw.isCloseRelative)
        #expect(!Relationship.friend.isCloseRelative && Relationship.friend.isFamily)
        #expect(!Relationship.lawyer.isFamily && Relationship.partner.kinship == .spouse)
    }
}
