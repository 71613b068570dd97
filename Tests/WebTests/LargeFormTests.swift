import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Issue 17, point 3 (in part): a form over its limit is a page that says so (413), in the reader's language,
/// never a failure page, and nothing is written.
@Suite struct LargeFormTests {
    @Test(arguments: TestDatabase.engines)
    func aFormOverItsLimitIsRefusedWithAPage(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let user = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(user, clock: clock)
            let csrf = try await browser.csrf()
            let before = try await Meta.personCount(in: services.database)
            let huge = String(repeating: "Ñ", count: 600_000)  // 1.2 MB of form, over the 64 KiB a form may send
            let admission = try await browser.post("/admissions/new", form: [("_csrf", csrf), ("person.given_names", huge)])
            #expect(admission.status == 413)
            #expect(admission.contains("Formulario demasiado grande"))
            let move = try await browser.post(
                "/persons/\(file.person.number)/move", form: [("_csrf", csrf), ("version", "1"), ("reason", huge)])
            #expect(move.status == 413)
            #expect(try await Meta.personCount(in: services.database) == before)
            #expect(try #require(try await services.registry.personFile(file.person.id)).person.version == 1)
        }
    }

    /// Issue 17, point 3: a search for bytes that are not UTF-8 is a 400 page, not a search.
    @Test func anAddressThatIsNotUTF8IsAPageThatSaysSo() async throws {
        try await withPages(.sqlite) { client, services, clock, _ in
            let user = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(user, clock: clock)
            for path in ["/persons?q=%FF", "/persons?q=%C3", "/alerts?as_of=%zz"] {
                let page = try await browser.get(path)
                #expect(page.status == 400 && page.contains("Dirección no válida"), "\(path)")
            }
            #expect(try await browser.get("/persons?q=%C3%91ahui").status == 200)
        }
    }
}
