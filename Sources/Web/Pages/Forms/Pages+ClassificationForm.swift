import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// The classification form: a decision of the Junta Técnica de Clasificación (régimen and etapa).
extension Pages {
    static let classificationFields = ["regime", "decided_on", "body", "resolution", "reason", "leader"]

    func classificationForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        let status = ClassificationRules.status(of: file, asOf: services.today())
        // Proposed Extrema Seguridad is preselected; otherwise the current regime (a periodic review keeps it).
        let regime = status.proposal != nil ? Regime.rceExtremaSeguridad : status.current?.regime
        state.values = [
            "decided_on": services.today().description, "version": String(file.person.version),
            "regime": regime?.rawValue ?? "", "leader": status.current?.leader == true ? "yes" : "no",
        ]
        return renderClassification(web, file, state, status: .ok)
    }

    func renderClassification(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status)
        -> Response
    {
        let t = web.strings
        let regimes = Regime.allCases.map { ($0.rawValue, web.language == .es ? $0.spanishName : $0.englishName) }
        let sections: [(String, [FormField])] = [
            (
                t["classify_title"],
                [
                    state.select("regime", t["regime"], options: regimes),
                    state.input("decided_on", t["decided_on"], hint: t["date_hint"]),
                    state.input("body", t["deciding_body"], hint: t["deciding_body_hint"]),
                    state.input("resolution", t["resolution"]), state.input("reason", t["reason"]),
                    state.select("leader", t["leader"], options: [("no", t["no"]), ("yes", t["yes"])]),
                ]
            )
        ]
        return personForm(web, file, state, title: t["classify_title"], path: "classify", sections: sections, status: status)
    }

    func classify(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.classificationFields + ["version"] {
            state.values[name] = form[name]?.trimmingWhitespace() ?? ""
        }
        let decidedOn = CivilDate(iso: state.values["decided_on"] ?? "")
        if decidedOn == nil { state.errors["decided_on"] = web.strings["invalid_date"] }
        let regime = Regime(rawValue: state.values["regime"] ?? "")
        if regime == nil { state.errors["regime"] = web.strings["choose_regime"] }
        guard let decidedOn, let regime, let version = Int(state.values["version"] ?? "") else {
            return renderClassification(web, file, state, status: .unprocessableContent)
        }
        let request = ClassificationRequest(
            personID: number.id, regime: regime, decidedOn: decidedOn, body: state.values["body"] ?? "",
            resolution: state.values["resolution"] ?? "", reason: state.values["reason"] ?? "",
            leader: state.values["leader"] == "yes")
        let outcome = try await services.registry.classify(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        return try await answer(outcome, web, state, done: "classify", known: Set(Self.classificationFields)) {
            renderClassification(web, file, $0, status: $1)
        }
    }
}
