import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// The classification section of the person file and its form, in Spanish first, on both engines.
@Suite struct ClassificationPageTests {
    @Test(arguments: TestDatabase.engines)
    func aLegalOfficerRecordsTheJuntasDecision(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            let officer = try await AccessFixtures.user(
                "elena", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(officer, clock: clock)
            let csrf = try await browser.csrf()
            // Unclassified: the file says so and when the initial classification is due (admitted 2026-03-02).
            let before = try await browser.get("/persons/\(number)")
            #expect(before.contains("Sin clasificar") && before.contains("2026-04-01"))
            #expect(before.contains("href=\"/persons/\(number)/classify\""))
            let form = try await browser.get("/persons/\(number)/classify")
            #expect(form.status == 200 && form.contains("<label for=\"f-regime\">"))
            let version = try #require(form.inputValue("version"))
            var fields: [(String, String)] = [
                ("_csrf", csrf), ("version", version), ("regime", "rco_maxima"), ("decided_on", "2026-03-10"),
                ("body", "Junta Técnica de Clasificación — EP Norte"), ("resolution", ""), ("reason", "Ficha final"),
                ("leader", "no"),
            ]
            // A missing resolution: the message next to its field, the values kept, nothing written.
            let refused = try await browser.post("/persons/\(number)/classify", form: fields)
            #expect(refused.status == 422)
            #expect(refused.contains("id=\"f-resolution-error\"") && refused.contains("Indique el número de la resolución"))
            #expect(refused.inputValue("body") == "Junta Técnica de Clasificación — EP Norte")
            #expect(try await services.registry.personFile(file.person.id)?.classifications.isEmpty == true)
            fields[5] = ("resolution", "Resolución N.º 3")
            let recorded = try await browser.post("/persons/\(number)/classify", form: fields)
            #expect(recorded.status == 303 && recorded.location?.hasSuffix("?done=classify") == true)
            let after = try await browser.get(try #require(recorded.location))
            #expect(after.contains("Clasificación registrada."))
            #expect(after.contains("Régimen cerrado ordinario — máxima seguridad") && after.contains("Resolución N.º 3"))
            #expect(after.contains("2026-09-10"))  // the next six-monthly evaluation
            #expect(!after.contains("Sin clasificar"))
            // Two stages at once is refused with the rule's words, at the regime.
            let jump = try await browser.post(
                "/persons/\(number)/classify",
                form: [
                    ("_csrf", csrf), ("version", String(Int(version)! + 1)), ("regime", "rco_minima"),
                    ("decided_on", "2026-03-12"), ("body", "JTC"), ("resolution", "R-4"), ("leader", "no"),
                ])
            #expect(jump.status == 422 && jump.contains("id=\"f-regime-error\"") && jump.contains("una etapa a la vez"))
            // The establishment page lists the stages each pavilion holds.
            let establishment = try await browser.get("/establishments/ep-norte")
            #expect(establishment.contains("RCO máxima, RCO mediana, RCO mínima, RCE A, RCE B, RCE C"))
            // A registry clerk reads the section but records no classification.
            var clerkBrowser = Browser(client: client)
            let clerk = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            _ = try await clerkBrowser.signIn(clerk, clock: clock)
            let clerkView = try await clerkBrowser.get("/persons/\(number)")
            #expect(clerkView.contains("Régimen cerrado ordinario — máxima seguridad"))
            #expect(!clerkView.contains("/classify\""))
            #expect(try await clerkBrowser.get("/persons/\(number)/classify").status == 403)
        }
    }
}
