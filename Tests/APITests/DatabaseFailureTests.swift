import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Store
import Synchronization
import Testing

/// When the database fails, the caller gets a clear answer without the database's words, the log gets them,
/// and nothing is written: 503 with Retry-After for a busy database, 500 for anything else. Two requests that
/// race for one DNI get the answers two requests one after the other get.
@Suite struct DatabaseFailureTests {
    @Test(arguments: TestDatabase.engines)
    func aBusyDatabaseIsA503WithRetryAfterAndNothingWritten(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine, lockTimeout: .milliseconds(300)) { database in
            try await Fixtures.load(into: database)
            let log = LogRecorder()
            try await Self.serve(database, logger: log.logger) { client, services, clock in
                let token = try await AccessFixtures.token(
                    client: "Corte de prueba", operations: Set(AccessOperation.allCases), scope: .nation,
                    in: services.directory, expiresAt: clock.now.addingTimeInterval(3_600))
                let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
                // Another connection holds the lock a write needs, longer than the server waits for it.
                let holder = try await Database.open(database.url, logger: TestDatabase.quietLogger, maxConnections: 1)
                let busy = try await holder.read { sql in
                    switch engine {
                    case .sqlite: try await sql.raw("BEGIN EXCLUSIVE").run()
                    case .postgres:
                        try await sql.raw("BEGIN").run()
                        try await sql.raw("LOCK TABLE persons IN ACCESS EXCLUSIVE MODE").run()
                    }
                    let response = try await client.call(
                        .post, "/api/v1/admissions", json: Bodies.admission(dni: "45555555"), headers: bearer)
                    try await sql.raw("ROLLBACK").run()
                    return response
                }
                try await holder.close()
                #expect(busy.status == 503 && busy.problemCode == "service.busy", "\(busy.status) \(busy.json)")
                #expect(busy.headers[.retryAfter] == "2")
                let text = "\(busy.json)".lowercased()
                #expect(!text.contains("lock") && !text.contains("sqlite") && !text.contains("persons"), "\(text)")
                #expect(try await Meta.personCount(in: database) == 0)
                #expect(log.messages.contains { $0.level == .warning && $0.text.contains("database busy") })
                // The same request once the lock is gone.
                let admitted = try await client.call(
                    .post, "/api/v1/admissions", json: Bodies.admission(dni: "45555555"), headers: bearer)
                #expect(admitted.status == 201)
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anyOtherFailureIsA500WithoutDetailAndLogged(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let log = LogRecorder()
            try await Self.serve(database, logger: log.logger) { client, services, clock in
                guard
                    case .done(let file) = try await services.registry.admit(
                        Fixtures.admission(), asOf: Fixtures.asOf, actor: "test")
                else { throw CancellationError() }
                let token = try await AccessFixtures.token(
                    client: "Corte de prueba", operations: Set(AccessOperation.allCases), scope: .nation,
                    in: services.directory, expiresAt: clock.now.addingTimeInterval(3_600))
                // A table the person file reads is gone (a damaged database).
                try await database.transaction { sql in try await sql.raw("DROP TABLE person_aliases").run() }
                let response = try await client.call(
                    .get, "/api/v1/persons/\(file.person.number)", headers: [.authorization: "Bearer \(token)"])
                #expect(response.status == 500 && response.problemCode == "internal_error", "\(response.status)")
                #expect(!"\(response.json)".contains("person_aliases"), "\(response.json)")
                #expect(log.messages.contains { $0.level == .error && $0.text.contains("person_aliases") })
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func concurrentAdmissionsOfOneDNIGetTheAnswersOfSequentialOnes(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            // The answer a second admission of a DNI gets when it comes after the first.
            let first = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(dni: "46666666"))
            #expect(first.status == 201)
            let sequential = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(dni: "46666666"))
            #expect(sequential.status == 422 && !sequential.errorCodes.isEmpty)
            // Ten at once for a new DNI: one is admitted, the others get that same answer.
            let responses = try await withThrowingTaskGroup(of: JSONResponse.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(dni: "47777777")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == 201 }.count == 1, "\(responses.map(\.status))")
            for refused in responses where refused.status != 201 {
                #expect(refused.status == 422 && refused.errorCodes == sequential.errorCodes, "\(refused.status) \(refused.json)")
            }
            #expect(try await Meta.personCount(in: database) == 2)
        }
    }

    /// The application over `database`, logging to `logger`.
    static func serve(
        _ database: Database, logger: Logger,
        _ body: @escaping @Sendable (any TestClientProtocol, Services, TestClock) async throws -> Void
    ) async throws {
        let clock = TestClock()
        let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
        let router = try CustodiaApp.buildRouter(services: services, config: AccessFixtures.config(clock: clock))
        try await Application(router: router, logger: logger).test(.router) { client in
            try await body(client, services, clock)
        }
    }
}

/// Keeps what the application logs, to check that failures are logged (a real `LogHandler`, in memory).
final class LogRecorder: Sendable {
    struct Message: Sendable {
        let level: Logger.Level
        let text: String
    }

    private let store = Mutex<[Message]>([])

    var messages: [Message] { store.withLock { $0 } }

    var logger: Logger {
        Logger(label: "custodia.test") { _ in Handler(recorder: self) }
    }

    func append(_ message: Message) { store.withLock { $0.append(message) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.append(Message(level: event.level, text: "\(event.message) \(all)"))
        }
    }
}
