import SQLKit

extension Database {
    /// Runs two lanes of reads at the same time, each lane's reads one after another on one connection, and answers
    /// both results (ADR 0037). On PostgreSQL both lanes read one snapshot: the first lane opens a read-only
    /// repeatable-read transaction and exports its snapshot, the second imports it before reading, and the first
    /// keeps its transaction open until the second has. On SQLite each lane reads on its own connection.
    public func readInTwoLanes<A: Sendable, B: Sendable>(
        _ first: @escaping @Sendable (any SQLDatabase) async throws -> A,
        _ second: @escaping @Sendable (any SQLDatabase) async throws -> B
    ) async throws -> (A, B) {
        guard engine == .postgres else {
            async let a = read(first)
            async let b = read(second)
            return try await (a, b)
        }
        let exported = AsyncStream<String>.makeStream()
        let imported = AsyncStream<Void>.makeStream()
        async let a: A = read { sql in
            try await sql.raw("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            do {
                let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS snapshot").first()?
                    .decode(column: "snapshot", as: String.self)
                exported.continuation.yield(snapshot ?? "")
                exported.continuation.finish()
                let result = try await first(sql)
                // The snapshot lives as long as this transaction: the second lane must have imported it.
                for await _ in imported.stream {}
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                exported.continuation.finish()
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
        async let b: B = read { sql in
            var snapshots = exported.stream.makeAsyncIterator()
            let snapshot = await snapshots.next()
            defer { imported.continuation.finish() }
            guard let snapshot, !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw StoreError.corrupt("no snapshot exported by the first lane")
            }
            try await sql.raw("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            do {
                try await sql.raw("SET TRANSACTION SNAPSHOT '\(unsafeRaw: snapshot)'").run()
                imported.continuation.finish()
                let result = try await second(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
        return try await (a, b)
    }
}
