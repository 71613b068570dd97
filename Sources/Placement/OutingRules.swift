import CustodiaCore

/// Temporary exits (issue 11 points 4 and 5): what a schedule needs, and which step may follow which.
public enum OutingRules {
    /// The longest a temporary exit may be scheduled for, in minutes (30 days: a hospital stay beyond it is a
    /// transfer to a hospital establishment, TR-3 `hospital_mental`/`salud`).
    public static let longestMinutes = 30 * 1_440

    /// A schedule: a person in custody and placed (not in transit), a destination and who asks, the court's
    /// notice for a court production, a return after the departure and within the longest stay, and the
    /// scheduled day not before the person's placement began.
    public static func validate(
        _ request: OutingRequest, person: Person?, episode: CustodyEpisode?, current: Placement?
    ) -> [ValidationMessage] {
        guard person != nil else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard episode != nil else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        guard let current else { return [ValidationMessage(.outingInTransit, field: "person_number")] }
        var messages: [ValidationMessage] = []
        for (text, field, code) in [
            (request.destination, "destination", ValidationCode.outingDestinationRequired),
            (request.requestedBy, "requested_by", .outingRequesterRequired),
        ] {
            if text.trimmingWhitespace().isEmpty { messages.append(ValidationMessage(code, field: field)) }
            messages += TextLimits.check(text, field: field)
        }
        let reference = request.orderReference?.trimmingWhitespace() ?? ""
        if request.kind.isCourtProduction, reference.isEmpty {
            messages.append(ValidationMessage(.outingOrderRequired, field: "order_reference"))
        }
        messages += TextLimits.check(reference, field: "order_reference")
        messages += TextLimits.check(request.escort ?? "", field: "escort")
        if request.returnDue <= request.scheduledAt {
            messages.append(ValidationMessage(.outingReturnBeforeDeparture, field: "return_due"))
        } else if request.scheduledAt.minutes(until: request.returnDue) > longestMinutes {
            messages.append(ValidationMessage(.valueOutOfRange, field: "return_due", detail: "≤ 30 d"))
        }
        if request.scheduledAt.date < current.fromDate {
            messages.append(ValidationMessage(.moveBeforePlacement, field: "scheduled_at"))
        }
        return messages
    }

    /// The states each action leaves from.
    public static func allowed(_ action: OutingStep.Action, from state: Outing.State) -> Bool {
        switch action {
        case .leave, .cancel: state == .scheduled
        case .back: state == .out
        }
    }

    /// A step at minute `at` (the reference minute when the step gives none): allowed from the exit's state; not
    /// later than the reference minute; a return after the departure; a departure only for a person still in
    /// custody, in a pavilion and not out on another exit; a cancellation with its reason.
    public static func validate(
        _ step: OutingStep, outing: Outing, at: LocalTime, reference: LocalTime, inCustody: Bool, placed: Bool,
        otherOut: Bool
    ) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if !allowed(step.action, from: outing.state) {
            messages.append(ValidationMessage(.outingWrongState, field: "action", detail: outing.state.rawValue))
        }
        switch step.action {
        case .leave:
            if !inCustody { messages.append(ValidationMessage(.notInCustody, field: "person_number")) }
            if inCustody, !placed { messages.append(ValidationMessage(.outingInTransit, field: "person_number")) }
            if otherOut { messages.append(ValidationMessage(.outingAlreadyOut, field: "person_number")) }
            if at > reference { messages.append(ValidationMessage(.outingInFuture, field: "at")) }
            messages += TextLimits.check(step.escort ?? "", field: "escort")
        case .back:
            if at > reference { messages.append(ValidationMessage(.outingInFuture, field: "at")) }
            if let out = outing.outAt, at < out {
                messages.append(ValidationMessage(.outingReturnBeforeDeparture, field: "at"))
            }
        case .cancel:
            let reason = step.reason?.trimmingWhitespace() ?? ""
            if reason.isEmpty { messages.append(ValidationMessage(.outingReasonRequired, field: "reason")) }
            messages += TextLimits.check(reason, field: "reason")
        }
        return messages
    }
}
