import Logging
import NIOCore
import SQLKit

#if PostgreSQL
    import PostgresKit

    /// A PostgreSQL connection as the store's sessions see it: SQLKit's database for every statement, and the
    /// connection itself for the statements kept prepared on it (ADR 0036).
    struct PostgresSession: SQLDatabase {
        let connection: PostgresConnection
        let base: any SQLDatabase

        init(_ connection: PostgresConnection) {
            self.connection = connection
            self.base = connection.sql(queryLogLevel: nil)
        }

        var logger: Logger { base.logger }
        var eventLoop: any EventLoop { base.eventLoop }
        var version: (any SQLDatabaseReportedVersion)? { base.version }
        var dialect: any SQLDialect { base.dialect }
        var queryLogLevel: Logger.Level? { base.queryLogLevel }

        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
            base.execute(sql: query, onRow)
        }

        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
            try await base.execute(sql: query, onRow)
        }

        func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
            try await closure(self)
        }
    }

    /// The person file's statement, prepared once on each connection: PostgreSQL parses and plans its twenty
    /// subqueries once instead of on every read (4 of the 6.4 ms a file took with one client, ADR 0036).
    struct PersonFileStatement: PostgresPreparedStatement {
        typealias Row = PostgresRow
        static let name = "custodia_person_file"
        static var sql: String { SQLRegistry.FileSections.postgres }
        static var bindingDataTypes: [PostgresDataType] { [.int8] }
        let id: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(id)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
#endif

extension SQLDatabase {
    /// The person file's row (`SQLRegistry.FileSections`): on a PostgreSQL session by its prepared statement, on
    /// SQLite (whose connections keep their statements' plans) as any statement.
    func personFileRow(_ id: Int64) async throws -> (any SQLRow)? {
        #if PostgreSQL
            if let session = self as? PostgresSession {
                var found: (any SQLRow)?
                for try await row in try await session.connection.execute(PersonFileStatement(id: id), logger: logger) {
                    found = row.sql()
                }
                return found
            }
        #endif
        return try await execute(
            dialect.name == "postgresql" ? SQLRegistry.FileSections.postgres : SQLRegistry.FileSections.sqlite, [id]
        ).first
    }
}
