import CustodiaCore
import CustodiaTestSupport
import Testing

/// Every validation code of release (egreso), decided by the pure rules.
@Suite struct ReleaseRulesTests {
    let asOf = Fixtures.asOf

    var registered: Person { Fixtures.registeredPerson }

    func openEpisode(status: ProceduralStatus = .unsentenced) -> CustodyEpisode { Fixtures.openEpisode(status: status) }

    func release(_ request: ReleaseRequest, open: CustodyEpisode?? = nil, sentence: Bool = false) -> Set<ValidationCode> {
        Set(
            ReleaseRule.validate(
                request,
                in: ReleaseRule.Context(
                    asOf: asOf, person: registered, openEpisode: open ?? openEpisode(), hasTemporarySentence: sentence)
            ).map(\.code))
    }

    @Test func releaseRules() {
        let day = CivilDate(year: 2026, month: 3, day: 10)!
        let noon = TimeOfDay(hour: 12, minute: 0)!
        #expect(
            release(
                ReleaseRequest(
                    personID: 9, releasedOn: day, releasedAt: noon, ground: .courtOrder, order: Fixtures.releaseOrder())
            ).isEmpty)
        #expect(
            release(ReleaseRequest(personID: 9, releasedOn: day, releasedAt: noon, ground: .courtOrder, order: nil)) == [
                .releaseOrderRequired
            ])
        #expect(
            release(
                ReleaseRequest(
                    personID: 9, releasedOn: day, releasedAt: noon, ground: .courtOrder, order: Fixtures.pretrialOrder())) == [
                    .releaseOrderKindInvalid
                ])
        #expect(
            release(
                ReleaseRequest(
                    personID: 9, releasedOn: CivilDate(year: 2026, month: 3, day: 1)!, releasedAt: noon, ground: .death,
                    order: nil)) == [.releaseBeforeAdmission])
        #expect(
            release(
                ReleaseRequest(
                    personID: 9, releasedOn: CivilDate(year: 2026, month: 3, day: 2)!, releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                    ground: .death, order: nil)) == [.releaseBeforeAdmission])
        #expect(
            release(ReleaseRequest(personID: 9, releasedOn: asOf.adding(days: 1), releasedAt: noon, ground: .death, order: nil))
                == [.releaseInFuture])
        #expect(
            release(ReleaseRequest(personID: 9, releasedOn: day, releasedAt: noon, ground: .death, order: nil), open: .some(nil))
                == [.notInCustody])
        // Pena cumplida only for a sentenced person with a temporary sentence.
        #expect(
            release(ReleaseRequest(personID: 9, releasedOn: day, releasedAt: noon, ground: .sentenceServed, order: nil)) == [
                .releaseGroundNotApplicable
            ])
        #expect(
            release(
                ReleaseRequest(personID: 9, releasedOn: day, releasedAt: noon, ground: .sentenceServed, order: nil),
                open: openEpisode(status: .sentenced), sentence: true
            ).isEmpty)
    }
}
