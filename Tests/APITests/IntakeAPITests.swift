import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// Intake through the API on both engines (issue 11 point 7): the admission opens it, its terms raise alerts, the
/// clerk records the examination, the next of kin and the family's notice, and the alerts go; bad input writes
/// nothing. The fixture person was admitted 2026-03-02 10:30; the clock stands at 2026-03-15 07:00 in Lima.
@Suite struct IntakeAPITests {
    @Test(arguments: TestDatabase.engines)
    func recordAndClearTheTerms(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            var admission = Fixtures.admission()
            admission.intake = nil
            guard case .done(let person) = try await services.registry.admit(admission, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let user = try await AccessFixtures.user(
                "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let clerk = try await client.signIn(user, clock: clock).headers
            let number = person.person.number.description
            func alerts() async throws -> Set<String> {
                let answer = try await client.call(.get, "/api/v1/alerts", headers: clerk)
                return Set(
                    (answer["items"] as? [[String: Any]])?.filter { $0["person_number"] as? String == number }
                        .compactMap { $0["kind"] as? String } ?? [])
            }
            #expect(try await alerts().isSuperset(of: ["medical_exam_breach", "family_notification_due"]))
            let file = try await client.call(.get, "/api/v1/persons/\(number)", headers: clerk)
            let intake = try #require(file["intake"] as? [String: Any])
            #expect(intake["admitted_at"] as? String == "2026-03-02T10:30")
            #expect(intake["medical_exam_breach_at"] as? String == "2026-03-04T10:30" && intake["predates"] as? Bool == false)

            let path = "/api/v1/persons/\(number)/intake"
            // Bad input: an examination with no examiner, a notice before the admission; nothing written.
            let refused = try await client.call(
                .post, path,
                json: [
                    "medical_exam_at": "2026-03-02T12:00", "family_notified_at": "2026-03-01T12:00",
                    "family_notified_how": "Llamada",
                ],
                headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(refused.status == 422)
            #expect(Set(refused.errorCodes) == ["intake.examiner_required", "intake.before_admission"])
            #expect(Set(refused.errorFields) == ["medical_exam_by", "family_notified_at"])
            let garbled = try await client.call(
                .post, path, json: ["rights_informed_at": "ayer"], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(garbled.status == 422 && garbled.errorFields == ["rights_informed_at"])
            #expect(try await client.call(.get, "/api/v1/persons/\(number)", headers: clerk)["version"] as? Int == 1)

            let recorded = try await client.call(
                .post, path,
                json: [
                    "medical_exam_at": "2026-03-02T14:00", "medical_exam_by": "Tópico del establecimiento",
                    "next_of_kin": ["name": "Ana Prueba", "relationship": "madre", "contact": "999 000 111"],
                    "family_notified_at": "2026-03-02T15:30:00-05:00", "family_notified_how": "Llamada telefónica",
                    "property": "Reloj, DNI, S/ 20",
                ], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(recorded.status == 200 && recorded["version"] as? Int == 2)
            let after = try #require(recorded["intake"] as? [String: Any])
            #expect(after["medical_exam_at"] as? String == "2026-03-02T14:00")
            #expect(after["family_notified_at"] as? String == "2026-03-02T15:30")
            #expect((after["next_of_kin"] as? [String: Any])?["contact"] as? String == "999 000 111")
            #expect(try await alerts().isDisjoint(with: ["medical_exam_breach", "medical_exam_due", "family_notification_due"]))
            // The same again changes nothing: no new version, no event.
            let again = try await client.call(
                .post, path, json: ["property": "Reloj, DNI, S/ 20"], headers: clerk.merging([.ifMatch: "\"2\""]))
            #expect(again.status == 200 && again["version"] as? Int == 2)
            let events = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM events WHERE kind = 'intake'").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(events == 1)
        }
    }
}

extension IntakeAPITests {
    /// The admission records what intake it already knows; a bad minute is refused at `intake.…`, nothing written.
    @Test(arguments: TestDatabase.engines)
    func theAdmissionRecordsItsIntake(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let user = try await AccessFixtures.user(
                "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let clerk = try await client.signIn(user, clock: clock).headers
            var body = Bodies.admission()
            var intake = try #require(body["intake"] as? [String: Any])
            intake["medical_exam_at"] = "2026-03-01T09:00"  // before the admission
            body["intake"] = intake
            let refused = try await client.call(.post, "/api/v1/admissions", json: body, headers: clerk)
            #expect(refused.status == 422 && refused.errorFields == ["intake.medical_exam_at"])
            let persons = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM persons").first()!.decode(column: "n", as: Int.self)
            }
            #expect(persons == 0)
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(), headers: clerk)
            #expect(admitted.status == 201)
            let recorded = try #require(admitted["intake"] as? [String: Any])
            #expect(recorded["medical_exam_by"] as? String == "Tópico del establecimiento")
            #expect(recorded["family_notified_at"] as? String == "2026-03-02T10:30")
        }
    }
}

extension IntakeAPITests {
    /// IN-4 and IN-6: a foreign national admitted with no intake raises the identification and consular alerts; a
    /// consular notice for a Peruvian is refused at its field, nothing written; the clerk records both and the alerts go.
    @Test(arguments: TestDatabase.engines)
    func identificationAndConsularNotice(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            var foreigner = Fixtures.newPerson(given: "Andrés Felipe")
            foreigner.document = .foreignerCard("001234567")
            foreigner.nationality = "COL"
            var admission = Fixtures.admission(subject: .new(foreigner))
            admission.intake = nil
            var peruvian = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "45678912", given: "Pedro")))
            peruvian.intake = nil
            guard case .done(let person) = try await services.registry.admit(admission, asOf: Fixtures.asOf, actor: "t"),
                case .done(let local) = try await services.registry.admit(peruvian, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let user = try await AccessFixtures.user(
                "registro", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            let clerk = try await client.signIn(user, clock: clock).headers
            func alerts(_ number: String) async throws -> Set<String> {
                let answer = try await client.call(.get, "/api/v1/alerts", headers: clerk)
                return Set(
                    (answer["items"] as? [[String: Any]])?.filter { $0["person_number"] as? String == number }
                        .compactMap { $0["kind"] as? String } ?? [])
            }
            let number = person.person.number.description
            let localNumber = local.person.number.description
            #expect(try await alerts(number).isSuperset(of: ["identification_due", "consular_notice_due"]))
            let localAlerts = try await alerts(localNumber)
            #expect(localAlerts.contains("identification_due") && !localAlerts.contains("consular_notice_due"))
            let file = try await client.call(.get, "/api/v1/persons/\(number)", headers: clerk)
            let intake = try #require(file["intake"] as? [String: Any])
            #expect(intake["foreign_national"] as? Bool == true)
            #expect(intake["consular_notice_due_at"] as? String == "2026-03-03T10:30")
            #expect(intake["identification_due_at"] as? String == "2026-03-03T10:30")

            let refused = try await client.call(
                .post, "/api/v1/persons/\(localNumber)/intake",
                json: ["consular_notice_at": "2026-03-02T12:00", "consular_notice": "Consulado"],
                headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(refused.status == 422 && refused.errorCodes == ["intake.not_foreign"])
            #expect(refused.errorFields == ["consular_notice_at"])
            let noHow = try await client.call(
                .post, "/api/v1/persons/\(number)/intake", json: ["identified_at": "2026-03-02T11:00"],
                headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(noHow.status == 422 && noHow.errorCodes == ["intake.identification_means_required"])
            #expect(try await client.call(.get, "/api/v1/persons/\(number)", headers: clerk)["version"] as? Int == 1)

            let recorded = try await client.call(
                .post, "/api/v1/persons/\(number)/intake",
                json: [
                    "identified_at": "2026-03-02T11:00", "identified_how": "Consulta a Migraciones; huellas y fotografías",
                    "distinguishing_marks": "Cicatriz en el antebrazo izquierdo",
                    "consular_notice_at": "2026-03-02T12:00", "consular_notice": "Consulado de Colombia, correo electrónico",
                ], headers: clerk.merging([.ifMatch: "\"1\""]))
            #expect(recorded.status == 200 && recorded["version"] as? Int == 2)
            let after = try #require(recorded["intake"] as? [String: Any])
            #expect(after["consular_notice"] as? String == "Consulado de Colombia, correo electrónico")
            #expect(after["distinguishing_marks"] as? String == "Cicatriz en el antebrazo izquierdo")
            #expect(try await alerts(number).isDisjoint(with: ["identification_due", "consular_notice_due"]))
        }
    }
}
