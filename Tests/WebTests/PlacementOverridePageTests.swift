import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// The move form meets the placement check (issue 11 point 3): the conflict shown at the field, the warden's
/// authorisation fields for the warden only, and the override on both files.
@Suite struct PlacementOverridePageTests {
    @Test(arguments: TestDatabase.engines)
    func theWardenAuthorisesAMoveTheClerkCannot(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            guard
                case .done(let other) = try await services.registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")), pavilion: "B"),
                    asOf: Fixtures.asOf, actor: "test"),
                case .done = try await services.registry.openKeepApart(
                    KeepApartDraft(
                        parties: .persons(file.person.id, other.person.id), scope: .pavilion,
                        reason: "Amenaza en el patio (sintético)", startsOn: CivilDate(year: 2026, month: 3, day: 3)!),
                    asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            let number = file.person.number.description
            let otherNumber = other.person.number.description
            var clerkBrowser = Browser(client: client)
            _ = try await clerkBrowser.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory), clock: clock)
            let clerkForm = try await clerkBrowser.get("/persons/\(number)/move")
            #expect(clerkForm.status == 200 && !clerkForm.contains("f-override-reason"))
            let version = try #require(clerkForm.inputValue("version"))
            let move = [
                ("_csrf", try await clerkBrowser.csrf()), ("version", version), ("pavilion_code", "B"), ("cell_code", ""),
                ("moved_on", "2026-03-10"), ("reason", "Reordenamiento"),
            ]
            let refused = try await clerkBrowser.post("/persons/\(number)/move", form: move)
            #expect(refused.status == 422 && refused.contains("id=\"f-pavilion-code-error\""))
            #expect(refused.contains("Hay una separación vigente con alguien en ese lugar (SEP-6)"))

            var browser = Browser(client: client)
            _ = try await browser.signIn(
                try await AccessFixtures.user(
                    "diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory), clock: clock)
            let form = try await browser.get("/persons/\(number)/move")
            #expect(form.contains("id=\"f-override-reason\"") && form.contains("Autorización del director"))
            var fields = move
            fields[0] = ("_csrf", try await browser.csrf())
            fields += [("override.resolution", "R.D. 045-2026-INPE"), ("override.reason", "")]
            let unexplained = try await browser.post("/persons/\(number)/move", form: fields)
            #expect(unexplained.status == 422 && unexplained.contains("id=\"f-override-reason-error\""))
            fields[fields.count - 1] = ("override.reason", "Única plaza disponible; vigilancia reforzada")
            let moved = try await browser.post("/persons/\(number)/move", form: fields)
            #expect(moved.status == 303 && moved.location?.hasSuffix("?done=move") == true)
            let mine = try await browser.get(try #require(moved.location))
            #expect(mine.contains("id=\"overrides\"") && mine.contains("R.D. 045-2026-INPE"))
            #expect(
                mine.contains("Única plaza disponible; vigilancia reforzada") && mine.contains("href=\"/persons/\(otherNumber)\"")
            )
            let theirs = try await browser.get("/persons/\(otherNumber)")
            #expect(theirs.contains("id=\"overrides\"") && theirs.contains("href=\"/persons/\(number)\""))
            // The clerk's view of the same file holds no trace of it.
            #expect(!(try await clerkBrowser.get("/persons/\(otherNumber)")).contains("id=\"overrides\""))
        }
    }
}
