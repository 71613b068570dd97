import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Visits (issue 12 points 2 and 6): the booking from the person's file (a refusal shown at its field, and kept), the
/// visit's page with the gate's steps (check-in with each visitor's document, check-out, cancellation), the
/// establishment's calendar of the day, and a visitor's ban.
extension Pages {
    static let visitFields = ["kind", "mode", "starts_at", "minutes", "visitor_1", "visitor_2", "visitor_3"]

    func visitForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = [
            "kind": VisitKind.family.rawValue, "mode": VisitMode.locutorio.rawValue, "minutes": "60",
            "starts_at": Self.minuteText(minute().adding(minutes: 60)),
        ]
        return try await renderVisitForm(web, file, state, status: .ok)
    }

    func renderVisitForm(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status)
        async throws -> Response
    {
        let t = web.strings
        // The visitors registered for the person, by name and what they are to them.
        var options: [(String, String)] = [("", t["visit_no_visitor"])]
        for visitor in try await services.registry.visitorsOf(file.person.id) {
            options.append(
                (
                    String(visitor.0.id.rawValue),
                    "\(visitor.0.name.registerForm) · \(t["relationship.\(visitor.1.rawValue)"]) · \(documentText(visitor.0.document, web))"
                ))
        }
        let fields = [
            state.select("kind", t["visit_kind"], options: VisitKind.allCases.map { ($0.rawValue, t["visit.\($0.rawValue)"]) }),
            state.select(
                "mode", t["visit_mode"], options: VisitMode.allCases.map { ($0.rawValue, t["visit_mode.\($0.rawValue)"]) }),
            state.input("starts_at", t["visit_starts"], hint: t["minute_hint"]),
            state.input("minutes", t["visit_minutes"], hint: t["visit_minutes_hint"]),
            state.select("visitor_1", t["visit_visitor"] + " 1", options: options),
            state.select("visitor_2", t["visit_visitor"] + " 2", options: options),
            state.select("visitor_3", t["visit_visitor"] + " 3", options: options),
        ]
        return personForm(
            web, file, state, title: t["visit_title"], path: "visit", sections: [(t["visit_title"], fields)], status: status)
    }

    func bookVisit(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.visitFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let kind = VisitKind(rawValue: state.values["kind"] ?? "")
        if kind == nil { state.errors["kind"] = web.strings["choose_option"] }
        let mode = VisitMode(rawValue: state.values["mode"] ?? "")
        if mode == nil { state.errors["mode"] = web.strings["choose_option"] }
        let startsAt = LocalTime(text: state.values["starts_at"] ?? "")
        if startsAt == nil { state.errors["starts_at"] = web.strings["invalid_minute"] }
        let minutes = Int(state.values["minutes"] ?? "")
        if minutes == nil { state.errors["minutes"] = web.strings["visit_minutes_hint"] }
        // The chosen visitors, and which field each came from (so a refusal is shown at its field).
        var chosen: [(field: String, id: Visitor.ID)] = []
        for field in ["visitor_1", "visitor_2", "visitor_3"] {
            guard let text = state.values[field], !text.isEmpty else { continue }
            guard let id = Int64(text) else {
                state.errors[field] = web.strings["choose_option"]
                continue
            }
            chosen.append((field, .init(rawValue: id)))
        }
        guard state.errors.isEmpty, let kind, let mode, let startsAt, let minutes else {
            return try await renderVisitForm(web, file, state, status: .unprocessableContent)
        }
        let request = VisitRequest(
            personID: number.id, kind: kind, mode: mode, startsAt: startsAt, minutes: minutes, visitorIDs: chosen.map(\.id))
        var map = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ("visitor_ids[\($0.offset)]", $0.element.field) })
        map["visitor_ids"] = "visitor_1"
        switch try await services.registry.bookVisit(request, asOf: services.today(), actor: web.access?.actor ?? "web") {
        case .booked(let visit): return WebRequest.redirect("/visits/\(visit.id.rawValue)?done=booked")
        case .refused(let visit, let messages):
            state.general.append("\(web.strings["visit_refused_kept"]) #\(visit.id.rawValue)")
            state.add(messages, language: web.language, fieldMap: map, known: Set(Self.visitFields))
            return try await renderVisitForm(web, file, state, status: .unprocessableContent)
        case .rejected(let messages):
            state.add(messages, language: web.language, fieldMap: map, known: Set(Self.visitFields))
            return try await renderVisitForm(web, file, state, status: .unprocessableContent)
        }
    }

    /// A visit the reader may see: of an establishment in their scope.
    func visibleVisit(_ web: WebRequest, _ text: String) async throws -> Visit? {
        guard let id = Int64(text), let visit = try await services.registry.visit(.init(rawValue: id)),
            web.principal?.covers(establishment: visit.establishmentCode) ?? true
        else { return nil }
        return visit
    }

    func visitPage(_ web: WebRequest, id text: String) async throws -> Response {
        guard let visit = try await visibleVisit(web, text) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").flatMap { VisitStep.Action(rawValue: $0) != nil || $0 == "booked" ? $0 : nil }
        return try await renderVisit(web, visit, FormState(), failed: nil, done: done.map { web.strings["done.visit.\($0)"] })
    }

    func renderVisit(
        _ web: WebRequest, _ visit: Visit, _ state: FormState, failed: VisitStep.Action?, done: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = web.strings
        let visitors = try await services.registry.visitors(visit.visitorIDs)
        var facts: [PersonModel.Fact] = [
            .init(label: t["visit_state"], value: t["visit.state.\(visit.state.rawValue)"]),
            .init(label: t["visit_kind"], value: t["visit.\(visit.kind.rawValue)"]),
            .init(label: t["visit_mode"], value: t["visit_mode.\(visit.mode.rawValue)"]),
            .init(label: t["establishment"], value: web.names.establishment(code: visit.establishmentCode)),
            .init(label: t["visit_starts"], value: "\(Self.minuteText(visit.startsAt)) · \(visit.minutes) min"),
            .init(
                label: t["visit_visitors"],
                value: visitors.map { "\($0.name.registerForm) (\(documentText($0.document, web)))" }.joined(separator: "; ")),
        ]
        if !visit.refusal.isEmpty { facts.append(.init(label: t["visit_refusal"], value: refusalText(visit.refusal, web))) }
        if let at = visit.checkedInAt { facts.append(.init(label: t["visit_checked_in"], value: Self.minuteText(at))) }
        if let at = visit.checkedOutAt { facts.append(.init(label: t["visit_checked_out"], value: Self.minuteText(at))) }
        var steps: [TransferModel.Step] = []
        if web.principal?.may(.gateVisit) ?? true {
            let allowed: [VisitStep.Action] =
                switch visit.state {
                case .booked: [.checkIn, .cancel]
                case .inside: [.checkOut]
                default: []
                }
            for action in allowed {
                let form = failed == action ? state : FormState()
                let p = action.rawValue + "."
                let fields: [FormField] =
                    switch action {
                    case .checkIn:
                        visitors.indices.map {
                            form.input(
                                p + "document_\($0 + 1)", "\(t["visit_document_shown"]) · \(visitors[$0].name.registerForm)")
                        }
                    case .checkOut: []
                    case .cancel: [form.textarea(p + "reason", t["reason"])]
                    }
                steps.append(
                    TransferModel.Step(
                        title: t["visit_step.\(action.rawValue)"], action: action.rawValue,
                        path: "/visits/\(visit.id.rawValue)/movement", version: String(visit.version), fields: fields,
                        button: t["visit_button.\(action.rawValue)"]))
            }
        }
        let heading = "\(t["visit_heading"]) #\(visit.id.rawValue)"
        return web.page(
            "transfer",
            TransferModel(
                layout: web.layout(title: heading), heading: heading, personNumber: PersonNumber(id: visit.personID).description,
                facts: facts, csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done),
            status: status)
    }

    /// A step posted from the visit's page: the gate.
    func visitStep(_ web: WebRequest, id: String) async throws -> Response {
        guard let visit = try await visibleVisit(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        guard let action = VisitStep.Action(rawValue: form["action"] ?? ""), let version = Int(form["version"] ?? "") else {
            return try await renderVisit(web, visit, FormState(), failed: nil, done: nil, status: .badRequest)
        }
        let p = action.rawValue + "."
        var state = FormState()
        let documentFields = visit.visitorIDs.indices.map { p + "document_\($0 + 1)" }
        for name in documentFields + [p + "reason"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let reason = state.values[p + "reason"].flatMap { $0.isEmpty ? nil : $0 }
        let step = VisitStep(
            id: visit.id, action: action, documents: documentFields.map { state.values[$0] ?? "" }, reason: reason)
        switch try await services.registry.stepVisit(
            step, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let updated): return WebRequest.redirect("/visits/\(updated.id.rawValue)?done=\(action.rawValue)")
        case .rejected(let messages):
            var map = ["reason": p + "reason", "documents": documentFields.first ?? p + "reason"]
            for (index, field) in documentFields.enumerated() { map["visitor_ids[\(index)]"] = field }
            state.add(messages, language: web.language, fieldMap: map, known: Set(state.values.keys))
            return try await renderVisit(web, visit, state, failed: action, done: nil, status: .unprocessableContent)
        case .versionConflict:
            guard let fresh = try await services.registry.visit(visit.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return try await renderVisit(web, fresh, state, failed: action, done: nil, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }

    /// The establishment's visits of a day, with the visitors' names.
    func visitCalendar(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        let t = web.strings
        let day = web.query("on").flatMap { CivilDate(iso: $0) } ?? services.today()
        let visits = try await services.registry.visits(establishmentCode: code, on: day)
        let names = try await services.registry.visitorNames(Set(visits.flatMap(\.visitorIDs)))
        let rows = visits.map { visitRow($0, web, names: names) }
        let heading = "\(t["visit_calendar"]) · \(web.names.establishment(code: code)) · \(day)"
        func count(_ states: Set<Visit.State>) -> String { String(visits.filter { states.contains($0.state) }.count) }
        var model = VisitCalendarModel(
            layout: web.layout(title: heading), heading: heading, code: code, day: day.description,
            previous: day.adding(days: -1).description, next: day.adding(days: 1).description, rows: rows,
            hasRows: !rows.isEmpty, booked: count([.booked]), inside: count([.inside]), refused: count([.refused]))
        if let calendar = try await services.registry.visitCalendar(establishmentCode: code),
            let establishment = try await services.registry.establishment(code: code)
        {
            model.settings = Self.calendarText(
                calendar, capacity: establishment.overview.establishment.certifiedCapacity, web)
        }
        model.canSetCalendar = web.principal?.may(.setVisitCalendar) ?? true
        model.done = web.query("done") == "calendar" ? t["done.visit_calendar"] : nil
        return web.page("visits", model)
    }

    func visitRow(_ v: Visit, _ web: WebRequest, names: [Visitor.ID: String]) -> VisitRow {
        let t = web.strings
        return VisitRow(
            id: String(v.id.rawValue), person: PersonNumber(id: v.personID).description,
            time: "\(v.startsAt.date) \(v.startsAt.time)–\(v.endsAt.time)", kind: t["visit.\(v.kind.rawValue)"],
            mode: t["visit_mode.\(v.mode.rawValue)"],
            visitors: v.visitorIDs.map { names[$0] ?? "#\($0.rawValue)" }.joined(separator: "; "),
            state: t["visit.state.\(v.state.rawValue)"], refused: v.state == .refused,
            refusal: refusalText(v.refusal, web))
    }

    /// The rules that refused a visit, as the reader's language says them (each with its rule id).
    func refusalText(_ codes: [String], _ web: WebRequest) -> String {
        codes.compactMap { ValidationCode(rawValue: $0) }.map {
            let text = ValidationCatalog.text(for: $0)
            return web.language == .es ? text.spanish : text.english
        }.joined(separator: "; ")
    }

    func visitorBanForm(
        _ web: WebRequest, id text: String, _ state: FormState = FormState(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await aboutVisitorForm(web, id: text, state, status: status, title: "visitor_ban", path: "ban", day: "starts_on") {
            state, t in
            [
                state.input("person_number", t["person_number"], hint: t["ban_person_hint"]),
                state.input("establishment_code", t["establishment"], hint: t["ban_establishment_hint"]),
                state.input("starts_on", t["from"], hint: t["date_hint"]),
                state.input("ends_on", t["until"], hint: t["ban_until_hint"]),
                state.input("resolution", t["ban_resolution"]), state.textarea("reason", t["reason"]),
            ]
        }
    }
}

extension Pages {
    /// The person's latest visits as rows (the file), for the roles that read visits; those of establishments outside
    /// the reader's scope left out.
    func personVisits(_ file: PersonFile, _ web: WebRequest) async throws -> [VisitRow] {
        guard web.principal?.may(.readVisits) ?? true else { return [] }
        let visits = try await services.registry.visits(of: file.person.id, limit: 20).filter {
            web.principal?.covers(establishment: $0.establishmentCode) ?? true
        }
        let names = try await services.registry.visitorNames(Set(visits.flatMap(\.visitorIDs)))
        return visits.map { visitRow($0, web, names: names) }
    }
}
