import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia orders list|show|step` (issue 13 points 2-3): the inbox of an establishment, one order with its history,
/// a clerk accepting and executing a release order; clearing is the legal officer's, not the clerk's.
@Suite(.serialized) struct OrderCLITests {
    @Test(arguments: TestDatabase.engines)
    func theInboxAndAClerksSteps(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(.created(let order)) = try await registry.receiveOrder(
                    InboundOrderRequest(
                        idempotencyKey: "k-1", fingerprint: "f", issuerOrderID: "CSJL-1",
                        content: InboundOrderContent(
                            kind: .release, court: "Juzgado 1", judge: "Juez Sintético", resolution: "Resolución N.º 4",
                            issuedOn: CivilDate(year: 2026, month: 3, day: 14)!,
                            caseNumber: CaseNumber("00123-2026-1-1801-JR-PE-01")!, judicialDistrict: "Lima",
                            subject: .personNumber(PersonNumber(id: Person.ID(rawValue: 1))), releaseReason: .acquittal)),
                    client: "csj-lima", clientKind: .court, within: nil, asOf: Fixtures.asOf, actor: "csj-lima")
            else { throw CancellationError() }
            #expect(file.person.id.rawValue == 1)
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: directory)
            _ = try await AccessFixtures.user(
                "otra", roles: [.registryClerk], scope: .establishments(["ep-mujeres"]), in: directory)
            try await database.close()
            let id = String(order.id.rawValue)

            let inbox = try CLITests.run(["orders", "list", "ep-norte", "--database", url])
            #expect(inbox.status == 0 && inbox.output.contains("#\(id)") && inbox.output.contains("release  matched"))
            let elsewhere = try CLITests.run(["orders", "step", id, "accept", "--by", "otra", "--database", url])
            #expect(elsewhere.status != 0 && elsewhere.error.contains("no order \(id) in otra's establishments"))
            let clear = try CLITests.run(["orders", "step", id, "clear", "--by", "rosa", "--database", url])
            #expect(clear.status != 0 && clear.error.contains("not an enabled account allowed to orders.clear"))
            for action in ["accept", "execute"] {
                let step = try CLITests.run(["orders", "step", id, action, "--by", "rosa", "--database", url])
                #expect(step.status == 0, "\(step.error)")
            }
            let shown = try CLITests.run(["orders", "show", id, "--json", "--database", url])
            let object = try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any]
            #expect(object?["state"] as? String == "executed")
            #expect((object?["history"] as? [[String: Any]])?.last?["by"] as? String == "rosa")
            let open = try CLITests.run(["orders", "list", "ep-norte", "--database", url])
            #expect(open.output.hasPrefix("0 order(s)"))
        }
    }
}
