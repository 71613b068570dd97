import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia visits calendar` and `custodia visits visitor` (issue 12 points 1-2): the gate's terminal.
@Suite(.serialized) struct VisitCLITests {
    @Test(arguments: TestDatabase.engines)
    func theCalendarAndTheVisitor(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let visitor) = try await registry.registerVisitor(
                    NewVisitor(
                        document: .dni("41234567"),
                        name: PersonName(givenNames: "Rosa", paternalSurname: "Visitante", maternalSurname: "Prueba"),
                        sex: .female, birthDate: nil, address: "Jr. Sintético 1"), asOf: Fixtures.asOf, actor: "t"),
                case .done = try await registry.linkVisitor(
                    VisitorLink(
                        visitorID: visitor.visitor.id, personID: file.person.id, relationship: .parent, since: Fixtures.asOf),
                    actor: "t"),
                case .booked = try await registry.bookVisit(
                    VisitRequest(
                        personID: file.person.id, kind: .family, mode: .contact, startsAt: LocalTime(text: "2026-03-22T10:00")!,
                        minutes: 90, visitorIDs: [visitor.visitor.id]), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            try await database.close()

            let calendar = try CLITests.run([
                "visits", "calendar", "ep-norte", "--on", "2026-03-22", "--json", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(calendar.status == 0, "\(calendar.error)")
            let rows =
                (try JSONSerialization.jsonObject(with: Data(calendar.output.utf8)) as? [String: Any])?["visits"]
                as? [[String: Any]]
            #expect(rows?.count == 1 && rows?.first?["state"] as? String == "booked" && rows?.first?["minutes"] as? Int == 90)
            let text = try CLITests.run(["visits", "calendar", "ep-norte", "--on", "2026-03-22", "--database", url])
            #expect(
                text.output.contains("1 visit(s) at ep-norte on 2026-03-22") && text.output.contains("Visitante Prueba, Rosa"))
            let bad = try CLITests.run(["visits", "calendar", "ep-nada", "--database", url])
            #expect(bad.status != 0 && bad.error.contains("no establishment with code ep-nada"))

            // The visitor's document is the person's in custody: flagged.
            let found = try CLITests.run(["visits", "visitor", "41234567", "--json", "--database", url])
            let visitors =
                (try JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any])?["visitors"]
                as? [[String: Any]]
            #expect(visitors?.first?["in_custody"] as? [String] == [file.person.number.description])
            #expect(visitors?.first?["visits"] as? Int == 1)
            let plain = try CLITests.run(["visits", "visitor", "Visitante", "--database", url])
            #expect(plain.output.contains("FLAG") && plain.output.contains("(parent)"))
        }
    }
}
