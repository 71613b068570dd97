import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `custodia serve` for real: it answers on its port and stops cleanly on SIGINT and SIGTERM, and as it stops
/// it writes the summary of the anonymous refusals it only counted (ADR 0012).
@Suite(.serialized) struct ServeCLITests {
    @Test(arguments: [SIGINT, SIGTERM])
    func serveAnswersOnItsPortAndStopsCleanly(_ signal: Int32) async throws {
        let path = CLITests.temporaryPath("serve.sqlite")
        let output = CLITests.temporaryPath("serve.out")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try? FileManager.default.removeItem(atPath: output)
        }
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let port = Int.random(in: 20_000...60_000)
        let process = Process()
        process.executableURL = try CLITests.executable
        process.arguments = ["serve", "--database", "sqlite://\(path)", "--host", "127.0.0.1", "--port", "\(port)"]
        let key = try CLITests.auditKey()
        defer { try? FileManager.default.removeItem(atPath: key.directory) }
        process.environment = key.environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var listening = false
        for _ in 0..<600 where !listening {
            try await Task.sleep(for: .milliseconds(100))
            listening = String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self)
                .contains("Custodia listening on http://127.0.0.1:\(port)")
        }
        try #require(listening, "the server did not start")
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("ok"))
        for _ in 0..<15 {
            let (_, refused) = try await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)/api/v1/establishments")!)
            #expect((refused as? HTTPURLResponse)?.statusCode == 401)
        }
        kill(process.processIdentifier, signal)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "still running 10 s after the signal")
        #expect(process.terminationStatus == 0 && process.terminationReason == .exit)
        try? handle.close()
        // Ten refusals written one by one, the five others in the summary written as the server stopped.
        let database = try await Database.open(.sqlite(path: path))
        let outcomes = try await database.read { sql in
            try await sql.raw("SELECT action, outcome FROM audit_trail WHERE user_name = 'anonymous' ORDER BY seq").all().map {
                (try $0.decode(column: "action", as: String.self), try $0.decode(column: "outcome", as: String.self))
            }
        }
        let rows = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM audit_trail").first()!.decode(column: "n", as: Int.self)
        }
        try await database.close()
        #expect(outcomes.filter { $0.1 == "401 auth.required" }.count == 10)
        let summaries = outcomes.filter { $0.0 == "refusals" }.map(\.1)
        #expect(summaries.count == 1 && summaries.first?.hasPrefix("summary: 15 refusals") == true, "\(summaries)")
        // A checkpoint as it started and one as it stopped, the last counting every row, the summary included (ADR 0028).
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: key.directory).filter {
            $0.hasPrefix("checkpoint-")
        }
        let sizes = try checkpoints.map {
            try JSONDecoder().decode(AuditCheckpoint.self, from: Data(contentsOf: URL(fileURLWithPath: key.directory + "/" + $0)))
                .treeSize
        }
        #expect(checkpoints.count >= 2 && sizes.max() == rows && sizes.min()! < rows, "\(checkpoints) \(sizes) \(rows)")
    }

    /// Outside the demo, serve refuses to start without the checkpoint key (ADR 0028).
    @Test func serveRefusesToStartWithoutTheCheckpointKey() throws {
        let path = CLITests.temporaryPath("nokey.sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let run = try CLITests.run(["serve", "--database", "sqlite://\(path)", "--port", "18999"])
        #expect(
            run.status == 1
                && run.error.contains(
                    "serve needs the audit checkpoint key, kept outside the database: make one with `custodia audit keygen"),
            "\(run.error)")
        let bad = try CLITests.run(
            ["serve", "--database", "sqlite://\(path)", "--port", "18999"], environment: ["CUSTODIA_AUDIT_KEY": path])
        #expect(bad.status != 0 && bad.error.contains("audit checkpoint key (CUSTODIA_AUDIT_KEY)"), "\(bad.error)")
    }
}
