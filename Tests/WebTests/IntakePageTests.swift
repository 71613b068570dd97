import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Intake on the staff pages (issue 11 point 7): the person's file shows each term pending past its due minute, the
/// form records the examination, the next of kin and the family's notice with messages at the fields, and the file
/// then shows them done. The fixture person was admitted 2026-03-02 10:30.
@Suite struct IntakePageTests {
    @Test(arguments: TestDatabase.engines)
    func pendingThenRecorded(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            // Admitted with nothing of the intake recorded yet.
            var admission = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")))
            admission.intake = nil
            guard case .done(let file) = try await services.registry.admit(admission, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let number = file.person.number.description
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let before = try await clerk.get("/persons/\(number)")
            #expect(before.contains("id=\"intake\"") && before.contains("Pendiente; plazo: 2026-03-03 10:30"))
            #expect(before.contains("href=\"/persons/\(number)/intake\""))
            let form = try await clerk.get("/persons/\(number)/intake")
            #expect(form.status == 200 && form.contains("Examen médico de ingreso (IN-1)"))
            // IN-4 for everyone; IN-6's consular notice only for a foreign national.
            #expect(form.contains("name=\"identified_how\"") && !form.contains("name=\"consular_notice\""))
            let version = try #require(form.inputValue("version"))
            var fields = [
                ("_csrf", try await clerk.csrf()), ("version", version), ("medical_exam_at", "2026-03-02 13:00"),
                ("medical_exam_by", ""), ("next_of_kin.name", "Ana Prueba"), ("next_of_kin.relationship", "madre"),
                ("next_of_kin.contact", "999 000 111"), ("family_notified_at", "ayer"), ("family_notified_how", ""),
                ("rights_informed_at", ""), ("property", ""), ("identified_at", "2026-03-02 11:00"),
                ("identified_how", "Consulta RENIEC; fotografías, huellas y odontograma"), ("distinguishing_marks", ""),
            ]
            let garbled = try await clerk.post("/persons/\(number)/intake", form: fields)
            #expect(garbled.status == 422 && garbled.contains("id=\"f-family-notified-at-error\""))
            fields[7] = ("family_notified_at", "2026-03-02 15:00")
            let missing = try await clerk.post("/persons/\(number)/intake", form: fields)
            #expect(missing.status == 422 && missing.contains("id=\"f-medical-exam-by-error\""))
            #expect(missing.contains("id=\"f-family-notified-how-error\""))
            fields[3] = ("medical_exam_by", "Tópico del establecimiento")
            fields[8] = ("family_notified_how", "Llamada telefónica")
            let recorded = try await clerk.post("/persons/\(number)/intake", form: fields)
            #expect(recorded.status == 303)
            let after = try await clerk.get(try #require(recorded.location))
            #expect(after.contains("Ingreso actualizado.") && after.contains("2026-03-02 13:00 · Tópico del establecimiento"))
            #expect(after.contains("Ana Prueba (madre) · 999 000 111") && !after.contains("Pendiente; plazo"))
            #expect(after.contains("2026-03-02 11:00 · Consulta RENIEC; fotografías, huellas y odontograma"))
        }
    }
}
