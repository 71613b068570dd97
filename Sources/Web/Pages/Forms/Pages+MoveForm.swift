import API
import CustodiaCore
import Foundation
import Hummingbird

/// The move form.
extension Pages {
    func moveForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = ["moved_on": services.today().description, "version": String(file.person.version)]
        return try await renderMove(web, file, state, status: .ok)
    }

    func renderMove(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) async throws
        -> Response
    {
        let t = web.strings
        var pavilions: [(String, String)] = []
        if let open = file.openEpisode, let code = file.establishmentCodes[open.establishmentID],
            let detail = try await services.registry.establishment(code: code)
        {
            pavilions = detail.pavilions.map {
                (
                    $0.pavilion.code,
                    "\($0.pavilion.name) — \(t[$0.pavilion.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"]) (\($0.population)/\($0.pavilion.certifiedCapacity))"
                )
            }
        }
        var sections: [(String, [FormField])] = [
            (
                t["move_title"],
                [
                    state.select("pavilion_code", t["pavilion"], options: pavilions), state.input("cell_code", t["cell"]),
                    state.input("moved_on", t["moved_on"], hint: t["date_hint"]), state.input("reason", t["reason"]),
                ]
            )
        ]
        sections += Self.overrideSection(state, web)
        return personForm(web, file, state, title: t["move_title"], path: "move", sections: sections, status: status)
    }

    func move(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in ["pavilion_code", "cell_code", "moved_on", "reason", "version", "override.resolution", "override.reason"] {
            state.values[name] = form[name]?.trimmingWhitespace() ?? ""
        }
        let movedOn = CivilDate(iso: state.values["moved_on"] ?? "")
        if movedOn == nil { state.errors["moved_on"] = web.strings["invalid_date"] }
        guard let movedOn, let version = Int(state.values["version"] ?? "") else {
            return try await renderMove(web, file, state, status: .unprocessableContent)
        }
        let cell = state.values["cell_code"] ?? ""
        var request = MoveRequest(
            personID: number.id, pavilionCode: state.values["pavilion_code"] ?? "", cellCode: cell.isEmpty ? nil : cell,
            movedOn: movedOn, reason: state.values["reason"] ?? "")
        request.override = Self.override(state, web)
        let outcome = try await services.registry.move(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        return try await answer(
            outcome, web, state, done: "move",
            known: ["pavilion_code", "cell_code", "moved_on", "reason", "override.resolution", "override.reason"]
        ) {
            try await renderMove(web, file, $0, status: $1)
        }
    }

    /// The warden's authorisation fields (OP-3), for those who may give it: none for anyone else.
    static func overrideSection(_ state: FormState, _ web: WebRequest) -> [(String, [FormField])] {
        guard web.principal?.may(.overridePlacement) == true else { return [] }
        let t = web.strings
        return [
            (
                t["override_section"],
                [
                    state.input("override.resolution", t["override_resolution"], hint: t["override_hint"]),
                    state.textarea("override.reason", t["reason"]),
                ]
            )
        ]
    }

    /// The warden's authorisation, when the form carries one (the fields are shown to those who may give it).
    static func override(_ state: FormState, _ web: WebRequest) -> PlacementOverrideRequest? {
        let resolution = state.values["override.resolution"] ?? ""
        let reason = state.values["override.reason"] ?? ""
        guard !resolution.isEmpty || !reason.isEmpty else { return nil }
        return PlacementOverrideRequest(
            resolution: resolution, reason: reason, authorized: web.principal?.may(.overridePlacement) == true)
    }
}
