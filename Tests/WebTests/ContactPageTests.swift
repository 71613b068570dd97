import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// CL-13 on the staff pages: the count of days without meaningful contact on the file of a person in Extrema
/// Seguridad, past its alert day, and the form that records a day's contact (its message at the field).
@Suite struct ContactPageTests {
    @Test(arguments: TestDatabase.engines)
    func theCountAndTheForm(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            guard
                case .done = try await services.registry.classify(
                    ClassificationRequest(
                        personID: file.person.id, regime: .rceExtremaSeguridad,
                        decidedOn: CivilDate(year: 2026, month: 3, day: 2)!, body: "Junta Técnica de Clasificación",
                        resolution: "R. 12-2026-JTC (sintética)", reason: "Cabecilla de banda (sintético)", leader: true),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let number = file.person.number.description
            var officer = Browser(client: client)
            _ = try await officer.signIn(
                try await AccessFixtures.user(
                    "segura", roles: [.securityOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            // 2026-03-02 to 2026-03-15: the 14th day, past the alert.
            let before = try await officer.get("/persons/\(number)")
            #expect(before.contains("id=\"solitary\"") && before.contains("<dd class=\"alert\">14 · "))
            let form = try await officer.get("/persons/\(number)/contact")
            let version = try #require(form.inputValue("version"))
            var fields = [
                ("_csrf", try await officer.csrf()), ("version", version), ("day", "2026-03-14"), ("minutes", "muchos"),
                ("note", "Taller"),
            ]
            let garbled = try await officer.post("/persons/\(number)/contact", form: fields)
            #expect(garbled.status == 422 && garbled.contains("id=\"f-minutes-error\""))
            fields[3] = ("minutes", "150")
            let recorded = try await officer.post("/persons/\(number)/contact", form: fields)
            #expect(recorded.status == 303)
            let after = try await officer.get(try #require(recorded.location))
            #expect(after.contains("Contacto del día registrado.") && after.contains("<dd>1 · "))
        }
    }
}
