import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia backup` and `custodia restore` (issue 17 point 7): SQLite's online copy while serving, and its restore
/// into a new file, checked (the schema brought up to date, the audit chain walked) before it is reported ready.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract:
            "Copy the SQLite database to a new file while it serves (a consistent snapshot); PostgreSQL: pg_dump (docs/operations.md)."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The new file.") var to: String

    func run() async throws {
        let config = try CLI.config(database: db.database)
        try await CLI.withDatabase(config) { database in
            do {
                let bytes = try await Backup.sqlite(database, to: to)
                print("backup written to \(to) (\(bytes) bytes); restore it with custodia restore --from \(to)")
            } catch let failure as Backup.Failure {
                throw ValidationError(failure.description)
            }
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract:
            "Restore a SQLite backup into a new database file: copied, migrated to this version, its audit chain verified.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The backup file.") var from: String

    func run() async throws {
        let config = try CLI.config(database: db.database)
        guard case .sqlite(let path) = config.database else {
            throw ValidationError("--database: restore writes a SQLite file; PostgreSQL: pg_restore (docs/operations.md)")
        }
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("--from: \(from) does not exist") }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("--database: \(path) exists; restore into a new file")
        }
        try FileManager.default.copyItem(atPath: from, toPath: path)
        try await CLI.withDatabase(config) { database in
            guard try await Migrations.schemaExists(database) else {
                try? FileManager.default.removeItem(atPath: path)
                throw ValidationError("--from: \(from) is not a Custodia database")
            }
            try await Migrations.migrate(database)
            let verification = try await SQLAuditLog(database: database, now: config.now).verify()
            print("restored \(from) into \(path); \(verification.description)")
            if verification.problem != nil { throw ExitCode(2) }
        }
    }
}
