import CustodiaCore
import Foundation
import Hummingbird
import LegalClock

/// The steps of a benefit file on its page: one form per step the state allows (the rules decide the rest), posted to
/// `/benefit-files/{id}/step` with the file's version.
extension Pages {
    /// The steps each state offers, in the order a file takes them.
    static func benefitSteps(for file: BenefitFile) -> [String] {
        switch file.state {
        case .assembling:
            ["document"] + (file.record(.workStudy)?.isIn == true ? [] : ["not_applicable"])
                + (file.requestedOn == nil ? ["request"] : [])
        case .complete: ["send", "document"] + (file.requestedOn == nil ? ["request"] : [])
        case .sent: (file.acknowledgedOn == nil ? ["acknowledge"] : []) + ["hearing", "grant", "deny"]
        case .hearingSet: (file.acknowledgedOn == nil ? ["acknowledge"] : []) + ["grant", "deny", "hearing"]
        case .granted, .denied: ["appeal"]
        case .appealed: ["grant", "deny"]
        case .released: ["revoke"] + (file.appealedOn == nil ? ["appeal"] : [])
        case .revoked: []
        }
    }

    /// The fields of each step.
    static let benefitStepFields: [String: [String]] = [
        "document": ["document", "on", "issuer", "reference"], "not_applicable": ["reason"], "request": ["on", "by"],
        "send": ["on", "court"], "acknowledge": ["on"], "hearing": ["on"], "grant": ["on"],
        "deny": ["on", "grounds", "may_request_again_on"], "appeal": ["on", "by"], "revoke": ["on", "grounds"],
    ]

    func benefitStepForms(_ web: WebRequest, _ f: BenefitFile, _ state: FormState, failed: String?, court: String?)
        -> [TransferModel.Step]
    {
        guard web.principal?.may(.handleBenefits) ?? true else { return [] }
        let t = web.strings
        return Self.benefitSteps(for: f).map { step in
            let p = step + "."
            var form = failed == step ? state : FormState()
            // The send form offers the court of the person's case (BP-5); the officer may name another.
            if step == "send", form.values[p + "court"] == nil { form.values[p + "court"] = court }
            let fields: [FormField] = (Self.benefitStepFields[step] ?? []).map { name in
                switch name {
                case "document":
                    let documents =
                        step == "not_applicable"
                        ? [BenefitFile.Document.workStudy] : BenefitFile.Document.allCases.filter { f.record($0)?.isIn != true }
                    return form.select(
                        p + name, t["benefit_document"],
                        options: (documents.isEmpty ? BenefitFile.Document.allCases : documents).map {
                            ($0.rawValue, t["benefit_document.\($0.rawValue)"])
                        })
                case "on", "may_request_again_on":
                    return form.input(
                        p + name, t["benefit_field.\(step == "hearing" ? "hearing_on" : name)"], hint: t["date_hint"])
                case "grounds", "reason": return form.textarea(p + name, t["benefit_field.\(name)"])
                default: return form.input(p + name, t["benefit_field.\(name)"])
                }
            }
            return TransferModel.Step(
                title: t["benefit_step.\(step)"], action: step, path: "/benefit-files/\(f.id.rawValue)/step",
                version: String(f.version), fields: fields, button: t["benefit_button.\(step)"])
        }
    }

    /// A step posted from the file's page.
    func benefitFileStep(_ web: WebRequest, id: String) async throws -> Response {
        guard let file = try await visibleBenefitFile(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        let action = form["action"] ?? ""
        guard let names = Self.benefitStepFields[action], let version = Int(form["version"] ?? "") else {
            return try await renderBenefitFile(web, file, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        let p = action + "."
        var state = FormState()
        for name in names { state.values[p + name] = form[p + name]?.trimmingWhitespace() ?? "" }
        func value(_ name: String) -> String { state.values[p + name] ?? "" }
        func day(_ name: String, required: Bool = true) -> CivilDate? {
            let text = value(name)
            if text.isEmpty {
                if required { state.errors[p + name] = web.strings["invalid_date"] }
                return nil
            }
            guard let date = CivilDate(iso: text) else {
                state.errors[p + name] = web.strings["invalid_date"]
                return nil
            }
            return date
        }
        let document = BenefitFile.Document(rawValue: value("document"))
        if names.contains("document"), document == nil { state.errors[p + "document"] = web.strings["benefit_document_choose"] }
        let on = names.contains("on") ? day("on") : nil
        let again = names.contains("may_request_again_on") ? day("may_request_again_on", required: false) : nil
        var step: BenefitStep?
        if state.errors.isEmpty {
            switch action {
            case "document":
                step = .document(
                    document!, issuedOn: on!, issuer: value("issuer"),
                    reference: value("reference").isEmpty ? nil : value("reference"))
            case "not_applicable": step = .notApplicable(.workStudy, reason: value("reason"))
            case "request": step = .request(on: on!, by: value("by"))
            case "send": step = .send(on: on!, court: value("court"))
            case "acknowledge": step = .acknowledge(on: on!)
            case "hearing": step = .hearing(on: on!)
            case "grant": step = .grant(on: on!)
            case "deny": step = .deny(on: on!, grounds: value("grounds"), mayRequestAgainOn: again)
            case "appeal": step = .appeal(on: on!, by: value("by"))
            case "revoke": step = .revoke(on: on!, grounds: value("grounds"))
            default: step = nil
            }
        }
        guard let step else {
            return try await renderBenefitFile(web, file, state, failed: action, done: nil, status: .unprocessableContent)
        }
        switch try await services.registry.stepBenefitFile(
            file.id, step: step, expectedVersion: version, within: web.principal?.establishments, asOf: services.today(),
            actor: web.access?.actor ?? "web")
        {
        case .done(let changed): return WebRequest.redirect("/benefit-files/\(changed.id.rawValue)?done=\(action)")
        case .rejected(let messages):
            state.add(
                messages, language: web.language,
                fieldMap: Dictionary(uniqueKeysWithValues: names.map { ($0, p + $0) }),
                known: Set(state.values.keys))
            return try await renderBenefitFile(web, file, state, failed: action, done: nil, status: .unprocessableContent)
        case .notFound: return CustodiaWeb.notFound(web)
        case .versionConflict:
            guard let fresh = try await services.registry.benefitFile(file.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return try await renderBenefitFile(web, fresh, state, failed: action, done: nil, status: .conflict)
        }
    }
}
