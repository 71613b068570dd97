import API
import CustodiaCore
import Foundation
import Hummingbird

/// Filing an incident report from the establishment's pages (issue 12 points 3 and 6): what happened, where and when;
/// up to three persons in custody, one visitor and two members of staff with their roles; up to three seized items.
/// A refusal is shown at its field and nothing is written.
extension Pages {
    static let incidentPersonRows = 3
    static let incidentStaffRows = 2
    static let incidentItemRows = 3
    static let incidentFields: [String] = {
        var fields = ["kind", "search_kind", "relevance", "occurred_at", "place", "narrative", "police_notice"]
        for row in 1...incidentPersonRows { fields += ["person_\(row)", "person_\(row)_role"] }
        fields += ["visitor_1", "visitor_1_role"]
        for row in 1...incidentStaffRows { fields += ["staff_\(row)", "staff_\(row)_role"] }
        for row in 1...incidentItemRows {
            fields += ["item_\(row).category", "item_\(row).quantity", "item_\(row).found_at", "item_\(row).imei"]
            fields += ["item_\(row).description"]
        }
        return fields
    }()

    func incidentForm(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = [
            "occurred_at": Self.minuteText(minute()), "relevance": IncidentRelevance.medium.rawValue,
            "staff_1_role": IncidentRole.reporter.rawValue,
        ]
        return renderIncidentForm(web, code: code, state, status: .ok)
    }

    func renderIncidentForm(_ web: WebRequest, code: String, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let roles = [("", t["incident_no_role"])] + IncidentRole.allCases.map { ($0.rawValue, t["incident_role.\($0.rawValue)"]) }
        let categories =
            [("", t["incident_no_item"])]
            + SeizedCategory.allCases.map {
                ($0.rawValue, "\(t["seized.\($0.rawValue)"]) (\(t["unit.\($0.unit.rawValue)"]))")
            }
        let facts = [
            state.select(
                "kind", t["kind"],
                options: [("", t["choose_option"])]
                    + IncidentKind.allCases.map {
                        ($0.rawValue, t["incident.\($0.rawValue)"] + ($0.penalCodeArticle.map { " (CP \($0))" } ?? ""))
                    }),
            state.select(
                "search_kind", t["incident_search_kind"],
                options: [("", t["incident_no_search"])] + SearchKind.allCases.map { ($0.rawValue, t["search.\($0.rawValue)"]) }),
            state.select(
                "relevance", t["incident_relevance"],
                options: IncidentRelevance.allCases.map { ($0.rawValue, t["relevance.\($0.rawValue)"]) }),
            state.input("occurred_at", t["incident_occurred_at"], hint: t["minute_hint"]),
            state.input("place", t["incident_place"], hint: t["incident_place_hint"]),
            state.textarea("narrative", t["incident_narrative"]),
            state.input("police_notice", t["incident_police_notice"], hint: t["incident_police_hint"]),
        ]
        var persons: [FormField] = []
        for row in 1...Self.incidentPersonRows {
            persons.append(
                state.input("person_\(row)", "\(t["person_number"]) \(row)", hint: row == 1 ? t["incident_person_hint"] : nil))
            persons.append(state.select("person_\(row)_role", "\(t["incident_role"]) \(row)", options: roles))
        }
        persons.append(state.input("visitor_1", t["incident_visitor_id"], hint: t["incident_visitor_hint"]))
        persons.append(state.select("visitor_1_role", t["incident_role"], options: roles))
        for row in 1...Self.incidentStaffRows {
            persons.append(state.input("staff_\(row)", "\(t["incident_staff_name"]) \(row)"))
            persons.append(state.select("staff_\(row)_role", "\(t["incident_role"]) \(row)", options: roles))
        }
        var items: [FormField] = []
        for row in 1...Self.incidentItemRows {
            let p = "item_\(row)."
            items += [
                state.select(p + "category", "\(t["incident_item"]) \(row)", options: categories),
                state.input(p + "quantity", "\(t["incident_quantity"]) \(row)"),
                state.input(p + "found_at", "\(t["incident_found_at"]) \(row)"),
                state.input(p + "imei", "IMEI \(row)", hint: row == 1 ? t["incident_imei_hint"] : nil),
                state.input(p + "description", "\(t["incident_item_description"]) \(row)"),
            ]
        }
        let title = "\(t["incident_new"]) · \(web.names.establishment(code: code))"
        return web.page(
            "form",
            state.model(
                web, title: title, heading: title, action: "/establishments/\(code)/incidents/new",
                cancel: "/establishments/\(code)/incidents",
                sections: [(t["incident_facts"], facts), (t["incident_persons"], persons), (t["incident_items"], items)]),
            status: status)
    }

    func reportIncident(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        let t = web.strings
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.incidentFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        func value(_ name: String) -> String? { state.values[name].flatMap { $0.isEmpty ? nil : $0 } }
        let kind = value("kind").flatMap(IncidentKind.init(rawValue:))
        if kind == nil { state.errors["kind"] = t["choose_option"] }
        let relevance = value("relevance").flatMap(IncidentRelevance.init(rawValue:))
        if relevance == nil { state.errors["relevance"] = t["choose_option"] }
        let occurredAt = LocalTime(text: state.values["occurred_at"] ?? "")
        if occurredAt == nil { state.errors["occurred_at"] = t["invalid_minute"] }
        // The participants in the order the store names them, and the form field each came from.
        var participants: [IncidentParticipant] = []
        var map: [String: String] = [:]
        func role(_ field: String) -> IncidentRole? {
            guard let role = value(field).flatMap(IncidentRole.init(rawValue:)) else {
                state.errors[field] = t["choose_option"]
                return nil
            }
            return role
        }
        for row in 1...Self.incidentPersonRows {
            guard let text = value("person_\(row)") else { continue }
            guard let number = try await visiblePerson(web, text) else {
                state.errors["person_\(row)"] = t["incident_person_unknown"]
                continue
            }
            guard let role = role("person_\(row)_role") else { continue }
            map["participants[\(participants.count)].person_number"] = "person_\(row)"
            participants.append(IncidentParticipant(.person(number.id), role: role))
        }
        if let text = value("visitor_1") {
            if let id = Int64(text), let role = role("visitor_1_role") {
                map["participants[\(participants.count)].visitor_id"] = "visitor_1"
                participants.append(IncidentParticipant(.visitor(.init(rawValue: id)), role: role))
            } else if Int64(text) == nil {
                state.errors["visitor_1"] = t["incident_visitor_hint"]
            }
        }
        for row in 1...Self.incidentStaffRows {
            guard let name = value("staff_\(row)"), let role = role("staff_\(row)_role") else { continue }
            map["participants[\(participants.count)].staff_name"] = "staff_\(row)"
            participants.append(IncidentParticipant(.staff(name), role: role))
        }
        map["participants"] = value("person_1") == nil && kind?.needsPerson == true ? "person_1" : "staff_1"
        var items: [SeizedItem] = []
        for row in 1...Self.incidentItemRows {
            let p = "item_\(row)."
            guard let category = value(p + "category").flatMap(SeizedCategory.init(rawValue:)) else { continue }
            guard let quantity = Double((state.values[p + "quantity"] ?? "").replacingOccurrences(of: ",", with: ".")) else {
                state.errors[p + "quantity"] = t["incident_quantity_hint"]
                continue
            }
            for field in ["quantity", "found_at", "imei", "description"] { map["items[\(items.count)].\(field)"] = p + field }
            items.append(
                SeizedItem(
                    category: category, quantity: quantity, description: value(p + "description") ?? "",
                    foundAt: state.values[p + "found_at"] ?? "", imei: value(p + "imei")))
        }
        map["items"] = "item_1.category"
        guard state.errors.isEmpty, let kind, let relevance, let occurredAt else {
            return renderIncidentForm(web, code: code, state, status: .unprocessableContent)
        }
        let report = IncidentReport(
            establishmentCode: code, kind: kind, searchKind: value("search_kind").flatMap(SearchKind.init(rawValue:)),
            relevance: relevance, occurredAt: occurredAt, place: state.values["place"] ?? "",
            narrative: state.values["narrative"] ?? "", policeNotice: value("police_notice"), participants: participants,
            items: items)
        switch try await services.registry.reportIncident(report, asOf: services.today(), actor: web.access?.actor ?? "web") {
        case .done(let incident): return WebRequest.redirect("/incidents/\(incident.id.rawValue)?done=reported")
        case .rejected(let messages):
            state.add(messages, language: web.language, fieldMap: map, known: Set(Self.incidentFields))
            return renderIncidentForm(web, code: code, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }
}
