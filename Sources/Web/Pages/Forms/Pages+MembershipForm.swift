import API
import CustodiaCore
import Foundation
import Hummingbird

/// The membership form: a person's membership of an organization in the catalogue (SEP-6). Only staff reach the
/// pages, and every role granted `persons.membership` reads affiliation.
extension Pages {
    static let membershipFields = ["organization_id", "role", "evidence_source", "confidence", "from", "to"]

    func membershipForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = ["version": String(file.person.version), "role": "member", "confidence": "medium"]
        return try await renderMembership(web, file, state, status: .ok)
    }

    func renderMembership(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status)
        async throws -> Response
    {
        let t = web.strings
        let organizations = try await services.registry.organizations().map { (String($0.id.rawValue), $0.name) }
        let sections: [(String, [FormField])] = [
            (
                t["membership_title"],
                [
                    state.select("organization_id", t["organization"], options: organizations),
                    state.select(
                        "role", t["membership_role"],
                        options: Membership.Role.allCases.map { ($0.rawValue, t["role.\($0.rawValue)"]) }),
                    state.input("evidence_source", t["evidence_source"], hint: t["evidence_source_hint"]),
                    state.select(
                        "confidence", t["confidence"],
                        options: Membership.Confidence.allCases.map { ($0.rawValue, t["confidence.\($0.rawValue)"]) }),
                    state.input("from", t["from"], hint: t["date_hint"]), state.input("to", t["until"], hint: t["date_hint"]),
                ]
            )
        ]
        return personForm(web, file, state, title: t["membership_title"], path: "membership", sections: sections, status: status)
    }

    func recordMembership(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.membershipFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let from = CivilDate(iso: state.values["from"] ?? "")
        if from == nil { state.errors["from"] = web.strings["invalid_date"] }
        let toText = state.values["to"] ?? ""
        let to = toText.isEmpty ? nil : CivilDate(iso: toText)
        if !toText.isEmpty, to == nil { state.errors["to"] = web.strings["invalid_date"] }
        let organization = Int64(state.values["organization_id"] ?? "")
        if organization == nil { state.errors["organization_id"] = web.strings["choose_organization"] }
        let role = Membership.Role(rawValue: state.values["role"] ?? "")
        let confidence = Membership.Confidence(rawValue: state.values["confidence"] ?? "")
        guard let from, let organization, let role, let confidence, state.errors.isEmpty,
            let version = Int(state.values["version"] ?? "")
        else {
            return try await renderMembership(web, file, state, status: .unprocessableContent)
        }
        let request = MembershipRequest(
            personID: number.id, organizationID: .init(rawValue: organization), role: role,
            evidenceSource: state.values["evidence_source"] ?? "", confidence: confidence, from: from, to: to)
        let outcome = try await services.registry.recordMembership(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        return try await answer(outcome, web, state, done: "membership", known: Set(Self.membershipFields)) {
            try await renderMembership(web, file, $0, status: $1)
        }
    }
}
