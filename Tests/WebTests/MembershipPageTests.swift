import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Memberships on the person file and their form (SEP-6): for the roles that read affiliation only.
@Suite struct MembershipPageTests {
    @Test(arguments: TestDatabase.engines)
    func aSecurityOfficerRecordsAMembershipTheClerkNeverSees(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            guard
                case .done(let organization) = try await services.registry.createOrganization(
                    OrganizationDraft(name: "Los Tigres de la Costa (ficticia)", aliases: [], kind: .organizacionCriminal),
                    actor: "test")
            else { throw CancellationError() }
            let officer = try await AccessFixtures.user(
                "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(officer, clock: clock)
            let csrf = try await browser.csrf()
            let form = try await browser.get("/persons/\(number)/membership")
            #expect(form.status == 200 && form.contains("Los Tigres de la Costa (ficticia)"))
            let version = try #require(form.inputValue("version"))
            var fields: [(String, String)] = [
                ("_csrf", csrf), ("version", version), ("organization_id", String(organization.id.rawValue)),
                ("role", "leader"), ("evidence_source", ""), ("confidence", "high"), ("from", "2025-05-01"), ("to", ""),
            ]
            let refused = try await browser.post("/persons/\(number)/membership", form: fields)
            #expect(refused.status == 422 && refused.contains("id=\"f-evidence-source-error\""))
            #expect(refused.contains("Indique la fuente de la información"))
            fields[4] = ("evidence_source", "Informe policial N.º 88 (sintético)")
            let recorded = try await browser.post("/persons/\(number)/membership", form: fields)
            #expect(recorded.status == 303 && recorded.location?.hasSuffix("?done=membership") == true)
            let page = try await browser.get(try #require(recorded.location))
            #expect(page.contains("Pertenencia registrada.") && page.contains("Cabecilla (jefe o líder)"))
            #expect(page.contains("2025-05-01 – vigente"))
            // A registry clerk sees neither the organization nor the form.
            var clerkBrowser = Browser(client: client)
            let clerk = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            _ = try await clerkBrowser.signIn(clerk, clock: clock)
            let clerkView = try await clerkBrowser.get("/persons/\(number)")
            #expect(clerkView.status == 200 && !clerkView.contains("Los Tigres de la Costa"))
            #expect(!clerkView.contains("/membership\""))
            #expect(try await clerkBrowser.get("/persons/\(number)/membership").status == 403)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aKeepApartRecordShowsOnBothFiles(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            guard
                case .done(let other) = try await services.registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario"))), asOf: Fixtures.asOf,
                    actor: "test")
            else { throw CancellationError() }
            let number = file.person.number.description
            let otherNumber = other.person.number.description
            let officer = try await AccessFixtures.user(
                "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(officer, clock: clock)
            let csrf = try await browser.csrf()
            #expect(try await browser.get("/persons/\(number)").contains("href=\"/persons/\(number)/keep-apart\""))
            var fields = [
                ("_csrf", csrf), ("second", otherNumber), ("scope", "pavilion"), ("reason", ""), ("starts_on", "2026-03-10"),
            ]
            let refused = try await browser.post("/persons/\(number)/keep-apart", form: fields)
            #expect(refused.status == 422 && refused.contains("id=\"f-reason-error\""))
            fields[3] = ("reason", "Riña en el patio (sintético)")
            let opened = try await browser.post("/persons/\(number)/keep-apart", form: fields)
            #expect(opened.status == 303 && opened.location?.hasSuffix("?done=keep_apart") == true)
            let mine = try await browser.get(try #require(opened.location))
            #expect(mine.contains("Separación registrada.") && mine.contains("href=\"/persons/\(otherNumber)\""))
            let theirs = try await browser.get("/persons/\(otherNumber)")
            #expect(theirs.contains("Riña en el patio (sintético)") && theirs.contains("href=\"/persons/\(number)\""))
            // Once more: the same pair at the same scope is refused, the message by the other person's field.
            let twice = try await browser.post("/persons/\(number)/keep-apart", form: fields)
            #expect(twice.status == 422 && twice.contains("id=\"f-second-error\""))
        }
    }
}
