import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `custodia` executable, run as a user would: clear messages and exit codes.
@Suite(.serialized) struct CLITests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    static var executable: URL {
        get throws {
            // The test bundle sits next to the products of the same build.
            var directory = Bundle.main.bundleURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("custodia")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            throw NotBuilt()
        }
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "the custodia executable was not built next to the tests: run swift build --build-tests" }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CUSTODIA_DATABASE")
        env.removeValue(forKey: "DATABASE_URL")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Output goes to files, not pipes: reading a pipe while the child exits can be interrupted (EINTR),
        // which Foundation's readDataToEndOfFile turns into a crash.
        let outPath = temporaryPath("stdout")
        let errPath = temporaryPath("stderr")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let output = FileManager.default.contents(atPath: outPath) ?? Data()
        let error = FileManager.default.contents(atPath: errPath) ?? Data()
        return Run(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }

    /// A fresh empty database of the engine, as the command line names it (with its password); removed after.
    static func withDatabase(_ engine: TestDatabase.Engine, _ body: (DatabaseURL, String) async throws -> Void) async throws {
        try await TestDatabase.withPermit(engine) { try await openDatabase(engine, body) }
    }

    private static func openDatabase(
        _ engine: TestDatabase.Engine, _ body: (DatabaseURL, String) async throws -> Void
    ) async throws {
        let (url, cleanup) = try await TestDatabase.make(engine)
        let argument =
            switch url {
            case .sqlite(let path): "sqlite://\(path)"
            case .postgres(let text): text
            }
        do {
            try await body(url, argument)
            try await cleanup()
        } catch {
            try? await cleanup()
            throw error
        }
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("custodia-cli-\(UUID().uuidString)-\(name)").path
    }

    @Test func badArgumentsAreRefusedWithAMessage() throws {
        let badURL = try Self.run(["stats", "--database", "mysql://x"])
        #expect(badURL.status == 64)
        #expect(badURL.error.contains("invalid database URL"))
        let badPort = try Self.run(["serve", "--port", "70000", "--database", "sqlite:x.sqlite"])
        #expect(badPort.status == 64)
        #expect(badPort.error.contains("port"))
        let badDate = try Self.run(["demo", "--no-serve", "--as-of", "2026-02-30", "--database", "sqlite:///tmp/never.sqlite"])
        #expect(badDate.status == 64)
        #expect(badDate.error.contains("as-of"))
        for scale in ["0", "11", "ten"] {
            let badScale = try Self.run(["demo", "--no-serve", "--scale", scale, "--database", "sqlite:///tmp/never.sqlite"])
            #expect(badScale.status == 64 && badScale.error.contains("scale"), "\(scale)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.sqlite"))
        // Several invalid settings are all reported at once.
        let several = try Self.run(["stats"], environment: ["CUSTODIA_DATABASE": "nope", "CUSTODIA_LOG_LEVEL": "loud"])
        #expect(several.status == 64)
        #expect(several.error.contains("database") && several.error.contains("log level"))
        let unknown = try Self.run(["frobnicate"])
        #expect(unknown.status == 64)
    }

    @Test func unreachableDatabasesExitWithStatusOne() throws {
        let missingDirectory = try Self.run(["stats", "--database", "sqlite:///nonexistent-dir/x.sqlite"])
        #expect(missingDirectory.status == 1)
        #expect(missingDirectory.error.contains("cannot open database"))
        let postgres = try Self.run(["migrate", "--database", "postgres://nobody@127.0.0.1:1/none?sslmode=disable"])
        #expect(postgres.status == 1)
        #expect(postgres.error.contains("cannot open database"))
        let path = Self.temporaryPath("empty.sqlite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let noSchema = try Self.run(["stats", "--database", "sqlite://\(path)"])
        #expect(noSchema.status == 1)
        #expect(noSchema.error.contains("no Custodia schema"))
    }

    @Test(arguments: TestDatabase.engines)
    func migrateThenStatsOnADatabase(_ engine: TestDatabase.Engine) async throws {
        try await Self.withDatabase(engine) { address, url in
            let first = try Self.run(["migrate", "--database", url])
            #expect(first.status == 0)
            let all = (1...Migrations.latestVersion).map(String.init).joined(separator: ", ")
            #expect(first.output.contains("applied migrations \(all).\n"), "\(first.output)")
            let second = try Self.run(["migrate", "--database", url])
            #expect(second.output.contains("up to date"))

            let database = try await Database.open(address)
            try await Fixtures.load(into: database)
            try await database.close()
            let stats = try Self.run(["stats", "--json", "--database", url])
            #expect(stats.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any]
            let national = json?["national"] as? [String: Any]
            #expect(national?["capacity"] as? Int == 14)
            #expect(national?["population"] as? Int == 0)
            #expect((json?["establishments"] as? [Any])?.count == 2)
            let table = try Self.run(["stats", "--database", url])
            #expect(table.output.contains("E.P. Norte de Prueba"))
            #expect(table.output.contains("hacinado"))
        }
    }

    /// The national demo: its totals, its alerts, and an audit trail that verifies. On SQLite here; scripts/test
    /// builds the same demo on PostgreSQL after the suite, on its own (a national load in a debug build takes
    /// minutes, and beside the parallel suite it starved the other tests' connections).
    @Test(arguments: [TestDatabase.Engine.sqlite])
    func demoBuildsTheNationalDatabaseAndPrintsItsSummary(_ engine: TestDatabase.Engine) async throws {
        try await Self.withDatabase(engine) { _, url in
            let demo = try Self.run(
                ["demo", "--no-serve", "--as-of", "2026-11-29", "--database", url],
                environment: ["CUSTODIA_DEMO_PASSWORD": "clave-de-demo-42"])
            #expect(demo.status == 0)
            // One account per role, printed with its password (and TOTP secret where the role needs one).
            // It ends with the page's address and the accounts to type there, then the API's login for programs.
            #expect(demo.output.contains("Staff pages: open http://127.0.0.1:8080/ in a browser"))
            #expect(demo.output.contains("Transfers under way:"))
            #expect(demo.output.contains("Court production and exits today:"))
            #expect(demo.output.contains("Programs: POST http://127.0.0.1:8080/api/v1/auth/login"))
            #expect(demo.output.contains("Serve it with: custodia serve --database"))
            let pages = try #require(demo.output.range(of: "Staff pages:"))
            let programs = try #require(demo.output.range(of: "Programs: POST"))
            #expect(demo.output[pages.upperBound..<programs.lowerBound].contains("  registro "))
            for account in [
                "registro", "seguridad", "legal", "director", "analista.regional", "analista.nacional", "inteligencia", "auditor",
                "admin",
            ] {
                #expect(demo.output.contains("  \(account) "), "\(account)")
            }
            #expect(demo.output.components(separatedBy: "clave-de-demo-42").count == 10)
            #expect(demo.output.components(separatedBy: "TOTP secret ").count == 4)
            for line in [
                "establishments  69", "persons         103717", "capacity        41764", "procesados      37924",
                "men             98228", "women           5489",
            ] {
                #expect(demo.output.contains(line), "\(line)")
            }
            let stats = try Self.run(["stats", "--json", "--database", url])
            let json = try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any]
            let national = json?["national"] as? [String: Any]
            #expect(national?["occupancy_percent"] as? Double == 248.3)
            #expect(national?["hacinado"] as? Bool == true)
            #expect((json?["regional_offices"] as? [Any])?.count == 8)

            // `alerts` lists every alert unless --limit is given, in JSON and in text (the store answers in pages
            // of at most 500; the national demo has more unlawful detentions than that). The minute is fixed too:
            // an exit becomes overdue at its return minute, and the runs below are minutes apart.
            let minute = "2026-11-29T23:59"
            let alerts = try Self.run(["alerts", "--as-of", minute, "--json", "--database", url])
            #expect(alerts.status == 0)
            let document = try JSONSerialization.jsonObject(with: Data(alerts.output.utf8)) as? [String: Any]
            let counts = (document?["counts"] as? [String: Int]) ?? [:]
            let listed = (document?["alerts"] as? [[String: Any]]) ?? []
            #expect((counts["unlawful_detention"] ?? 0) > 500)
            #expect(listed.count == counts.values.reduce(0, +))
            #expect(listed.filter { $0["kind"] as? String == "unlawful_detention" }.count == counts["unlawful_detention"])
            let limited = try Self.run(
                ["alerts", "--as-of", minute, "--json", "--limit", "7", "--database", url])
            let few = try JSONSerialization.jsonObject(with: Data(limited.output.utf8)) as? [String: Any]
            #expect((few?["alerts"] as? [Any])?.count == 7)
            let text = try Self.run(["alerts", "--as-of", minute, "--database", url])
            #expect(text.output.split(separator: "\n").filter { $0.contains(" P-") }.count == listed.count)
            // The classification record's alerts are in the same inbox, and `--kind` lists one kind only.
            #expect((counts["classification_overdue"] ?? 0) > 0 && (counts["classification_review_due"] ?? 0) > 0)
            let overdue = try Self.run(
                ["alerts", "--as-of", minute, "--json", "--kind", "classification_overdue", "--database", url])
            let onlyOverdue = try JSONSerialization.jsonObject(with: Data(overdue.output.utf8)) as? [String: Any]
            let overdueItems = (onlyOverdue?["alerts"] as? [[String: Any]]) ?? []
            #expect(overdueItems.count == counts["classification_overdue"])
            #expect(overdueItems.allSatisfy { $0["kind"] as? String == "classification_overdue" })
            // The demo's release orders received yesterday and never executed (issue 13 point 3): critical, with the
            // order and the hours since it arrived.
            let late = listed.filter { $0["kind"] as? String == "release_order_overdue" }
            #expect(!late.isEmpty && late.count == counts["release_order_overdue"])
            #expect(late.allSatisfy { ($0["order_id"] as? Int ?? 0) > 0 && ($0["hours"] as? Int ?? 0) > 0 })
            #expect(text.output.contains("recibida hace"))
            #expect(demo.output.contains("Extrema Seguridad proposals (CL-6) await their Junta"))
            #expect(demo.output.contains("Separation (fictional organizations): 6 organizations"))
            let zero = try Self.run(["alerts", "--limit", "0", "--database", url])
            #expect(zero.status == 64)
            let verify = try Self.run(["audit", "verify", "--database", url])
            #expect(verify.status == 0 && verify.output.contains("audit trail intact"), "\(verify.output) \(verify.error)")
        }
    }
}

@Suite struct ClockCLITests {
    static var scenarios: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LegalClockTests/Scenarios")
    }

    @Test func clockComputesOneCaseFromAFile() throws {
        let file = Self.scenarios.appendingPathComponent("peru-law-examples/01-castillo-complex-18-months.json").path
        let run = try CLITests.run(["clock", "--input", file])
        #expect(run.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect((json?["pretrial"] as? [String: Any])?["term_ends_on"] as? String == "2024-06-06")
        #expect((json?["rules"] as? [[String: Any]])?.contains { $0["id"] as? String == "PP-2" } == true)
    }

    @Test func clockReportsValidationMessagesAndExitsTwo() throws {
        let file = Self.scenarios.appendingPathComponent("validation/01-overlapping-periods.json").path
        let run = try CLITests.run(["clock", "--input", file])
        #expect(run.status == 2)
        #expect(run.output.contains("custody.overlap"))
        let missing = try CLITests.run(["clock", "--input", "/nonexistent.json"])
        #expect(missing.status == 64)
    }

    @Test(arguments: TestDatabase.engines)
    func alertsAndRecomputeOnADatabase(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            _ = try await SQLRegistry(database: database, environment: Fixtures.environment()).admit(
                Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            try await database.close()
            let recompute = try CLITests.run(["clocks", "recompute", "--as-of", "2026-03-15", "--database", url])
            #expect(recompute.status == 0)
            #expect(recompute.output.contains("1 clocks recomputed"))
            let alerts = try CLITests.run(["alerts", "--as-of", "2026-12-05", "--json", "--database", url])
            #expect(alerts.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(alerts.output.utf8)) as? [String: Any]
            #expect((json?["counts"] as? [String: Int])?["unlawful_detention"] == 1)
            #expect((json?["alerts"] as? [[String: Any]])?.first?["establishment_code"] as? String == "ep-norte")
            let table = try CLITests.run(["alerts", "--as-of", "2026-12-05", "--database", url])
            #expect(table.output.contains("unlawful_detention"))
            let unknown = try CLITests.run(["alerts", "--establishment", "nowhere", "--database", url])
            #expect(unknown.status == 1)
        }
    }
}

/// Accounts and the audit trail through the executable.
@Suite(.serialized) struct AccessCLITests {
    @Test(arguments: TestDatabase.engines)
    func usersClientsAndTamperEvidence(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            try await database.close()

            let admin = try CLITests.run(["users", "create-admin", "--username", "ada", "--database", url])
            #expect(admin.status == 0, "\(admin.error)")
            #expect(admin.output.contains("password (shown once):") && admin.output.contains("otpauth://totp/"))
            let second = try CLITests.run(["users", "create-admin", "--username", "otra", "--database", url])
            #expect(second.status == 1 && second.error.contains("an administrator already exists"))
            let clerk = try CLITests.run([
                "users", "create", "--admin", "ada", "--username", "rosa", "--display-name", "Rosa Registro", "--roles",
                "registry_clerk", "--scope", "establishments:ep-norte", "--database", url,
            ])
            #expect(clerk.status == 0, "\(clerk.error)")
            let badRole = try CLITests.run([
                "users", "create", "--admin", "ada", "--username", "x", "--display-name", "X", "--roles", "jefe", "--scope",
                "nation",
                "--database", url,
            ])
            #expect(badRole.status == 64 && badRole.error.contains("unknown role(s) jefe"))
            let badScope = try CLITests.run([
                "users", "create", "--admin", "ada", "--username", "x", "--display-name", "X", "--roles", "auditor", "--scope",
                "establishments:ep-nada", "--database", url,
            ])
            #expect(badScope.status == 1 && badScope.error.contains("unknown establishment code(s): ep-nada"))
            let notAdmin = try CLITests.run(["users", "disable", "--admin", "rosa", "--username", "ada", "--database", url])
            #expect(notAdmin.status == 1 && notAdmin.error.contains("not an enabled administrator"))
            let reset = try CLITests.run(["users", "reset-password", "--admin", "ada", "--username", "rosa", "--database", url])
            #expect(reset.status == 0 && reset.output.contains("password (shown once):"))
            let promoted = try CLITests.run([
                "users", "set-roles", "--admin", "ada", "--username", "rosa", "--roles", "warden,registry_clerk", "--scope",
                "region:lima", "--database", url,
            ])
            #expect(promoted.status == 0 && promoted.output.contains("otpauth://totp/"), "\(promoted.error)")
            #expect(
                try CLITests.run(["users", "disable", "--admin", "ada", "--username", "rosa", "--database", url]).status == 0)
            let list = try CLITests.run(["users", "list", "--database", url])
            #expect(list.output.contains("rosa\tRosa Registro\tregistry_clerk,warden\tregion:lima\tdisabled"), "\(list.output)")
            #expect(
                try CLITests.run([
                    "clients", "create", "--admin", "ada", "--name", "Corte Superior de Lima", "--kind", "court", "--database",
                    url,
                ])
                .status == 0)
            let token = try CLITests.run([
                "clients", "issue-token", "--admin", "ada", "--client", "Corte Superior de Lima", "--operations",
                "persons.read,persons.search", "--scope", "nation", "--days", "30", "--database", url,
            ])
            #expect(token.status == 0 && token.output.contains("token (shown once): cust_"))
            #expect(try CLITests.run(["clients", "revoke-token", "--admin", "ada", "--id", "1", "--database", url]).status == 0)
            #expect(try CLITests.run(["clients", "tokens", "--database", url]).output.contains("revoked"))

            // The trail holds the fixture load and the nine administrative changes; it verifies.
            let intact = try CLITests.run(["audit", "verify", "--database", url])
            #expect(intact.status == 0 && intact.output.contains("audit trail intact: 9 rows verified"), "\(intact.output)")

            // Edit, remove, reorder: each reported, naming the row.
            for (statements, expected) in [
                (["UPDATE audit_trail SET outcome = 'ok: nothing' WHERE seq = 3"], "audit row 3 was edited"),
                (["DELETE FROM audit_trail WHERE seq = 4"], "before row 5 were removed"),
                (
                    [
                        "UPDATE audit_trail SET seq = -1 WHERE seq = 5", "UPDATE audit_trail SET seq = 5 WHERE seq = 6",
                        "UPDATE audit_trail SET seq = 6 WHERE seq = -1",
                    ], "audit row 5 was reordered"
                ),
            ] {
                // Each change is made, verified and undone from a copy of the trail kept in the same database.
                let trail = try await Database.open(address)
                try await trail.transaction { sql in
                    try await sql.raw("CREATE TABLE audit_copy AS SELECT * FROM audit_trail").run()
                    for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
                }
                let run = try CLITests.run(["audit", "verify", "--database", url])
                #expect(run.status == 2, "\(statements)")
                #expect(run.output.contains(expected), "\(run.output)")
                try await trail.transaction { sql in
                    try await sql.raw("DELETE FROM audit_trail").run()
                    try await sql.raw("INSERT INTO audit_trail SELECT * FROM audit_copy ORDER BY seq").run()
                    try await sql.raw("DROP TABLE audit_copy").run()
                }
                try await trail.close()
                #expect(try CLITests.run(["audit", "verify", "--database", url]).status == 0)
            }
        }
    }
}
