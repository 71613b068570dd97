import API
import CustodiaCore
import Foundation
import Hummingbird

/// The release form (egreso).
extension Pages {
    func releaseForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        let today = services.today().description
        state.values = [
            "released_on": today, "ground": "court_order", "order.issued_on": today, "version": String(file.person.version),
        ]
        return renderRelease(web, file, state, status: .ok)
    }

    func renderRelease(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let sections: [(String, [FormField])] = [
            (
                t["release_title"],
                [
                    state.input("released_on", t["released_on"], hint: t["date_hint"]),
                    state.input("released_at", t["released_at"], hint: t["time_hint"]),
                    state.select(
                        "ground", t["release_ground"],
                        options: ReleaseGround.allCases.map { ($0.rawValue, t["ground.\($0.rawValue)"]) }),
                ]
            ),
            (
                t["release_order_section"],
                [
                    state.input("order.issuing_court", t["issuing_court"]),
                    state.input("order.issued_on", t["issued_on"], hint: t["date_hint"]),
                    state.input("order.reference", t["reference"]),
                ]
            ),
        ]
        return personForm(web, file, state, title: t["release_title"], path: "release", sections: sections, status: status)
    }

    func release(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        let names = [
            "released_on", "released_at", "ground", "order.issuing_court", "order.issued_on", "order.reference", "version",
        ]
        for name in names { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let v = state.values
        let releasedOn = CivilDate(iso: v["released_on"] ?? "")
        if releasedOn == nil { state.errors["released_on"] = web.strings["invalid_date"] }
        let releasedAt = TimeOfDay(text: v["released_at"] ?? "")
        if releasedAt == nil { state.errors["released_at"] = web.strings["invalid_time"] }
        let ground = ReleaseGround(rawValue: v["ground"] ?? "") ?? .courtOrder
        var order: NewOrder?
        if ground.needsOrder || !(v["order.issuing_court"] ?? "").isEmpty {
            if let issued = CivilDate(iso: v["order.issued_on"] ?? "") {
                order = NewOrder(
                    kind: .release, issuingCourt: v["order.issuing_court"] ?? "", issuedOn: issued,
                    reference: v["order.reference"] ?? "")
            } else {
                state.errors["order.issued_on"] = web.strings["invalid_date"]
            }
        }
        guard state.errors.isEmpty, let releasedOn, let releasedAt, let version = Int(v["version"] ?? "") else {
            return renderRelease(web, file, state, status: .unprocessableContent)
        }
        let request = ReleaseRequest(
            personID: number.id, releasedOn: releasedOn, releasedAt: releasedAt, ground: ground, order: order)
        let outcome = try await services.registry.release(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        return try await answer(outcome, web, state, done: "release", known: Set(names)) {
            renderRelease(web, file, $0, status: $1)
        }
    }
}
