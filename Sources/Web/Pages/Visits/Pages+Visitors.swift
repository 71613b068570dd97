import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// The register of visitors (issue 12 point 1): the gate's search, registration, the visitor's file, whom they visit
/// and as what, bans. The register is national; a reader with a scope sees of a file only the persons and visits of
/// their establishments.
extension Pages {
    static let visitorFields = [
        "document.type", "document.number", "given_names", "paternal_surname", "maternal_surname", "sex", "birth_date",
        "address", "photo_reference",
    ]

    func visitors(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let query = web.query("q")?.trimmingWhitespace() ?? ""
        let found = query.isEmpty ? [] : try await services.registry.findVisitors(query, limit: 50)
        let today = services.today()
        let rows = found.map { visitorRow($0, web, on: today) }
        return web.page(
            "visitors",
            VisitorsModel(
                layout: web.layout(title: t["visitors_title"], current: "/visitors"), query: query, rows: rows,
                hasRows: !rows.isEmpty, searched: !query.isEmpty,
                canRegister: web.principal?.may(.registerVisitor) == true))
    }

    func visitorRow(_ v: Visitor, _ web: WebRequest, on day: CivilDate) -> VisitorRow {
        VisitorRow(
            id: String(v.id.rawValue), name: v.name.registerForm, document: documentText(v.document, web),
            minor: v.isMinor(on: day))
    }

    func visitorForm(_ web: WebRequest, _ state: FormState = FormState(), status: HTTPResponse.Status = .ok) -> Response {
        let t = web.strings
        var state = state
        if state.values["document.type"] == nil { state.values["document.type"] = "dni" }
        let documents: [IdentityDocument.Kind] = [.dni, .foreignerCard, .passport]
        let fields = [
            state.select(
                "document.type", t["document_type"], options: documents.map { ($0.rawValue, t["document.\($0.rawValue)"]) }),
            state.input("document.number", t["document_number"]),
            state.input("given_names", t["given_names"]), state.input("paternal_surname", t["paternal_surname"]),
            state.input("maternal_surname", t["maternal_surname"]),
            state.select("sex", t["sex"], options: Sex.allCases.map { ($0.rawValue, t["sex.\($0.rawValue)"]) }),
            state.input("birth_date", t["birth_date"], hint: t["visitor_birth_hint"]),
            state.input("address", t["visitor_address"]),
            state.input("photo_reference", t["visitor_photo"], hint: t["visitor_photo_hint"]),
        ]
        return web.page(
            "form",
            state.model(
                web, title: t["visitor_new"], current: "/visitors", heading: t["visitor_new"], action: "/visitors/new",
                cancel: "/visitors", sections: [(t["visitor_new"], fields)]),
            status: status)
    }

    func registerVisitor(_ web: WebRequest) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.visitorFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let kind = IdentityDocument.Kind(rawValue: state.values["document.type"] ?? "")
        let sex = Sex(rawValue: state.values["sex"] ?? "")
        if kind == nil || kind == IdentityDocument.Kind.none { state.errors["document.type"] = web.strings["choose_option"] }
        if sex == nil { state.errors["sex"] = web.strings["choose_option"] }
        let birthText = state.values["birth_date"] ?? ""
        let birth = CivilDate(iso: birthText)
        if !birthText.isEmpty, birth == nil { state.errors["birth_date"] = web.strings["invalid_date"] }
        var document = IdentityDocument.none
        if let kind {
            switch IdentityDocument.parse(kind: kind, number: state.values["document.number"]) {
            case .success(let parsed): document = parsed
            case .failure(let message): state.add([message], language: web.language, known: Set(Self.visitorFields))
            }
        }
        guard state.errors.isEmpty, let sex else { return visitorForm(web, state, status: .unprocessableContent) }
        func given(_ name: String) -> String? { state.values[name].flatMap { $0.isEmpty ? nil : $0 } }
        let visitor = NewVisitor(
            document: document,
            name: PersonName(
                givenNames: state.values["given_names"] ?? "", paternalSurname: state.values["paternal_surname"] ?? "",
                maternalSurname: state.values["maternal_surname"] ?? ""),
            sex: sex, birthDate: birth, address: state.values["address"] ?? "", photoReference: given("photo_reference"))
        switch try await services.registry.registerVisitor(visitor, asOf: services.today(), actor: web.access?.actor ?? "web") {
        case .done(let file): return WebRequest.redirect("/visitors/\(file.visitor.id.rawValue)?done=registered")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.visitorFields))
            return visitorForm(web, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }

    func visitorPage(_ web: WebRequest, id text: String) async throws -> Response {
        guard let id = Int64(text), let whole = try await services.registry.visitorFile(.init(rawValue: id)) else {
            return CustodiaWeb.notFound(web)
        }
        let t = web.strings
        let file = whole.within(web.principal?.establishments)
        let v = file.visitor
        let principal = web.principal
        var facts: [PersonModel.Fact] = [
            .init(label: t["document"], value: documentText(v.document, web)),
            .init(label: t["sex"], value: t["sex.\(v.sex.rawValue)"]),
            .init(label: t["visitor_address"], value: v.address),
            .init(label: t["visitor_registered"], value: v.registeredOn.description),
        ]
        if let birth = v.birthDate {
            let minor = v.isMinor(on: services.today()) ? " · \(t["visitor_minor"])" : ""
            facts.insert(.init(label: t["birth_date"], value: birth.description + minor), at: 1)
        }
        if let photo = v.photoReference { facts.append(.init(label: t["visitor_photo"], value: photo)) }
        let links = file.links.map {
            VisitorModel.Link(
                person: PersonNumber(id: $0.personID).description, relationship: t["relationship.\($0.relationship.rawValue)"],
                degree: degreeText($0.relationship, web), since: $0.since.description)
        }
        let bans = file.bans.map { ban in
            VisitorModel.Ban(
                scope: ban.personID.map { PersonNumber(id: $0).description } ?? ban.establishmentID.map { _ in
                    t["ban_establishment"]
                }
                    ?? t["ban_everywhere"],
                period: "\(ban.startsOn) – \(ban.endsOn?.description ?? t["open_ended"])", reason: ban.reason,
                resolution: ban.resolution)
        }
        let names = [v.id: v.name.registerForm]
        let visits = file.visits.map { visitRow($0, web, names: names) }
        let flagged = file.inCustody.map { PersonNumber(id: $0).description }
        let done = web.query("done").flatMap { ["registered", "linked", "banned"].contains($0) ? t["done.visitor.\($0)"] : nil }
        return web.page(
            "visitor",
            VisitorModel(
                layout: web.layout(title: v.name.registerForm, current: "/visitors"), heading: v.name.registerForm,
                facts: facts, flagged: flagged, isFlagged: !flagged.isEmpty, links: links, hasLinks: !links.isEmpty,
                bans: bans, hasBans: !bans.isEmpty, visits: visits, hasVisits: !visits.isEmpty,
                canLink: principal?.may(.registerVisitor) == true, canBan: principal?.may(.banVisitor) == true,
                id: String(v.id.rawValue), done: done))
    }

    /// The kinship degree as the civil code counts it (VI-3).
    func degreeText(_ relationship: Relationship, _ web: WebRequest) -> String {
        let t = web.strings
        return switch relationship.kinship {
        case .spouse: t["kinship_spouse"]
        case .consanguinity(let n): "\(n).º \(t["kinship_consanguinity"])"
        case .affinity(let n): "\(n).º \(t["kinship_affinity"])"
        case .none: t["kinship_none"]
        }
    }

    func visitorLinkForm(
        _ web: WebRequest, id text: String, _ state: FormState = FormState(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await aboutVisitorForm(web, id: text, state, status: status, title: "visitor_link", path: "link", day: "since") {
            state, t in
            [
                state.input("person_number", t["person_number"], hint: t["person_number_hint"]),
                state.select(
                    "relationship", t["relationship"],
                    options: Relationship.allCases.map {
                        ($0.rawValue, "\(t["relationship.\($0.rawValue)"]) (\(degreeText($0, web)))")
                    }),
                state.input("since", t["from"], hint: t["date_hint"]),
            ]
        }
    }

    /// A form about one visitor (whom they visit, a ban): the visitor named in the title, the day field filled with
    /// today, posted to `/visitors/{id}/<path>`.
    func aboutVisitorForm(
        _ web: WebRequest, id text: String, _ state: FormState, status: HTTPResponse.Status, title key: String, path: String,
        day: String, fields: (FormState, Strings) -> [FormField]
    ) async throws -> Response {
        guard let id = Int64(text), let file = try await services.registry.visitorFile(.init(rawValue: id)) else {
            return CustodiaWeb.notFound(web)
        }
        let t = web.strings
        var state = state
        if state.values[day] == nil { state.values[day] = services.today().description }
        let title = "\(t[key]) · \(file.visitor.name.registerForm)"
        return web.page(
            "form",
            state.model(
                web, title: title, current: "/visitors", heading: title, action: "/visitors/\(id)/\(path)",
                cancel: "/visitors/\(id)", sections: [(t[key], fields(state, t))]),
            status: status)
    }

    func linkVisitor(_ web: WebRequest, id text: String) async throws -> Response {
        guard let id = Int64(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in ["person_number", "relationship", "since"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        let relationship = Relationship(rawValue: state.values["relationship"] ?? "")
        if relationship == nil { state.errors["relationship"] = web.strings["choose_option"] }
        let since = CivilDate(iso: state.values["since"] ?? "")
        if since == nil { state.errors["since"] = web.strings["invalid_date"] }
        let number = try await visiblePerson(web, state.values["person_number"] ?? "")
        if number == nil {
            state.add(
                [ValidationMessage(.personUnknown, field: "person_number")], language: web.language, known: ["person_number"])
        }
        guard let relationship, let since, let number else {
            return try await visitorLinkForm(web, id: text, state, status: .unprocessableContent)
        }
        switch try await services.registry.linkVisitor(
            VisitorLink(visitorID: .init(rawValue: id), personID: number.id, relationship: relationship, since: since),
            actor: web.access?.actor ?? "web")
        {
        case .done: return WebRequest.redirect("/visitors/\(id)?done=linked")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: ["person_number", "relationship", "since"])
            return try await visitorLinkForm(web, id: text, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }

    /// A person number the reader may see, or `nil` (a person out of scope is one the register does not know).
    func visiblePerson(_ web: WebRequest, _ text: String) async throws -> PersonNumber? {
        guard let number = PersonNumber(text), try await visibleTo(web, number.id) else { return nil }
        return number
    }
}

extension Pages {
    static let banFields = ["person_number", "establishment_code", "starts_on", "ends_on", "resolution", "reason"]

    func banVisitor(_ web: WebRequest, id text: String) async throws -> Response {
        guard let id = Int64(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.banFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        func given(_ name: String) -> String? { state.values[name].flatMap { $0.isEmpty ? nil : $0 } }
        let startsOn = CivilDate(iso: state.values["starts_on"] ?? "")
        if startsOn == nil { state.errors["starts_on"] = web.strings["invalid_date"] }
        let endsOn = given("ends_on").flatMap { CivilDate(iso: $0) }
        if given("ends_on") != nil, endsOn == nil { state.errors["ends_on"] = web.strings["invalid_date"] }
        var person: Person.ID?
        if let text = given("person_number") {
            person = try await visiblePerson(web, text)?.id
            if person == nil {
                state.add(
                    [ValidationMessage(.personUnknown, field: "person_number")], language: web.language, known: ["person_number"])
            }
        }
        var establishment: Establishment.ID?
        if let code = given("establishment_code") {
            if web.principal?.covers(establishment: code) ?? true,
                let found = try await services.registry.establishment(code: code)
            {
                establishment = found.overview.establishment.id
            } else {
                state.add(
                    [ValidationMessage(.establishmentUnknown, field: "establishment_code")], language: web.language,
                    known: ["establishment_code"])
            }
        } else if web.principal?.establishments != nil, person == nil {
            // A ban everywhere is a national decision: a reader with a scope bans for a person or an establishment.
            state.add(
                [ValidationMessage(.establishmentUnknown, field: "establishment_code")], language: web.language,
                known: ["establishment_code"])
        }
        guard state.errors.isEmpty, state.general.isEmpty, let startsOn else {
            return try await visitorBanForm(web, id: text, state, status: .unprocessableContent)
        }
        let ban = VisitorBan(
            id: 0, visitorID: .init(rawValue: id), personID: person, establishmentID: establishment, startsOn: startsOn,
            endsOn: endsOn, reason: state.values["reason"] ?? "", resolution: state.values["resolution"] ?? "")
        switch try await services.registry.banVisitor(ban, asOf: services.today(), actor: web.access?.actor ?? "web") {
        case .done: return WebRequest.redirect("/visitors/\(id)?done=banned")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.banFields))
            return try await visitorBanForm(web, id: text, state, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }
}
