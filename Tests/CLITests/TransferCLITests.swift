import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// `custodia transfers list|approve` (issue 11 point 8): what an operator at a terminal sees and decides.
@Suite(.serialized) struct TransferCLITests {
    @Test(arguments: TestDatabase.engines)
    func listAndApprove(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            try await Fixtures.loadSouthernOffice(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let transfer) = try await registry.requestTransfer(
                    TransferRequest(
                        personID: file.person.id, toEstablishmentCode: "ep-sur", toPavilionCode: "A", ground: .seguridad,
                        reason: "Riesgo (sintético)", requestedOn: Fixtures.asOf), expectedVersion: nil, asOf: Fixtures.asOf,
                    actor: "t")
            else { throw CancellationError() }
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user("legal", roles: [.legalOfficer], scope: .nation, in: directory)
            _ = try await AccessFixtures.user("rosa", roles: [.registryClerk], scope: .nation, in: directory)
            try await database.close()

            let list = try CLITests.run(["transfers", "list", "--json", "--database", url])
            #expect(list.status == 0, "\(list.error)")
            let rows =
                (try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any])?["transfers"]
                as? [[String: Any]]
            #expect(
                rows?.count == 1 && rows?.first?["state"] as? String == "requested" && rows?.first?["to"] as? String == "ep-sur")
            let table = try CLITests.run(["transfers", "list", "--establishment", "ep-mujeres", "--database", url])
            #expect(table.status == 0 && table.output.contains("0 transfer(s)"))
            let badState = try CLITests.run(["transfers", "list", "--state", "perdido", "--database", url])
            #expect(badState.status == 64 && badState.error.contains("unknown state perdido"))

            let id = String(transfer.id.rawValue)
            let notAllowed = try CLITests.run([
                "transfers", "approve", "--id", id, "--by", "rosa", "--authority", "director_regional", "--resolution", "R",
                "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(notAllowed.status == 1 && notAllowed.error.contains("not an enabled account allowed to decide transfers"))
            // Example 25: a security transfer by the establishment's director is refused, with the rule's code.
            let wrongAuthority = try CLITests.run([
                "transfers", "approve", "--id", id, "--by", "legal", "--authority", "director_establecimiento",
                "--resolution", "R.D. 1", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(wrongAuthority.status == 1 && wrongAuthority.error.contains("transfer.security_needs_regional_director"))
            let approved = try CLITests.run([
                "transfers", "approve", "--id", id, "--by", "legal", "--authority", "director_regional", "--resolution",
                "R.D.R. 9-2026", "--notified-on", "2026-03-15", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(approved.status == 0, "\(approved.error)")
            #expect(
                approved.output.contains("approved: ep-norte → ep-sur") && approved.output.contains("appeal until 2026-04-07"))
            #expect(approved.output.contains("court notified: Juzgado de Investigación Preparatoria N.º 1 de Lima"))
            let after = try CLITests.run(["transfers", "list", "--state", "approved", "--database", url])
            #expect(after.output.contains("#\(id)") && after.output.contains("approved"))
        }
    }
}
