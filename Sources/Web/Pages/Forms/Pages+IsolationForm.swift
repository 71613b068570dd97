import API
import CustodiaCore
import Foundation
import Hummingbird

/// The order of a disciplinary isolation from the person's file (issue 12 point 5, DS-3 … DS-7): refused at its
/// field beyond 15 consecutive days, without the medical report, or for a protected person.
extension Pages {
    static let isolationFields = [
        "starts_on", "days", "resolution", "reason", "medical_report", "medical_report.protected_condition",
    ]

    func isolationForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = [
            "version": String(file.person.version), "starts_on": services.today().description,
            "medical_report.protected_condition": "no",
        ]
        return renderIsolationForm(web, file, state, status: .ok)
    }

    func renderIsolationForm(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status)
        -> Response
    {
        let t = web.strings
        let fields = [
            state.input("starts_on", t["from"], hint: t["date_hint"]),
            state.input("days", t["days"], hint: t["isolation_days_hint"]),
            state.input("resolution", t["isolation_resolution"]), state.textarea("reason", t["reason"]),
            state.input("medical_report", t["isolation_medical"], hint: t["isolation_medical_hint"]),
            state.select(
                "medical_report.protected_condition", t["isolation_protected"],
                options: [("no", t["no"]), ("yes", t["yes"])]),
        ]
        return personForm(
            web, file, state, title: t["isolation_title"], path: "isolation", sections: [(t["isolation_title"], fields)],
            status: status)
    }

    func orderIsolation(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.isolationFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let startsOn = CivilDate(iso: state.values["starts_on"] ?? "")
        if startsOn == nil { state.errors["starts_on"] = web.strings["invalid_date"] }
        let days = Int(state.values["days"] ?? "")
        if days == nil { state.errors["days"] = web.strings["isolation_days_hint"] }
        guard let startsOn, let days, let version = Int(state.values["version"] ?? "") else {
            return renderIsolationForm(web, file, state, status: .unprocessableContent)
        }
        let reference = state.values["medical_report"] ?? ""
        let request = IsolationRequest(
            personID: number.id, startsOn: startsOn, days: days, resolution: state.values["resolution"] ?? "",
            reason: state.values["reason"] ?? "",
            medicalReport: reference.isEmpty
                ? nil
                : .init(reference: reference, protectedCondition: state.values["medical_report.protected_condition"] == "yes"))
        return try await answer(
            try await services.registry.isolate(
                request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web"),
            web, state, done: "isolation", known: Set(Self.isolationFields)
        ) { state, status in renderIsolationForm(web, file, state, status: status) }
    }

    /// The lift of an isolation before its planned end: the last day spent in isolation and why.
    func liftForm(_ web: WebRequest, number text: String, id: String) async throws -> Response {
        guard let (_, file) = try await personFile(text), let isolation = Self.isolation(file, id) else {
            return CustodiaWeb.notFound(web)
        }
        var state = FormState()
        state.values = ["version": String(file.person.version), "last_day": services.today().description]
        return renderLiftForm(web, file, isolation, state, status: .ok)
    }

    static func isolation(_ file: PersonFile, _ id: String) -> Isolation? {
        file.isolations.first { String($0.id.rawValue) == id }
    }

    func renderLiftForm(
        _ web: WebRequest, _ file: PersonFile, _ isolation: Isolation, _ state: FormState, status: HTTPResponse.Status
    ) -> Response {
        let t = web.strings
        let fields = [
            state.input("last_day", t["isolation_last_day"], hint: t["date_hint"]), state.textarea("reason", t["reason"]),
        ]
        let title = "\(t["isolation_lift"]) · \(isolation.startsOn) – \(isolation.plannedEndOn)"
        return personForm(
            web, file, state, title: title, path: "isolations/\(isolation.id.rawValue)/lift", sections: [(title, fields)],
            status: status)
    }

    func liftIsolation(_ web: WebRequest, number text: String, id: String) async throws -> Response {
        guard let (number, file) = try await personFile(text), let isolation = Self.isolation(file, id) else {
            return CustodiaWeb.notFound(web)
        }
        let form = try await readForm(web)
        var state = FormState()
        for name in ["last_day", "reason", "version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let day = CivilDate(iso: state.values["last_day"] ?? "")
        if day == nil { state.errors["last_day"] = web.strings["invalid_date"] }
        guard let day, let version = Int(state.values["version"] ?? "") else {
            return renderLiftForm(web, file, isolation, state, status: .unprocessableContent)
        }
        return try await answer(
            try await services.registry.liftIsolation(
                IsolationLift(personID: number.id, isolationID: isolation.id, lastDay: day, reason: state.values["reason"] ?? ""),
                expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web"),
            web, state, done: "isolation_lifted", known: ["last_day", "reason"]
        ) { state, status in renderLiftForm(web, file, isolation, state, status: status) }
    }
}
