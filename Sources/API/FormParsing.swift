import CustodiaCore

/// The staff pages' admission form, read by the API's own `Parser`. The form's fields are named by the API's
/// field paths (`person.document.number`, `case.case_type`, `order.months`); their values become the API's
/// request body and go through the code every `POST /api/v1/admissions` goes through, so a page and a program
/// get the same refusals, with the same codes, on the same fields. What only a form can get wrong (a number
/// typed with letters, a choice not offered, the establishment and pavilion chosen together as `placement`)
/// is checked here first.
public enum AdmissionForm {
    /// Every field of the form, in the order it shows them.
    public static let fields: [String] = [
        "person.document.type", "person.document.number", "person.given_names", "person.paternal_surname",
        "person.maternal_surname", "person.sex", "person.birth_date", "person.nationality", "placement", "admitted_on",
        "admitted_at", "sending_authority", "arrested_on", "arrest_place", "case.number", "case.court",
        "case.judicial_district", "case.case_type", "case.charges", "order.kind", "order.issuing_court", "order.issued_on",
        "order.reference", "order.months", "order.starts_on", "order.years", "order.sentence_months", "order.recidivism",
        "inbound_order_id",
    ]

    /// Where a message the register gives about the request belongs on the form.
    public static let fieldOfMessage: [String: String] = [
        "establishment_code": "placement", "pavilion_code": "placement", "cell_code": "placement",
        "person.document": "person.document.number", "order.sentence_years": "order.years",
    ]

    /// The request, or every message found (then no request).
    public static func parse(_ values: [String: String]) -> (request: AdmissionRequest?, messages: [ValidationMessage]) {
        var messages: [ValidationMessage] = []
        func text(_ name: String) -> String { values[name]?.trimmingWhitespace() ?? "" }
        func optional(_ name: String) -> String? { text(name).isEmpty ? nil : text(name) }
        func integer(_ name: String) -> Int? {
            guard let typed = optional(name) else { return nil }
            guard let value = Int(typed) else {
                messages.append(ValidationMessage(.numberInvalid, field: name))
                return nil
            }
            return value
        }
        /// A choice of the form; empty means the first option it offers.
        func choice<Value: RawRepresentable>(_ name: String, _ first: Value) -> Value where Value.RawValue == String {
            guard let typed = optional(name) else { return first }
            guard let value = Value(rawValue: typed) else {
                messages.append(ValidationMessage(.valueNotAllowed, field: name))
                return first
            }
            return value
        }
        let placement = text("placement").split(separator: "/", maxSplits: 1).map(String.init)
        if placement.count != 2 { messages.append(ValidationMessage(.establishmentUnknown, field: "placement")) }
        var recidivism: Components.Schemas.Recidivism?
        if let typed = optional("order.recidivism") {
            recidivism = Components.Schemas.Recidivism(rawValue: typed)
            if recidivism == nil { messages.append(ValidationMessage(.valueNotAllowed, field: "order.recidivism")) }
        }
        let body = Components.Schemas.AdmissionRequest(
            person: Components.Schemas.NewPerson(
                document: Components.Schemas.Document(
                    _type: choice("person.document.type", Components.Schemas.DocumentType.dni),
                    number: optional("person.document.number")),
                givenNames: text("person.given_names"), paternalSurname: text("person.paternal_surname"),
                maternalSurname: text("person.maternal_surname"), sex: choice("person.sex", Components.Schemas.Sex.male),
                birthDate: optional("person.birth_date"), nationality: text("person.nationality")),
            establishmentCode: placement.first ?? "", pavilionCode: placement.count == 2 ? placement[1] : "",
            admittedOn: text("admitted_on"), admittedAt: text("admitted_at"), sendingAuthority: text("sending_authority"),
            arrestedOn: optional("arrested_on"), arrestPlace: optional("arrest_place"),
            _case: Components.Schemas.NewCase(
                number: text("case.number"), court: text("case.court"), judicialDistrict: text("case.judicial_district"),
                caseType: choice("case.case_type", Components.Schemas.CaseType.ordinary),
                charges: text("case.charges").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }),
            order: Components.Schemas.NewOrder(
                kind: choice("order.kind", Components.Schemas.OrderKind.pretrialDetention),
                issuingCourt: text("order.issuing_court"), issuedOn: text("order.issued_on"),
                reference: text("order.reference"), months: integer("order.months"), startsOn: optional("order.starts_on"),
                sentenceYears: integer("order.years"), sentenceMonths: integer("order.sentence_months"),
                recidivism: recidivism), inboundOrderId: integer("inbound_order_id").map(Int64.init))
        var parser = Parser()
        let request = parser.admission(body)
        messages += parser.messages
        return messages.isEmpty ? (request, []) : (nil, messages)
    }
}
