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
            // As text, with the bound of any transfer plan next to it.
            let text = try CLITests.run(["benefits", "report", "--as-of", "2026-03-15", "--database", url])
            #expect(text.output.contains("Transfers alone: 0 over capacity today, at best 0 (7.1 %)"), "\(text.output)")
            #expect(text.output.contains("with every file decided: 0, at best 0 (0.0 %)."))
            #expect(text.output.contains("New places for 120 % without transfers: 0 today, 0 with every file decided"))
            // A past day replayed (point 4): on 2025-12-10 he was held, not yet eligible. On 2026-03-15 he was eligible
            // without a file: it was opened on a later register day (today), which the stored report cannot tell.
            let past = try CLITests.run([
                "benefits", "report", "--csv", "--on", "2025-12-10", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(past.output.contains("ep-norte,10,1,10.0,0,0,0,0,0,10.0"), "\(past.output) \(past.error)")
            let march = try CLITests.run([
                "benefits", "report", "--csv", "--on", "2026-03-15", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(march.output.contains("ep-norte,10,1,10.0,1,0,0,1,0,0.0"), "\(march.output)")
            // Today's replay agrees with today's stored report.
            let today = LocalTime(unixSeconds: Date().timeIntervalSince1970).date.description
            let stored = try CLITests.run(["benefits", "report", "--csv", "--database", url])
            let replayed = try CLITests.run(["benefits", "report", "--csv", "--on", today, "--database", url])
            #expect(replayed.output == stored.output && stored.status == 0)
            let future = try CLITests.run([
                "benefits", "report", "--on", "2026-03-16", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(future.status != 0 && future.error.contains("after the as-of day"))
            let typo = try CLITests.run(["benefits", "report", "--on", "ayer", "--database", url])
            #expect(typo.status != 0 && typo.error.contains("--on: a date"))
        }
    }

    /// `custodia benefits candidates` (issue 26 point 2): the vigilancia electrónica list with its rules, the CSV, the
    /// pretrial review's horizon, a district's cases only, bad options refused.
    @Test(arguments: TestDatabase.engines)
    func theCandidateLists(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            var theft = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")))
            theft.legalCase.chargeArticles = ["185"]
            theft.legalCase.judicialDistrict = "Corte Superior de Justicia del Callao"
            theft.legalCase.number = CaseNumber("00777-2026-1-0701-JR-PE-01")!
            guard case .done = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let procesado) = try await registry.admit(theft, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var foreigner = Fixtures.sentencedAdmission(dni: "45678901", given: "Andrés")
            if case .new(var person) = foreigner.subject {
                person.document = .passport("AB1234567")
                person.nationality = "COL"
                foreigner.subject = .new(person)
            }
            guard case .done = try await registry.admit(foreigner, asOf: Fixtures.asOf, actor: "t") else {
                throw CancellationError()
            }
            try await database.close()
            let number = procesado.person.number.description

            let list = try CLITests.run([
                "benefits", "candidates", "--list", "electronic", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(list.status == 0 && list.output.contains("2 of 3 on the electronic list"), "\(list.error)")
            #expect(list.output.contains("\(number)  Mario Ñahui Quispe  ep-norte  pretrial"))
            #expect(list.output.contains("+ VE-3 penalty_at_most_7: pena máxima 3 años"))
            let csv = try CLITests.run([
                "benefits", "candidates", "--list", "electronic", "--include-excluded", "--csv", "--as-of", "2026-03-15",
                "--database", url,
            ])
            let lines = csv.output.split(separator: "\r\n")
            #expect(lines.count == 4 && lines[0].hasPrefix("person_id,") && lines[3].contains(",no,no,yes,VE-3 VE-6,"))
            // On 2026-11-01 both terms (to 2026-11-30) are within the horizon; with 10 days, only the procesado's charge.
            let review = try CLITests.run([
                "benefits", "candidates", "--list", "pretrial_review", "--as-of", "2026-11-01", "--database", url,
            ])
            #expect(review.output.contains("2 of 2 on the pretrial_review list") && review.output.contains("PP-3 term_ending"))
            let near = try CLITests.run([
                "benefits", "candidates", "--list", "pretrial_review", "--within-days", "10", "--as-of", "2026-11-01",
                "--database", url,
            ])
            #expect(near.output.contains("1 of 2") && !near.output.contains("term_ending"))
            let callao = try CLITests.run([
                "benefits", "candidates", "--list", "electronic", "--district", "Corte Superior de Justicia del Callao",
                "--include-excluded", "--as-of", "2026-03-15", "--database", url,
            ])
            #expect(callao.output.contains("1 of 1"))
            // The conversion lists on the day two thirds of the Colombian's 3 years are served (2027-01-10).
            let conversion = try CLITests.run([
                "benefits", "candidates", "--list", "conversion", "--as-of", "2027-01-10", "--database", url,
            ])
            #expect(conversion.output.contains("1 of 1 on the conversion list") && conversion.output.contains("52 jornadas"))
            let expulsion = try CLITests.run([
                "benefits", "candidates", "--list", "expulsion", "--within-days", "0", "--as-of", "2027-01-10",
                "--database", url,
            ])
            #expect(
                expulsion.output.contains("1 of 1 on the expulsion list")
                    && expulsion.output.contains("+ DR-2 two_thirds_served: dos tercios cumplidos el 2027-01-10"))
            let early = try CLITests.run([
                "benefits", "candidates", "--list", "expulsion", "--within-days", "0", "--as-of", "2027-01-09",
                "--database", url,
            ])
            #expect(early.output.contains("0 of 1 on the expulsion list"))
            let bad = try CLITests.run(["benefits", "candidates", "--list", "amnesty", "--database", url])
            #expect(bad.status != 0 && bad.error.contains("--list: electronic, pretrial_review, conversion or expulsion"))
        }
    }
}
