import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Two lanes of reads at the same time (ADR 0037): on PostgreSQL both read the one snapshot the first exported, so a
/// change committed while they read is seen by neither; on SQLite each reads on its own connection.
@Suite struct DatabaseLaneTests {
    @Test(arguments: TestDatabase.engines)
    func bothLanesReadOneSnapshot(_ engine: TestDatabase.Engine) async throws {
        let (url, cleanup) = try await TestDatabase.make(engine)
        let database = try await Database.open(url, logger: TestDatabase.quietLogger, maxConnections: 4)
        // The write comes from a pool of its own, so that it never waits for a connection the lanes hold.
        let writer = try await Database.open(url, logger: TestDatabase.quietLogger, maxConnections: 2)
        do {
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let count = { @Sendable (sql: any SQLDatabase) in
                try await sql.raw("SELECT COUNT(*) AS n FROM regional_offices").first()!.decode(column: "n", as: Int.self)
            }
            let before = try await database.read(count)
            let written = AsyncStream<Void>.makeStream()
            let (first, second) = try await database.readInTwoLanes(
                { sql in
                    let early = try await count(sql)
                    try await writer.transaction { sql in
                        try await sql.raw(
                            "INSERT INTO regional_offices (code, name) VALUES ('or-prueba', 'Oficina de prueba')"
                        ).run()
                    }
                    written.continuation.finish()
                    return (early, try await count(sql))
                },
                { sql in
                    for await _ in written.stream {}
                    return try await count(sql)
                })
            #expect(first.0 == before)
            #expect(try await database.read(count) == before + 1)
            if engine == .postgres {
                // One snapshot, taken before the write, for both lanes and the whole of each.
                #expect(first.1 == before && second == before)
            } else {
                #expect(second == before + 1)
            }
        } catch {
            try? await writer.close()
            try? await database.close()
            try await cleanup()
            throw error
        }
        try await writer.close()
        try await database.close()
        try await cleanup()
    }
}
