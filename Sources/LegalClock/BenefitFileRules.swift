import CustodiaCore
import Foundation

/// What may be done to a benefit file, and what it becomes (docs/legal/peru-relief.md section 1, "Derived state
/// machine"). A refused step writes nothing: the store checks with `refusals` first and applies with `applying`.
public enum BenefitFileRules {
    /// Why a person may not have a file for `benefit` on `asOf`: the clock gives no date (excluded, BP-12, or not
    /// computable), the date is further than BP-2's lead days away, or a denial said the person may ask again only
    /// later (BP-15).
    public static func openingRefusals(
        eligibleFrom: CivilDate?, terms: BenefitTerms, asOf: CivilDate, mayRequestAgainOn: CivilDate? = nil
    ) -> [ValidationMessage] {
        if let again = mayRequestAgainOn, again > asOf {
            return [ValidationMessage(.benefitNotEligible, field: "benefit", detail: "\(RuleID.bp15.rawValue): \(again)")]
        }
        guard let eligibleFrom else {
            return [ValidationMessage(.benefitNotEligible, field: "benefit", detail: RuleID.bp12.rawValue)]
        }
        guard BenefitProcedure.isDue(eligibleFrom: eligibleFrom, terms: terms, asOf: asOf) else {
            return [ValidationMessage(.benefitNotEligible, field: "benefit", detail: "\(RuleID.bp2.rawValue): \(eligibleFrom)")]
        }
        return []
    }

    /// Why `step` cannot be taken on `file` on `asOf` (empty: it can).
    public static func refusals(_ step: BenefitStep, on file: BenefitFile, asOf: CivilDate) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        func wrongState() -> [ValidationMessage] {
            [ValidationMessage(.benefitWrongState, field: "step", detail: "\(step.name) / \(file.state.rawValue)")]
        }
        func text(_ value: String, _ field: String) {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                messages.append(ValidationMessage(.benefitTextRequired, field: field))
            }
        }
        func notBefore(_ earlier: CivilDate?, _ field: String) {
            if let earlier, let day = step.day, day < earlier {
                messages.append(ValidationMessage(.benefitDateOutOfOrder, field: field, detail: "\(earlier)"))
            }
        }
        // Every step but the hearing's date happened already: none is after the as-of day.
        if case .hearing = step {
        } else if let day = step.day, day > asOf {
            messages.append(ValidationMessage(.benefitDateInFuture, field: "on", detail: "\(asOf)"))
        }
        switch step {
        case .document(_, _, let issuer, _):
            guard file.state == .assembling || file.state == .complete else { return wrongState() }
            text(issuer, "issuer")
        case .notApplicable(let document, let reason):
            guard file.state == .assembling || file.state == .complete else { return wrongState() }
            if !document.mayNotApply { messages.append(ValidationMessage(.benefitDocumentRequired, field: "document")) }
            text(reason, "reason")
        case .request(_, let by):
            guard file.state.isOpen, file.requestedOn == nil else { return wrongState() }
            text(by, "by")
        case .send(_, let court):
            guard file.state == .complete else {
                if file.state == .assembling {
                    let missing = file.missing.map(\.rawValue).joined(separator: ", ")
                    return [ValidationMessage(.benefitFileIncomplete, field: "documents", detail: missing)]
                }
                return wrongState()
            }
            text(court, "court")
            notBefore(file.completedOn, "on")
        case .acknowledge:
            guard file.sentOn != nil else { return [ValidationMessage(.benefitNotSent, field: "step")] }
            guard file.acknowledgedOn == nil, file.state == .sent || file.state == .hearingSet else { return wrongState() }
            notBefore(file.sentOn, "on")
        case .hearing:
            guard file.sentOn != nil else { return [ValidationMessage(.benefitNotSent, field: "step")] }
            guard file.state == .sent || file.state == .hearingSet else { return wrongState() }
            notBefore(file.sentOn, "on")
        case .grant, .deny:
            guard file.sentOn != nil else { return [ValidationMessage(.benefitNotSent, field: "step")] }
            guard [.sent, .hearingSet, .appealed].contains(file.state) else { return wrongState() }
            notBefore(file.appealedOn ?? file.sentOn, "on")
            if case .deny(let on, let grounds, let again) = step {
                text(grounds, "grounds")
                if let again, again < on {
                    messages.append(ValidationMessage(.benefitDateOutOfOrder, field: "may_request_again_on", detail: "\(on)"))
                }
            }
        case .appeal(_, let by):
            guard file.state == .granted || file.state == .denied || file.state == .released, file.appealedOn == nil
            else { return wrongState() }
            text(by, "by")
            notBefore(file.decidedOn, "on")
        case .release:
            guard file.state == .granted || (file.state == .appealed && file.grantedOn != nil) else { return wrongState() }
            notBefore(file.grantedOn, "on")
        case .revoke(_, let grounds):
            guard file.state == .released else { return wrongState() }
            text(grounds, "grounds")
            notBefore(file.releasedOn, "on")
        }
        return messages
    }

    /// The file after `step` (checked first with `refusals`), stamped with who and when; `today` is the day a
    /// mark without a date of its own is recorded on.
    public static func applying(
        _ step: BenefitStep, to file: BenefitFile, by actor: String, at instant: Date, today: CivilDate, terms: BenefitTerms
    ) -> BenefitFile {
        var next = file
        var note: String?
        switch step {
        case .document(let document, let issuedOn, let issuer, let reference):
            next.setDocument(
                BenefitFile.DocumentRecord(
                    document: document, state: .issued, issuedOn: issuedOn, issuer: issuer, reference: reference,
                    recordedBy: actor, recordedAt: instant))
            note = document.rawValue
        case .notApplicable(let document, let reason):
            next.setDocument(
                BenefitFile.DocumentRecord(document: document, state: .notApplicable, recordedBy: actor, recordedAt: instant))
            note = "\(document.rawValue): \(reason)"
        case .request(let on, let by):
            next.requestedOn = on
            next.requestedBy = by
        case .send(let on, let court):
            next.sentOn = on
            next.court = court
            next.state = .sent
        case .acknowledge(let on): next.acknowledgedOn = on
        case .hearing(let on):
            next.hearingOn = on
            next.state = .hearingSet
        case .grant(let on):
            next.decidedOn = on
            next.grantedOn = on
            next.grounds = nil
            next.mayRequestAgainOn = nil
            next.state = .granted
        case .deny(let on, let grounds, let again):
            next.decidedOn = on
            next.grantedOn = nil
            next.grounds = grounds
            next.mayRequestAgainOn = again ?? on.adding(days: terms.value(.waitAfterDenialDays))
            next.state = .denied
            note = grounds
        case .appeal(let on, let by):
            next.appealedOn = on
            next.appealedBy = by
            // A grant appealed is executed all the same (BP-7): a person already out stays released.
            if file.state != .released { next.state = .appealed }
            note = by
        case .release(let on):
            next.releasedOn = on
            next.state = .released
        case .revoke(let on, let grounds):
            next.revokedOn = on
            next.state = .revoked
            note = grounds
        }
        if next.state == .assembling, next.isComplete {
            next.state = .complete
            next.completedOn = today
        }
        next.version += 1
        next.history.append(
            BenefitFile.Change(
                step: step.name, state: next.state, on: step.day ?? today, at: instant, by: actor, note: note,
                recordedOn: today))
        return next
    }
}

extension BenefitFile {
    /// Puts a document's record in place of the one before it.
    mutating func setDocument(_ record: DocumentRecord) {
        documents.removeAll { $0.document == record.document }
        documents.append(record)
        documents.sort { Document.allCases.firstIndex(of: $0.document)! < Document.allCases.firstIndex(of: $1.document)! }
    }
}
