import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Disciplinary cases on the staff pages (issue 12 points 4 and 6): opened from the person's file or an incident's
/// page, then each step of DS-7 from the case's page — the notification, the descargo (or its period run out), the
/// report, the Consejo Técnico Penitenciario's decision (the warden), the appeal and its result. A refusal is shown at
/// its field and nothing is written.
extension Pages {
    static let chargeFields = ["offence_code", "act", "occurred_on", "incident_id"]

    func disciplineRow(_ c: DisciplineCase, _ web: WebRequest) -> DisciplineRow {
        let t = web.strings
        return DisciplineRow(
            id: String(c.id.rawValue), person: PersonNumber(id: c.personID).description,
            offence: "\(c.offence.code) · \(c.offence.text)", opened: c.openedOn.description,
            state: t["discipline_state.\(c.state.rawValue)"], measures: measuresText(c.measures, web))
    }

    func measuresText(_ measures: [SanctionMeasure], _ web: WebRequest) -> String {
        measures.map {
            $0.kind.lasts
                ? "\(web.strings["sanction.\($0.kind.rawValue)"]) \($0.startsOn) – \($0.endOn) (\($0.days) \(web.strings["days"]))"
                : web.strings["sanction.\($0.kind.rawValue)"]
        }.joined(separator: "; ")
    }

    func disciplineList(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        let all = web.query("all") != nil
        let cases = try await services.registry.disciplineCases(establishmentCodes: [code], open: !all, limit: 500)
        let heading = "\(web.strings["discipline_title"]) · \(web.names.establishment(code: code))"
        let rows = cases.map { disciplineRow($0, web) }
        return web.page(
            "discipline",
            DisciplineListModel(
                layout: web.layout(title: heading), heading: heading, code: code, all: all, rows: rows, hasRows: !rows.isEmpty))
    }

    func disciplineForm(
        _ web: WebRequest, number text: String, _ state: FormState? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let t = web.strings
        var state = state ?? FormState()
        if state.values.isEmpty {
            state.values = ["occurred_on": services.today().description, "incident_id": web.query("incident") ?? ""]
        }
        let offences = try await services.registry.offences(on: services.today())
        let fields = [
            state.select(
                "offence_code", t["discipline_offence"],
                options: [("", t["choose_option"])]
                    + offences.map { ($0.code, "\($0.code) · \(t["gravity.\($0.gravity.rawValue)"]) · \($0.text)") }),
            state.textarea("act", t["discipline_act"], hint: t["discipline_act_hint"]),
            state.input("occurred_on", t["discipline_occurred_on"], hint: t["date_hint"]),
            state.input("incident_id", t["discipline_incident"], hint: t["discipline_incident_hint"]),
        ]
        return personForm(
            web, file, state, title: t["discipline_open"], path: "discipline", sections: [(t["discipline_open"], fields)],
            status: status)
    }

    func openDisciplineCase(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, _) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.chargeFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let occurred = CivilDate(iso: state.values["occurred_on"] ?? "")
        if occurred == nil { state.errors["occurred_on"] = web.strings["invalid_date"] }
        var incident: Incident.ID?
        if let given = state.values["incident_id"], !given.isEmpty {
            if let id = Int64(given.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) {
                incident = .init(rawValue: id)
            } else {
                state.errors["incident_id"] = web.strings["discipline_incident_hint"]
            }
        }
        guard state.errors.isEmpty, let occurred else {
            return try await disciplineForm(web, number: text, state, status: .unprocessableContent)
        }
        let charge = DisciplineCharge(
            personID: number.id, offenceCode: state.values["offence_code"] ?? "", incidentID: incident,
            act: state.values["act"] ?? "", occurredOn: occurred)
        switch try await services.registry.openDisciplineCase(
            charge, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let c): return WebRequest.redirect("/discipline/\(c.id.rawValue)?done=opened")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.chargeFields))
            return try await disciplineForm(web, number: text, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }

    /// A case the reader may see: of an establishment in their scope.
    func visibleCase(_ web: WebRequest, _ text: String) async throws -> DisciplineCase? {
        guard let id = Int64(text), let c = try await services.registry.disciplineCase(.init(rawValue: id)),
            web.principal?.covers(establishment: c.establishmentCode) ?? true
        else { return nil }
        return c
    }

    func disciplinePage(_ web: WebRequest, id text: String) async throws -> Response {
        guard let c = try await visibleCase(web, text) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").flatMap { ["opened", "step", "decision"].contains($0) ? $0 : nil }
        return try await renderCase(web, c, FormState(), failed: nil, done: done.map { web.strings["done.discipline.\($0)"] })
    }
}
