import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia benefits list|open|step|show|report` (issue 26): the board late first, a legal officer opening and
/// assembling a file, a send refused while incomplete, another establishment's officer refused, the counts.
@Suite(.serialized) struct BenefitCLITests {
    @Test(arguments: TestDatabase.engines)
    func theBoardAFileAndTheCounts(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard
                case .done(let admitted) = try await registry.admit(
                    Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user(
                "lidia", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: directory)
            _ = try await AccessFixtures.user(
                "otra", roles: [.legalOfficer], scope: .establishments(["ep-mujeres"]), in: directory)
            _ = try await AccessFixtures.user("rosa", roles: [.registryClerk], scope: .nation, in: directory)
            try await database.close()
            let number = admitted.person.number.description

            let board = try CLITests.run(["benefits", "list", "ep-norte", "--as-of", "2026-03-15", "--database", url])
            #expect(board.status == 0 && board.output.contains("\(number)  ep-norte  semiliberty from 2026-01-10  not_started"))
            #expect(board.output.contains("LATE (file)") && board.output.contains("not_started 1"))
            let clerk = try CLITests.run(["benefits", "open", number, "--by", "rosa", "--database", url])
            #expect(clerk.status != 0 && clerk.error.contains("not an enabled account allowed to benefits.handle"))
            let elsewhere = try CLITests.run(["benefits", "open", number, "--by", "otra", "--database", url])
            #expect(elsewhere.status != 0 && elsewhere.error.contains("in otra's establishments"))
            let opened = try CLITests.run(["benefits", "open", number, "--by", "lidia", "--database", url])
            #expect(opened.status == 0 && opened.output.contains("semiliberty  assembling  v1"), "\(opened.error)")
            let id = String(opened.output.dropFirst().prefix { $0.isNumber })
            let incomplete = try CLITests.run([
                "benefits", "step", id, "send", "--court", "Juzgado", "--by", "lidia", "--database", url,
            ])
            #expect(incomplete.status != 0 && incomplete.error.contains("documents: A file is sent only when complete"))
            let document = try CLITests.run([
                "benefits", "step", id, "document", "--document", "conduct", "--issuer", "Jefatura de Seguridad", "--reference",
                "N.º 3", "--by", "lidia", "--database", url,
            ])
            #expect(document.status == 0 && document.output.contains("[x] conduct (security)"), "\(document.error)")
            let shown = try CLITests.run(["benefits", "show", id, "--database", url])
            #expect(shown.output.contains("document  assembling  lidia  conduct"))
            let report = try CLITests.run(["benefits", "report", "--csv", "--as-of", "2026-03-15", "--database", url])
            let lines = report.output.split(separator: "\n").map(String.init)
            #expect(
                lines.first
                    == "establishment,capacity,population,occupancy,eligible,on_time,late,not_started,granted,occupancy_if_decided"
            )
            // E.P. Norte: 10 places, one person held, eligible, with a file past its term (opened in March for a date
            // in January): without them, 0 %.
            #expect(lines.contains("ep-norte,10,1,10.0,1,0,1,0,0,0.0"), "\(lines)")
            #expect(lines.last == "nation,14,1,7.1,1,0,1,0,0,0.0", "\(lines)")
        }
    }
}
