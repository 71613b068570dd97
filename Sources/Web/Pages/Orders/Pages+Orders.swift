import CustodiaCore
import Foundation
import Hummingbird

/// Orders received electronically on the staff pages (issue 13 point 7): the establishment's inbox (release orders
/// past their time first), each order with what the issuer said, its history and the forms of the steps it is ready
/// for and the reader may take; a refusal is shown at its field and nothing is written.
extension Pages {
    func orderRow(_ o: InboundOrder, _ web: WebRequest) -> OrderRow {
        let t = web.strings
        let person =
            o.personID.map { PersonNumber(id: $0).description }
            ?? (o.candidates.isEmpty ? t["order_unknown_person"] : "\(t["order_candidates"]): \(o.candidates.count)")
        return OrderRow(
            id: String(o.id.rawValue), received: o.receivedMinute.description, kind: t["order_kind.\(o.content.kind.rawValue)"],
            person: person, caseNumber: o.content.caseNumber.text, client: o.client, state: t["order_state.\(o.state.rawValue)"],
            due: o.releaseDue?.description ?? "", overdue: o.releaseOverdue(at: services.environment.minute()))
    }

    func ordersList(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        let all = web.query("all") != nil
        let orders = try await services.registry.inboundOrders(establishmentCodes: [code], openOnly: !all, limit: 500)
        let heading = "\(web.strings["orders_title"]) · \(web.names.establishment(code: code))"
        let rows = orders.map { orderRow($0, web) }
        return web.page(
            "orders",
            OrdersModel(
                layout: web.layout(title: heading), heading: heading, code: code, all: all, rows: rows, hasRows: !rows.isEmpty))
    }

    /// An order the reader may see: of an establishment in their scope (one nobody is identified for: national readers).
    func visibleOrder(_ web: WebRequest, _ text: String) async throws -> InboundOrder? {
        guard let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))),
            let order = try await services.registry.inboundOrder(.init(rawValue: id))
        else { return nil }
        guard let principal = web.principal else { return order }
        if let code = order.establishmentCode { return principal.covers(establishment: code) ? order : nil }
        return principal.establishments == nil ? order : nil
    }

    func orderPage(_ web: WebRequest, id: String) async throws -> Response {
        guard let order = try await visibleOrder(web, id) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").flatMap { OrderStep.Action(rawValue: $0) }
        return renderOrder(web, order, FormState(), failed: nil, done: done.map { web.strings["done.order.\($0.rawValue)"] })
    }

    func renderOrder(
        _ web: WebRequest, _ o: InboundOrder, _ state: FormState, failed: String?, done: String?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = web.strings
        let c = o.content
        var facts: [PersonModel.Fact] = [
            .init(label: t["order_state"], value: t["order_state.\(o.state.rawValue)"]),
            .init(label: t["kind"], value: t["order_kind.\(c.kind.rawValue)"]),
            .init(label: t["order_client"], value: o.client + (o.issuerOrderID.map { " · \($0)" } ?? "")),
            .init(label: t["order_court"], value: "\(c.court) · \(c.judge)"),
            .init(label: t["order_resolution"], value: "\(c.resolution) · \(c.issuedOn)"),
            .init(label: t["order_case"], value: "\(c.caseNumber) · \(c.judicialDistrict)"),
            .init(label: t["order_received"], value: o.receivedMinute.description),
        ]
        if let months = c.terms?.extensionMonths { facts.append(.init(label: t["months"], value: String(months))) }
        if let reason = c.releaseReason {
            facts.append(.init(label: t["order_release_reason"], value: t["release_reason.\(reason.rawValue)"]))
        }
        if let from = c.suspensionFrom, let until = c.suspensionUntil {
            facts.append(.init(label: t["order_suspension"], value: "\(from) – \(until)"))
        }
        if let destination = c.transferTo {
            let requested = o.transferID.map { " · \(t["order_transfer_requested"]) #\($0.rawValue)" } ?? ""
            facts.append(.init(label: t["order_transfer_to"], value: web.names.establishment(code: destination) + requested))
        }
        if let file = c.benefitFileID {
            facts.append(.init(label: t["benefit_file_heading"], value: "#\(file.rawValue)"))
        }
        if let decision = c.benefitDecision {
            var text = t["order_benefit_decision.\(decision.code)"]
            if let day = decision.hearingOn { text += " · \(day)" }
            if let grounds = decision.grounds { text += " · \(grounds)" }
            if let again = decision.mayRequestAgainOn { text += " · \(t["order_may_request_again"]) \(again)" }
            facts.append(.init(label: t["order_benefit_decision"], value: text))
        }
        if let due = o.releaseDue {
            let late = o.releaseOverdue(at: services.environment.minute()) ? " · \(t["order_overdue"])" : ""
            facts.append(.init(label: t["order_due"], value: "\(due)\(late)"))
        }
        if let check = o.legalCheck {
            let cleared = check.clearedBy.map { "\(t["order_cleared_by"]) \($0)" } ?? t["order_check_pending"]
            facts.append(.init(label: t["order_legal_check"], value: "\(check.reason) · \(cleared)"))
        }
        if o.personID == nil, !o.candidates.isEmpty {
            facts.append(
                .init(
                    label: t["order_candidates"],
                    value: o.candidates.map { PersonNumber(id: $0).description }.joined(separator: ", ")))
        }
        let may = web.principal?.may(.handleOrder) ?? true
        let mayClear = web.principal?.may(.clearOrder) ?? true
        var steps: [TransferModel.Step] = []
        func step(_ action: OrderStep.Action, _ fields: (FormState, String) -> [FormField] = { _, _ in [] }) {
            guard InboundOrderRules.allows(action, in: o.state) else { return }
            let form = failed == action.rawValue ? state : FormState()
            steps.append(
                TransferModel.Step(
                    title: t["order_step.\(action.rawValue)"], action: action.rawValue, path: "/orders/\(o.id.rawValue)/step",
                    version: String(o.version), fields: fields(form, action.rawValue + "."),
                    button: t["order_button.\(action.rawValue)"]))
        }
        if may {
            step(.match) { f, p in
                [
                    f.select(
                        p + "person_number", t["person_number"],
                        options: o.candidates.map { n in (PersonNumber(id: n).description, PersonNumber(id: n).description) })
                ]
            }
            step(.accept)
            if o.legalCheck?.isPending == true, mayClear { step(.clear) { f, p in [f.textarea(p + "note", t["order_note"])] } }
            if o.legalCheck?.isPending != true, !c.kind.admits, c.kind != .transfer || o.transferID == nil {
                step(.execute) { f, p in
                    switch c.kind {
                    case .release: [f.input(p + "at", t["order_release_at"], hint: t["time_hint"])]
                    case .transfer: [f.input(p + "pavilion_code", t["order_transfer_pavilion"])]
                    default: []
                    }
                }
            }
            step(.refuse) { f, p in [f.textarea(p + "note", t["order_refusal"])] }
        }
        let heading = "\(t["order_heading"]) #\(o.id.rawValue)"
        // An order that brings a person in is executed by the admission: the form, filled in from the order.
        let admits = (c.kind.admits || c.kind == .sentence) && o.state.isOpen && o.state != .held
        let history = o.history.map {
            TransferModel.HistoryRow(
                at: $0.at.formatted(.iso8601), state: t["order_state.\($0.state.rawValue)"], by: $0.by,
                note: $0.note ?? "")
        }
        return web.page(
            "transfer",
            TransferModel(
                layout: web.layout(title: heading), heading: heading,
                personNumber: o.personID.map { PersonNumber(id: $0).description } ?? "", facts: facts,
                csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done,
                linkHref: admits && web.principal?.may(.admit) != false ? "/admissions/new?order=\(o.id.rawValue)" : nil,
                linkLabel: t["order_admit"], history: history, hasHistory: !history.isEmpty),
            status: status)
    }

    /// A step posted from the order's page; clearing a held release needs the legal officer's grant too.
    func orderStep(_ web: WebRequest, id: String) async throws -> Response {
        guard let order = try await visibleOrder(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        guard let action = OrderStep.Action(rawValue: form["action"] ?? ""), let version = Int(form["version"] ?? "") else {
            return renderOrder(web, order, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        if action == .clear, web.principal?.may(.clearOrder) == false {
            return web.message(title: web.strings["forbidden_title"], text: web.strings["forbidden_text"], status: .forbidden)
        }
        let p = action.rawValue + "."
        var state = FormState()
        for name in ["person_number", "at", "note", "pavilion_code"] {
            state.values[p + name] = form[p + name]?.trimmingWhitespace() ?? ""
        }
        func value(_ name: String) -> String? { state.values[p + name].flatMap { $0.isEmpty ? nil : $0 } }
        let number = value("person_number").flatMap { PersonNumber($0) }
        let at = value("at").flatMap { TimeOfDay(text: $0) }
        if value("at") != nil, at == nil { state.errors[p + "at"] = web.strings["invalid_time"] }
        guard state.errors.isEmpty else {
            return renderOrder(web, order, state, failed: action.rawValue, done: nil, status: .unprocessableContent)
        }
        var step = OrderStep(id: order.id, action: action, personNumber: number, at: at, note: value("note"))
        step.pavilionCode = value("pavilion_code")
        switch try await services.registry.stepOrder(
            step,
            expectedVersion: version, within: web.principal?.establishments, asOf: services.today(),
            actor: web.access?.actor ?? "web")
        {
        case .done(let changed): return WebRequest.redirect("/orders/\(changed.id.rawValue)?done=\(action.rawValue)")
        case .rejected(let messages):
            state.add(
                messages, language: web.language,
                fieldMap: ["person_number": p + "person_number", "note": p + "note", "pavilion_code": p + "pavilion_code"],
                known: Set(state.values.keys))
            return renderOrder(web, order, state, failed: action.rawValue, done: nil, status: .unprocessableContent)
        case .notFound: return CustodiaWeb.notFound(web)
        case .versionConflict:
            guard let fresh = try await services.registry.inboundOrder(order.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return renderOrder(web, fresh, state, failed: action.rawValue, done: nil, status: .conflict)
        }
    }
}
