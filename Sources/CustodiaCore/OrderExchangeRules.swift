/// Checks on an order received electronically, before anything is written (issue 13 point 1). What needs the
/// register (the person, the case, the legal clock) is checked by the store with the same messages.
public enum InboundOrderRules {
    /// The order's own fields; `caseType` is the stored case's when the order names one the person has.
    public static func validate(
        _ content: InboundOrderContent, caseType: CaseType?, limits: PretrialLimits?, asOf: CivilDate
    ) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        for (text, field, code) in [
            (content.court, "court", ValidationCode.courtRequired), (content.judge, "judge", .orderJudgeRequired),
            (content.resolution, "resolution", .referenceRequired),
            (content.judicialDistrict, "case.judicial_district", .judicialDistrictRequired),
        ] {
            if text.trimmingWhitespace().isEmpty { messages.append(ValidationMessage(code, field: field)) }
            messages += TextLimits.check(text, field: field)
        }
        if let order = content.courtOrder {
            // The terms' own checks, said about the body's fields (the court and the resolution are checked above).
            let fields = ["order.issuing_court": "", "order.reference": "", "order.issued_on": "issued_on"]
            for message in OrderRules.validate(order, caseType: caseType, limits: limits, asOf: asOf, field: "order") {
                let field = fields[message.field] ?? String(message.field.dropFirst("order.".count))
                if !field.isEmpty { messages.append(message.at(field)) }
            }
        } else if content.issuedOn > asOf {
            messages.append(ValidationMessage(.orderIssuedInFuture, field: "issued_on"))
        }
        // A benefit file is granted only by a release whose reason is the benefit, and moved otherwise only by a
        // benefit decision (issue 26 point 3).
        if content.benefitFileID != nil, content.kind != .benefitDecision,
            content.kind != .release || content.releaseReason != .benefit
        {
            messages.append(ValidationMessage(.valueNotAllowed, field: "benefit_file_id"))
        }
        if content.benefitDecision != nil, content.kind != .benefitDecision {
            messages.append(ValidationMessage(.valueNotAllowed, field: "benefit_decision"))
        }
        switch content.kind {
        case .release:
            if content.releaseReason == nil {
                messages.append(ValidationMessage(.orderReleaseReasonRequired, field: "release_reason"))
            }
        case .suspension:
            guard let from = content.suspensionFrom, let until = content.suspensionUntil else {
                messages.append(ValidationMessage(.orderTermsRequired, field: "suspension_from"))
                break
            }
            if until < from { messages.append(ValidationMessage(.periodEndsBeforeStart, field: "suspension_until")) }
        case .transfer:
            if (content.transferTo ?? "").trimmingWhitespace().isEmpty {
                messages.append(ValidationMessage(.orderTermsRequired, field: "transfer_to"))
            }
        case .benefitDecision:
            if content.benefitFileID == nil {
                messages.append(ValidationMessage(.orderTermsRequired, field: "benefit_file_id"))
            }
            switch content.benefitDecision {
            case nil: messages.append(ValidationMessage(.orderTermsRequired, field: "benefit_decision"))
            case .denied(let grounds, let again):
                if grounds.trimmingWhitespace().isEmpty {
                    messages.append(ValidationMessage(.benefitTextRequired, field: "grounds"))
                }
                messages += TextLimits.check(grounds, field: "grounds")
                if let again, again < content.issuedOn {
                    messages.append(ValidationMessage(.periodEndsBeforeStart, field: "may_request_again_on"))
                }
            case .hearing(let on):
                if on < content.issuedOn { messages.append(ValidationMessage(.periodEndsBeforeStart, field: "hearing_on")) }
            case .acknowledged: break
            }
        default:
            if content.terms == nil { messages.append(ValidationMessage(.orderTermsRequired, field: "kind")) }
        }
        return messages
    }

    /// Which steps each state allows: a held order is matched by a clerk; a matched one accepted; an accepted one
    /// cleared (when a legal check waits) and executed; anything still open may be refused.
    public static func allows(_ action: OrderStep.Action, in state: InboundOrder.State) -> Bool {
        switch action {
        case .match: state == .held
        case .accept: state == .matched || state == .received
        case .clear, .execute: state == .accepted
        case .refuse: state.isOpen
        }
    }
}

extension InboundOrderRules {
    /// When a release order received at `received` must have been executed: `hours` after it (at most 24), or by the
    /// end of the day it arrived.
    public static func releaseDue(received: LocalTime, hours: Int?) -> LocalTime {
        guard let hours else { return LocalTime(date: received.date, time: TimeOfDay(hour: 23, minute: 59)!) }
        return received.adding(minutes: min(max(hours, 1), 24) * 60)
    }
}
