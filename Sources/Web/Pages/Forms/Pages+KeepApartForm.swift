import API
import CustodiaCore
import Foundation
import Hummingbird

/// The keep-apart form of a person file: a non-association order between this person and another (SEP-6).
/// Records between organizations are opened from the catalogue's page (`Pages+Organizations.swift`) or the API.
extension Pages {
    static let keepApartFields = ["second", "scope", "reason", "starts_on"]

    func keepApartForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = ["starts_on": services.today().description, "scope": "pavilion"]
        return renderKeepApart(web, file, state, status: .ok)
    }

    func renderKeepApart(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let sections: [(String, [FormField])] = [
            (
                t["keep_apart_title"],
                [
                    state.input("second", t["keep_apart_other"], hint: t["person_number_hint"]),
                    state.select(
                        "scope", t["keep_apart_scope"],
                        options: KeepApart.Scope.allCases.map { ($0.rawValue, t["scope.\($0.rawValue)"]) }),
                    state.input("reason", t["reason"]), state.input("starts_on", t["from"], hint: t["date_hint"]),
                ]
            )
        ]
        return personForm(web, file, state, title: t["keep_apart_title"], path: "keep-apart", sections: sections, status: status)
    }

    func openKeepApart(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.keepApartFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let startsOn = CivilDate(iso: state.values["starts_on"] ?? "")
        if startsOn == nil { state.errors["starts_on"] = web.strings["invalid_date"] }
        let scope = KeepApart.Scope(rawValue: state.values["scope"] ?? "")
        // A person the user may not see is a person the register does not know (as in the API).
        var other: Person.ID = .init(rawValue: 0)
        if let second = PersonNumber(state.values["second"] ?? ""), try await visibleTo(web, second.id) { other = second.id }
        guard let startsOn, let scope, state.errors.isEmpty else {
            return renderKeepApart(web, file, state, status: .unprocessableContent)
        }
        let outcome = try await services.registry.openKeepApart(
            KeepApartDraft(
                parties: .persons(number.id, other), scope: scope, reason: state.values["reason"] ?? "", startsOn: startsOn),
            asOf: services.today(), actor: web.access?.actor ?? "web")
        switch outcome {
        case .done: return WebRequest.redirect("/persons/\(number)?done=keep_apart")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.keepApartFields))
            return renderKeepApart(web, file, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }

    /// Whether the signed-in user may see a person: held now (or last) in the user's scope.
    func visibleTo(_ web: WebRequest, _ id: Person.ID) async throws -> Bool {
        try await services.registry.personFile(id)?.isVisible(within: web.principal?.establishments) ?? false
    }
}
