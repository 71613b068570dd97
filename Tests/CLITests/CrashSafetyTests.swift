import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Crash safety stays proven (issue 17 point 6), bounded, on both engines: `custodia serve` takes admissions from
/// concurrent clients and is killed with SIGKILL mid-load; every admission it acknowledged (201) is in the register with
/// its episode, placement, event and audit row, nothing is half-written, the audit chain verifies, and the server starts
/// again over the same database.
@Suite(.serialized) struct CrashSafetyTests {
    actor Acknowledged {
        var documents: [String] = []
        func add(_ document: String) { documents.append(document) }
    }

    static func start(_ url: String, port: Int, environment: [String: String], output: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = try CLITests.executable
        process.arguments = ["serve", "--database", url, "--host", "127.0.0.1", "--port", "\(port)", "--as-of", "2026-03-15"]
        process.environment = environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    static func listening(_ output: String) async throws -> Bool {
        for _ in 0..<600 {
            if String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self).contains(
                "Custodia listening")
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test(arguments: TestDatabase.engines)
    func acknowledgedAdmissionsSurviveAKill(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            try await Self.crashUnderLoad(
                address: address, url: url,
                crash: { server in
                    kill(server.processIdentifier, SIGKILL)
                })
        }
    }

    /// PostgreSQL itself crashed under load, with fsync and synchronous commits on (a cluster of its own, not the
    /// suite's, which runs without them for speed): `pg_ctl stop -m immediate` stops every backend at once, with no
    /// checkpoint, as a power loss would; the restart replays the write-ahead log.
    @Test func acknowledgedAdmissionsSurviveAPostgreSQLCrash() async throws {
        guard TestDatabase.postgresRequired || TestDatabase.postgresURL != nil else { return }
        let bin = try #require(
            try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last.map {
                "/usr/lib/postgresql/\($0)/bin"
            }, "PostgreSQL's binaries")
        let directory = "/tmp/custodia-crash-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory)
        let port = try CLITests.freePort()
        /// Runs a PostgreSQL tool as the postgres user. Through Python, whose subprocess closes every other file
        /// descriptor: a server started by `pg_ctl` would otherwise hold the one Foundation watches, and the wait would
        /// never end.
        func postgres(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments =
                [
                    "-c",
                    "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)",
                    "/usr/sbin/runuser", "-u", "postgres", "--",
                ] + arguments
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        let data = directory + "/data"
        let start = [
            "\(bin)/pg_ctl", "-D", data, "-l", directory + "/server.log", "-w", "start", "-o",
            "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=on -c synchronous_commit=on -c full_page_writes=on",
        ]
        #expect(try postgres(["\(bin)/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]) == 0)
        #expect(try postgres(start) == 0)
        defer { _ = try? postgres(["\(bin)/pg_ctl", "-D", data, "-m", "immediate", "stop"]) }
        #expect(try postgres(["\(bin)/createdb", "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "custodia_crash"]) == 0)
        let url = "postgres://postgres@127.0.0.1:\(port)/custodia_crash?sslmode=disable"
        try await Self.crashUnderLoad(
            address: .postgres(url: url), url: url,
            crash: { server in
                let stopped = try postgres(["\(bin)/pg_ctl", "-D", data, "-m", "immediate", "stop"])
                #expect(stopped == 0)
                kill(server.processIdentifier, SIGKILL)
            },
            recover: {
                let started = try postgres(start)
                #expect(started == 0)
            })
    }

    /// Admissions from six clients until `crash`; then every acknowledged one whole, nothing half-written, the chain
    /// intact, and the server up again.
    static func crashUnderLoad(
        address: DatabaseURL, url: String, crash: (Process) async throws -> Void, recover: () async throws -> Void = {}
    ) async throws {
        let database = try await Database.open(address)
        try await Migrations.migrate(database)
        try await Fixtures.load(into: database)
        let token = try await AccessFixtures.token(
            client: "Policía Nacional (sintética)", kind: .police, operations: [.admit], scope: .nation,
            in: SQLAccessDirectory(database: database, now: { Date() }), expiresAt: Date().addingTimeInterval(3600))
        try await database.close()
        let key = try CLITests.auditKey()
        defer { try? FileManager.default.removeItem(atPath: key.directory) }
        let output = key.directory + "/serve.out"
        let port = try CLITests.freePort()
        let server = try Self.start(url, port: port, environment: key.environment, output: output)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        try #require(try await Self.listening(output), "the server did not start")

        // Six clients admit people as fast as the server answers, until the crash.
        let acknowledged = Acknowledged()
        let clients = (0..<6).map { client in
            Task {
                for index in 0..<100_000 {
                    let dni = String(40_000_000 + client * 1_000_000 + index)
                    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/admissions")!)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.httpBody = try JSONSerialization.data(withJSONObject: Fixtures.admissionBody(dni: dni))
                    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return }
                    if (response as? HTTPURLResponse)?.statusCode == 201 { await acknowledged.add(dni) }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(1_500))
        try await crash(server)
        for client in clients { _ = try? await client.value }
        try await recover()
        let documents = await acknowledged.documents
        #expect(documents.count >= 5, "too few admissions acknowledged before the crash: \(documents.count)")

        // Every acknowledged admission whole; nothing half-written; the chain intact.
        let reopened = try await Database.open(address)
        let found = try await reopened.read { sql in
            Set(
                try await sql.raw(
                    """
                    SELECT p.document_number FROM persons p JOIN custody_episodes ce ON ce.person_id = p.id
                    WHERE ce.released_on IS NULL
                    """
                ).all().map { try $0.decode(column: "document_number", as: String.self) })
        }
        #expect(Set(documents).isSubset(of: found), "lost: \(Set(documents).subtracting(found).sorted().prefix(5))")
        let counts = try await reopened.read { sql in
            try await [
                "SELECT COUNT(*) AS n FROM persons", "SELECT COUNT(*) AS n FROM custody_episodes",
                "SELECT COUNT(*) AS n FROM placements", "SELECT COUNT(*) AS n FROM legal_clocks",
                "SELECT COUNT(*) AS n FROM events WHERE type = 'custodia.person.admitted.v1'",
                "SELECT COUNT(*) AS n FROM audit_trail WHERE action LIKE 'POST /api/v1/admissions%' AND outcome = 'ok'",
            ].asyncMap { try await sql.raw(SQLQueryString($0)).first()!.decode(column: "n", as: Int.self) }
        }
        #expect(
            Set(counts).count == 1 && counts[0] == found.count,
            "persons, episodes, placements, clocks, events, audit rows: \(counts)")
        #expect(try await SQLAuditLog(database: reopened, now: { Date() }).verify().problem == nil)
        try await reopened.close()

        // The server starts again over the same database and answers.
        let secondPort = try CLITests.freePort()
        let again = try Self.start(url, port: secondPort, environment: key.environment, output: output + ".2")
        defer { if again.isRunning { kill(again.processIdentifier, SIGKILL) } }
        try #require(try await Self.listening(output + ".2"), "the server did not start again")
        let (_, health) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(secondPort)/health")!)
        #expect((health as? HTTPURLResponse)?.statusCode == 200)
        kill(again.processIdentifier, SIGTERM)
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
