import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia identities duplicates` (issue 16 point 1): the register's pair who may be one person — the same man
/// admitted twice, his surname written as it sounds and without a document the second time — is listed once with why;
/// someone else is not; bad options refused.
@Suite struct IdentitiesCLITests {
    @Test func theRegistersLikelyDuplicates() async throws {
        try await CLITests.withDatabase(.sqlite) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            var again = Fixtures.admission(
                subject: .new(
                    NewPerson(
                        document: .none,
                        name: PersonName(givenNames: "José Luis", paternalSurname: "Ñagui", maternalSurname: "Quispe"),
                        aliases: [], sex: .male, birthDate: CivilDate(year: 1990, month: 5, day: 4), nationality: "PER")))
            again.legalCase.number = CaseNumber("00777-2026-1-1801-JR-PE-02")!
            var other = Fixtures.admission(
                subject: .new(
                    NewPerson(
                        document: .dni("47777777"),
                        name: PersonName(givenNames: "Teodoro", paternalSurname: "Villanueva", maternalSurname: "Quispe"),
                        aliases: [], sex: .male, birthDate: CivilDate(year: 1975, month: 11, day: 20), nationality: "PER")))
            other.legalCase.number = CaseNumber("00778-2026-1-1801-JR-PE-02")!
            var numbers: [String] = []
            for request in [Fixtures.admission(), again, other] {
                guard case .done(let file) = try await registry.admit(request, asOf: Fixtures.asOf, actor: "t") else {
                    throw CancellationError()
                }
                numbers.append(file.person.number.description)
            }
            try await database.close()
            let text = try CLITests.run(["identities", "duplicates", "--database", url])
            #expect(text.status == 0, "\(text.error)")
            #expect(text.output.contains("3 persons") && text.output.contains("1 pairs may be one person"), "\(text.output)")
            #expect(text.output.contains("\(numbers[0]) ") && text.output.contains("~  \(numbers[1]) "))
            let json = try CLITests.run(["identities", "duplicates", "--json", "--database", url])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            let pairs = try #require(document["pairs"] as? [[String: Any]])
            #expect(pairs.count == 1 && pairs.first?["first"] as? String == numbers[0])
            #expect(pairs.first?["second"] as? String == numbers[1] && (pairs.first?["explanation"] as? String)?.isEmpty == false)
            #expect(try CLITests.run(["identities", "duplicates", "--limit", "0", "--database", url]).status == 64)
        }
    }
}
