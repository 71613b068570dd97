import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Testing

/// `POST /api/v1/identity/candidates` on both engines (issue 16 point 1): before a new person is created, the clerk
/// sees who may be the same — the fixture person found with accents dropped and surnames swapped and no document, or by
/// a document with one slip; a namesake with another birth date only to review; nobody for a stranger; a scoped clerk
/// sees only the persons held in their establishments; a bad document is refused at its field. All names synthetic.
@Suite struct IdentityCandidateAPITests {
    @Test(arguments: TestDatabase.engines)
    func candidatesBeforeANewPerson(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            // The fixture person (José Luis Ñahui Quispe, DNI 41234567, born 1990-05-04) and a namesake with another
            // DNI, born 1985-11-20, both in ep-norte.
            guard case .done(let file) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var namesake = Fixtures.newPerson(dni: "47770000")
            namesake.birthDate = CivilDate(year: 1985, month: 11, day: 20)
            guard
                case .done(let other) = try await services.registry.admit(
                    Fixtures.admission(subject: .new(namesake)), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let national = try await AccessFixtures.token(
                client: "Registro central (sintético)", operations: [.searchPersons], scope: .nation, in: services.directory,
                expiresAt: clock.now.addingTimeInterval(3_600))
            let women = try await AccessFixtures.token(
                client: "Registro de mujeres (sintético)", operations: [.searchPersons],
                scope: .establishments(["ep-mujeres"]), in: services.directory, expiresAt: clock.now.addingTimeInterval(3_600))
            func find(_ body: [String: Any], _ token: String) async throws -> JSONResponse {
                try await client.call(
                    .post, "/api/v1/identity/candidates", json: body, headers: [.authorization: "Bearer \(token)"])
            }
            let number = file.person.number.description
            // No document, accents dropped, surnames swapped, the same birth date.
            let swapped = try await find(
                [
                    "given_names": "JOSE LUIS", "paternal_surname": "Quispe", "maternal_surname": "Nahui", "sex": "male",
                    "birth_date": "1990-05-04",
                ], national)
            let items = swapped["items"] as? [[String: Any]] ?? []
            #expect(
                swapped.status == 200
                    && items.first.map { ($0["person"] as? [String: Any])?["person_number"] as? String } == number)
            #expect(items.first?["decision"] as? String == "same")
            #expect((items.first?["explanation"] as? String)?.contains("paternal_surname: exact_swapped") == true)
            // The namesake is there too, only to review (another birth date, no document to tell).
            let namesakeItem = items.first {
                ($0["person"] as? [String: Any])?["person_number"] as? String == other.person.number.description
            }
            #expect(namesakeItem?["decision"] as? String == "review", "\(items)")
            // A document with two digits swapped and the names: the same person, first.
            let slip = try await find(
                [
                    "document": ["type": "dni", "number": "41234576"], "given_names": "José Luis", "paternal_surname": "Ñahui",
                    "maternal_surname": "Quispe", "birth_date": "1990-05-04",
                ], national)
            let first = (slip["items"] as? [[String: Any]])?.first
            #expect((first?["person"] as? [String: Any])?["person_number"] as? String == number)
            // A stranger: nobody.
            let stranger = try await find(
                ["given_names": "Rosa", "paternal_surname": "Mendoza", "maternal_surname": "Salas"], national)
            #expect(stranger.status == 200 && (stranger["items"] as? [Any])?.isEmpty == true)
            // A clerk of ep-mujeres sees neither man.
            let scoped = try await find(
                ["given_names": "José Luis", "paternal_surname": "Ñahui", "maternal_surname": "Quispe"], women)
            #expect(scoped.status == 200 && (scoped["items"] as? [Any])?.isEmpty == true)
            // A DNI that is not one: refused at its field.
            let bad = try await find(
                ["document": ["type": "dni", "number": "12"], "given_names": "José", "paternal_surname": "Ñahui"], national)
            #expect(bad.status == 422 && bad.errorFields == ["document.number"])
            // Blank names, an empty alias and a nationality of another length: each at its field.
            let blank = try await find(
                ["given_names": " ", "paternal_surname": "", "aliases": [""], "nationality": "PE"], national)
            #expect(blank.status == 422)
            #expect(Set(blank.errorFields) == ["given_names", "paternal_surname", "aliases[0]", "nationality"])
        }
    }
}
