import Foundation
import SQLKit

/// Backups of the embedded store (issue 17 point 7): SQLite's `VACUUM INTO`, a consistent copy of one snapshot taken
/// on a reading connection while the server keeps writing (WAL). PostgreSQL is backed up with Debian's `pg_dump`
/// (docs/operations.md).
public enum Backup {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Copies the SQLite database to `path` (which must not exist) and returns the copy's size in bytes.
    @discardableResult
    public static func sqlite(_ database: Database, to path: String) async throws -> Int {
        guard database.engine == .sqlite else {
            throw Failure(description: "custodia backup copies SQLite; back PostgreSQL up with pg_dump (docs/operations.md)")
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure(description: "\(path) exists") }
        _ = try await database.read { sql in try await sql.execute("VACUUM INTO $1", [path]) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return size
    }
}
