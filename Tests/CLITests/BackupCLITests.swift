import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia backup` and `custodia restore` on SQLite (issue 17 point 7): a copy taken while another connection keeps
/// writing, restored into a new file, passes `audit verify` against the checkpoint taken before it and gives the same
/// `stats` as the original; a backup or restore over an existing file, or from a file that is not Custodia's, is refused.
@Suite(.serialized) struct BackupCLITests {
    @Test func aCopyTakenWhileWritingRestoresAndVerifies() async throws {
        let directory = CLITests.temporaryPath("backup")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = directory + "/original.sqlite"
        let database = try await Database.open(.sqlite(path: original))
        try await Migrations.migrate(database)
        try await Fixtures.load(into: database)
        let registry = SQLRegistry(database: database, environment: Fixtures.environment())
        guard case .done = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
            case .done = try await registry.admit(Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t")
        else { throw CancellationError() }
        let log = SQLAuditLog(database: database, now: { Date() })
        let key = directory + "/checkpoint.key"
        #expect(try CLITests.run(["audit", "keygen", "--out", key]).status == 0)
        #expect(
            try CLITests.run(["audit", "checkpoint", "--key", key, "--out", directory, "--database", "sqlite://\(original)"])
                .status == 0)
        let checkpoint = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("checkpoint-") })

        // The backup while another connection keeps appending to the trail.
        let writer = Task {
            for index in 0..<200 where !Task.isCancelled {
                try await log.record(
                    NewAuditRecord(
                        actor: Actor(user: "w\(index)", role: "auditor", address: nil, action: "GET /x"), outcome: "ok"))
            }
        }
        let copy = directory + "/copy.sqlite"
        let backup = try CLITests.run(["backup", "--to", copy, "--database", "sqlite://\(original)"])
        #expect(backup.status == 0 && backup.output.contains("backup written to \(copy)"), "\(backup.error)")
        try await writer.value
        try await database.close()

        let restored = directory + "/restored.sqlite"
        let restore = try CLITests.run(["restore", "--from", copy, "--database", "sqlite://\(restored)"])
        #expect(restore.status == 0 && restore.output.contains("audit trail intact"), "\(restore.output)\(restore.error)")
        let verify = try CLITests.run([
            "audit", "verify", "--checkpoint", directory + "/" + checkpoint, "--public-key", key + ".pub", "--database",
            "sqlite://\(restored)",
        ])
        #expect(verify.status == 0 && verify.output.contains(": consistent"), "\(verify.output)")
        let before = try CLITests.run(["stats", "--json", "--database", "sqlite://\(original)"])
        let after = try CLITests.run(["stats", "--json", "--database", "sqlite://\(restored)"])
        #expect(before.status == 0 && before.output == after.output && before.output.contains("\"population\""))

        // Refused: over an existing file, into an existing database, from a file that is not Custodia's.
        #expect(try CLITests.run(["backup", "--to", copy, "--database", "sqlite://\(original)"]).status != 0)
        #expect(try CLITests.run(["restore", "--from", copy, "--database", "sqlite://\(restored)"]).status != 0)
        let junk = directory + "/junk.sqlite"
        _ = FileManager.default.createFile(atPath: junk, contents: Data())
        let notOurs = try CLITests.run(["restore", "--from", junk, "--database", "sqlite://\(directory)/other.sqlite"])
        #expect(notOurs.status != 0 && notOurs.error.contains("is not a Custodia database"), "\(notOurs.error)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/other.sqlite"))
    }
}
