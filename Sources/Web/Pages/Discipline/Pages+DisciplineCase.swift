import API
import CustodiaCore
import Foundation
import Hummingbird

/// A disciplinary case's page: what was charged, each step with its day and its time limit, and the forms of the
/// steps the case is ready for and the reader may take.
extension Pages {
    func renderCase(
        _ web: WebRequest, _ c: DisciplineCase, _ state: FormState, failed: String?, done: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = web.strings
        var facts: [PersonModel.Fact] = [
            .init(label: t["discipline_state"], value: t["discipline_state.\(c.state.rawValue)"]),
            .init(
                label: t["discipline_offence"],
                value:
                    "\(c.offence.code) · \(t["gravity.\(c.offence.gravity.rawValue)"]) · \(c.offence.text) (\(c.offence.article))"
            ),
            .init(label: t["discipline_act"], value: c.act),
            .init(label: t["discipline_occurred_on"], value: c.occurredOn.description),
            .init(label: t["discipline_opened"], value: "\(c.openedOn) · \(c.openedBy)"),
            .init(label: t["discipline_report_due"], value: c.reportDue.description),
        ]
        if let incident = c.incidentID {
            facts.append(.init(label: t["discipline_incident"], value: "#\(incident.rawValue)"))
        }
        if let on = c.notifiedOn { facts.append(.init(label: t["discipline_notified"], value: "\(on) · \(c.notice ?? "")")) }
        if let due = c.descargoDue { facts.append(.init(label: t["discipline_descargo_due"], value: due.description)) }
        if let on = c.descargoOn {
            let text =
                c.descargoLapsed
                ? t["discipline_descargo_lapsed"] : "\(c.descargo ?? "") · \(c.defender ?? t["discipline_no_defender"])"
            facts.append(.init(label: t["discipline_descargo"], value: "\(on) · \(text)"))
        }
        if let on = c.reportOn { facts.append(.init(label: t["discipline_report"], value: "\(on) · \(c.report ?? "")")) }
        if let on = c.decidedOn, let outcome = c.outcome {
            facts.append(
                .init(
                    label: t["discipline_decision"],
                    value: "\(on) · \(c.acta ?? "") · \(t["discipline_outcome.\(outcome.rawValue)"])"))
            if !c.measures.isEmpty { facts.append(.init(label: t["discipline_measures"], value: measuresText(c.measures, web))) }
        }
        if let due = c.appealDue, c.outcome == .sanctioned {
            facts.append(.init(label: t["discipline_appeal_due"], value: due.description))
        }
        if let on = c.appealOn { facts.append(.init(label: t["discipline_appeal"], value: "\(on) · \(c.appeal ?? "")")) }
        if let on = c.appealResultOn, let result = c.appealResult {
            facts.append(
                .init(
                    label: t["discipline_appeal_result"],
                    value: "\(on) · \(t["discipline_result.\(result.rawValue)"]) · \(c.appealResultText ?? "")"))
        }
        let record = web.principal?.may(.recordDiscipline) ?? true
        let decide = web.principal?.may(.decideDiscipline) ?? true
        let today = services.today().description
        var steps: [TransferModel.Step] = []
        func step(_ action: String, _ path: String, _ fields: (FormState, String) -> [FormField]) {
            var form = failed == action ? state : FormState()
            if form.values["\(action).on"] == nil { form.values["\(action).on"] = today }
            steps.append(
                TransferModel.Step(
                    title: t["discipline_step.\(action)"], action: action, path: "/discipline/\(c.id.rawValue)/\(path)",
                    version: String(c.version),
                    fields: [form.input("\(action).on", t["date"], hint: t["date_hint"])]
                        + fields(form, action + "."), button: t["discipline_button.\(action)"]))
        }
        switch c.state {
        case .opened where record:
            step("notify", "step") { f, p in [f.textarea(p + "text", t["discipline_notice"])] }
        case .notified where record:
            step("descargo", "step") { f, p in
                [f.textarea(p + "text", t["discipline_descargo"]), f.input(p + "defender", t["discipline_defender"])]
            }
            step("descargo_lapsed", "step") { _, _ in [] }
        case .heard where record:
            step("report", "step") { f, p in [f.textarea(p + "text", t["discipline_report"])] }
        case .reported where decide:
            step("decide", "decision") { f, p in
                let kinds =
                    [("", t["discipline_no_measure"])] + SanctionKind.allCases.map { ($0.rawValue, t["sanction.\($0.rawValue)"]) }
                var fields = [
                    f.input(p + "acta", t["discipline_acta"]),
                    f.select(
                        p + "outcome", t["discipline_outcome"],
                        options: DisciplineCase.Outcome.allCases.map { ($0.rawValue, t["discipline_outcome.\($0.rawValue)"]) }),
                ]
                for row in 1...2 {
                    fields += [
                        f.select(p + "measure_\(row).kind", "\(t["discipline_measure"]) \(row)", options: kinds),
                        f.input(p + "measure_\(row).starts_on", "\(t["from"]) \(row)", hint: t["date_hint"]),
                        f.input(p + "measure_\(row).days", "\(t["days"]) \(row)"),
                    ]
                }
                fields += [
                    f.input(p + "medical_report", t["isolation_medical"], hint: t["discipline_medical_hint"]),
                    f.select(
                        p + "protected_condition", t["discipline_protected"],
                        options: [("no", t["no"]), ("yes", t["discipline_protected_yes"])]),
                ]
                return fields
            }
        case .decided where record && c.outcome == .sanctioned:
            step("appeal", "step") { f, p in [f.textarea(p + "text", t["discipline_appeal"])] }
        case .appealed where decide:
            step("appeal_result", "decision") { f, p in
                [
                    f.select(
                        p + "result", t["discipline_appeal_result"],
                        options: DisciplineCase.AppealResult.allCases.map { ($0.rawValue, t["discipline_result.\($0.rawValue)"]) }
                    ),
                    f.textarea(p + "text", t["discipline_reasons"]),
                ]
            }
        default: break
        }
        let heading = "\(t["discipline_heading"]) #\(c.id.rawValue)"
        return web.page(
            "transfer",
            TransferModel(
                layout: web.layout(title: heading), heading: heading, personNumber: PersonNumber(id: c.personID).description,
                facts: facts, csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done),
            status: status)
    }

    /// A step or a decision posted from the case's page.
    /// `route` is `step` (the record operation's) or `decision` (the decide operation's): an action posted to the other
    /// route is refused, so the access check of the route is the step's.
    func disciplineStep(_ web: WebRequest, id: String, route: String) async throws -> Response {
        guard let c = try await visibleCase(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        let action = form["action"] ?? ""
        guard let version = Int(form["version"] ?? "") else {
            return try await renderCase(web, c, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        var state = FormState()
        let p = action + "."
        var names = ["on", "text", "defender", "acta", "outcome", "medical_report", "protected_condition", "result"]
        for row in 1...2 { names += ["measure_\(row).kind", "measure_\(row).starts_on", "measure_\(row).days"] }
        for name in names { state.values[p + name] = form[p + name]?.trimmingWhitespace() ?? "" }
        func value(_ name: String) -> String { state.values[p + name] ?? "" }
        guard let on = CivilDate(iso: value("on")) else {
            state.errors[p + "on"] = web.strings["invalid_date"]
            return try await renderCase(web, c, state, failed: action, done: nil, status: .unprocessableContent)
        }
        var map = ["on": p + "on", "text": p + "text", "notice": p + "text", "defender": p + "defender", "acta": p + "acta"]
        map["measures"] = p + "measure_1.kind"
        map["medical_report"] = p + "medical_report"
        map["medical_report.protected_condition"] = p + "protected_condition"
        let step: DisciplineStep
        switch action {
        case "notify": step = .notify(on: on, notice: value("text"))
        case "descargo":
            step = .descargo(on: on, text: value("text"), defender: value("defender").isEmpty ? nil : value("defender"))
        case "descargo_lapsed": step = .descargoLapsed(on: on)
        case "report": step = .report(on: on, text: value("text"))
        case "appeal": step = .appeal(on: on, text: value("text"))
        case "appeal_result":
            step = .appealResult(
                on: on, result: DisciplineCase.AppealResult(rawValue: value("result")) ?? .upheld, text: value("text"))
        case "decide":
            var measures: [SanctionMeasure] = []
            for row in 1...2 {
                let q = "measure_\(row)."
                guard let kind = SanctionKind(rawValue: value(q + "kind")) else { continue }
                guard let starts = CivilDate(iso: value(q + "starts_on")) else {
                    state.errors[p + q + "starts_on"] = web.strings["invalid_date"]
                    continue
                }
                let days = Int(value(q + "days")) ?? 0
                map["measures[\(measures.count)].days"] = p + q + "days"
                map["measures[\(measures.count)].starts_on"] = p + q + "starts_on"
                measures.append(SanctionMeasure(kind: kind, startsOn: starts, days: days))
            }
            let report =
                value("medical_report").isEmpty
                ? nil
                : IsolationRequest.MedicalReport(
                    reference: value("medical_report"), protectedCondition: value("protected_condition") == "yes")
            step = .decide(
                DisciplineDecision(
                    on: on, acta: value("acta"), outcome: DisciplineCase.Outcome(rawValue: value("outcome")) ?? .sanctioned,
                    measures: measures, medicalReport: report))
        default:
            return try await renderCase(web, c, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        guard state.errors.isEmpty else {
            return try await renderCase(web, c, state, failed: action, done: nil, status: .unprocessableContent)
        }
        let deciding = action == "decide" || action == "appeal_result"
        guard deciding == (route == "decision") else {
            return try await renderCase(web, c, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        switch try await services.registry.stepDisciplineCase(
            c.id, step, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let updated):
            return WebRequest.redirect("/discipline/\(updated.id.rawValue)?done=\(deciding ? "decision" : "step")")
        case .rejected(let messages):
            state.add(messages, language: web.language, fieldMap: map, known: Set(state.values.keys))
            return try await renderCase(web, c, state, failed: action, done: nil, status: .unprocessableContent)
        case .versionConflict:
            guard let fresh = try await services.registry.disciplineCase(c.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return try await renderCase(web, fresh, state, failed: action, done: nil, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }
}
