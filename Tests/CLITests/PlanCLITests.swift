import CustodiaCore
import CustodiaTestSupport
import Foundation
import Placement
import Store
import Testing

/// `custodia plan transfers` on the live register (issue 14 points 3 and 5): twelve men in ep-norte's ten places, none
/// in ep-sur's five. ⌊10θ⌋ + ⌊5θ⌋ reaches 12 first at θ = 0.8 (8 + 4), so the plan moves four men to ep-sur and
/// nobody is above 80 %; with at most two moves, ep-norte keeps ten: 100 %. Bad input changes nothing and says why.
@Suite(.serialized) struct PlanCLITests {
    /// The register of the plans: twelve men in ep-norte's ten places, none in ep-sur's five; open for the test to close.
    static func crowdedNorth(_ address: DatabaseURL, firstDNI: Int) async throws -> (Database, SQLRegistry) {
        let database = try await Database.open(address)
        try await Migrations.migrate(database)
        try await Fixtures.load(into: database)
        try await Fixtures.loadSouthernOffice(into: database)
        let registry = SQLRegistry(database: database, environment: Fixtures.environment())
        try await Fixtures.admitMen(12, firstDNI: firstDNI, into: registry)
        return (database, registry)
    }

    @Test(arguments: TestDatabase.engines)
    func aPlanOnTheLiveRegister(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let (database, _) = try await Self.crowdedNorth(address, firstDNI: 46_000_000)
            try await database.close()

            let text = try CLITests.run(["plan", "transfers", "--database", url])
            #expect(text.status == 0, "\(text.error)")
            #expect(text.output.contains("least max ratio (θ*)    80.00 %") && text.output.contains("persons moved           4"))
            #expect(text.output.contains("ep-norte → ep-sur  male  4"))
            #expect(text.output.contains("excess over capacity    2 now, 0 after the plan"))

            let json = try CLITests.run(["plan", "transfers", "--json", "--moves-per-month", "2", "--database", url])
            #expect(json.status == 0, "\(json.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(document["moves"] as? Int == 2 && document["max_ratio_percent"] as? Double == 100)
            let rows = try #require(document["establishments"] as? [[String: Any]])
            #expect(rows.first { $0["code"] as? String == "ep-norte" }?["population_after"] as? Int == 10)
            #expect(
                (document["moves_by_route"] as? [[String: Any]])?.first?["to"] as? String == "ep-sur"
                    && document["status"] as? String == "optimal")

            let csv = try CLITests.run(["plan", "transfers", "--csv", "--database", url])
            #expect(csv.output.contains("ep-norte,10,12,8,120.0,80.0") && csv.output.contains("ep-sur,5,0,4,0.0,80.0"))
            // No moves at all is a plan too: everyone stays, ep-norte at 120 %.
            let none = try CLITests.run(["plan", "transfers", "--moves-per-month", "0", "--database", url])
            #expect(none.status == 0 && none.output.contains("120.00 %") && none.output.contains("persons moved           0"))

            // The fewest persons above capacity: the 2 over ep-norte's ten places move, not 4; at 120 % no one is over.
            let excess = try CLITests.run(
                ["plan", "transfers", "--objective", "excess", "--alpha-percent", "100", "--json", "--database", url])
            let over = try #require(try JSONSerialization.jsonObject(with: Data(excess.output.utf8)) as? [String: Any])
            #expect(over["objective"] as? String == "excess" && over["moves"] as? Int == 2)
            let figures = over["excess_over_alpha"] as? [String: Any]
            #expect(figures?["before"] as? Int == 2 && figures?["after"] as? Int == 0 && figures?["floor"] as? Int == 0)
            #expect(figures?["alpha_percent"] as? Int == 100)
            let line = try CLITests.run(["plan", "transfers", "--objective", "excess", "--database", url])
            #expect(line.output.contains("above the line          0 now, 0 after the plan") && line.output.contains("120.00 %"))

            for (arguments, words) in [
                (["--moves-per-month=-1"], "--moves-per-month must be 0 or more"),
                (["--json", "--csv"], "choose one of --json and --csv"),
                (["--objective", "excess", "--alpha-percent", "20"], "--alpha-percent must be from 50 to 400"),
                (["--objective", "todo"], "--objective"),
            ] {
                let refused = try CLITests.run(["plan", "transfers"] + arguments + ["--database", url])
                #expect(refused.status == 64 && refused.error.contains(words), "\(arguments): \(refused.error)")
            }
            let unknown = try CLITests.run(["plan", "transfers", "--establishments", "ep-norte,ep-nada", "--database", url])
            #expect(unknown.status != 0 && unknown.error.contains("no establishment with code ep-nada"))
            // Only ep-norte: its men have nowhere else to go; with no moves allowed it stays at 120 %, and with ep-mujeres
            // alone besides, the men still have no other place.
            let alone = try CLITests.run(["plan", "transfers", "--establishments", "ep-norte,ep-mujeres", "--database", url])
            #expect(alone.status == 0 && alone.output.contains("120.00 %"))
        }
    }

    /// `custodia plan request`: a stored plan's route requested by the warden of its origin; an account that may not
    /// request transfers, or not from that origin, is refused and nothing is written.
    @Test func aStoredPlansRouteRequestedFromTheCommandLine() async throws {
        try await CLITests.withDatabase(.sqlite) { address, url in
            let (database, registry) = try await Self.crowdedNorth(address, firstDNI: 46_400_000)
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user(
                "directora", roles: [.warden], scope: .establishments(["ep-norte"]), in: directory)
            _ = try await AccessFixtures.user(
                "sur", roles: [.warden], scope: .establishments(["ep-sur"]), in: directory)
            _ = try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: directory)
            let establishments = try #require(try await registry.aggregateEstablishments(codes: ["ep-norte", "ep-sur"]))
            let stored = try await registry.savePlan(
                kind: "transfers", document: try TransferPlanDocument.make(establishments, movesCap: nil).json(), actor: "t")
            try await database.close()
            let route = [
                "plan", "request", "--plan", String(stored.id), "--from", "ep-norte", "--to", "ep-sur", "--sex", "male",
                "--persons", "4", "--as-of", "2026-03-15", "--database", url,
            ]
            for who in ["sur", "nacional", "nadie"] {
                let refused = try CLITests.run(route + ["--by", who])
                #expect(refused.status == 1 && refused.error.contains("not an enabled account allowed"), "\(who)")
            }
            let done = try CLITests.run(route + ["--by", "directora"])
            #expect(done.status == 0, "\(done.error)")
            #expect(done.output.contains("4 transfers requested, 0 persons not") && done.output.contains("ep-norte → ep-sur A"))
            let again = try CLITests.run(route.map { $0 == "4" ? "5" : $0 } + ["--by", "directora"])
            #expect(again.status == 1 && again.error.contains("plan.route_exceeded"))
        }
    }

    /// `custodia plan capacity` on the live register: Lima's twenty men in fourteen places need three more to be at
    /// 120 % (⌈20/1.2⌉ = 17); a project of eight there covers them; a project in a department the register does not know,
    /// or a negative budget, is refused with the field at fault.
    @Test func capacityOnTheLiveRegister() async throws {
        try await CLITests.withDatabase(.sqlite) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            try await Fixtures.loadSouthernOffice(into: database)
            try await Fixtures.admitMen(
                20, firstDNI: 46_300_000, into: SQLRegistry(database: database, environment: Fixtures.environment()))
            try await database.close()
            let file = CLITests.temporaryPath("projects.csv")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try "project,department,places\nPenal Nuevo (sintético),Lima,8\n".write(
                toFile: file, atomically: true, encoding: .utf8)
            let json = try CLITests.run(["plan", "capacity", "--projects", file, "--json", "--database", url])
            #expect(json.status == 0, "\(json.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(document["total_need"] as? Int == 3 && document["total_announced"] as? Int == 8)
            let lima = (document["departments"] as? [[String: Any]])?.first { $0["department"] as? String == "Lima" }
            #expect(
                lima?["need"] as? Int == 3 && lima?["allotted"] as? Int == 3 && lima?["occupancy_announced"] as? Double == 90.9)
            // The project is built whole: its 8 places for the 3 Lima needs; with a budget of 5 it does not fit.
            #expect(document["projects_chosen"] as? [String] == ["Penal Nuevo (sintético)"] && lima?["selected"] as? Int == 8)
            let text = try CLITests.run(["plan", "capacity", "--projects", file, "--database", url])
            #expect(text.output.contains("Places needed for every department to be at 120 % of its places without transfers: 3"))
            let small = try CLITests.run(["plan", "capacity", "--projects", file, "--budget", "5", "--database", url])
            #expect(small.output.contains("left out: Penal Nuevo (sintético)"))
            // The demand of December 2030: the forecast's central path over the last published count.
            let future = try CLITests.run(["plan", "capacity", "--year", "2030", "--json", "--database", url])
            #expect(future.status == 0, "\(future.error)")
            let central = try #require(try CapacityHorizon.make(year: 2030, scenario: .central))
            let grown = try #require(try JSONSerialization.jsonObject(with: Data(future.output.utf8)) as? [String: Any])
            #expect((grown["horizon"] as? [String: Any])?["national"] as? Int == central.national)
            #expect((grown["demand_total"] as? Int ?? 0) > (document["demand_total"] as? Int ?? .max))
            let late = try CLITests.run(["plan", "capacity", "--year", "2050", "--database", url])
            #expect(late.status == 64 && late.error.contains("--year must be from 2026 to 2040"))
            try "project,department,places\nPenal Perdido,Atlántida,8\n".write(toFile: file, atomically: true, encoding: .utf8)
            let unknown = try CLITests.run(["plan", "capacity", "--projects", file, "--database", url])
            #expect(unknown.status != 0 && unknown.error.contains("projects[0].department: no department named Atlántida"))
            let negative = try CLITests.run(["plan", "capacity", "--budget=-5", "--database", url])
            #expect(negative.status == 64 && negative.error.contains("--budget must be 0 places or more"))
        }
    }
}
