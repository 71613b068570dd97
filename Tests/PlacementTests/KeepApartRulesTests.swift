import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// Keep-apart rules (SEP-6): every refusal with its field.
@Suite struct KeepApartRulesTests {
    let asOf = Fixtures.asOf

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func aNewRecordNamesTwoKnownPartiesAReasonAndAStartNotInTheFuture() {
        let draft = KeepApartDraft(parties: .persons(1, 2), scope: .cell, reason: "Riña", startsOn: day("2026-03-10"))
        #expect(KeepApartRules.validate(draft, firstKnown: true, secondKnown: true, openDuplicate: false, asOf: asOf).isEmpty)
        #expect(
            KeepApartRules.validate(draft, firstKnown: true, secondKnown: true, openDuplicate: true, asOf: asOf).map(\.code)
                == [.keepApartDuplicate])
        var bad = KeepApartDraft(parties: .organizations(3, 3), scope: .pavilion, reason: "", startsOn: day("2026-04-01"))
        let messages = KeepApartRules.validate(bad, firstKnown: false, secondKnown: true, openDuplicate: true, asOf: asOf)
        #expect(
            messages.map { "\($0.code.rawValue)@\($0.field)" } == [
                "organization.unknown@first", "keep_apart.same_party@second", "keep_apart.reason_required@reason",
                "keep_apart.date_in_future@starts_on",
            ])
        bad.parties = .persons(5, 6)
        #expect(
            KeepApartRules.validate(bad, firstKnown: true, secondKnown: false, openDuplicate: false, asOf: asOf).first?.code
                == .personUnknown)
    }

    @Test func closingAndReopeningFollowTheRecordsState() {
        let open = KeepApart(
            id: 1, parties: .persons(1, 2), scope: .pavilion, reason: "Riña", startsOn: day("2026-03-10"), endsOn: nil,
            lastChangeReason: nil, version: 1)
        var closed = open
        closed.endsOn = day("2026-03-12")
        func codes(_ action: KeepApartChange.Action, _ record: KeepApart, on: String = "2026-03-12", reason: String = "Motivo")
            -> [ValidationCode]
        {
            KeepApartRules.validate(
                KeepApartChange(id: 1, action: action, on: day(on), reason: reason), record: record, asOf: asOf
            )
            .map(\.code)
        }
        #expect(codes(.close, open).isEmpty)
        #expect(codes(.close, open, on: "2026-03-09") == [.periodEndsBeforeStart])
        #expect(codes(.close, open, on: "2026-03-16") == [.keepApartInFuture])
        #expect(codes(.close, closed) == [.keepApartAlreadyClosed])
        #expect(codes(.reopen, closed).isEmpty)
        #expect(codes(.reopen, open, reason: " ") == [.keepApartNotClosed, .keepApartReasonRequired])
    }
}
