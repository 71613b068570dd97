import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// `custodia outings list` and `custodia roll` (issue 11 points 5, 6 and 8): the day's court trips and the roll
/// count an officer reads at a terminal.
@Suite(.serialized) struct OutingCLITests {
    @Test(arguments: TestDatabase.engines)
    func theDaysTripsAndTheRoll(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            // At 23:00 of the fixtures' day, whatever the hour: the exit at 00:20 has happened, its return at 00:40 is past.
            let registry = SQLRegistry(database: database, environment: Fixtures.environment(at: TimeOfDay(hour: 23, minute: 0)!))
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let outing) = try await registry.scheduleOuting(
                    OutingRequest(
                        personID: file.person.id, kind: .hospital, destination: "Hospital regional (sintético)",
                        requestedBy: "Área de Salud", orderReference: nil, scheduledAt: LocalTime(text: "2026-03-15T00:10")!,
                        returnDue: LocalTime(text: "2026-03-15T00:40")!), expectedVersion: nil, asOf: Fixtures.asOf,
                    actor: "t"),
                case .done = try await registry.stepOuting(
                    OutingStep(id: outing.id, action: .leave, at: LocalTime(text: "2026-03-15T00:20")!), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "t")
            else {
                try await database.close()
                throw CancellationError()
            }
            try await database.close()

            let list = try CLITests.run(
                ["outings", "list", "--on", "2026-03-15", "--json", "--as-of", "2026-03-15T23:00", "--database", url])
            #expect(list.status == 0, "\(list.error)")
            let rows =
                (try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any])?["outings"]
                as? [[String: Any]]
            #expect(
                rows?.count == 1 && rows?.first?["kind"] as? String == "hospital" && rows?.first?["state"] as? String == "out")
            // Out past 00:40 at any later minute of the day: overdue.
            #expect(rows?.first?["overdue"] as? Bool == true)
            let other = try CLITests.run([
                "outings", "list", "--on", "2026-03-16", "--establishment", "ep-mujeres", "--database", url,
            ])
            #expect(other.status == 0 && other.output.contains("0 exit(s) on 2026-03-16"))
            let bad = try CLITests.run(["outings", "list", "--on", "mañana", "--database", url])
            #expect(bad.status != 0 && bad.error.contains("--on must be YYYY-MM-DD"))

            let roll = try CLITests.run(["roll", "ep-norte", "--at", "2026-03-15T00:30", "--json", "--database", url])
            #expect(roll.status == 0, "\(roll.error)")
            let counted = try JSONSerialization.jsonObject(with: Data(roll.output.utf8)) as? [String: Any]
            #expect(counted?["assigned"] as? Int == 1 && counted?["present"] as? Int == 0 && counted?["out"] as? Int == 1)
            let lines = counted?["pavilions"] as? [[String: Any]]
            #expect(lines?.first { $0["pavilion"] as? String == "A" }?["out_hospital"] as? Int == 1)
            let before = try CLITests.run(["roll", "ep-norte", "--at", "2026-03-15T00:15", "--database", url])
            #expect(before.output.contains("assigned 1, present 1, out 0"))
            let unknown = try CLITests.run(["roll", "ep-nada", "--database", url])
            #expect(unknown.status != 0 && unknown.error.contains("no establishment with code ep-nada"))
        }
    }
}
