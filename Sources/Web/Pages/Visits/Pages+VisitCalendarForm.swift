import API
import CustodiaCore
import Foundation
import Hummingbird

/// The warden's form of the establishment's visiting days, hours and seats (issue 12 point 2, VI-1).
extension Pages {
    static let calendarFields = [
        "family_days", "family_from", "family_until", "professional_days", "professional_from", "professional_until", "seats",
        "version",
    ]
    static let dayNames = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]

    /// Days as the reader writes them: `mié, sáb, dom` (or digits, Monday = 0).
    static func daysText(_ days: Set<Int>) -> String { days.sorted().map { dayNames[$0] }.joined(separator: ", ") }

    static func parseDays(_ text: String) -> Set<Int>? {
        let plain = text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
        var days: Set<Int> = []
        for part in plain.split(whereSeparator: { $0 == "," || $0 == " " }) where !part.isEmpty {
            if let digit = Int(part), (0...6).contains(digit) {
                days.insert(digit)
            } else if let index = dayNames.firstIndex(where: {
                $0.folding(options: .diacriticInsensitive, locale: nil) == part.prefix(3)
            }) {
                days.insert(index)
            } else {
                return nil
            }
        }
        return days
    }

    /// The calendar in one line, for the calendar page.
    static func calendarText(_ c: VisitCalendar, capacity: Int, _ web: WebRequest) -> String {
        let t = web.strings
        return "\(t["visit_calendar_family"]): \(daysText(c.familyWeekdays)) \(c.familyHours.0)–\(c.familyHours.1) · "
            + "\(t["visit_calendar_professional"]): \(daysText(c.professionalWeekdays)) \(c.professionalHours.0)–\(c.professionalHours.1) · "
            + "\(t["visit_calendar_seats"]): \(c.seats(certifiedCapacity: capacity))"
    }

    func visitCalendarForm(
        _ web: WebRequest, code: String, _ state: FormState? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let calendar = try await services.registry.visitCalendar(establishmentCode: code) else {
            return CustodiaWeb.notFound(web)
        }
        let t = web.strings
        var state = state ?? FormState()
        if state.values.isEmpty {
            state.values = [
                "family_days": Self.daysText(calendar.familyWeekdays), "family_from": calendar.familyHours.0.description,
                "family_until": calendar.familyHours.1.description,
                "professional_days": Self.daysText(calendar.professionalWeekdays),
                "professional_from": calendar.professionalHours.0.description,
                "professional_until": calendar.professionalHours.1.description,
                "seats": calendar.seats.map(String.init) ?? "", "version": String(calendar.version),
            ]
        }
        let fields = [
            state.input("family_days", t["visit_calendar_family_days"], hint: t["visit_calendar_days_hint"]),
            state.input("family_from", t["from"], hint: t["time_hint"]), state.input("family_until", t["until"]),
            state.input("professional_days", t["visit_calendar_professional_days"], hint: t["visit_calendar_days_hint"]),
            state.input("professional_from", t["from"], hint: t["time_hint"]), state.input("professional_until", t["until"]),
            state.input("seats", t["visit_calendar_seats"], hint: t["visit_calendar_seats_hint"]),
        ]
        let title = "\(t["visit_calendar_settings"]) · \(web.names.establishment(code: code))"
        return web.page(
            "form",
            state.model(
                web, title: title, heading: title, action: "/establishments/\(code)/visit-calendar",
                cancel: "/establishments/\(code)/visits", hidden: ["version"], sections: [(title, fields)]),
            status: status)
    }

    func setVisitCalendar(_ web: WebRequest, code: String) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.calendarFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        func days(_ name: String) -> Set<Int> {
            guard let days = Self.parseDays(state.values[name] ?? "") else {
                state.errors[name] = web.strings["visit_calendar_days_hint"]
                return []
            }
            return days
        }
        func time(_ name: String) -> TimeOfDay {
            guard let time = TimeOfDay(text: state.values[name] ?? "") else {
                state.errors[name] = web.strings["time_hint"]
                return TimeOfDay(hour: 0, minute: 0)!
            }
            return time
        }
        var seats: Int?
        if let text = state.values["seats"], !text.isEmpty {
            seats = Int(text)
            if seats == nil { state.errors["seats"] = web.strings["visit_calendar_seats_hint"] }
        }
        let calendar = VisitCalendar(
            familyWeekdays: days("family_days"), familyHours: (time("family_from"), time("family_until")),
            professionalWeekdays: days("professional_days"),
            professionalHours: (time("professional_from"), time("professional_until")), seats: seats, version: 0)
        guard state.errors.isEmpty else {
            return try await visitCalendarForm(web, code: code, state, status: .unprocessableContent)
        }
        let map = ["family_hours": "family_until", "professional_hours": "professional_until"]
        switch try await services.registry.setVisitCalendar(
            calendar, establishmentCode: code, expectedVersion: Int(state.values["version"] ?? ""),
            actor: web.access?.actor ?? "web")
        {
        case .done: return WebRequest.redirect("/establishments/\(code)/visits?done=calendar")
        case .rejected(let messages):
            state.add(messages, language: web.language, fieldMap: map, known: Set(Self.calendarFields))
            return try await visitCalendarForm(web, code: code, state, status: .unprocessableContent)
        case .versionConflict:
            state.general.append(web.strings["conflict"])
            return try await visitCalendarForm(web, code: code, state, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }
}
