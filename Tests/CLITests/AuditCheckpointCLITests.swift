import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// `custodia audit keygen|checkpoint|verify --checkpoint` (issue 17 point 5): a key outside the database, a checkpoint
/// written to a directory, proven consistent while the trail only grows; after the last rows are deleted and the head
/// fixed, the chain still reads intact and the checkpoint names the truncation (exit 2); bad arguments refused.
@Suite(.serialized) struct AuditCheckpointCLITests {
    @Test(arguments: TestDatabase.engines)
    func aCheckpointCatchesWhatTheChainCannot(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let log = SQLAuditLog(database: database, now: { Date() })
            for index in 1...6 {
                try await log.record(
                    NewAuditRecord(
                        actor: Actor(user: "u\(index)", role: "auditor", address: nil, action: "GET /x"), outcome: "ok"))
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("custodia-ckpt-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let key = directory.appendingPathComponent("checkpoint.key").path

            let made = try CLITests.run(["audit", "keygen", "--out", key])
            #expect(made.status == 0 && FileManager.default.fileExists(atPath: key + ".pub"), "\(made.error)")
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try CLITests.run(["audit", "keygen", "--out", key]).status != 0, "never over an existing key")
            let written = try CLITests.run([
                "audit", "checkpoint", "--key", key, "--out", directory.path, "--database", url,
            ])
            #expect(written.status == 0 && written.output.contains(" rows, root "), "\(written.error)")
            // In the event log too, for the subscriptions that keep checkpoints as outside witnesses.
            let published = try await database.read { sql in
                try await sql.raw("SELECT detail FROM events WHERE type = 'custodia.audit.checkpoint.v1'").all().map {
                    try $0.decode(column: "detail", as: String.self)
                }
            }
            #expect(published.count == 1 && published[0].contains("\"tree_size\""), "\(published)")
            let checkpoint = try #require(
                try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix("checkpoint-") })
            let file = directory.appendingPathComponent(checkpoint).path
            try await log.record(
                NewAuditRecord(actor: Actor(user: "u7", role: "auditor", address: nil, action: "GET /x"), outcome: "ok"))
            let holds = try CLITests.run([
                "audit", "verify", "--checkpoint", file, "--public-key", key + ".pub", "--database", url,
            ])
            #expect(holds.status == 0 && holds.output.contains("\(file): consistent"), "\(holds.output)\(holds.error)")

            // One row's inclusion proof, checked without Custodia by the documented script; a field changed fails it.
            let proved = try CLITests.run(["audit", "prove", "3", "--checkpoint", file, "--database", url])
            #expect(proved.status == 0 && proved.output.contains("\"leaf_index\" : 2"), "\(proved.error)")
            let proof = directory.appendingPathComponent("row-3.json")
            try Data(proved.output.utf8).write(to: proof)
            let checked = try Self.python([proof.path, file, key + ".pub"])
            #expect(checked.status == 0 && checked.output.contains("inclusion in the checkpoint's tree"), "\(checked.output)")
            #expect(checked.output.contains("hash matches its fields") && checked.output.hasSuffix("ok\n"), "\(checked.output)")
            // Python's `cryptography`, where installed, checks Swift's Ed25519 signature independently.
            #expect(
                checked.output.contains("signature: valid for the key given")
                    || checked.output.contains("signature: not checked"), "\(checked.output)")
            try Data(proved.output.replacingOccurrences(of: "\"outcome\" : \"ok\"", with: "\"outcome\" : \"denied\"").utf8)
                .write(to: proof)
            let forged = try Self.python([proof.path, file])
            #expect(forged.status == 1 && forged.output.contains("DOES NOT match its fields"), "\(forged.output)")
            #expect(try CLITests.run(["audit", "prove", "999", "--database", url]).status != 0)

            // The last two rows deleted and the head fixed: the chain reads intact, the checkpoint does not.
            try await database.transaction { sql in
                try await sql.raw("DELETE FROM audit_trail WHERE seq > (SELECT MAX(seq) - 2 FROM audit_trail)").run()
                try await sql.raw(
                    """
                    UPDATE audit_head SET last_seq = (SELECT MAX(seq) FROM audit_trail),
                      last_hash = (SELECT hash FROM audit_trail ORDER BY seq DESC LIMIT 1) WHERE id = 1
                    """
                ).run()
            }
            try await database.close()
            let caught = try CLITests.run([
                "audit", "verify", "--checkpoint", file, "--public-key", key + ".pub", "--database", url,
            ])
            #expect(caught.status == 2 && caught.output.contains("audit trail intact"), "\(caught.output)")
            #expect(
                caught.output.contains("truncated") && caught.output.contains("first checkpoint not consistent with the trail"))
            // Bad arguments: a checkpoint without the key to check it, a key file that is not one, no such directory.
            #expect(try CLITests.run(["audit", "verify", "--checkpoint", file, "--database", url]).status == 64)
            let notKey = try CLITests.run(["audit", "checkpoint", "--key", file, "--out", directory.path, "--database", url])
            #expect(notKey.status != 0 && notKey.error.contains("not a Custodia checkpoint key"))
            let nowhere = try CLITests.run(["audit", "checkpoint", "--key", key, "--out", "/nonexistent/dir", "--database", url])
            #expect(nowhere.status != 0 && nowhere.error.contains("is not a directory"))
        }
    }

    /// Runs the documented checking script with the system's Python.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        // The package's root: three levels above this file (Tests/CLITests/…).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        process.arguments = [root.appendingPathComponent("scripts/check-inclusion-proof.py").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
