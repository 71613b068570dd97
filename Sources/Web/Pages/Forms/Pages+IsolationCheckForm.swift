import API
import CustodiaCore
import Foundation
import Hummingbird

/// The day's health check of an isolated person (DS-5, Mandela Rule 46), from the file's list of isolations.
extension Pages {
    static let isolationCheckFields = ["day", "at", "by", "note"]

    func isolationCheckForm(_ web: WebRequest, number text: String, id: String) async throws -> Response {
        guard let (_, file) = try await personFile(text), let isolation = Self.isolation(file, id) else {
            return CustodiaWeb.notFound(web)
        }
        var state = FormState()
        let now = minute()
        state.values = [
            "version": String(file.person.version), "day": now.date.description, "at": Self.minuteText(now),
        ]
        return renderIsolationCheckForm(web, file, isolation, state, status: .ok)
    }

    func renderIsolationCheckForm(
        _ web: WebRequest, _ file: PersonFile, _ isolation: Isolation, _ state: FormState, status: HTTPResponse.Status
    ) -> Response {
        let t = web.strings
        let fields = [
            state.input("day", t["date"], hint: t["date_hint"]),
            state.input("at", t["isolation_check_at"], hint: t["minute_hint"]),
            state.input("by", t["isolation_check_by"]), state.textarea("note", t["isolation_check_note"]),
        ]
        let title = "\(t["isolation_check"]) · \(isolation.startsOn) – \(isolation.endOn)"
        return personForm(
            web, file, state, title: title, path: "isolations/\(isolation.id.rawValue)/check", sections: [(title, fields)],
            status: status)
    }

    func checkIsolation(_ web: WebRequest, number text: String, id: String) async throws -> Response {
        guard let (number, file) = try await personFile(text), let isolation = Self.isolation(file, id) else {
            return CustodiaWeb.notFound(web)
        }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.isolationCheckFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let day = CivilDate(iso: state.values["day"] ?? "")
        if day == nil { state.errors["day"] = web.strings["invalid_date"] }
        let at = LocalTime(text: state.values["at"] ?? "")
        if at == nil { state.errors["at"] = web.strings["invalid_minute"] }
        guard let day, let at, let version = Int(state.values["version"] ?? "") else {
            return renderIsolationCheckForm(web, file, isolation, state, status: .unprocessableContent)
        }
        let note = state.values["note"].flatMap { $0.isEmpty ? nil : $0 }
        return try await answer(
            try await services.registry.recordIsolationCheck(
                IsolationCheck(
                    personID: number.id, isolationID: isolation.id, day: day, at: at, by: state.values["by"] ?? "", note: note),
                expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web"),
            web, state, done: "isolation_checked", known: Set(Self.isolationCheckFields)
        ) { state, status in renderIsolationCheckForm(web, file, isolation, state, status: status) }
    }
}
