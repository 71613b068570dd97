import CustodiaCore

/// The disciplinary procedure's rules (DS-1 … DS-11; worked examples 19-21): pure, so the API, the pages and the CLI
/// refuse the same steps with the same fields.
public enum DisciplineRules {
    public static let longText = 4_000

    /// What is wrong with a charge: a whole pavilion (collective, DS-6), an offence not in the catalogue, no act.
    public static func validate(_ charge: DisciplineCharge, offence: Offence?, asOf: CivilDate) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if charge.pavilionCode != nil { messages.append(ValidationMessage(.disciplineCollective, field: "pavilion_code")) }
        if charge.personID == nil && charge.pavilionCode == nil {
            messages.append(ValidationMessage(.personUnknown, field: "person_number"))
        }
        if offence == nil { messages.append(ValidationMessage(.disciplineOffenceUnknown, field: "offence_code")) }
        messages += text(charge.act, field: "act")
        if charge.occurredOn > asOf { messages.append(ValidationMessage(.disciplineStepDate, field: "occurred_on")) }
        return messages
    }

    /// What the rules need of the person's other cases: the measures that stand (for DS-6's family contact) and the
    /// cases already sanctioned (for DS-10).
    public struct Context: Sendable {
        public var others: [DisciplineCase]

        public init(others: [DisciplineCase]) { self.others = others }
    }

    /// What is wrong with a step of a case on `asOf` (an isolation's own checks are IsolationRules').
    public static func validate(_ step: DisciplineStep, of c: DisciplineCase, context: Context, asOf: CivilDate)
        -> [ValidationMessage]
    {
        func date(_ day: CivilDate, after previous: CivilDate?) -> [ValidationMessage] {
            day > asOf || previous.map { day < $0 } == true ? [ValidationMessage(.disciplineStepDate, field: "on")] : []
        }
        func at(_ states: DisciplineCase.State...) -> [ValidationMessage] {
            states.contains(c.state) ? [] : [ValidationMessage(.disciplineWrongStep, field: "step")]
        }
        switch step {
        case .notify(let on, let notice):
            return at(.opened) + date(on, after: c.openedOn) + text(notice, field: "notice")
        case .descargo(let on, let body, let defender):
            return at(.notified) + date(on, after: c.notifiedOn) + text(body, field: "text")
                + (defender.map { TextLimits.check($0, field: "defender") } ?? [])
        case .descargoLapsed(let on):
            var messages = at(.notified) + date(on, after: c.notifiedOn)
            if let due = c.descargoDue, on <= due {
                messages.append(ValidationMessage(.disciplineDescargoNotDue, field: "on", detail: "> \(due)"))
            }
            return messages
        case .report(let on, let body):
            return at(.heard) + date(on, after: c.descargoOn ?? c.notifiedOn) + text(body, field: "text")
        case .decide(let decision):
            return validate(decision, of: c, context: context, asOf: asOf)
        case .appeal(let on, let body):
            var messages = at(.decided) + date(on, after: c.decidedOn) + text(body, field: "text")
            if c.outcome != .sanctioned { messages.append(ValidationMessage(.disciplineWrongStep, field: "step")) }
            if let due = c.appealDue, on > due {
                messages.append(ValidationMessage(.disciplineAppealLate, field: "on", detail: "≤ \(due)"))
            }
            return messages
        case .appealResult(let on, _, let body):
            return at(.appealed) + date(on, after: c.appealOn) + text(body, field: "text")
        }
    }

    static func validate(_ decision: DisciplineDecision, of c: DisciplineCase, context: Context, asOf: CivilDate)
        -> [ValidationMessage]
    {
        // DS-7: no sanction without notification, the descargo's opportunity and the report.
        switch c.state {
        case .opened, .notified, .heard: return [ValidationMessage(.disciplineDueProcess, field: "step")]
        case .decided, .appealed, .closed: return [ValidationMessage(.disciplineWrongStep, field: "step")]
        case .reported: break
        }
        var messages = text(decision.acta, field: "acta")
        if decision.on > asOf || c.reportOn.map({ decision.on < $0 }) == true {
            messages.append(ValidationMessage(.disciplineStepDate, field: "on"))
        }
        let measures = decision.measures
        if (decision.outcome == .sanctioned) == measures.isEmpty {
            messages.append(ValidationMessage(.disciplineMeasures, field: "measures"))
        }
        for (index, measure) in measures.enumerated() {
            if measure.kind.lasts && measure.days < 1 {
                messages.append(ValidationMessage(.valueOutOfRange, field: "measures[\(index)].days", detail: "≥ 1"))
            }
            if measure.startsOn < decision.on {
                messages.append(ValidationMessage(.disciplineStepDate, field: "measures[\(index)].starts_on"))
            }
        }
        guard decision.outcome == .sanctioned else { return messages }
        // DS-10: one sanction per act (the same incident, or the same act on the same day).
        let same = context.others.filter { other in
            guard other.id != c.id, other.sanctionStands else { return false }
            if let mine = c.incidentID, let theirs = other.incidentID { return mine == theirs }
            return other.occurredOn == c.occurredOn && other.act.trimmingWhitespace() == c.act.trimmingWhitespace()
        }
        if !same.isEmpty { messages.append(ValidationMessage(.disciplineDoubleSanction, field: "measures")) }
        // DS-6: visits and communications never both cut on one day, counting the measures that stand.
        let standing = context.others.filter { $0.id != c.id && $0.sanctionStands }.flatMap(\.measures) + measures
        if familyContactBanned(standing) { messages.append(ValidationMessage(.disciplineFamilyContactBan, field: "measures")) }
        return messages
    }

    /// Whether some day has both visits and communications limited (a total ban on family contact, DS-6).
    public static func familyContactBanned(_ measures: [SanctionMeasure]) -> Bool {
        let visits = measures.filter { $0.kind == .visits }
        let calls = measures.filter { $0.kind == .communications }
        return visits.contains { v in calls.contains { c in v.startsOn <= c.endOn && c.startsOn <= v.endOn } }
    }

    /// The visit suspension a person is under on a day: the visits measures of their standing sanctions.
    public static func visitsSuspended(on day: CivilDate, cases: [DisciplineCase]) -> Bool {
        cases.filter(\.sanctionStands).flatMap(\.measures).contains { $0.kind == .visits && $0.covers(day) }
    }

    static func text(_ value: String, field: String) -> [ValidationMessage] {
        if value.trimmingWhitespace().isEmpty { return [ValidationMessage(.disciplineTextRequired, field: field)] }
        return value.count > longText ? [ValidationMessage(.textTooLong, field: field, detail: "≤ \(longText)")] : []
    }
}
