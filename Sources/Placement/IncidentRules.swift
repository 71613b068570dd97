import CustodiaCore

/// What makes an incident report complete (INC-1 … INC-4): pure, so the API, the pages and the CLI refuse the same
/// reports with the same fields.
public enum IncidentRules {
    /// The longest narrative, addendum or note.
    public static let longText = 4_000

    /// What is wrong with a report, each with its field; empty when it may be filed. `now` is the minute it is filed.
    public static func validate(_ report: IncidentReport, now: LocalTime) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if report.occurredAt > now { messages.append(ValidationMessage(.incidentInFuture, field: "occurred_at")) }
        messages += text(report.place, field: "place", limit: TextLimits.maximum)
        messages += text(report.narrative, field: "narrative", limit: longText)
        if let notice = report.policeNotice { messages += TextLimits.check(notice, field: "police_notice") }
        if report.kind == .search && report.searchKind == nil {
            messages.append(ValidationMessage(.incidentSearchKindRequired, field: "search_kind"))
        }
        if report.kind.needsItems && report.items.isEmpty {
            messages.append(ValidationMessage(.incidentItemsRequired, field: "items"))
        }
        if report.kind.needsPerson && report.participants.allSatisfy({ $0.personID == nil }) {
            messages.append(ValidationMessage(.incidentPersonRequired, field: "participants"))
        }
        if report.participants.allSatisfy({ $0.staffName == nil }) {
            messages.append(ValidationMessage(.incidentStaffRequired, field: "participants"))
        }
        for (index, participant) in report.participants.enumerated() {
            if let name = participant.staffName {
                messages += text(name, field: "participants[\(index)].staff_name", limit: TextLimits.maximum)
            }
        }
        for (index, item) in report.items.enumerated() {
            let field = "items[\(index)]"
            if !(item.quantity > 0) || item.quantity > 1_000_000
                || (item.category.isCounted && item.quantity != item.quantity.rounded())
            {
                messages.append(ValidationMessage(.incidentItemQuantity, field: "\(field).quantity"))
            }
            messages += text(item.foundAt, field: "\(field).found_at", limit: TextLimits.maximum)
            messages += TextLimits.check(item.description, field: "\(field).description")
            if let imei = item.imei, item.category != .phone || !SeizedItem.isIMEI(imei) {
                messages.append(ValidationMessage(.incidentIMEIInvalid, field: "\(field).imei"))
            }
        }
        return messages
    }

    /// What is wrong with an addendum.
    public static func validateAddendum(_ text: String) -> [ValidationMessage] {
        Self.text(text, field: "text", limit: longText)
    }

    /// What is wrong with moving a report from `current` to `next` with a note.
    public static func validateChange(from current: IncidentState, to next: IncidentState, note: String)
        -> [ValidationMessage]
    {
        var messages = text(note, field: "note", limit: longText)
        if !current.next.contains(next) { messages.append(ValidationMessage(.incidentWrongState, field: "state")) }
        return messages
    }

    static func text(_ value: String, field: String, limit: Int) -> [ValidationMessage] {
        if value.trimmingWhitespace().isEmpty { return [ValidationMessage(.incidentTextRequired, field: field)] }
        return value.count > limit ? [ValidationMessage(.textTooLong, field: field, detail: "≤ \(limit)")] : []
    }
}
