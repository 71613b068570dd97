import API
import CustodiaCore
import Foundation
import Hummingbird

/// Incident reports (issue 12 points 3 and 6): the establishment's list with INC-7's figures, a report's page with
/// everything added to it, and the two things that may be added — an addendum (the only correction; the original
/// stays) and, for the warden, a change of state.
extension Pages {
    func incidentList(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        let t = web.strings
        let kind = web.query("kind").flatMap(IncidentKind.init(rawValue:))
        let state = web.query("state").flatMap(IncidentState.init(rawValue:))
        let from = web.query("from").flatMap { CivilDate(iso: $0) }
        let until = web.query("until").flatMap { CivilDate(iso: $0) }
        let list = try await services.registry.incidents(
            IncidentQuery(establishmentCodes: [code], kind: kind, state: state, from: from, until: until, limit: 200))
        var figures: [PersonModel.Fact] = SearchKind.allCases.compactMap { search in
            list.searches[search].map {
                .init(label: "\(t["incident.requisa"]) · \(t["search.\(search.rawValue)"])", value: String($0))
            }
        }
        figures += SeizedCategory.allCases.compactMap { category in
            list.seized[category].map {
                .init(
                    label: t["seized.\(category.rawValue)"],
                    value: "\(SeizedItem.quantityText($0)) \(t["unit.\(category.unit.rawValue)"])")
            }
        }
        if list.intervened > 0 { figures.append(.init(label: t["incident_intervened"], value: String(list.intervened))) }
        let heading = "\(t["incidents_title"]) · \(web.names.establishment(code: code))"
        return web.page(
            "incidents",
            IncidentsModel(
                layout: web.layout(title: heading), heading: heading, code: code,
                kinds: [FormField.Option(value: "", label: t["incident_any_kind"], selected: kind == nil)]
                    + IncidentKind.allCases.map {
                        FormField.Option(value: $0.rawValue, label: t["incident.\($0.rawValue)"], selected: $0 == kind)
                    },
                states: [FormField.Option(value: "", label: t["incident_any_state"], selected: state == nil)]
                    + IncidentState.allCases.map {
                        FormField.Option(value: $0.rawValue, label: t["incident_state.\($0.rawValue)"], selected: $0 == state)
                    },
                from: from?.description ?? "", until: until?.description ?? "", total: String(list.total), figures: figures,
                hasFigures: !figures.isEmpty, rows: list.incidents.map { incidentRow($0, web) },
                hasRows: !list.incidents.isEmpty, canReport: web.principal?.may(.reportIncident) ?? true))
    }

    func incidentRow(_ i: Incident, _ web: WebRequest) -> IncidentRow {
        let t = web.strings
        return IncidentRow(
            id: String(i.id.rawValue), occurredAt: Self.minuteText(i.occurredAt),
            kind: t["incident.\(i.kind.rawValue)"] + (i.kind.penalCodeArticle.map { " (CP \($0))" } ?? ""), place: i.place,
            relevance: t["relevance.\(i.relevance.rawValue)"], state: t["incident_state.\(i.state.rawValue)"],
            persons: i.personIDs.map { PersonNumber(id: $0).description }.joined(separator: ", "),
            seized: i.items.map {
                "\(SeizedItem.quantityText($0.quantity)) \(t["unit.\($0.category.unit.rawValue)"]) \(t["seized.\($0.category.rawValue)"])"
            }.joined(separator: "; "))
    }

    /// A report the reader may see: of an establishment in their scope.
    func visibleIncident(_ web: WebRequest, _ text: String) async throws -> Incident? {
        guard let id = Int64(text), let incident = try await services.registry.incident(.init(rawValue: id)),
            web.principal?.covers(establishment: incident.establishmentCode) ?? true
        else { return nil }
        return incident
    }

    func incidentPage(_ web: WebRequest, id text: String) async throws -> Response {
        guard let incident = try await visibleIncident(web, text) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").flatMap { ["reported", "addendum", "state"].contains($0) ? $0 : nil }
        return try await renderIncident(
            web, incident, FormState(), failed: nil, done: done.map { web.strings["done.incident.\($0)"] })
    }

    func renderIncident(
        _ web: WebRequest, _ incident: Incident, _ state: FormState, failed: String?, done: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = web.strings
        var facts: [PersonModel.Fact] = [
            .init(label: t["incident_state"], value: t["incident_state.\(incident.state.rawValue)"]),
            .init(
                label: t["kind"],
                value: t["incident.\(incident.kind.rawValue)"]
                    + (incident.kind.penalCodeArticle.map { " · \(t["penal_code_article"]) \($0)" } ?? "")),
            .init(label: t["establishment"], value: web.names.establishment(code: incident.establishmentCode)),
            .init(label: t["incident_occurred_at"], value: Self.minuteText(incident.occurredAt)),
            .init(label: t["incident_place"], value: incident.place),
            .init(label: t["incident_relevance"], value: t["relevance.\(incident.relevance.rawValue)"]),
        ]
        if let search = incident.searchKind {
            facts.append(.init(label: t["incident_search_kind"], value: t["search.\(search.rawValue)"]))
        }
        if let notice = incident.policeNotice { facts.append(.init(label: t["incident_police_notice"], value: notice)) }
        if let clock = incident.clock {
            var value = "\(PersonNumber(id: clock.personID)) · \(t["clock_status.\(clock.status.rawValue)"])"
            if let ends = clock.endsOn, let days = clock.daysPastEnd {
                value += " · \(t["incident_clock_end"]) \(ends) · \(days) \(t["incident_clock_days"])"
            }
            facts.append(.init(label: t["incident_clock"], value: value))
        }
        facts.append(
            .init(label: t["incident_reported"], value: "\(incident.reportedBy) · \(Self.minuteText(incident.reportedAt))"))
        let names = try await services.registry.visitorNames(Set(incident.participants.compactMap(\.visitorID)))
        let participants = incident.participants.map { p -> IncidentModel.Participant in
            let role = t["incident_role.\(p.role.rawValue)"]
            switch p.who {
            case .person(let id):
                let number = PersonNumber(id: id).description
                let open = web.principal?.may(.recordDiscipline) ?? true
                return .init(
                    who: number, link: "/persons/\(number)", role: role,
                    caseLink: open ? "/persons/\(number)/discipline?incident=\(incident.id.rawValue)" : nil)
            case .visitor(let id):
                return .init(
                    who: "\(t["incident_visitor"]) \(names[id] ?? "#\(id.rawValue)")", link: "/visitors/\(id.rawValue)",
                    role: role)
            case .staff(let name): return .init(who: "\(t["incident_staff"]) \(name)", link: nil, role: role)
            }
        }
        let items = incident.items.map {
            IncidentModel.Item(
                category: t["seized.\($0.category.rawValue)"],
                quantity: "\(SeizedItem.quantityText($0.quantity)) \(t["unit.\($0.category.unit.rawValue)"])",
                foundAt: $0.foundAt,
                imei: $0.imei ?? "", description: $0.description)
        }
        let addenda = incident.addenda.map {
            IncidentModel.Entry(
                at: Self.minuteText($0.at), author: $0.author,
                title: $0.corrects.map { t["incident_corrects.\($0.rawValue)"] } ?? t["incident_addendum_general"], text: $0.text)
        }
        let history = incident.history.map {
            IncidentModel.Entry(
                at: Self.minuteText($0.at), author: $0.author, title: t["incident_state.\($0.state.rawValue)"], text: $0.note)
        }
        var steps: [TransferModel.Step] = []
        let path = "/incidents/\(incident.id.rawValue)"
        if web.principal?.may(.reportIncident) ?? true {
            let form = failed == "addendum" ? state : FormState()
            steps.append(
                TransferModel.Step(
                    title: t["incident_addendum_title"], action: "addendum", path: "\(path)/addendum",
                    version: String(incident.version),
                    fields: [
                        form.select(
                            "addendum.corrects", t["incident_corrects"],
                            options: [("", t["incident_addendum_general"])]
                                + IncidentAddendum.Part.allCases.map { ($0.rawValue, t["incident_corrects.\($0.rawValue)"]) }),
                        form.textarea("addendum.text", t["incident_addendum_text"], hint: t["incident_addendum_hint"]),
                    ], button: t["incident_addendum_button"]))
        }
        if web.principal?.may(.reviewIncident) ?? true, !incident.state.next.isEmpty {
            let form = failed == "state" ? state : FormState()
            steps.append(
                TransferModel.Step(
                    title: t["incident_state_title"], action: "state", path: "\(path)/state", version: String(incident.version),
                    fields: [
                        form.select(
                            "state.state", t["incident_state_next"],
                            options: incident.state.next.map { ($0.rawValue, t["incident_state.\($0.rawValue)"]) }),
                        form.textarea("state.note", t["incident_state_note"]),
                    ], button: t["incident_state_button"]))
        }
        let heading = "\(t["incident_heading"]) #\(incident.id.rawValue)"
        return web.page(
            "incident",
            IncidentModel(
                layout: web.layout(title: heading), heading: heading, code: incident.establishmentCode, facts: facts,
                narrative: incident.narrative, participants: participants, hasParticipants: !participants.isEmpty, items: items,
                hasItems: !items.isEmpty, addenda: addenda, hasAddenda: !addenda.isEmpty, history: history,
                csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done),
            status: status)
    }

    /// An addendum or a change of state posted from the report's page.
    func incidentStep(_ web: WebRequest, id: String, step: String) async throws -> Response {
        guard let incident = try await visibleIncident(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        guard let version = Int(form["version"] ?? "") else {
            return try await renderIncident(web, incident, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        var state = FormState()
        let fields = step == "addendum" ? ["addendum.corrects", "addendum.text"] : ["state.state", "state.note"]
        for name in fields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let actor = web.access?.actor ?? "web"
        let outcome: ChangeOutcome<Incident>
        if step == "addendum" {
            let part = state.values["addendum.corrects"].flatMap(IncidentAddendum.Part.init(rawValue:))
            outcome = try await services.registry.addIncidentAddendum(
                incident.id, text: state.values["addendum.text"] ?? "", corrects: part, expectedVersion: version,
                asOf: services.today(), actor: actor)
        } else {
            guard let next = state.values["state.state"].flatMap(IncidentState.init(rawValue:)) else {
                state.errors["state.state"] = web.strings["choose_option"]
                return try await renderIncident(web, incident, state, failed: step, done: nil, status: .unprocessableContent)
            }
            outcome = try await services.registry.changeIncidentState(
                incident.id, to: next, note: state.values["state.note"] ?? "", expectedVersion: version,
                asOf: services.today(), actor: actor)
        }
        switch outcome {
        case .done(let updated): return WebRequest.redirect("/incidents/\(updated.id.rawValue)?done=\(step)")
        case .rejected(let messages):
            let map = ["text": "addendum.text", "note": "state.note", "state": "state.state"]
            state.add(messages, language: web.language, fieldMap: map, known: Set(fields))
            return try await renderIncident(web, incident, state, failed: step, done: nil, status: .unprocessableContent)
        case .versionConflict:
            guard let fresh = try await services.registry.incident(incident.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return try await renderIncident(web, fresh, state, failed: step, done: nil, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }
}
