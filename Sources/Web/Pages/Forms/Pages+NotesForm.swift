import API
import CustodiaCore
import Foundation
import Hummingbird

extension Pages {
    // MARK: Sensitive notes

    /// The sections the caller may record: those it may read.
    func writableSections(_ web: WebRequest) -> [SensitiveSection] {
        SensitiveSection.allCases.filter { web.principal?.mayRead($0) ?? false }
    }

    func sensitiveForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values["version"] = String(file.person.version)
        for section in writableSections(web) { state.values[section.rawValue] = file.sensitive[section] ?? "" }
        return renderSensitive(web, file, state, status: .ok)
    }

    func renderSensitive(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let fields = writableSections(web).map { state.textarea($0.rawValue, t[$0.rawValue], hint: t["sensitive_hint"]) }
        return personForm(
            web, file, state, title: t["sensitive_title"], path: "sensitive", sections: [(t["sensitive"], fields)], status: status
        )
    }

    func recordSensitive(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        state.values["version"] = form["version"] ?? ""
        var changes: [SensitiveSection: String?] = [:]
        for section in writableSections(web) {
            guard let value = form[section.rawValue] else { continue }
            state.values[section.rawValue] = value
            let trimmed = value.trimmingWhitespace()
            changes[section] = trimmed.isEmpty ? String?.none : trimmed
        }
        guard let version = Int(state.values["version"] ?? "") else {
            return renderSensitive(web, file, state, status: .unprocessableContent)
        }
        let outcome = try await services.registry.recordSensitive(
            SensitiveUpdate(personID: number.id, changes: changes), expectedVersion: version, asOf: services.today(),
            actor: web.access?.actor ?? "web")
        return try await answer(outcome, web, state, done: "sensitive", known: Set(SensitiveSection.allCases.map(\.rawValue))) {
            renderSensitive(web, file, $0, status: $1)
        }
    }
}
