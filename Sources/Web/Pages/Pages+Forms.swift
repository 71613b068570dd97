import API
import CustodiaCore
import Foundation
import Hummingbird

/// A submitted form: the values as typed (kept when the form comes back) and the problems found, by field.
struct FormState {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var general: [String] = []

    /// One input: its label from the string table, the value as typed, the error next to it.
    func input(_ name: String, _ label: String, hint: String? = nil, type: String? = nil) -> [String: Any] {
        let id = Self.id(name)
        var describedBy: [String] = []
        if hint != nil { describedBy.append("\(id)-hint") }
        if errors[name] != nil { describedBy.append("\(id)-error") }
        return [
            "id": id, "name": name, "label": label, "value": values[name] ?? "", "error": errors[name] as Any,
            "invalid": errors[name] != nil, "hint": hint as Any, "inputType": type as Any,
            "describedBy": describedBy.isEmpty ? nil as String? as Any : describedBy.joined(separator: " "), "isSelect": false,
        ]
    }

    /// A list to choose from: `(value, label)` pairs, or groups of them.
    func select(_ name: String, _ label: String, options: [(String, String)] = [], groups: [(String, [(String, String)])] = [])
        -> [String: Any]
    {
        func rows(_ list: [(String, String)]) -> [[String: Any]] {
            list.map { ["value": $0.0, "label": $0.1, "selected": values[name] == $0.0] }
        }
        return [
            "id": Self.id(name), "name": name, "label": label, "error": errors[name] as Any, "invalid": errors[name] != nil,
            "isSelect": true, "options": rows(options),
            "groups": groups.map { ["label": $0.0, "options": rows($0.1)] as [String: Any] },
        ]
    }

    /// A text of several lines.
    func textarea(_ name: String, _ label: String, hint: String? = nil) -> [String: Any] {
        var field = input(name, label, hint: hint)
        field["isTextarea"] = true
        return field
    }

    static func id(_ name: String) -> String {
        "f-" + name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
    }

    /// The form's model: sections of fields, the errors listed on top with links to their fields.
    func model(
        _ web: WebRequest, heading: String, action: String, cancel: String, subject: String? = nil,
        hidden: [String] = [], sections: [(String, [[String: Any]])]
    ) -> [String: Any] {
        let labels = Dictionary(
            sections.flatMap { $0.1 }.map { ($0["name"] as? String ?? "", $0["label"] as? String ?? "") },
            uniquingKeysWith: { a, _ in a })
        let fieldErrors: [[String: Any]] = errors.keys.sorted().map {
            ["id": Self.id($0), "label": labels[$0] ?? $0, "error": errors[$0] ?? ""]
        }
        return [
            "heading": heading, "action": action, "cancel": cancel, "subject": subject as Any,
            "csrf": web.access?.csrfToken ?? "",
            "hidden": hidden.map { ["name": $0, "value": values[$0] ?? ""] },
            "sections": sections.map { ["title": $0.0, "fields": $0.1] as [String: Any] },
            "hasErrors": !errors.isEmpty || !general.isEmpty, "general": general, "fieldErrors": fieldErrors,
        ]
    }

    /// Puts each validation message next to its field, in the user's language; messages without a field of
    /// the form go on top.
    mutating func add(_ messages: [ValidationMessage], language: Language, fieldMap: [String: String] = [:], known: Set<String>) {
        for message in messages {
            let text = language == .es ? message.spanish : message.english
            var field = fieldMap[message.field] ?? message.field
            if !known.contains(field), let prefix = known.first(where: { $0.hasPrefix(field + ".") }) { field = prefix }
            if known.contains(field) {
                errors[field] = errors[field].map { "\($0) \(text)" } ?? text
            } else {
                general.append(text)
            }
        }
    }
}

extension Pages {
    static let admissionFields: [String] = [
        "person.document.type", "person.document.number", "person.given_names", "person.paternal_surname",
        "person.maternal_surname", "person.sex", "person.birth_date", "person.nationality", "placement", "admitted_on",
        "admitted_at", "sending_authority", "arrested_on", "arrest_place", "case.number", "case.court",
        "case.judicial_district", "case.case_type", "case.charges", "order.kind", "order.issuing_court", "order.issued_on",
        "order.reference", "order.months", "order.starts_on", "order.years", "order.sentence_months", "order.recidivism",
    ]

    func readForm(_ web: WebRequest) async throws -> FormData {
        var request = web.request
        return FormData(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
    }

    // MARK: Admission

    func admissionForm(_ web: WebRequest) async throws -> Response {
        var state = FormState()
        let today = services.today().description
        state.values = [
            "person.document.type": "dni", "person.nationality": "PER", "person.sex": "male", "admitted_on": today,
            "order.kind": "pretrial_detention", "case.case_type": "ordinary", "order.issued_on": today,
        ]
        return try await renderAdmission(web, state, status: .ok)
    }

    func renderAdmission(_ web: WebRequest, _ state: FormState, status: HTTPResponse.Status) async throws -> Response {
        let t = web.strings
        // A scoped clerk's establishments are known already; only a national account needs the list of all.
        var codes = web.principal?.establishments?.sorted() ?? []
        if web.principal?.establishments == nil {
            codes = try await services.registry.statistics().establishments.map(\.establishment.code)
        }
        var groups: [(String, [(String, String)])] = []
        for code in codes {
            guard let detail = try await services.registry.establishment(code: code) else { continue }
            groups.append(
                (
                    detail.overview.establishment.name,
                    detail.pavilions.map { p in
                        (
                            "\(code)/\(p.pavilion.code)",
                            "\(p.pavilion.name) — \(t[p.pavilion.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"]), \(t[p.pavilion.housedSex == .female ? "women" : "men"])"
                        )
                    }
                ))
        }
        func labelled(_ values: [String], _ prefix: String) -> [(String, String)] { values.map { ($0, t["\(prefix).\($0)"]) } }
        let date = t["date_hint"]
        let sections: [(String, [[String: Any]])] = [
            (
                t["section_identity"],
                [
                    state.select(
                        "person.document.type", t["document_type"],
                        options: labelled(["dni", "foreigner_card", "passport", "none"], "document")),
                    state.input("person.document.number", t["document_number"]),
                    state.input("person.given_names", t["given_names"]),
                    state.input("person.paternal_surname", t["paternal_surname"]),
                    state.input("person.maternal_surname", t["maternal_surname"]),
                    state.select("person.sex", t["sex"], options: labelled(["male", "female"], "sex")),
                    state.input("person.birth_date", t["birth_date"], hint: date),
                    state.input("person.nationality", t["nationality"]),
                ]
            ),
            (
                t["section_order"],
                [
                    state.select(
                        "order.kind", t["order_kind"],
                        options: labelled(["pretrial_detention", "sentence", "detention"], "order")),
                    state.input("order.issuing_court", t["issuing_court"]),
                    state.input("order.issued_on", t["issued_on"], hint: date),
                    state.input("order.reference", t["reference"]),
                    state.input("order.months", t["months"]),
                    state.input("order.starts_on", t["starts_on"], hint: date),
                    state.input("order.years", t["sentence_years"]),
                    state.input("order.sentence_months", t["sentence_months"]),
                    state.select(
                        "order.recidivism", t["recidivism_field"],
                        options: [("", t["recidivism.none"])] + labelled(Recidivism.allCases.map(\.rawValue), "recidivism")),
                ]
            ),
            (
                t["section_case"],
                [
                    state.input("case.number", t["case_number"], hint: "00123-2026-1-1801-JR-PE-01"),
                    state.input("case.court", t["court"]),
                    state.input("case.judicial_district", t["judicial_district"]),
                    state.select("case.case_type", t["case_type"], options: labelled(CaseType.allCases.map(\.rawValue), "case")),
                    state.input("case.charges", t["charge_articles"], hint: "189, 188"),
                ]
            ),
            (t["section_place"], [state.select("placement", t["pavilion"], groups: groups)]),
            (
                t["section_arrival"],
                [
                    state.input("admitted_on", t["admitted_on"], hint: date),
                    state.input("admitted_at", t["admitted_at"], hint: t["time_hint"]),
                    state.input("sending_authority", t["sending_authority"]),
                    state.input("arrested_on", t["arrested_on"], hint: date),
                    state.input("arrest_place", t["arrest_place"]),
                ]
            ),
        ]
        return web.page(
            "form",
            web.model(
                title: t["admission_title"], current: "/admissions/new",
                state.model(web, heading: t["admission_title"], action: "/admissions/new", cancel: "/", sections: sections)),
            status: status)
    }

    func admit(_ web: WebRequest) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.admissionFields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        var messages: [ValidationMessage] = []
        let v = state.values
        func date(_ name: String, required: Bool = true) -> CivilDate? {
            let text = v[name] ?? ""
            if text.isEmpty {
                if required { messages.append(ValidationMessage(.dateInvalid, field: name)) }
                return nil
            }
            guard let day = CivilDate(iso: text) else {
                messages.append(ValidationMessage(.dateInvalid, field: name))
                return nil
            }
            return day
        }
        func integer(_ name: String) -> Int? {
            guard let text = v[name], !text.isEmpty else { return nil }
            guard let value = Int(text) else {
                state.errors[name] = web.strings["invalid_number"]
                return nil
            }
            return value
        }
        var document: IdentityDocument?
        switch IdentityDocument.parse(
            kind: IdentityDocument.Kind(rawValue: v["person.document.type"] ?? "") ?? .dni, number: v["person.document.number"],
            field: "person.document")
        {
        case .success(let parsed): document = parsed
        case .failure(let message): messages.append(message)
        }
        let birth = date("person.birth_date", required: false)
        let admittedOn = date("admitted_on")
        let admittedAt = TimeOfDay(text: v["admitted_at"] ?? "")
        if admittedAt == nil { messages.append(ValidationMessage(.timeInvalid, field: "admitted_at")) }
        let arrestedOn = date("arrested_on", required: false)
        let caseType = CaseType(rawValue: v["case.case_type"] ?? "") ?? .ordinary
        let caseNumber = CaseNumber(v["case.number"] ?? "")
        if caseNumber == nil { messages.append(ValidationMessage(.caseNumberInvalid, field: "case.number")) }
        let issued = date("order.issued_on")
        if !(v["order.recidivism"] ?? "").isEmpty, v["order.kind"] != "sentence" {
            messages.append(ValidationMessage(.recidivismNotSentence, field: "order.recidivism"))
        }
        var kind: CourtOrder.Kind?
        switch v["order.kind"] {
        case "detention": kind = .detention
        case "sentence":
            if let starts = date("order.starts_on") {
                kind = .sentence(
                    SentenceTerm(
                        years: integer("order.years") ?? 0, months: integer("order.sentence_months") ?? 0, days: 0,
                        startsOn: starts, recidivism: Recidivism(rawValue: v["order.recidivism"] ?? "")))
            }
        default:
            let starts = (v["order.starts_on"] ?? "").isEmpty ? issued : date("order.starts_on")
            if let months = integer("order.months") {
                if let starts { kind = .pretrialDetention(PretrialTerm(caseType: caseType, months: months, startsOn: starts)) }
            } else if state.errors["order.months"] == nil {
                messages.append(ValidationMessage(.pretrialMonthsOutOfRange, field: "order.months"))
            }
        }
        let parts = (v["placement"] ?? "").split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count != 2 { state.errors["placement"] = web.strings["required"] }
        let known = Set(Self.admissionFields)
        guard messages.isEmpty, state.errors.isEmpty, let document, let admittedOn, let admittedAt, let caseNumber, let issued,
            let kind, parts.count == 2
        else {
            state.add(messages, language: web.language, known: known)
            return try await renderAdmission(web, state, status: .unprocessableContent)
        }
        guard web.principal?.covers(establishment: parts[0]) == true else { return CustodiaWeb.notFound(web) }
        let request = AdmissionRequest(
            subject: .new(
                NewPerson(
                    document: document,
                    name: PersonName(
                        givenNames: v["person.given_names"] ?? "", paternalSurname: v["person.paternal_surname"] ?? "",
                        maternalSurname: v["person.maternal_surname"] ?? ""),
                    sex: Sex(rawValue: v["person.sex"] ?? "") ?? .male, birthDate: birth,
                    nationality: (v["person.nationality"] ?? "").uppercased())),
            establishmentCode: parts[0], pavilionCode: parts[1], admittedOn: admittedOn, admittedAt: admittedAt,
            sendingAuthority: v["sending_authority"] ?? "", arrestedOn: arrestedOn,
            arrestPlace: (v["arrest_place"] ?? "").isEmpty ? nil : v["arrest_place"],
            legalCase: NewLegalCase(
                number: caseNumber, court: v["case.court"] ?? "", judicialDistrict: v["case.judicial_district"] ?? "",
                caseType: caseType,
                chargeArticles: (v["case.charges"] ?? "").split(separator: ",").map { $0.trimmingWhitespace().uppercased() }
                    .filter { !$0.isEmpty }),
            order: NewOrder(
                kind: kind, issuingCourt: v["order.issuing_court"] ?? "", issuedOn: issued, reference: v["order.reference"] ?? "")
        )
        switch try await services.registry.admit(request, asOf: services.today(), actor: web.access?.actor ?? "web") {
        case .done(let file):
            return WebRequest.redirect("/persons/\(file.person.number)?done=admission")
        case .rejected(let messages):
            state.add(
                messages, language: web.language,
                fieldMap: [
                    "establishment_code": "placement", "pavilion_code": "placement", "cell_code": "placement",
                    "person.document": "person.document.number", "order.months": "order.months",
                ], known: known)
            return try await renderAdmission(web, state, status: .unprocessableContent)
        case .notFound, .versionConflict:
            state.general.append(web.strings["conflict"])
            return try await renderAdmission(web, state, status: .conflict)
        }
    }

    // MARK: Move and release

    /// The person a path names, with the file; `nil` when there is none.
    func personFile(_ text: String) async throws -> (PersonNumber, PersonFile)? {
        guard let number = PersonNumber(text), let file = try await services.registry.personFile(number.id) else { return nil }
        return (number, file)
    }

    /// What a change to a person answers its form: the file with a confirmation; the form again with each
    /// message next to its field (422); or the conflict explained, with the version as it now is (409).
    func answer(
        _ outcome: ChangeOutcome<PersonFile>, _ web: WebRequest, _ state: FormState, done: String, known: Set<String>,
        render: (FormState, HTTPResponse.Status) async throws -> Response
    ) async throws -> Response {
        var state = state
        switch outcome {
        case .done(let updated): return WebRequest.redirect("/persons/\(updated.person.number)?done=\(done)")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: known)
            return try await render(state, .unprocessableContent)
        case .versionConflict(let current):
            state.general.append(web.strings["conflict"])
            state.values["version"] = String(current)
            return try await render(state, .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }

    func moveForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = ["moved_on": services.today().description, "version": String(file.person.version)]
        return try await renderMove(web, file, state, status: .ok)
    }

    func renderMove(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) async throws
        -> Response
    {
        let t = web.strings
        var pavilions: [(String, String)] = []
        if let open = file.openEpisode, let code = file.establishmentCodes[open.establishmentID],
            let detail = try await services.registry.establishment(code: code)
        {
            pavilions = detail.pavilions.map {
                (
                    $0.pavilion.code,
                    "\($0.pavilion.name) — \(t[$0.pavilion.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"]) (\($0.population)/\($0.pavilion.certifiedCapacity))"
                )
            }
        }
        let sections: [(String, [[String: Any]])] = [
            (
                t["move_title"],
                [
                    state.select("pavilion_code", t["pavilion"], options: pavilions), state.input("cell_code", t["cell"]),
                    state.input("moved_on", t["moved_on"], hint: t["date_hint"]), state.input("reason", t["reason"]),
                ]
            )
        ]
        let number = file.person.number.description
        return web.page(
            "form",
            web.model(
                title: t["move_title"],
                state.model(
                    web, heading: t["move_title"], action: "/persons/\(number)/move", cancel: "/persons/\(number)",
                    subject: "\(file.person.name.registerForm) · \(number)", hidden: ["version"], sections: sections)),
            status: status)
    }

    func move(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in ["pavilion_code", "cell_code", "moved_on", "reason", "version"] {
            state.values[name] = form[name]?.trimmingWhitespace() ?? ""
        }
        let movedOn = CivilDate(iso: state.values["moved_on"] ?? "")
        if movedOn == nil { state.errors["moved_on"] = web.strings["invalid_date"] }
        guard let movedOn, let version = Int(state.values["version"] ?? "") else {
            return try await renderMove(web, file, state, status: .unprocessableContent)
        }
        let cell = state.values["cell_code"] ?? ""
        let request = MoveRequest(
            personID: number.id, pavilionCode: state.values["pavilion_code"] ?? "", cellCode: cell.isEmpty ? nil : cell,
            movedOn: movedOn, reason: state.values["reason"] ?? "")
        let outcome = try await services.registry.move(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        return try await answer(outcome, web, state, done: "move", known: ["pavilion_code", "cell_code", "moved_on", "reason"]) {
            try await renderMove(web, file, $0, status: $1)
        }
    }

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
        let sections: [(String, [[String: Any]])] = [
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
        let number = file.person.number.description
        return web.page(
            "form",
            web.model(
                title: t["release_title"],
                state.model(
                    web, heading: t["release_title"], action: "/persons/\(number)/release", cancel: "/persons/\(number)",
                    subject: "\(file.person.name.registerForm) · \(number)", hidden: ["version"], sections: sections)),
            status: status)
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

extension Pages {
    // MARK: Sensitive notes

    /// The sections the caller may record: those it may read.
    func writableSections(_ web: WebRequest) -> [SensitiveSection] {
        SensitiveSection.allCases.filter { web.principal?.mayRead($0) ?? false }
    }

    func sensitiveForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values["version"] = String(file.person.version)
        for section in writableSections(web) { state.values[section.rawValue] = file.sensitive[section] ?? "" }
        return renderSensitive(web, file, state, status: .ok)
    }

    func renderSensitive(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        let number = file.person.number.description
        let fields = writableSections(web).map { state.textarea($0.rawValue, t[$0.rawValue], hint: t["sensitive_hint"]) }
        return web.page(
            "form",
            web.model(
                title: t["sensitive_title"],
                state.model(
                    web, heading: t["sensitive_title"], action: "/persons/\(number)/sensitive", cancel: "/persons/\(number)",
                    subject: "\(file.person.name.registerForm) · \(number)", hidden: ["version"],
                    sections: [(t["sensitive"], fields)])),
            status: status)
    }

    func recordSensitive(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        state.values["version"] = form["version"] ?? ""
        var changes: [SensitiveSection: String?] = [:]
        for section in writableSections(web) {
            guard let value = form[section.rawValue] else { continue }
            state.values[section.rawValue] = value
            let trimmed = value.trimmingWhitespace()
            changes[section] = trimmed.isEmpty ? String?.none : trimmed
        }
        guard let version = Int(state.values["version"] ?? "") else {
            return renderSensitive(web, file, state, status: .unprocessableContent)
        }
        let outcome = try await services.registry.recordSensitive(
            SensitiveUpdate(personID: number.id, changes: changes), expectedVersion: version, asOf: services.today(),
            actor: web.access?.actor ?? "web")
        return try await answer(outcome, web, state, done: "sensitive", known: Set(SensitiveSection.allCases.map(\.rawValue))) {
            renderSensitive(web, file, $0, status: $1)
        }
    }
}
