import CustodiaCore

/// Transfers between establishments (docs/legal/peru-operations.md section 5): what a request needs, and which
/// step may follow which. Where the person may go is `PlacementPolicy`'s, run with the destination as the target.
public enum TransferRules {
    /// TR-4: the appeal window, in working days from the notification.
    public static let appealWorkingDays = 15

    /// A request: a person in custody with no transfer under way, to another establishment, with a reason; then
    /// the placement check at the destination (`Movement.transfer`), and the court hearings still to come
    /// (`courtProductions`) when the destination is in another department than `origin`.
    public static func validate(
        _ request: TransferRequest, person: Person?, episode: CustodyEpisode?, current: Placement?, openTransfer: Bool,
        target: PlacementTarget, context: PlacementContext, asOf: CivilDate, origin: Establishment? = nil,
        outings: [Outing] = []
    ) -> [ValidationMessage] {
        guard let person else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard let episode, let current else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages: [ValidationMessage] = []
        if openTransfer { messages.append(ValidationMessage(.transferAlreadyOpen, field: "person_number")) }
        if request.requestedOn > asOf { messages.append(ValidationMessage(.transferInFuture, field: "requested_on")) }
        if request.requestedOn < current.fromDate {
            messages.append(ValidationMessage(.moveBeforePlacement, field: "requested_on"))
        }
        if request.reason.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.transferReasonRequired, field: "reason"))
        }
        messages += TextLimits.check(request.reason, field: "reason")
        if let destination = target.establishment, destination.id == episode.establishmentID {
            return messages + [ValidationMessage(.transferSameEstablishment, field: "establishment_code")]
        }
        return messages
            + PlacementPolicy.check(
                .transfer, on: request.requestedOn, sex: person.sex, status: episode.proceduralStatus, target: target,
                current: current, context: context)
            + courtProductions(request, outings: outings, origin: origin, destination: target.establishment)
    }

    /// Issue 11 point 5 and TR-6: a court production is what a transfer far from the court must weigh. Each hearing in
    /// person still scheduled on or after the request's day, when the destination is in another department than the
    /// establishment the person is taken to court from, is one overridable message (a warden may authorise the transfer
    /// with a resolution and a reason, recorded as every placement override is). A transfer a court ordered has been
    /// weighed by that court; a videoconference is held from wherever the person is.
    public static func courtProductions(
        _ request: TransferRequest, outings: [Outing], origin: Establishment?, destination: Establishment?
    ) -> [ValidationMessage] {
        guard request.ground != .mandatoJudicial, let origin, let destination,
            origin.department != destination.department
        else { return [] }
        return
            outings
            .filter { $0.kind == .courtHearing && $0.state == .scheduled && $0.scheduledAt.date >= request.requestedOn }
            .sorted { ($0.scheduledAt, $0.id.rawValue) < ($1.scheduledAt, $1.id.rawValue) }
            .map {
                ValidationMessage(
                    .transferCourtProduction, field: "establishment_code", detail: "\($0.scheduledAt) \($0.destination)")
            }
    }

    /// The states each action leaves from.
    public static func allowed(_ action: TransferStep.Action, from state: Transfer.State) -> Bool {
        switch action {
        case .approve, .refuse: state == .requested
        case .cancel: state == .requested || state == .approved
        case .depart: state == .approved
        case .receive: state == .inTransit
        }
    }

    /// A step: allowed from the transfer's state, on a day from the request to the as-of day; a decision with its
    /// authority and resolution (TR-2: a security transfer by the Director of the Oficina Regional or above); a
    /// refusal or cancellation with its reason.
    public static func validate(_ step: TransferStep, transfer: Transfer, asOf: CivilDate) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if !allowed(step.action, from: transfer.state) {
            messages.append(ValidationMessage(.transferWrongState, field: "action", detail: transfer.state.rawValue))
        }
        if step.on > asOf { messages.append(ValidationMessage(.transferInFuture, field: "on")) }
        if step.on < transfer.requestedOn { messages.append(ValidationMessage(.periodEndsBeforeStart, field: "on")) }
        switch step.action {
        case .approve:
            let resolution = step.resolution?.trimmingWhitespace() ?? ""
            if resolution.isEmpty { messages.append(ValidationMessage(.transferResolutionRequired, field: "resolution")) }
            messages += TextLimits.check(resolution, field: "resolution")
            if step.authority == nil {
                messages.append(ValidationMessage(.transferAuthorityRequired, field: "authority"))
            } else if transfer.ground == .seguridad, step.authority != .directorRegional, step.authority != .presidenciaInpe {
                messages.append(ValidationMessage(.transferSecurityAuthority, field: "authority"))
            }
            if let notified = step.notifiedOn, notified < step.on || notified > asOf {
                messages.append(ValidationMessage(.valueOutOfRange, field: "notified_on"))
            }
        case .refuse, .cancel:
            let reason = step.reason?.trimmingWhitespace() ?? ""
            if reason.isEmpty { messages.append(ValidationMessage(.transferReasonRequired, field: "reason")) }
            messages += TextLimits.check(reason, field: "reason")
        case .depart, .receive:
            break
        }
        return messages
    }

    /// TR-4: the last day to appeal a transfer notified on `day`.
    public static func appealUntil(notifiedOn day: CivilDate) -> CivilDate {
        WorkingDays.adding(appealWorkingDays, after: day)
    }
}
