import API
import CustodiaCore
import Foundation
import Hummingbird

/// The catalogue of criminal organizations and the keep-apart records between them (SEP-6; issue 11 points 2 and 8),
/// for the roles that read affiliation: the list, a new entry, and a record keeping two organizations apart.
extension Pages {
    static let organizationFields = ["name", "aliases", "kind"]
    static let organizationKeepApartFields = ["first", "second", "scope", "reason", "starts_on"]

    func organizations(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let catalogue = try await services.registry.organizations()
        let names = Dictionary(catalogue.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let records = try await services.registry.organizationKeepAparts().compactMap { k -> OrganizationsModel.Record? in
            guard case .organizations(let a, let b) = k.parties else { return nil }
            return OrganizationsModel.Record(
                id: String(k.id.rawValue), first: names[a] ?? "#\(a.rawValue)", second: names[b] ?? "#\(b.rawValue)",
                scope: t["scope.\(k.scope.rawValue)"], reason: k.reason, since: k.startsOn.description,
                until: k.endsOn?.description ?? t["current"])
        }
        let rows = catalogue.map {
            OrganizationsModel.Row(
                id: String($0.id.rawValue), name: $0.name, aliases: $0.aliases.joined(separator: ", "),
                kind: t["organization.\($0.kind.rawValue)"])
        }
        return web.page(
            "organizations",
            OrganizationsModel(
                layout: web.layout(title: t["organizations_title"], current: "/organizations"), rows: rows,
                hasRows: !rows.isEmpty, records: records, hasRecords: !records.isEmpty,
                canCreate: web.principal?.may(.createOrganization) == true,
                canKeepApart: web.principal?.may(.recordKeepApart) == true,
                done: web.query("done").flatMap { ["organization", "keep_apart"].contains($0) ? t["done.\($0)"] : nil }))
    }

    func organizationForm(_ web: WebRequest, _ state: FormState = FormState(), status: HTTPResponse.Status = .ok) -> Response {
        let t = web.strings
        var state = state
        if state.values["kind"] == nil { state.values["kind"] = Organization.Kind.banda.rawValue }
        let fields = [
            state.input("name", t["organization_name"], hint: t["organization_name_hint"]),
            state.input("aliases", t["organization_aliases"], hint: t["organization_aliases_hint"]),
            state.select(
                "kind", t["organization_kind"],
                options: Organization.Kind.allCases.map { ($0.rawValue, t["organization.\($0.rawValue)"]) }),
        ]
        return web.page(
            "form",
            state.model(
                web, title: t["organization_new"], current: "/organizations", heading: t["organization_new"],
                action: "/organizations/new", cancel: "/organizations", sections: [(t["organization_new"], fields)]),
            status: status)
    }

    func createOrganization(_ web: WebRequest) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.organizationFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        guard let kind = Organization.Kind(rawValue: state.values["kind"] ?? "") else {
            state.errors["kind"] = web.strings["choose_option"]
            return organizationForm(web, state, status: .unprocessableContent)
        }
        let aliases = (state.values["aliases"] ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter {
            !$0.isEmpty
        }
        switch try await services.registry.createOrganization(
            OrganizationDraft(name: state.values["name"] ?? "", aliases: aliases, kind: kind),
            actor: web.access?.actor ?? "web")
        {
        case .done: return WebRequest.redirect("/organizations?done=organization")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.organizationFields))
            return organizationForm(web, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }

    func organizationKeepApartForm(
        _ web: WebRequest, _ state: FormState = FormState(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = web.strings
        var state = state
        if state.values["starts_on"] == nil { state.values["starts_on"] = services.today().description }
        if state.values["scope"] == nil { state.values["scope"] = KeepApart.Scope.pavilion.rawValue }
        let options = [("", "")] + (try await services.registry.organizations()).map { (String($0.id.rawValue), $0.name) }
        let fields = [
            state.select("first", t["organization_first"], options: options),
            state.select("second", t["organization_second"], options: options),
            state.select(
                "scope", t["keep_apart_scope"],
                options: KeepApart.Scope.allCases.map { ($0.rawValue, t["scope.\($0.rawValue)"]) }),
            state.input("reason", t["reason"]), state.input("starts_on", t["from"], hint: t["date_hint"]),
        ]
        return web.page(
            "form",
            state.model(
                web, title: t["organization_keep_apart"], current: "/organizations", heading: t["organization_keep_apart"],
                action: "/organizations/keep-apart", cancel: "/organizations",
                sections: [(t["organization_keep_apart"], fields)]),
            status: status)
    }

    func openOrganizationKeepApart(_ web: WebRequest) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.organizationKeepApartFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let startsOn = CivilDate(iso: state.values["starts_on"] ?? "")
        if startsOn == nil { state.errors["starts_on"] = web.strings["invalid_date"] }
        let scope = KeepApart.Scope(rawValue: state.values["scope"] ?? "")
        if scope == nil { state.errors["scope"] = web.strings["choose_option"] }
        // An organization not chosen is one the catalogue does not know: the store says so at its field.
        let first = Organization.ID(rawValue: Int64(state.values["first"] ?? "") ?? 0)
        let second = Organization.ID(rawValue: Int64(state.values["second"] ?? "") ?? 0)
        guard let startsOn, let scope, state.errors.isEmpty else {
            return try await organizationKeepApartForm(web, state, status: .unprocessableContent)
        }
        switch try await services.registry.openKeepApart(
            KeepApartDraft(
                parties: .organizations(first, second), scope: scope, reason: state.values["reason"] ?? "",
                startsOn: startsOn), asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done: return WebRequest.redirect("/organizations?done=keep_apart")
        case .rejected(let messages):
            let map = ["first_organization_id": "first", "second_organization_id": "second"]
            state.add(messages, language: web.language, fieldMap: map, known: Set(Self.organizationKeepApartFields))
            return try await organizationKeepApartForm(web, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }
}

/// The catalogue and the records between organizations.
struct OrganizationsModel: PageModel {
    var layout: LayoutModel
    var rows: [Row]
    var hasRows: Bool
    var records: [Record]
    var hasRecords: Bool
    var canCreate: Bool
    var canKeepApart: Bool
    var done: String?

    struct Row {
        var id: String
        var name: String
        var aliases: String
        var kind: String
    }

    struct Record {
        var id: String
        var first: String
        var second: String
        var scope: String
        var reason: String
        var since: String
        var until: String
    }
}
