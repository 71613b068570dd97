import CustodiaCore

/// Keep-apart records (SEP-6): who, where, why, and their life (open, closed, reopened).
public enum KeepApartRules {
    /// A new record: two different parties the register knows, a reason, a start that is not in the future, and no
    /// open record between the same two at the same scope already.
    public static func validate(
        _ draft: KeepApartDraft, firstKnown: Bool, secondKnown: Bool, openDuplicate: Bool, asOf: CivilDate
    ) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        let unknown: ValidationCode
        let same: Bool
        switch draft.parties {
        case .persons(let a, let b): (unknown, same) = (.personUnknown, a == b)
        case .organizations(let a, let b): (unknown, same) = (.organizationUnknown, a == b)
        }
        if !firstKnown { messages.append(ValidationMessage(unknown, field: "first")) }
        if !secondKnown { messages.append(ValidationMessage(unknown, field: "second")) }
        if same { messages.append(ValidationMessage(.keepApartSameParty, field: "second")) }
        if draft.reason.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.keepApartReasonRequired, field: "reason"))
        }
        messages += TextLimits.check(draft.reason, field: "reason")
        if draft.startsOn > asOf { messages.append(ValidationMessage(.keepApartInFuture, field: "starts_on")) }
        if openDuplicate, !same { messages.append(ValidationMessage(.keepApartDuplicate, field: "second")) }
        return messages
    }

    /// Closing an open record (on a day from its start to the as-of day), or reopening a closed one; always with a
    /// reason.
    public static func validate(_ change: KeepApartChange, record: KeepApart, asOf: CivilDate) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        switch change.action {
        case .close:
            if !record.isOpen { messages.append(ValidationMessage(.keepApartAlreadyClosed, field: "action")) }
            if change.on < record.startsOn { messages.append(ValidationMessage(.periodEndsBeforeStart, field: "on")) }
            if change.on > asOf { messages.append(ValidationMessage(.keepApartInFuture, field: "on")) }
        case .reopen:
            if record.isOpen { messages.append(ValidationMessage(.keepApartNotClosed, field: "action")) }
        }
        if change.reason.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.keepApartReasonRequired, field: "reason"))
        }
        messages += TextLimits.check(change.reason, field: "reason")
        return messages
    }
}
