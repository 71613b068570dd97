import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Temporary exits and court production (issue 11 points 4-5): the schedule from the person's file, and the exit's
/// page with the steps the reader may take next (departure with the escort, return, cancellation).
extension Pages {
    static let outingFields = [
        "kind", "destination", "requested_by", "order_reference", "scheduled_at", "return_due", "escort",
    ]
    static let outingStepFields = ["at", "escort", "reason"]

    func outingForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        let now = minute()
        state.values = [
            "kind": Outing.Kind.courtHearing.rawValue, "version": String(file.person.version),
            "scheduled_at": Self.minuteText(now.adding(minutes: 60)), "return_due": Self.minuteText(now.adding(minutes: 300)),
        ]
        return renderOutingForm(web, file, state, status: .ok)
    }

    /// The minute as a person types it: `YYYY-MM-DD HH:MM`.
    static func minuteText(_ minute: LocalTime) -> String { "\(minute.date) \(minute.time)" }

    /// The minute the register stands at (the law's day at the clock's time of day).
    func minute() -> LocalTime { services.environment.minute() }

    func renderOutingForm(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let fields = [
            state.select(
                "kind", t["outing_kind"], options: Outing.Kind.allCases.map { ($0.rawValue, t["outing.\($0.rawValue)"]) }),
            state.input("destination", t["outing_destination"], hint: t["outing_destination_hint"]),
            state.input("requested_by", t["outing_requested_by"]),
            state.input("order_reference", t["outing_order"], hint: t["outing_order_hint"]),
            state.input("scheduled_at", t["outing_scheduled"], hint: t["minute_hint"]),
            state.input("return_due", t["outing_return_due"], hint: t["minute_hint"]),
            state.input("escort", t["outing_escort"], hint: t["outing_escort_hint"]),
        ]
        return personForm(
            web, file, state, title: t["outing_title"], path: "outing", sections: [(t["outing_title"], fields)],
            status: status)
    }

    func scheduleOuting(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.outingFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let kind = Outing.Kind(rawValue: state.values["kind"] ?? "")
        if kind == nil { state.errors["kind"] = web.strings["choose_option"] }
        let scheduled = LocalTime(text: state.values["scheduled_at"] ?? "")
        if scheduled == nil { state.errors["scheduled_at"] = web.strings["invalid_minute"] }
        let due = LocalTime(text: state.values["return_due"] ?? "")
        if due == nil { state.errors["return_due"] = web.strings["invalid_minute"] }
        guard let kind, let scheduled, let due, let version = Int(state.values["version"] ?? "") else {
            return renderOutingForm(web, file, state, status: .unprocessableContent)
        }
        func given(_ name: String) -> String? { state.values[name].flatMap { $0.isEmpty ? nil : $0 } }
        let request = OutingRequest(
            personID: number.id, kind: kind, destination: state.values["destination"] ?? "",
            requestedBy: state.values["requested_by"] ?? "", orderReference: given("order_reference"),
            scheduledAt: scheduled, returnDue: due, escort: given("escort"))
        switch try await services.registry.scheduleOuting(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let outing): return WebRequest.redirect("/outings/\(outing.id.rawValue)?done=scheduled")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.outingFields))
            return renderOutingForm(web, file, state, status: .unprocessableContent)
        case .versionConflict(let current):
            state.general.append(web.strings["conflict"])
            state.values["version"] = String(current)
            return renderOutingForm(web, file, state, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }

    /// An exit the reader may see: from an establishment in their scope.
    func visibleOuting(_ web: WebRequest, _ text: String) async throws -> Outing? {
        guard let id = Int64(text), let outing = try await services.registry.outing(.init(rawValue: id)),
            let principal = web.principal, principal.covers(establishment: outing.establishmentCode)
        else { return nil }
        return outing
    }

    func outingPage(_ web: WebRequest, id text: String) async throws -> Response {
        guard let outing = try await visibleOuting(web, text) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").flatMap { OutingStep.Action(rawValue: $0) != nil || $0 == "scheduled" ? $0 : nil }
        return renderOuting(web, outing, FormState(), failed: nil, done: done.map { web.strings["done.outing.\($0)"] })
    }

    func renderOuting(
        _ web: WebRequest, _ outing: Outing, _ state: FormState, failed: OutingStep.Action?, done: String?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = web.strings
        var facts: [PersonModel.Fact] = [
            .init(label: t["outing_state"], value: t["outing.state.\(outing.state.rawValue)"]),
            .init(label: t["outing_kind"], value: t["outing.\(outing.kind.rawValue)"]),
            .init(label: t["establishment"], value: web.names.establishment(code: outing.establishmentCode)),
            .init(label: t["outing_destination"], value: outing.destination),
            .init(label: t["outing_requested_by"], value: outing.requestedBy),
            .init(label: t["outing_scheduled"], value: Self.minuteText(outing.scheduledAt)),
            .init(
                label: t["outing_return_due"],
                value: Self.minuteText(outing.returnDue) + (outing.isOverdue(at: minute()) ? " · \(t["outing_overdue"])" : "")),
        ]
        for (label, value) in [
            ("outing_order", outing.orderReference), ("outing_escort", outing.escort),
            ("outing_out_at", outing.outAt.map(Self.minuteText)), ("outing_back_at", outing.backAt.map(Self.minuteText)),
            ("outing_closing_reason", outing.closingReason),
        ] {
            if let value { facts.append(.init(label: t[label], value: value)) }
        }
        var steps: [TransferModel.Step] = []
        if web.principal?.may(.executeOuting) == true {
            for action in OutingStep.Action.allCases where OutingRules.allowed(action, from: outing.state) {
                var form = failed == action ? state : FormState()
                let p = action.rawValue + "."
                if failed != action, action != .cancel { form.values[p + "at"] = Self.minuteText(minute()) }
                var fields: [FormField] = []
                switch action {
                case .leave:
                    fields = [
                        form.input(p + "at", t["outing_at"], hint: t["minute_hint"]),
                        form.input(p + "escort", t["outing_escort"], hint: t["outing_escort_hint"]),
                    ]
                case .back: fields = [form.input(p + "at", t["outing_at"], hint: t["minute_hint"])]
                case .cancel: fields = [form.textarea(p + "reason", t["reason"])]
                }
                steps.append(
                    TransferModel.Step(
                        title: t["outing_step.\(action.rawValue)"], action: action.rawValue,
                        path: "/outings/\(outing.id.rawValue)/movement", version: String(outing.version), fields: fields,
                        button: t["outing_button.\(action.rawValue)"]))
            }
        }
        let heading = "\(t["outing_heading"]) #\(outing.id.rawValue)"
        return web.page(
            "transfer",
            TransferModel(
                layout: web.layout(title: heading), heading: heading,
                personNumber: PersonNumber(id: outing.personID).description, facts: facts,
                csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done),
            status: status)
    }

    /// A step posted from the exit's page.
    func outingStep(_ web: WebRequest, id: String) async throws -> Response {
        guard let outing = try await visibleOuting(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        guard let action = OutingStep.Action(rawValue: form["action"] ?? "") else {
            return renderOuting(web, outing, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        let p = action.rawValue + "."
        var state = FormState()
        for name in Self.outingStepFields { state.values[p + name] = form[p + name]?.trimmingWhitespace() ?? "" }
        let atText = state.values[p + "at"] ?? ""
        let at = LocalTime(text: atText)
        if !atText.isEmpty, at == nil { state.errors[p + "at"] = web.strings["invalid_minute"] }
        guard state.errors.isEmpty, let version = Int(form["version"] ?? "") else {
            return renderOuting(web, outing, state, failed: action, done: nil, status: .unprocessableContent)
        }
        func text(_ name: String) -> String? { state.values[p + name].flatMap { $0.isEmpty ? nil : $0 } }
        let step = OutingStep(id: outing.id, action: action, at: at, escort: text("escort"), reason: text("reason"))
        switch try await services.registry.stepOuting(
            step, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let updated): return WebRequest.redirect("/outings/\(updated.id.rawValue)?done=\(action.rawValue)")
        case .rejected(let messages):
            let map = Dictionary(uniqueKeysWithValues: Self.outingStepFields.map { ($0, p + $0) })
            state.add(messages, language: web.language, fieldMap: map, known: Set(state.values.keys))
            return renderOuting(web, outing, state, failed: action, done: nil, status: .unprocessableContent)
        case .versionConflict:
            guard let fresh = try await services.registry.outing(outing.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return renderOuting(web, fresh, state, failed: action, done: nil, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }

    /// One exit as a row of a list (person file, establishment page), linking to its page.
    func outingRow(_ o: Outing, _ web: WebRequest, at minute: LocalTime) -> OutingRow {
        OutingRow(
            id: String(o.id.rawValue), person: PersonNumber(id: o.personID).description,
            kind: web.strings["outing.\(o.kind.rawValue)"], destination: o.destination,
            scheduled: Self.minuteText(o.scheduledAt), due: Self.minuteText(o.returnDue),
            state: web.strings["outing.state.\(o.state.rawValue)"], overdue: o.isOverdue(at: minute))
    }
}

/// A row of a list of temporary exits.
struct OutingRow {
    var id: String
    var person: String
    var kind: String
    var destination: String
    var scheduled: String
    var due: String
    var state: String
    var overdue: Bool
}
