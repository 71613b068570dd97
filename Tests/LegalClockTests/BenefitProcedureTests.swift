import CustodiaCore
import Foundation
import Testing

@testable import LegalClock

/// The benefit procedure (docs/legal/peru-relief.md section 1): the worked examples W1-W3, every term at its
/// boundary day, and the file's steps, each refused out of turn.
@Suite struct BenefitProcedureTests {
    static let terms = RuleSet.shippedBenefitTerms.terms(on: CivilDate(iso: "2026-01-01")!)

    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static func file(eligibleFrom: String = "2023-10-01", state: BenefitFile.State = .assembling) -> BenefitFile {
        BenefitFile(
            id: 1, personID: 7, establishmentCode: "E01", benefit: .semiliberty, eligibleFrom: day(eligibleFrom),
            termsVersion: terms.version, openedOn: day(eligibleFrom), state: state, version: 1, documents: [], history: [])
    }

    /// Every document of the checklist recorded on `on`.
    static func completed(_ file: BenefitFile, on: String) -> BenefitFile {
        var current = file
        for document in BenefitFile.Document.allCases {
            current = BenefitFileRules.applying(
                .document(document, issuedOn: day(on), issuer: "Unidad", reference: nil), to: current, by: "legal",
                at: Date(timeIntervalSince1970: 0), today: day(on), terms: terms)
        }
        return current
    }

    @Test func theShippedTermsAreTheSpecsDefaultsAwaitingLegalReview() throws {
        let table = try BenefitTermTable.bundled()
        let terms = table.terms(on: Self.day("2026-12-01"))
        #expect(terms.validFrom == Self.day("2016-12-31"))
        let expected: [BenefitTerms.Parameter: Int] = [
            .leadDays: 30, .fileWorkingDays: 10, .remitWorkingDays: 2, .hearingWorkingDays: 10, .decisionWorkingDays: 2,
            .appealWorkingDays: 3, .waitAfterDenialDays: 0, .revocationCredit: 0,
        ]
        for (parameter, value) in expected { #expect(terms.value(parameter) == value, "\(parameter)") }
        #expect(terms.parameters.allSatisfy { $0.reviewStatus == "pending_legal_review" })
        #expect(terms.needsLegalReview)
    }

    @Test func aVersionWithoutOneOfItsTermsOrWithAnUnknownRuleDoesNotLoad() throws {
        let encoded = try JSONEncoder().encode(Self.terms)
        var document = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        let parameters = try #require(document["parameters"] as? [[String: Any]])
        #expect(try JSONDecoder().decode(BenefitTerms.self, from: encoded) == Self.terms)
        document["parameters"] = parameters.filter { $0["id"] as? String != "hearing_working_days" }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(BenefitTerms.self, from: JSONSerialization.data(withJSONObject: document))
        }
        document["parameters"] = parameters.map { parameter in
            var changed = parameter
            if changed["id"] as? String == "lead_days" { changed["rule"] = "BP-99" }
            return changed
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(BenefitTerms.self, from: JSONSerialization.data(withJSONObject: document))
        }
    }

    @Test func w1SemilibertyEligibleOnASunday() {
        let dates = BenefitProcedure.schedule(eligibleFrom: Self.day("2023-10-01"), terms: Self.terms)
        #expect(dates.opensOn == Self.day("2023-10-02"))
        #expect(dates.completeBy == Self.day("2023-10-16"))
        #expect(dates.sendBy == Self.day("2023-10-18"))
        // 1 November (Todos los Santos) is skipped.
        #expect(dates.hearingBy == Self.day("2023-11-02"))
        #expect(dates.decisionBy == Self.day("2023-11-06"))
        #expect(dates.appealBy == Self.day("2023-11-09"))
    }

    @Test func w2ConditionalReleaseEligibleOnASunday() {
        let dates = BenefitProcedure.schedule(eligibleFrom: Self.day("2025-06-01"), terms: Self.terms)
        #expect(dates.opensOn == Self.day("2025-06-02"))
        #expect(dates.completeBy == Self.day("2025-06-16"))
        #expect(dates.sendBy == Self.day("2025-06-18"))
        // 29 June (San Pedro y San Pablo) falls on a Sunday.
        #expect(dates.hearingBy == Self.day("2025-07-02"))
        #expect(dates.decisionBy == Self.day("2025-07-04"))
        #expect(dates.appealBy == Self.day("2025-07-09"))
    }

    @Test func w3ARevokedBenefitServesThePendingDaysAgain() throws {
        let notCredited = BenefitProcedure.sentenceEndAfterRevocation(
            releasedOn: Self.day("2025-07-04"), sentenceEndsOn: Self.day("2030-05-31"), returnedOn: Self.day("2026-03-01"),
            terms: Self.terms)
        #expect(Self.day("2025-07-04").days(until: Self.day("2030-05-31")) + 1 == 1_793)
        #expect(notCredited == Self.day("2031-01-26"))
        // The alternative reading of BP-11, once a lawyer sets it: the end does not move.
        var credited = Self.terms
        let index = try #require(credited.parameters.firstIndex { $0.id == .revocationCredit })
        credited.parameters[index].value = 1
        let unchanged = BenefitProcedure.sentenceEndAfterRevocation(
            releasedOn: Self.day("2025-07-04"), sentenceEndsOn: Self.day("2030-05-31"), returnedOn: Self.day("2026-03-01"),
            terms: credited)
        #expect(unchanged == Self.day("2030-05-31"))
    }

    @Test func theStepsTakeTheirOwnDatesForTheNextTerm() {
        // Complete on 2023-10-10 (early): remitted by 2023-10-12; sent on 2023-10-11: heard by 2023-10-25.
        let dates = BenefitProcedure.schedule(
            eligibleFrom: Self.day("2023-10-01"), terms: Self.terms, completedOn: Self.day("2023-10-10"),
            sentOn: Self.day("2023-10-11"), hearingOn: Self.day("2023-10-20"), decidedOn: Self.day("2023-10-20"))
        #expect(dates.sendBy == Self.day("2023-10-12"))
        #expect(dates.hearingBy == Self.day("2023-10-25"))
        #expect(dates.decisionBy == Self.day("2023-10-24"))
        #expect(dates.appealBy == Self.day("2023-10-25"))
    }

    @Test func everyTermIsLateTheDayAfterItsDueDayAndNotBefore() {
        let terms = Self.terms
        // W1's dates: the file, the remittal, the hearing, the decision.
        var file = Self.file()
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-10-16")) == nil)
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-10-17")) == .file)
        #expect(!BenefitProcedure.lateWithoutFile(eligibleFrom: file.eligibleFrom, terms: terms, asOf: Self.day("2023-10-16")))
        #expect(BenefitProcedure.lateWithoutFile(eligibleFrom: file.eligibleFrom, terms: terms, asOf: Self.day("2023-10-17")))
        file = Self.completed(file, on: "2023-10-16")
        #expect(file.state == .complete && file.completedOn == Self.day("2023-10-16"))
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-10-18")) == nil)
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-10-19")) == .send)
        file.state = .sent
        file.sentOn = Self.day("2023-10-18")
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-11-02")) == nil)
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-11-03")) == .hearing)
        file.state = .hearingSet
        file.hearingOn = Self.day("2023-11-02")
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-11-06")) == nil)
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-11-07")) == .decision)
        file.state = .granted
        file.grantedOn = Self.day("2023-11-06")
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-11-06")) == nil)
        #expect(BenefitProcedure.late(file, terms: terms, asOf: Self.day("2023-11-07")) == .release)
        // BP-2: a file is due from 30 days before the eligibility date.
        #expect(!BenefitProcedure.isDue(eligibleFrom: Self.day("2023-10-01"), terms: terms, asOf: Self.day("2023-08-31")))
        #expect(BenefitProcedure.isDue(eligibleFrom: Self.day("2023-10-01"), terms: terms, asOf: Self.day("2023-09-01")))
    }

    @Test func aFileIsNeverSentIncomplete() {
        let asOf = Self.day("2023-10-20")
        var file = Self.file()
        let send = BenefitStep.send(on: asOf, court: "Juzgado de prueba")
        #expect(BenefitFileRules.refusals(send, on: file, asOf: asOf).map(\.code) == [.benefitFileIncomplete])
        // Every document but one: still refused, and the message names the one missing.
        for document in BenefitFile.Document.allCases.dropLast() {
            file = BenefitFileRules.applying(
                .document(document, issuedOn: asOf, issuer: "Unidad", reference: nil), to: file, by: "legal",
                at: Date(timeIntervalSince1970: 0), today: asOf, terms: Self.terms)
        }
        let refused = BenefitFileRules.refusals(send, on: file, asOf: asOf)
        #expect(refused.map(\.code) == [.benefitFileIncomplete] && refused[0].spanish.contains("payment"))
        #expect(file.state == .assembling)
        // Work and study marked not applicable (no redemption claimed) counts as in; the sentence cannot be.
        let required = BenefitStep.notApplicable(.sentence, reason: "no")
        #expect(BenefitFileRules.refusals(required, on: file, asOf: asOf).map(\.code) == [.benefitDocumentRequired])
        file = BenefitFileRules.applying(
            .document(.payment, issuedOn: asOf, issuer: "Banco", reference: "op. 1"), to: file, by: "legal",
            at: Date(timeIntervalSince1970: 0), today: asOf, terms: Self.terms)
        #expect(file.state == .complete && file.missing.isEmpty)
        #expect(BenefitFileRules.refusals(send, on: file, asOf: asOf).isEmpty)
        #expect(file.history.count == BenefitFile.Document.allCases.count && file.version == 10)
    }

    @Test func stepsOutOfTurnAreRefusedWithTheirField() {
        let asOf = Self.day("2023-11-10")
        let assembling = Self.file()
        // A decision for a file not sent.
        #expect(BenefitFileRules.refusals(.grant(on: asOf), on: assembling, asOf: asOf).map(\.code) == [.benefitNotSent])
        #expect(BenefitFileRules.refusals(.hearing(on: asOf), on: assembling, asOf: asOf).map(\.code) == [.benefitNotSent])
        var sent = Self.completed(assembling, on: "2023-10-16")
        sent = BenefitFileRules.applying(
            .send(on: Self.day("2023-10-18"), court: "Juzgado"), to: sent, by: "legal", at: Date(timeIntervalSince1970: 0),
            today: Self.day("2023-10-18"), terms: Self.terms)
        #expect(sent.state == .sent)
        // Dates after the as-of day; a decision before the file was sent; a denial without grounds.
        let future = BenefitFileRules.refusals(.grant(on: Self.day("2023-11-11")), on: sent, asOf: asOf)
        #expect(future.map(\.code) == [.benefitDateInFuture] && future[0].field == "on")
        let early = BenefitFileRules.refusals(.grant(on: Self.day("2023-10-17")), on: sent, asOf: asOf)
        #expect(early.map(\.code) == [.benefitDateOutOfOrder])
        let noGrounds = BenefitFileRules.refusals(.deny(on: asOf, grounds: " ", mayRequestAgainOn: nil), on: sent, asOf: asOf)
        #expect(noGrounds.map(\.field) == ["grounds"])
        // The hearing may be set for a day to come.
        #expect(BenefitFileRules.refusals(.hearing(on: Self.day("2023-11-20")), on: sent, asOf: asOf).isEmpty)
        // A release, a revocation or an appeal before a decision.
        for step in [BenefitStep.release(on: asOf), .revoke(on: asOf, grounds: "x"), .appeal(on: asOf, by: "Fiscalía")] {
            #expect(BenefitFileRules.refusals(step, on: sent, asOf: asOf).map(\.code) == [.benefitWrongState], "\(step)")
        }
    }

    @Test func aGrantAppealedIsExecutedAllTheSameAndADenialSaysWhenToAskAgain() {
        let at = Date(timeIntervalSince1970: 0)
        let asOf = Self.day("2023-11-10")
        var file = Self.completed(Self.file(), on: "2023-10-16")
        file = BenefitFileRules.applying(
            .send(on: Self.day("2023-10-18"), court: "Juzgado"), to: file, by: "legal", at: at, today: asOf, terms: Self.terms)
        var granted = BenefitFileRules.applying(
            .grant(on: Self.day("2023-11-06")), to: file, by: "corte", at: at, today: asOf, terms: Self.terms)
        granted = BenefitFileRules.applying(
            .appeal(on: Self.day("2023-11-08"), by: "Fiscalía"), to: granted, by: "corte", at: at, today: asOf, terms: Self.terms)
        #expect(granted.state == .appealed && granted.grantedOn != nil)
        #expect(BenefitFileRules.refusals(.release(on: Self.day("2023-11-08")), on: granted, asOf: asOf).isEmpty)
        let released = BenefitFileRules.applying(
            .release(on: Self.day("2023-11-08")), to: granted, by: "registro", at: at, today: asOf, terms: Self.terms)
        #expect(released.state == .released)
        let revoked = BenefitFileRules.applying(
            .revoke(on: asOf, grounds: "Nueva condena"), to: released, by: "corte", at: at, today: asOf, terms: Self.terms)
        #expect(revoked.state == .revoked && !revoked.state.isOpen)
        let denied = BenefitFileRules.applying(
            .deny(on: Self.day("2023-11-06"), grounds: "Informe psicológico desfavorable", mayRequestAgainOn: nil), to: file,
            by: "corte", at: at, today: asOf, terms: Self.terms)
        #expect(denied.state == .denied && denied.mayRequestAgainOn == Self.day("2023-11-06") && denied.grounds != nil)
        #expect(denied.history.last?.note == "Informe psicológico desfavorable")
    }

    @Test func aPersonWithoutADateOrFarFromItHasNoFile() {
        let asOf = Self.day("2026-12-01")
        #expect(
            BenefitFileRules.openingRefusals(eligibleFrom: nil, terms: Self.terms, asOf: asOf).map(\.code) == [
                .benefitNotEligible
            ])
        let far = BenefitFileRules.openingRefusals(eligibleFrom: Self.day("2027-02-01"), terms: Self.terms, asOf: asOf)
        #expect(far.map(\.code) == [.benefitNotEligible])
        #expect(BenefitFileRules.openingRefusals(eligibleFrom: Self.day("2026-12-20"), terms: Self.terms, asOf: asOf).isEmpty)
        // BP-15: a denial that set a later day to ask again.
        let waiting = BenefitFileRules.openingRefusals(
            eligibleFrom: Self.day("2026-06-01"), terms: Self.terms, asOf: asOf, mayRequestAgainOn: Self.day("2026-12-02"))
        #expect(waiting.map(\.code) == [.benefitNotEligible] && waiting[0].spanish.contains("BP-15"))
        #expect(
            BenefitFileRules.openingRefusals(
                eligibleFrom: Self.day("2026-06-01"), terms: Self.terms, asOf: asOf, mayRequestAgainOn: asOf
            ).isEmpty)
    }
}
