import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia discipline list` and `custodia discipline show` (issue 12 point 4).
@Suite(.serialized) struct DisciplineCLITests {
    @Test(arguments: TestDatabase.engines)
    func theListAndOneCase(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let opened) = try await registry.openDisciplineCase(
                    DisciplineCharge(
                        personID: file.person.id, offenceCode: "L-01", act: "Desobedeció una orden", occurredOn: Fixtures.asOf),
                    asOf: Fixtures.asOf, actor: "seguridad"),
                case .done = try await registry.stepDisciplineCase(
                    opened.id, .notify(on: Fixtures.asOf, notice: "Notificación 2"), expectedVersion: nil, asOf: Fixtures.asOf,
                    actor: "seguridad")
            else { throw CancellationError() }
            try await database.close()

            let list = try CLITests.run(["discipline", "list", "ep-norte", "--json", "--database", url])
            #expect(list.status == 0, "\(list.error)")
            let cases =
                (try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any])?["cases"] as? [[String: Any]]
            #expect(cases?.first?["state"] as? String == "notified" && cases?.first?["report_due"] as? String == "2026-03-30")
            let none = try CLITests.run(["discipline", "list", "ep-mujeres", "--database", url])
            #expect(none.output.contains("0 disciplinary case(s) at ep-mujeres"))
            let shown = try CLITests.run(["discipline", "show", "\(opened.id.rawValue)", "--database", url])
            #expect(shown.output.contains("offence L-01 (leve)") && shown.output.contains("notified 2026-03-15: Notificación 2"))
            let missing = try CLITests.run(["discipline", "show", "99", "--database", url])
            #expect(missing.status != 0 && missing.error.contains("no disciplinary case 99"))
        }
    }
}
