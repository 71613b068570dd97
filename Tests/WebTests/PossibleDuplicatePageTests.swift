import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// One person, one record on the admission form (issue 16 point 1), both engines: a new person the matcher does not
/// call different from someone the register holds (his name without its accents, two digits of the DNI swapped, the same
/// birth date) is shown with that person first and nothing is written; sending the form again admits the new record;
/// someone else is admitted at once.
@Suite struct PossibleDuplicatePageTests {
    static func fields(csrf: String, dni: String, given: String, paternal: String, birth: String, case number: String)
        -> [(String, String)]
    {
        [
            ("_csrf", csrf), ("person.document.type", "dni"), ("person.document.number", dni),
            ("person.given_names", given), ("person.paternal_surname", paternal), ("person.maternal_surname", "Quispe"),
            ("person.sex", "male"), ("person.birth_date", birth), ("person.nationality", "PER"),
            ("order.kind", "pretrial_detention"), ("order.issuing_court", "Juzgado de Investigación Preparatoria N.º 2 de Lima"),
            ("order.issued_on", "2026-03-10"), ("order.reference", "Resolución N.º 1"), ("order.months", "9"),
            ("order.starts_on", "2026-03-09"), ("case.number", number),
            ("case.court", "Juzgado de Investigación Preparatoria N.º 2 de Lima"),
            ("case.judicial_district", "Corte Superior de Justicia de Lima"), ("case.case_type", "ordinary"),
            ("case.charges", "189"), ("placement", "ep-norte/A"), ("admitted_on", "2026-03-10"), ("admitted_at", "09:15"),
            ("sending_authority", "Juzgado de Investigación Preparatoria N.º 2 de Lima"), ("arrested_on", "2026-03-09"),
            ("arrest_place", "Lima"),
        ]
    }

    @Test(arguments: TestDatabase.engines)
    func aPossibleDuplicateIsShownBeforeANewRecord(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            var browser = Browser(client: client)
            _ = try await browser.signIn(
                try await AccessFixtures.user(
                    "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let csrf = try await browser.csrf()
            _ = try await browser.get("/?lang=es")
            let before = try await Meta.personCount(in: services.database)
            // José Luis Ñahui Quispe, DNI 41234567, born 1990-05-04, is held; "Jose Luis Nahui Quispe", 41234576.
            let similar = Self.fields(
                csrf: csrf, dni: "41234576", given: "Jose Luis", paternal: "Nahui", birth: "1990-05-04",
                case: "00456-2026-1-1801-JR-PE-02")
            let shown = try await browser.post("/admissions/new", form: similar)
            #expect(shown.status == 409 && shown.contains("podría estar ya en el registro"), "\(shown.html)")
            let confirmation = try #require(shown.inputValue("confirm_distinct"))
            #expect(shown.contains(file.person.number.description) && !confirmation.isEmpty)
            #expect(shown.inputValue("person.document.number") == "41234576")
            #expect(try await Meta.personCount(in: services.database) == before)
            // The confirmation is for the identity it was shown for: another given name is checked again.
            var changed = similar
            changed[3] = ("person.given_names", "José Luiz")
            let again = try await browser.post("/admissions/new", form: changed + [("confirm_distinct", confirmation)])
            #expect(again.status == 409 && again.inputValue("confirm_distinct") != confirmation)
            #expect(try await Meta.personCount(in: services.database) == before)
            // Sent again as shown, confirmed: a new record.
            let admitted = try await browser.post("/admissions/new", form: similar + [("confirm_distinct", confirmation)])
            #expect(admitted.status == 303 && admitted.location?.hasSuffix("?done=admission") == true)
            #expect(try await Meta.personCount(in: services.database) == (before ?? 0) + 1)
            // Someone else entirely: admitted at once.
            let other = try await browser.post(
                "/admissions/new",
                form: Self.fields(
                    csrf: csrf, dni: "47654321", given: "Teodoro", paternal: "Villanueva", birth: "1975-11-20",
                    case: "00457-2026-1-1801-JR-PE-02"))
            #expect(other.status == 303, "\(other.html)")
            // Two without a document: the one held is still shown (an absent document is not an equal one).
            var undocumented = Self.fields(
                csrf: csrf, dni: "", given: "Teodoro", paternal: "Villanueva", birth: "1975-11-20",
                case: "00458-2026-1-1801-JR-PE-02")
            undocumented[1] = ("person.document.type", "none")
            let first = try await browser.post("/admissions/new", form: undocumented)
            #expect(first.status == 409, "\(first.html)")
            let confirmed = try await browser.post(
                "/admissions/new", form: undocumented + [("confirm_distinct", first.inputValue("confirm_distinct") ?? "")])
            #expect(confirmed.status == 303)
            undocumented[3] = ("person.given_names", "Teodoro Rafael")
            undocumented[15] = ("case.number", "00459-2026-1-1801-JR-PE-02")
            let second = try await browser.post("/admissions/new", form: undocumented)
            #expect(second.status == 409, "\(second.html)")
            #expect(second.html.components(separatedBy: "Villanueva Quispe, Teodoro").count - 1 == 2, "\(second.html)")
        }
    }
}
