import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Issue 10, point 5: the staff page's admission form is read by the API's own parser, so the same bad input
/// is refused with the same codes on the same fields through the page and through `POST /api/v1/admissions`.
@Suite struct AdmissionFormParityTests {
    /// The fixture admission as the form's fields (`Bodies.admission` as the API's body).
    static let form: [String: String] = [
        "person.document.type": "dni", "person.document.number": "41234567", "person.given_names": "José Luis",
        "person.paternal_surname": "Ñahui", "person.maternal_surname": "Quispe", "person.sex": "male",
        "person.birth_date": "1990-05-04", "person.nationality": "PER", "placement": "ep-norte/A", "admitted_on": "2026-03-02",
        "admitted_at": "10:30", "sending_authority": "Juzgado de Investigación Preparatoria N.º 1 de Lima",
        "arrested_on": "2026-03-01", "arrest_place": "Lima", "case.number": "00123-2026-1-1801-JR-PE-01",
        "case.court": "Juzgado de Investigación Preparatoria N.º 1 de Lima",
        "case.judicial_district": "Corte Superior de Justicia de Lima", "case.case_type": "ordinary", "case.charges": "189",
        "order.kind": "pretrial_detention", "order.issuing_court": "Juzgado de Investigación Preparatoria N.º 1 de Lima",
        "order.issued_on": "2026-03-02", "order.reference": "Resolución N.º 2", "order.months": "9",
        "order.starts_on": "2026-03-01",
    ]

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var form: [String: String]
        var body: @Sendable ([String: Any]) -> [String: Any]
    }

    static func nested(_ body: [String: Any], _ key: String, _ field: String, _ value: Any?) -> [String: Any] {
        var body = body
        var inner = body[key] as? [String: Any] ?? [:]
        inner[field] = value
        body[key] = inner
        return body
    }

    static let cases: [Case] = [
        Case(
            description: "a DNI of 7 digits and a date that is not one",
            form: ["person.document.number": "4123456", "admitted_on": "2026-13-02"],
            body: {
                var body = nested($0, "person", "document", ["type": "dni", "number": "4123456"])
                body["admitted_on"] = "2026-13-02"
                return body
            }),
        Case(
            description: "40 months of prisión preventiva in an ordinary case",
            form: ["order.months": "40"], body: { nested($0, "order", "months", 40) }),
        Case(
            description: "a prolongation as the order that admits",
            form: ["order.kind": "prolongation"], body: { nested($0, "order", "kind", "prolongation") }),
        Case(
            description: "an adecuación as the order that admits, and no court",
            form: ["order.kind": "adecuacion", "order.issuing_court": ""],
            body: { nested(nested($0, "order", "kind", "adecuacion"), "order", "issuing_court", "") }),
        Case(
            description: "recidivism on a pretrial order", form: ["order.recidivism": "habitual"],
            body: { nested($0, "order", "recidivism", "habitual") }),
    ]

    @Test(arguments: cases)
    func thePageAndTheAPIRefuseAlike(_ example: Case) async throws {
        try await withApplication(.sqlite) { client, services, clock in
            let token = try await AccessFixtures.token(
                client: "Corte de prueba", operations: Set(AccessOperation.allCases), scope: .nation, in: services.directory,
                expiresAt: clock.now.addingTimeInterval(86_400))
            let response = try await client.call(
                .post, "/api/v1/admissions", json: example.body(Bodies.admission()),
                headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == 422)
            let api = Set(zip(response.errorCodes, response.errorFields).map { "\($0.0)@\($0.1)" })

            let values = Self.form.merging(example.form) { $1 }
            var messages = AdmissionForm.parse(values).messages
            if let request = AdmissionForm.parse(values).request,
                case .rejected(let refused) = try await services.registry.admit(request, asOf: Fixtures.asOf, actor: "t")
            {
                messages = refused
            }
            let page = Set(messages.map { "\($0.code.rawValue)@\($0.field)" })
            #expect(!api.isEmpty)
            #expect(page == api, "\(example)")
            #expect(try await Meta.personCount(in: services.database) == 0)
        }
    }

    /// What only a form can get wrong is named on its field too.
    @Test func whatOnlyAFormCanGetWrong() {
        let values = Self.form.merging([
            "order.months": "nueve", "case.case_type": "grave", "placement": "", "order.recidivism": "sí",
        ]) { $1 }
        let (request, messages) = AdmissionForm.parse(values)
        #expect(request == nil)
        let found = Set(messages.map { "\($0.code.rawValue)@\($0.field)" })
        #expect(
            found.isSuperset(of: [
                "input.number_invalid@order.months", "input.value_not_allowed@case.case_type",
                "placement.establishment_unknown@placement", "input.value_not_allowed@order.recidivism",
            ]))
        #expect(AdmissionForm.parse(Self.form).request != nil && AdmissionForm.parse(Self.form).messages.isEmpty)
    }
}
