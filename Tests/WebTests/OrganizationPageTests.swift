import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// The catalogue of organizations and the records keeping two apart, on the staff pages (issue 11 points 2 and 8):
/// a new entry and a record, each refused at its field first; both listed.
@Suite struct OrganizationPageTests {
    @Test(arguments: TestDatabase.engines)
    func catalogueAndKeepApart(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            var officer = Browser(client: client)
            _ = try await officer.signIn(
                try await AccessFixtures.user(
                    "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let empty = try await officer.get("/organizations")
            #expect(empty.status == 200 && empty.contains("href=\"/organizations/new\""))
            #expect(empty.contains("href=\"/organizations\""))  // in the navigation
            let csrf = try await officer.csrf()
            let unnamed = try await officer.post(
                "/organizations/new", form: [("_csrf", csrf), ("name", " "), ("aliases", ""), ("kind", "banda")])
            #expect(unnamed.status == 422 && unnamed.contains("id=\"f-name-error\""))
            for (name, aliases) in [("Los Halcones del Valle (ficticia)", "Halcones, HV"), ("Clan del Puerto (ficticio)", "")] {
                let created = try await officer.post(
                    "/organizations/new",
                    form: [("_csrf", csrf), ("name", name), ("aliases", aliases), ("kind", "organizacion_criminal")])
                #expect(created.status == 303 && created.location == "/organizations?done=organization")
            }
            let ids = try await services.registry.organizations().map { String($0.id.rawValue) }
            #expect(ids.count == 2)
            let form = try await officer.get("/organizations/keep-apart")
            #expect(form.contains("Los Halcones del Valle (ficticia)"))
            let same = try await officer.post(
                "/organizations/keep-apart",
                form: [
                    ("_csrf", csrf), ("first", ids[0]), ("second", ids[0]), ("scope", "pavilion"),
                    ("reason", "Rivalidad (sintético)"), ("starts_on", "2026-03-10"),
                ])
            #expect(same.status == 422 && same.contains("id=\"f-second-error\""))
            let opened = try await officer.post(
                "/organizations/keep-apart",
                form: [
                    ("_csrf", csrf), ("first", ids[0]), ("second", ids[1]), ("scope", "establishment"),
                    ("reason", "Rivalidad por territorio (sintético)"), ("starts_on", "2026-03-10"),
                ])
            #expect(opened.status == 303)
            let page = try await officer.get(try #require(opened.location))
            #expect(page.contains("Separación registrada.") && page.contains("id=\"organization-keep-apart\""))
            #expect(page.contains("Rivalidad por territorio (sintético)") && page.contains("Halcones, HV"))
        }
    }
}
