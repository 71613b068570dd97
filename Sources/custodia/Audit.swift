import App
import ArgumentParser
import CustodiaCore
import Foundation
import Logging
import Store

/// `custodia audit`: the trail's hash chain, and its checkpoints signed with a key kept outside the database (issue 17
/// point 5; RFC 9162's signed tree heads), which outside witnesses hold.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit trail: verify its chain and checkpoints, write a checkpoint, make the checkpoint key.",
        subcommands: [Verify.self, Checkpoint.self, Keygen.self, Prove.self])

    /// A key file's error as the command line reports a bad argument.
    static func asValidation<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw ValidationError("\(error)") }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Walk the hash chain and name the first row edited, removed or reordered; prove each checkpoint given is consistent with the trail, or name the first that is not (exit 2 if any problem)."
        )
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("checkpoint"), help: "A checkpoint file (repeatable), oldest first.")
        var checkpoints: [String] = []
        @Option(name: .customLong("public-key"), help: "The checkpoint key's public half (the .pub file).")
        var publicKey: String?

        func validate() throws {
            if !checkpoints.isEmpty, publicKey == nil {
                throw ValidationError("--public-key: the key that must have signed the checkpoints")
            }
        }

        func run() async throws {
            let config = try CLI.config(database: db.database)
            let key = try publicKey.map { path in try Audit.asValidation { try AuditKeys.publicKey(file: path) } }
            var files: [(String, AuditCheckpoint)] = []
            for path in checkpoints {
                guard let data = FileManager.default.contents(atPath: path),
                    let checkpoint = try? JSONDecoder().decode(AuditCheckpoint.self, from: data)
                else { throw ValidationError("\(path): not a Custodia audit checkpoint") }
                files.append((path, checkpoint))
            }
            try await CLI.withDatabase(config) { database in
                guard try await Migrations.schemaExists(database) else {
                    FileHandle.standardError.write(Data("error: \(database.url) has no Custodia schema\n".utf8))
                    throw ExitCode(1)
                }
                let log = SQLAuditLog(database: database, now: config.now)
                let result = try await log.verify()
                print(result.description)
                var failed = result.problem != nil
                if let key, !files.isEmpty {
                    let verdicts = try await log.verify(files.map(\.1), publicKey: key)
                    for ((path, _), verdict) in zip(files, verdicts) { print("\(path): \(verdict.description)") }
                    if let first = zip(files, verdicts).first(where: { !$0.1.isConsistent }) {
                        print("first checkpoint not consistent with the trail: \(first.0.0)")
                        failed = true
                    }
                }
                if failed { throw ExitCode(2) }
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a checkpoint of the trail as it is now (its size and Merkle root) and write it to a directory.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The checkpoint key (the file `custodia audit keygen` wrote), outside the database.") var key: String
        @Option(help: "The directory the checkpoint is written to (witnesses copy it from there).") var out: String = "."

        func run() async throws {
            let config = try CLI.config(database: db.database)
            let signing = try Audit.asValidation { try AuditKeys.privateKey(file: key) }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--out: \(out) is not a directory")
            }
            try await CLI.withDatabase(config) { database in
                let checkpoint = try await SQLAuditLog(database: database, now: config.now).checkpoint(key: signing)
                let path = try Audit.save(checkpoint, in: out)
                try await SQLAuditLog(database: database, now: config.now).publish(checkpoint, actor: "custodia audit checkpoint")
                print("\(path): \(checkpoint.treeSize) rows, root \(checkpoint.rootHash), \(checkpoint.issuedAt)")
            }
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a checkpoint key: the private half at --out (readable by its owner only), the public at --out.pub.")
        @Option(help: "Where to write the private key; refused if a file is there.") var out: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: out) else { throw ValidationError("--out: \(out) exists") }
            let (secret, shared) = AuditKeys.generate()
            guard
                FileManager.default.createFile(
                    atPath: out, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]),
                FileManager.default.createFile(atPath: out + ".pub", contents: Data((shared + "\n").utf8))
            else { throw ValidationError("--out: cannot write \(out)") }
            print("checkpoint key written to \(out) (keep it outside the database); public key \(shared) in \(out).pub")
        }
    }
}

extension Audit {
    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print one row's inclusion proof as JSON, for an outside auditor to check against a checkpoint with scripts/check-inclusion-proof.py (no Custodia needed)."
        )
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The row's sequence number.") var seq: Int64
        @Option(help: "Prove it in this checkpoint's tree (default: the whole trail as it is now).") var checkpoint: String?

        func run() async throws {
            let config = try CLI.config(database: db.database)
            var signed: AuditCheckpoint?
            if let path = checkpoint {
                guard let data = FileManager.default.contents(atPath: path),
                    let read = try? JSONDecoder().decode(AuditCheckpoint.self, from: data)
                else { throw ValidationError("\(path): not a Custodia audit checkpoint") }
                signed = read
            }
            try await CLI.withDatabase(config) { database in
                let log = SQLAuditLog(database: database, now: config.now)
                guard let proof = try await log.inclusion(of: seq, treeSize: signed?.treeSize) else {
                    throw ValidationError("row \(seq) is not in the trail\(signed.map { " of \($0.treeSize) rows" } ?? "")")
                }
                if let signed, Hex.encode(proof.root) != signed.rootHash {
                    FileHandle.standardError.write(
                        Data("error: the trail's first \(signed.treeSize) rows no longer hash to the checkpoint's root\n".utf8))
                    throw ExitCode(2)
                }
                let r = proof.row
                let object: [String: Any] = [
                    "format": "custodia-audit-inclusion/1", "seq": r.sequence, "occurred_at": r.occurredAt,
                    "fields": [
                        "user": r.record.actor.user, "role": r.record.actor.role, "action": r.record.actor.action,
                        "resource": r.record.resource as Any, "person_number": r.record.personNumber as Any,
                        "establishment_code": r.record.establishmentCode as Any, "address": r.record.actor.address as Any,
                        "outcome": r.record.outcome,
                    ],
                    "prev_hash": r.previousHash, "hash": r.hash, "leaf_index": proof.leafIndex, "tree_size": proof.treeSize,
                    "root_hash": Hex.encode(proof.root), "proof": proof.proof.map { Hex.encode($0) },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// Writes signed checkpoints of the trail into a directory while serving (ADR 0028).
struct CheckpointWriter: Sendable {
    let log: SQLAuditLog
    let keyPath: String
    let directory: String
    let logger: Logger

    init(log: SQLAuditLog, keyPath: String, directory: String, logger: Logger) throws {
        _ = try AuditKeys.privateKey(file: keyPath)
        self.log = log
        self.keyPath = keyPath
        self.directory = directory
        self.logger = logger
    }

    /// A checkpoint of the trail as it is now, as `checkpoint-SIZE-TIME.json`; a failure is logged, never fatal.
    @discardableResult
    func write() async -> String? {
        do {
            let checkpoint = try await log.checkpoint(key: try AuditKeys.privateKey(file: keyPath))
            let path = try Audit.save(checkpoint, in: directory)
            try await log.publish(checkpoint, actor: "custodia serve")
            logger.info("audit checkpoint written", metadata: ["path": "\(path)", "rows": "\(checkpoint.treeSize)"])
            return path
        } catch {
            logger.error("audit checkpoint not written", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

extension Audit {
    /// Writes a checkpoint as `checkpoint-SIZE-TIME.json` in the directory; returns its path.
    static func save(_ checkpoint: AuditCheckpoint, in directory: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let stamp = checkpoint.issuedAt.filter { $0.isNumber }
        let path = (directory as NSString).appendingPathComponent("checkpoint-\(checkpoint.treeSize)-\(stamp).json")
        try encoder.encode(checkpoint).write(to: URL(fileURLWithPath: path))
        return path
    }
}
