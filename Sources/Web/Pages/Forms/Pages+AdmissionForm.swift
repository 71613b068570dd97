import API
import CustodiaCore
import Foundation
import Hummingbird

/// The admission form (ingreso).
extension Pages {
    // MARK: Admission

    func admissionForm(_ web: WebRequest) async throws -> Response {
        var state = FormState()
        let today = services.today().description
        state.values = [
            "person.document.type": "dni", "person.nationality": "PER", "person.sex": "male", "admitted_on": today,
            "order.kind": "pretrial_detention", "case.case_type": "ordinary", "order.issued_on": today,
        ]
        // Admitting on an order received electronically (issue 13): what the court sent, already filled in.
        if let text = web.query("order"), let order = try await visibleOrder(web, text),
            order.content.kind.admits || order.content.kind == .sentence, order.state.isOpen, order.state != .held
        {
            state.values.merge(Self.admissionValues(order), uniquingKeysWith: { $1 })
        }
        return try await renderAdmission(web, state, status: .ok)
    }

    /// The admission form's fields an order received electronically fills: the person (by identity), the case, the
    /// order and its terms, and the order's number, so the admission executes it.
    static func admissionValues(_ order: InboundOrder) -> [String: String] {
        let c = order.content
        var values = [
            "inbound_order_id": String(order.id.rawValue), "case.number": c.caseNumber.text, "case.court": c.court,
            "case.judicial_district": c.judicialDistrict, "order.issuing_court": c.court,
            "order.issued_on": c.issuedOn.description, "order.reference": c.resolution, "sending_authority": c.court,
        ]
        if case .identity(let identity) = c.subject {
            values["person.document.type"] = identity.document.kind.rawValue
            values["person.document.number"] = identity.document.number ?? ""
            values["person.given_names"] = identity.name.givenNames
            values["person.paternal_surname"] = identity.name.paternalSurname
            values["person.maternal_surname"] = identity.name.maternalSurname
            values["person.birth_date"] = identity.birthDate?.description ?? ""
        }
        switch c.terms {
        case .pretrialDetention(let term)?:
            values["order.kind"] = "pretrial_detention"
            values["order.months"] = String(term.months)
            values["order.starts_on"] = term.startsOn.description
            values["case.case_type"] = term.caseType.rawValue
        case .sentence(let term)?:
            values["order.kind"] = "sentence"
            values["order.years"] = String(term.years)
            values["order.sentence_months"] = String(term.months)
            values["order.starts_on"] = term.startsOn.description
        default: values["order.kind"] = "detention"
        }
        return values
    }

    func renderAdmission(_ web: WebRequest, _ state: FormState, status: HTTPResponse.Status) async throws -> Response {
        let t = web.strings
        // A scoped clerk's establishments are known already; only a national account needs the list of all.
        var codes = web.principal?.establishments?.sorted() ?? []
        if web.principal?.establishments == nil { codes = web.names.establishments.keys.sorted() }
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
        let sections: [(String, [FormField])] = [
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
            state.model(
                web, title: t["admission_title"], current: "/admissions/new", heading: t["admission_title"],
                action: "/admissions/new", cancel: "/",
                subject: (state.values["inbound_order_id"] ?? "").isEmpty
                    ? nil : "\(t["order_heading"]) #\(state.values["inbound_order_id"] ?? "")",
                hidden: ((state.values["inbound_order_id"] ?? "").isEmpty ? [] : ["inbound_order_id"])
                    + ((state.values["confirm_distinct"] ?? "").isEmpty ? [] : ["confirm_distinct"]), sections: sections),
            status: status)
    }

    /// The form is read by the API's own parser (`AdmissionForm`), so the page refuses what the API refuses,
    /// on the same fields.
    func admit(_ web: WebRequest) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        for name in AdmissionForm.fields { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        // The confirmation holds for the identity it was given for: a name or document changed after the warning is
        // checked again.
        let confirmed = form["confirm_distinct"] == Self.identityFingerprint(state.values)
        let known = Set(AdmissionForm.fields)
        let (parsed, messages) = AdmissionForm.parse(state.values)
        guard let request = parsed else {
            state.add(messages, language: web.language, fieldMap: AdmissionForm.fieldOfMessage, known: known)
            return try await renderAdmission(web, state, status: .unprocessableContent)
        }
        guard web.principal?.covers(establishment: request.establishmentCode) == true else { return CustodiaWeb.notFound(web) }
        let masked = try await AdmissionScope.maskingPersonsOutside(web.principal?.establishments, request, in: services.registry)
        // One person, one record (issue 16 point 1): a new person who may be someone the register holds already is
        // shown with them first; the clerk admits the new record only by sending the form again.
        if case .new(let person) = masked.subject, !confirmed {
            let candidates = try await possibleDuplicates(of: person, web)
            if !candidates.isEmpty {
                state.values["confirm_distinct"] = Self.identityFingerprint(state.values)
                state.general = [web.strings["admission_possible_duplicates"]] + candidates
                return try await renderAdmission(web, state, status: .conflict)
            }
        }
        switch try await services.registry.admit(masked, asOf: services.today(), actor: web.access?.actor ?? "web") {
        case .done(let file):
            return WebRequest.redirect("/persons/\(file.person.number)?done=admission")
        case .rejected(let messages):
            state.add(messages, language: web.language, fieldMap: AdmissionForm.fieldOfMessage, known: known)
            return try await renderAdmission(web, state, status: .unprocessableContent)
        case .notFound, .versionConflict:
            state.general.append(web.strings["conflict"])
            return try await renderAdmission(web, state, status: .conflict)
        }
    }

    /// The identity fields as the clerk sent them, folded and hashed (FNV-1a, 64 bits): what `confirm_distinct`
    /// confirms.
    static func identityFingerprint(_ values: [String: String]) -> String {
        let fields = [
            "person.document.type", "person.document.number", "person.given_names", "person.paternal_surname",
            "person.maternal_surname", "person.birth_date",
        ]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in fields.map({ SearchText.fold(values[$0] ?? "") }).joined(separator: "|").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// The persons of the reader's establishments the matcher does not call different from `person`, one line each;
    /// an equal document is left to the admission's own refusal, which names it.
    func possibleDuplicates(of person: NewPerson, _ web: WebRequest) async throws -> [String] {
        let t = web.strings
        let record = IdentityRecord(
            document: person.document, name: person.name, aliases: person.aliases, sex: person.sex,
            birthDate: person.birthDate, nationality: person.nationality)
        return try await services.registry.identityCandidates(record, within: web.principal?.establishments, limit: 5)
            .filter {
                $0.match.decision != .different
                    && (person.document.number == nil || $0.summary.person.document != person.document)
            }
            .map { candidate in
                let found = candidate.summary.person
                let place = candidate.summary.establishmentCode.map { web.names.establishment(code: $0) } ?? t["not_in_custody"]
                return [
                    PersonNumber(id: found.id).description, found.name.registerForm,
                    found.birthDate.map { "\(t["birth_date"]) \($0)" } ?? "", place,
                    t["identity_decision.\(candidate.match.decision.rawValue)"],
                ].filter { !$0.isEmpty }.joined(separator: " · ")
            }
    }
}
