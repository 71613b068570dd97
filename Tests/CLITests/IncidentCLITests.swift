import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia incidents list` and `custodia incidents show` (issue 12 point 3): an establishment's reports with INC-7's
/// figures, the nation's, and one report with its addendum.
@Suite(.serialized) struct IncidentCLITests {
    @Test(arguments: TestDatabase.engines)
    func theListTheFiguresAndOneReport(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            let staff = IncidentParticipant(.staff("Técnico Sintético"), role: .reporter)
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let phone) = try await registry.reportIncident(
                    IncidentReport(
                        establishmentCode: "ep-norte", kind: .phonePossession, searchKind: .ordinary, relevance: .medium,
                        occurredAt: LocalTime(text: "2026-03-14T09:00")!, place: "Pabellón A", narrative: "Celular hallado",
                        participants: [IncidentParticipant(.person(file.person.id), role: .intervened), staff],
                        items: [SeizedItem(category: .phone, quantity: 1, foundAt: "Celda", imei: "490154203237518")]),
                    asOf: Fixtures.asOf, actor: "t"),
                case .done = try await registry.reportIncident(
                    IncidentReport(
                        establishmentCode: "ep-mujeres", kind: .search, searchKind: .largeOperation, relevance: .high,
                        occurredAt: LocalTime(text: "2026-03-13T06:00")!, place: "Pabellón A", narrative: "Megaoperativo",
                        participants: [staff],
                        items: [SeizedItem(category: .drug, quantity: 12.5, foundAt: "Patio")]),
                    asOf: Fixtures.asOf, actor: "t"),
                case .done = try await registry.addIncidentAddendum(
                    phone.id, text: "Celda A-21", corrects: .place, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            try await database.close()

            let list = try CLITests.run(["incidents", "list", "ep-norte", "--json", "--database", url])
            #expect(list.status == 0, "\(list.error)")
            let object = try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any]
            #expect(object?["total"] as? Int == 1 && (object?["seized"] as? [String: Any])?["celular"] as? Double == 1)
            #expect((object?["incidents"] as? [[String: Any]])?.first?["penal_code_article"] as? String == "368-D")
            let national = try CLITests.run(["incidents", "list", "--database", url])
            #expect(national.output.contains("2 incident report(s) at every establishment"))
            #expect(national.output.contains("searches: megaoperativo 1") && national.output.contains("droga 12.50 g"))
            let narrowed = try CLITests.run(["incidents", "list", "--kind", "requisa", "--from", "2026-03-14", "--database", url])
            #expect(narrowed.output.contains("0 incident report(s)"))
            let bad = try CLITests.run(["incidents", "list", "--kind", "robo", "--database", url])
            #expect(bad.status != 0 && bad.error.contains("unknown kind robo"))

            let shown = try CLITests.run(["incidents", "show", "\(phone.id.rawValue)", "--database", url])
            #expect(shown.output.contains("IMEI 490154203237518") && shown.output.contains("(place): Celda A-21"))
            let missing = try CLITests.run(["incidents", "show", "999", "--database", url])
            #expect(missing.status != 0 && missing.error.contains("no incident 999"))
        }
    }
}
