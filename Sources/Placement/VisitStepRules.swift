import CustodiaCore

extension VisitRules {
    /// The earliest a visitor is let in before the visit's first minute.
    public static let earlyMinutes = 60

    /// A step at the gate at minute `at`: check-in of a booked visit on its day, from an hour before it until its end,
    /// with every visitor's document shown and none of them banned that day (a ban may come after the booking), the
    /// person in their establishment; check-out of a visit inside; cancellation of a booked visit, with a reason. No
    /// step is later than the register's minute.
    public static func validate(
        _ step: VisitStep, visit: Visit, visitors: [Visitor], bans: [VisitorBan], at: LocalTime, reference: LocalTime,
        placed: Bool, regime: Regime? = nil, relationships: [Visitor.ID: Relationship] = [:]
    ) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        let from: Visit.State = step.action == .checkOut ? .inside : .booked
        if visit.state != from {
            messages.append(ValidationMessage(.visitWrongState, field: "action", detail: visit.state.rawValue))
        }
        if at > reference { messages.append(ValidationMessage(.visitStepTime, field: "at")) }
        switch step.action {
        case .checkIn:
            if at.date != visit.day || at < visit.startsAt.adding(minutes: -earlyMinutes) || at >= visit.endsAt {
                messages.append(ValidationMessage(.visitStepTime, field: "at"))
            }
            let shown = Set(step.documents.map { $0.trimmingWhitespace().uppercased() })
            let expected = Set(visitors.compactMap(\.document.number))
            if shown != expected || step.documents.count != visitors.count {
                messages.append(ValidationMessage(.visitDocumentMismatch, field: "documents"))
            }
            for (index, visitor) in visitors.enumerated()
            where bans.contains(where: {
                $0.visitorID == visitor.id && $0.bars(person: visit.personID, establishment: visit.establishmentID, on: at.date)
            }) {
                messages.append(ValidationMessage(.visitorBanned, field: "visitor_ids[\(index)]"))
            }
            if !placed { messages.append(ValidationMessage(.notInCustody, field: "person_number")) }
            messages += stageAtTheGate(visit, visitors: visitors, regime: regime, relationships: relationships)
        case .checkOut:
            if let inside = visit.checkedInAt, at < inside { messages.append(ValidationMessage(.visitStepTime, field: "at")) }
        case .cancel:
            let reason = step.reason?.trimmingWhitespace() ?? ""
            if reason.isEmpty { messages.append(ValidationMessage(.visitReasonRequired, field: "reason")) }
            messages += TextLimits.check(reason, field: "reason")
        }
        return messages
    }

    /// The stage's rules once more at the gate, for a family or intimate visit: the person may have been classified in
    /// a stricter stage since the booking (its mode, visitors, length and the kinship it admits). Quotas were counted
    /// at the booking; lawyers, consuls and ministers are never held to a stage (VI-8).
    static func stageAtTheGate(
        _ visit: Visit, visitors: [Visitor], regime: Regime?, relationships: [Visitor.ID: Relationship]
    ) -> [ValidationMessage] {
        guard !visit.kind.isProfessional else { return [] }
        let stage = StageVisits.of(regime)
        var messages: [ValidationMessage] = []
        if visit.mode == .contact, !stage.contactAllowed { messages.append(ValidationMessage(.visitMode, field: "mode")) }
        if visit.kind == .family {
            if visit.visitorIDs.count > stage.visitors {
                messages.append(ValidationMessage(.visitVisitorCount, field: "visitor_ids", detail: "≤ \(stage.visitors)"))
            }
            if visit.minutes > stage.minutes {
                messages.append(ValidationMessage(.visitDuration, field: "minutes", detail: "≤ \(stage.minutes)"))
            }
        } else if !stage.intimateAllowed {
            messages.append(ValidationMessage(.visitIntimateNotAvailable, field: "kind"))
        }
        if stage.closeRelativesOnly {
            for (index, visitor) in visitors.enumerated() where relationships[visitor.id]?.isCloseRelative != true {
                messages.append(ValidationMessage(.visitKinshipDegree, field: "visitor_ids[\(index)]"))
            }
        }
        return messages
    }
}
