import CustodiaCore
import CustodiaTestSupport
import Foundation
import Testing

/// The relief candidate lists on the staff pages (issue 26 point 2): the legal officer reaches them from the relief
/// page, sees who qualifies and why with the rules, the excluded when asked, downloads the CSV; a horizon that is not a
/// number is refused at its field; an analyst, who reads counts, may not read names.
@Suite struct ReliefCandidatePageTests {
    @Test(arguments: TestDatabase.engines)
    func theListsTheirReasonsAndTheCSV(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, robbery in
            var theft = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")))
            theft.legalCase.chargeArticles = ["185"]
            theft.legalCase.number = CaseNumber("00777-2026-1-1801-JR-PE-01")!
            guard case .done(let procesado) = try await services.registry.admit(theft, asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            var legal = Browser(client: client)
            _ = try await legal.signIn(
                try await AccessFixtures.user("lidia", roles: [.legalOfficer], scope: .nation, in: services.directory),
                clock: clock)
            let relief = try await legal.get("/relief")
            #expect(relief.contains("href=\"/relief/candidates?list=electronic\""))
            let page = try await legal.get("/relief/candidates?list=electronic")
            #expect(page.status == 200 && page.contains("Candidatos a medidas de deshacinamiento"))
            #expect(page.contains("1 personas en la lista de 2 examinadas."))
            #expect(page.contains("href=\"/persons/\(procesado.person.number)\""))
            #expect(!page.contains("href=\"/persons/\(robbery.person.number)\""))
            #expect(
                page.contains("✓ <abbr title=\"CPP art. 268-A")
                    && page.contains("pena máxima de hasta 7 años: pena máxima 3 años"))
            let all = try await legal.get("/relief/candidates?list=electronic&include_excluded=1")
            #expect(all.contains("href=\"/persons/\(robbery.person.number)\"") && all.contains("✗ <abbr"))
            #expect(all.contains("delito excluido") && all.contains("<span class=\"badge\">excluido · revisión legal</span>"))
            #expect(
                all.contains(
                    "href=\"/relief/candidates?list=electronic&amp;within_days=30&amp;include_excluded=1&amp;format=csv\""))
            let csv = try await legal.get("/relief/candidates?list=electronic&include_excluded=1&within_days=30&format=csv")
            #expect(csv.status == 200 && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("attachment; filename=\"custodia-electronic-todos-") == true)
            #expect(csv.html.split(separator: "\r\n").count == 3 && csv.html.hasPrefix("person_id,paternal_surname"))
            // The pretrial review: the theft's penalty (PP-1, VE-3); a horizon that is not a number, at its field.
            let review = try await legal.get("/relief/candidates?list=pretrial_review&lang=en")
            #expect(review.contains("penalty up to 5 years") && review.contains("Pretrial detention review"))
            let bad = try await legal.get("/relief/candidates?list=pretrial_review&within_days=muchos&lang=es")
            #expect(bad.status == 422 && bad.contains("id=\"within_days-error\"") && bad.contains("entre 0 y 365"))
            #expect(!bad.contains("id=\"relief-candidates\""))
            #expect(try await legal.get("/relief/candidates?list=amnistia").status == 400)
            // The conversion lists: a Colombian sentenced to 3 years, with the jornadas left and two thirds not yet served.
            var foreigner = Fixtures.sentencedAdmission(dni: "45678901", given: "Andrés")
            if case .new(var person) = foreigner.subject {
                person.document = .passport("AB1234567")
                person.nationality = "COL"
                foreigner.subject = .new(person)
            }
            guard case .done(let sentenced) = try await services.registry.admit(foreigner, asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            let conversion = try await legal.get("/relief/candidates?list=conversion")
            #expect(conversion.status == 200 && conversion.contains("href=\"/persons/\(sentenced.person.number)\""))
            #expect(conversion.contains("jornadas por cumplir") && conversion.contains("<option value=\"conversion\" selected"))
            let expulsion = try await legal.get("/relief/candidates?list=expulsion&include_excluded=1&lang=en")
            #expect(expulsion.contains("Expulsion of foreigners") && expulsion.contains("two thirds not yet served"))
            #expect(expulsion.contains("href=\"/persons/\(sentenced.person.number)\""))
            #expect(try await legal.get("/relief/candidates?list=electronic&establishment=ep-x").status == 404)
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            #expect(try await analyst.get("/relief/candidates?list=electronic").status == 403)
            #expect(!(try await analyst.get("/relief")).contains("relief-candidate-links"))
        }
    }
}
