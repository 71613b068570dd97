import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// CL-13 (Mandela Rules 43-44): the solitary-confinement count on the person's file, and the form that records a
/// day's minutes of meaningful human contact.
extension Pages {
    static let contactFields = ["day", "minutes", "note"]

    func contactForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = ["version": String(file.person.version), "day": services.today().description]
        return renderContactForm(web, file, state, status: .ok)
    }

    func renderContactForm(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let fields = [
            state.input("day", t["contact_day"], hint: t["date_hint"]),
            state.input("minutes", t["contact_minutes"], hint: t["contact_minutes_hint"]),
            state.input("note", t["contact_note"], hint: t["contact_note_hint"]),
        ]
        return personForm(
            web, file, state, title: t["contact_title"], path: "contact", sections: [(t["contact_title"], fields)],
            status: status)
    }

    func recordContact(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.contactFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let day = CivilDate(iso: state.values["day"] ?? "")
        if day == nil { state.errors["day"] = web.strings["invalid_date"] }
        let minutes = Int(state.values["minutes"] ?? "")
        if minutes == nil { state.errors["minutes"] = web.strings["contact_minutes_hint"] }
        guard let day, let minutes, let version = Int(state.values["version"] ?? "") else {
            return renderContactForm(web, file, state, status: .unprocessableContent)
        }
        let note = state.values["note"].flatMap { $0.isEmpty ? nil : $0 }
        return try await answer(
            try await services.registry.recordContact(
                ContactDay(personID: number.id, day: day, minutes: minutes, note: note), expectedVersion: version,
                asOf: services.today(), actor: web.access?.actor ?? "web"),
            web, state, done: "contact", known: Set(Self.contactFields)
        ) { state, status in renderContactForm(web, file, state, status: status) }
    }

    /// The count of consecutive days without meaningful contact, for a person held in Extrema Seguridad.
    func solitaryFacts(_ file: PersonFile, today: CivilDate, _ web: WebRequest) -> [PersonModel.Fact] {
        guard let open = file.openEpisode,
            let current = file.classifications.last(where: { $0.episodeID == open.id }),
            current.regime == .rceExtremaSeguridad
        else { return [] }
        let t = web.strings
        let last = file.contactDays.filter { $0.minutes >= SolitaryRules.meaningfulMinutes && $0.day <= today }.map(\.day).max()
        let streak = SolitaryRules.streak(
            start: max(current.decidedOn, open.admittedOn), lastContact: last, asOf: today)
        let alert = SolitaryRules.alert(streak: streak)
        var facts = [
            PersonModel.Fact(
                label: t["contact_streak"], value: "\(streak) · \(t["contact_rule"])", alert: alert != nil)
        ]
        facts.append(.init(label: t["contact_last"], value: last?.description ?? t["intake_not_recorded"]))
        return facts
    }
}
