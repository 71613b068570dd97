import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia subscriptions` (issue 13 point 4): an administrator subscribes a court's URL (the secret printed once), a
/// URL that is neither HTTPS nor this machine is refused, the list says where each stands, a rotation prints a new
/// secret, a pause stops deliveries, the dead letters are listed; someone who is not an administrator may do none of it.
@Suite(.serialized) struct SubscriptionCLITests {
    @Test(arguments: TestDatabase.engines)
    func anAdministratorSubscribesRotatesAndPauses(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user("ada", roles: [.administrator], scope: .nation, in: directory)
            _ = try await AccessFixtures.user("rosa", roles: [.registryClerk], scope: .nation, in: directory)
            try await directory.createClient(name: "Corte de Prueba", kind: .court, actor: "test")
            try await database.close()
            let create = [
                "subscriptions", "create", "--client", "Corte de Prueba", "--types", "custodia.person.released.v1",
                "--database", url,
            ]
            let clerk = try CLITests.run(create + ["--admin", "rosa", "--url", "https://corte.example/hooks"])
            #expect(clerk.status != 0 && clerk.error.contains("not an enabled administrator"))
            let plain = try CLITests.run(create + ["--admin", "ada", "--url", "http://corte.example/hooks"])
            #expect(plain.status != 0 && plain.error.contains("url"))
            let created = try CLITests.run(create + ["--admin", "ada", "--url", "https://corte.example/hooks"])
            #expect(created.status == 0, "\(created.error)")
            #expect(created.output.contains("signing secret (shown once): whsec_"))
            let listed = try CLITests.run(["subscriptions", "list", "--database", url])
            #expect(listed.output.contains("#1  Corte de Prueba  https://corte.example/hooks  custodia.person.released.v1"))
            #expect(listed.output.contains("up to date"))
            let rotated = try CLITests.run(["subscriptions", "rotate", "--admin", "ada", "--id", "1", "--database", url])
            #expect(rotated.status == 0 && rotated.output.contains("new signing secret (shown once): whsec_"))
            let paused = try CLITests.run(["subscriptions", "pause", "--admin", "ada", "--id", "1", "--database", url])
            #expect(paused.status == 0 && paused.output.contains("paused"))
            let letters = try CLITests.run(["subscriptions", "dead-letters", "--id", "1", "--database", url])
            #expect(letters.output.hasPrefix("0 dead letter(s)"))
        }
    }

    /// A district scope (issue 13 point 5) is for tokens, with the operations that answer about its cases' persons only.
    @Test func aDistrictScopeIsForTokensThatReadTheirCasesPersons() async throws {
        try await CLITests.withDatabase(.sqlite) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user("ada", roles: [.administrator], scope: .nation, in: directory)
            try await directory.createClient(name: "Juzgado de Lima", kind: .court, actor: "test")
            try await database.close()
            let issue = [
                "clients", "issue-token", "--admin", "ada", "--client", "Juzgado de Lima", "--scope",
                "districts:Corte Superior de Justicia de Lima", "--database", url, "--operations",
            ]
            let search = try CLITests.run(issue + ["persons.search,orders.submit"])
            #expect(search.status != 0 && search.error.contains("not for persons.search"))
            let issued = try CLITests.run(issue + ["persons.read,orders.submit,orders.read,events.read"])
            #expect(issued.status == 0 && issued.output.contains("token (shown once): cust_"), "\(issued.error)")
            let tokens = try CLITests.run(["clients", "tokens", "--database", url])
            #expect(tokens.output.contains("districts:Corte Superior de Justicia de Lima"))
            let staff = try CLITests.run([
                "users", "create", "--admin", "ada", "--username", "x", "--display-name", "X", "--roles", "legal_officer",
                "--scope", "districts:Corte Superior de Justicia de Lima", "--database", url,
            ])
            #expect(staff.status != 0 && staff.error.contains("for institutional tokens, not staff"))
        }
    }
}
