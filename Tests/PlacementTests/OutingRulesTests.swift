import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// The pure rules of temporary exits and the Lima minute (issue 11 points 4-6).
@Suite struct OutingRulesTests {
    static let person = Fixtures.registeredPerson
    func minute(_ text: String) -> LocalTime { LocalTime(text: text)! }

    @Test func theLimaMinuteOfAnInstant() {
        // 15:30 UTC is 10:30 in Lima; an offset is honoured; a minute past midnight UTC is the evening before.
        #expect(LocalTime(instant: "2026-07-01T15:30:00Z") == minute("2026-07-01T10:30"))
        #expect(LocalTime(instant: "2026-07-01T10:30:59.999-05:00") == minute("2026-07-01T10:30"))
        #expect(LocalTime(instant: "2026-07-02T00:01:00+00:00") == minute("2026-07-01T19:01"))
        #expect(LocalTime(instant: "2026-07-01 10:30") == minute("2026-07-01T10:30"))
        for bad in ["2026-07-01", "2026-07-01T25:00:00Z", "2026-07-01T10:30:00", "2026-02-30T10:00:00Z", "ayer", ""] {
            #expect(LocalTime(instant: bad) == nil, "\(bad)")
        }
        #expect(minute("2026-12-31T23:50").adding(minutes: 20) == minute("2027-01-01T00:10"))
        #expect(minute("2026-07-01T10:00").minutes(until: minute("2026-07-02T10:00")) == 1_440)
        // A movement dated today counts from the reference minute, an earlier day from its midnight, never before
        // the placement it ends began.
        let reference = minute("2026-07-01T15:00")
        #expect(LocalTime.movement(on: reference.date, reference: reference, notBefore: nil) == reference)
        #expect(
            LocalTime.movement(on: reference.date.adding(days: -2), reference: reference, notBefore: nil)
                == minute("2026-06-29T00:00"))
        #expect(
            LocalTime.movement(on: reference.date.adding(days: -2), reference: reference, notBefore: minute("2026-06-29T09:00"))
                == minute("2026-06-29T09:00"))
    }

    @Test func aScheduleNeedsWhereWhoTheCourtsNoticeAndAReturnAfterTheDeparture() {
        let episode = Fixtures.openEpisode()
        let placement = Placement(
            id: 1, personID: Self.person.id, episodeID: episode.id, establishmentID: 1, pavilionID: 1, cellID: nil,
            fromDate: CivilDate(year: 2026, month: 3, day: 2)!, untilDate: nil)
        func request(
            _ kind: Outing.Kind = .courtHearing, order: String? = "Oficio 1", from: String = "2026-07-01T08:00",
            to: String = "2026-07-01T13:00", destination: String = "Sala 3"
        ) -> OutingRequest {
            OutingRequest(
                personID: Self.person.id, kind: kind, destination: destination, requestedBy: "Juzgado 2",
                orderReference: order, scheduledAt: minute(from), returnDue: minute(to))
        }
        #expect(OutingRules.validate(request(), person: Self.person, episode: episode, current: placement).isEmpty)
        // A hospital exit needs no court notice; a hearing and a videoconference do.
        #expect(
            OutingRules.validate(request(.hospital, order: nil), person: Self.person, episode: episode, current: placement)
                .isEmpty)
        for kind in [Outing.Kind.courtHearing, .videoconference] {
            #expect(
                OutingRules.validate(request(kind, order: " "), person: Self.person, episode: episode, current: placement)
                    .map(\.code) == [.outingOrderRequired])
        }
        #expect(
            OutingRules.validate(request(to: "2026-07-01T08:00"), person: Self.person, episode: episode, current: placement)
                .map(\.code) == [.outingReturnBeforeDeparture])
        #expect(
            OutingRules.validate(request(to: "2026-08-15T08:00"), person: Self.person, episode: episode, current: placement)
                .map(\.code) == [.valueOutOfRange])
        #expect(
            OutingRules.validate(request(destination: ""), person: Self.person, episode: episode, current: placement)
                .map(\.code) == [.outingDestinationRequired])
        // Not in custody; in transit (no pavilion); unknown.
        #expect(OutingRules.validate(request(), person: Self.person, episode: nil, current: nil).map(\.code) == [.notInCustody])
        #expect(
            OutingRules.validate(request(), person: Self.person, episode: episode, current: nil).map(\.code) == [.outingInTransit]
        )
        #expect(OutingRules.validate(request(), person: nil, episode: nil, current: nil).map(\.code) == [.personUnknown])
    }

    @Test func eachStepFollowsItsState() {
        let outing = Outing(
            id: 1, personID: Self.person.id, episodeID: 1, establishmentID: 1, establishmentCode: "ep-norte",
            kind: .hospital, destination: "Hospital", requestedBy: "Salud", orderReference: nil,
            scheduledAt: minute("2026-07-01T08:00"), returnDue: minute("2026-07-01T12:00"), escort: nil, state: .scheduled,
            outAt: nil, backAt: nil, closingReason: nil, version: 1)
        let reference = minute("2026-07-01T09:00")
        func check(_ step: OutingStep, _ o: Outing, at: String = "2026-07-01T08:30", placed: Bool = true, other: Bool = false)
            -> [ValidationCode]
        {
            OutingRules.validate(
                step, outing: o, at: minute(at), reference: reference, inCustody: true, placed: placed, otherOut: other
            ).map(\.code)
        }
        #expect(check(OutingStep(id: 1, action: .leave), outing).isEmpty)
        #expect(check(OutingStep(id: 1, action: .back), outing) == [.outingWrongState])
        #expect(check(OutingStep(id: 1, action: .leave), outing, at: "2026-07-01T09:01") == [.outingInFuture])
        #expect(check(OutingStep(id: 1, action: .leave), outing, placed: false) == [.outingInTransit])
        #expect(check(OutingStep(id: 1, action: .leave), outing, other: true) == [.outingAlreadyOut])
        #expect(check(OutingStep(id: 1, action: .cancel), outing) == [.outingReasonRequired])
        var out = outing
        out.state = .out
        out.outAt = minute("2026-07-01T08:30")
        #expect(check(OutingStep(id: 1, action: .back), out, at: "2026-07-01T08:45").isEmpty)
        #expect(check(OutingStep(id: 1, action: .back), out, at: "2026-07-01T08:29") == [.outingReturnBeforeDeparture])
        #expect(check(OutingStep(id: 1, action: .cancel, reason: "x"), out) == [.outingWrongState])
        // Overdue only while out and past the return due.
        #expect(!out.isOverdue(at: minute("2026-07-01T12:00")) && out.isOverdue(at: minute("2026-07-01T12:01")))
        #expect(!outing.isOverdue(at: minute("2026-07-02T00:00")))
    }
}
