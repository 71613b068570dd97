import API
import CustodiaCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import SQLKit
import Store

/// Admissions per second through the whole API in process (router, middleware, OpenAPI decoding, rules,
/// one transaction per admission), next to raw single-row INSERT transactions into `persons`, the ceiling.
public enum AdmissionBenchmark {
    public struct Result: Sendable {
        public var admissions: Int
        public var admissionsPerSecond: Double
        public var registryAdmissionsPerSecond: Double
        public var rawInserts: Int
        public var rawInsertsPerSecond: Double
        public var medianAdmissionMicroseconds: Double
        public var p99AdmissionMicroseconds: Double
    }

    /// A register with one men's establishment and one big procesados pavilion.
    static let registers = BulkLoader.Registers(
        regionalOffices: [RegionalOffice(id: 1, code: "lima", name: "Lima - Lima")],
        establishments: [
            Establishment(
                id: 1, code: "bench", name: "E.P. de Prueba de Rendimiento", shortName: "Bench", regionalOfficeID: 1,
                department: "Lima", city: "Lima", housedSex: .male, certifiedCapacity: 1_000)
        ],
        pavilions: [
            Pavilion(
                id: 1, establishmentID: 1, code: "A", name: "Pabellón A", housedSex: .male, proceduralStatus: .unsentenced,
                certifiedCapacity: 1_000)
        ],
        persons: [], cases: [], orders: [], episodes: [], placements: [])

    static func body(_ index: Int) -> Data {
        let dni = String(30_000_000 + index)
        let json = """
            {"person":{"document":{"type":"dni","number":"\(dni)"},"given_names":"Juan","paternal_surname":"Prueba",\
            "maternal_surname":"Rendimiento","sex":"male","birth_date":"1990-01-01","nationality":"PER"},\
            "establishment_code":"bench","pavilion_code":"A","admitted_on":"2026-03-02","admitted_at":"10:00",\
            "sending_authority":"Juzgado de Investigación Preparatoria N.º 1 de Lima","arrested_on":"2026-03-01",\
            "case":{"number":"00001-2026-1-1801-JR-PE-01","court":"Juzgado de Investigación Preparatoria N.º 1 de Lima",\
            "judicial_district":"Corte Superior de Justicia de Lima","case_type":"ordinary","charges":["189"]},\
            "order":{"kind":"pretrial_detention","issuing_court":"Juzgado de Investigación Preparatoria N.º 1 de Lima",\
            "issued_on":"2026-03-02","reference":"Resolución N.º 1","months":9,"starts_on":"2026-03-01"}}
            """
        return Data(json.utf8)
    }

    /// Runs on an empty database (migrated here); `concurrency` admissions are in flight at once.
    /// `guarded`: every request signed in as a registry clerk (session cookie and CSRF token checked) and
    /// every admission written with its audit row; otherwise the API is open and nothing is audited, the
    /// baseline that shows what authentication and the trail cost.
    public static func run(database: Database, admissions: Int, concurrency: Int, guarded: Bool = true, logger: Logger)
        async throws -> Result
    {
        try await Migrations.migrate(database)
        var config = AppConfig(asOf: CivilDate(year: 2026, month: 3, day: 15)!)
        config.access.bcryptCost = 4
        // The server's own ceiling is measured: no request rate limits.
        config.access.requestRates = .none
        try await BulkLoader.load(
            registers, into: database, actor: "bench", note: "admission benchmark", createdAt: config.now())
        let services = Services(database: database, environment: config.environment, auditTrail: guarded)
        let registry = services.registry
        let router =
            guarded
            ? try CustodiaApp.buildRouter(services: services, config: config)
            : try CustodiaApp.buildUnguardedRouter(services: services, config: config)
        let responder = router.buildResponder()
        var headers: HTTPFields = [.contentType: "application/json"]
        if guarded {
            let password = AccessControl.newPassword()
            _ = try await services.directory.createUser(
                username: "bench.clerk", displayName: "Registrador de prueba",
                passwordHash: await AccessControl.hashPassword(password, cost: 4), roles: [.registryClerk],
                scope: .establishments(["bench"]), totpSecret: nil, actor: "bench")
            let access = AccessControl(
                directory: services.directory, audit: services.auditLog, settings: config.access, now: config.now)
            guard
                case .success(let login) = try await access.login(
                    username: "bench.clerk", password: password, totp: nil, address: nil)
            else { throw BenchmarkFailure(description: "bench clerk could not sign in") }
            headers[.cookie] = "\(AccessControl.cookieName)=\(login.sessionToken)"
            headers[HTTPField.Name(AccessControl.csrfHeader)!] = login.csrfToken
        }
        let requestHeaders = headers

        let counter = Counter()
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    let channel = NIOAsyncTestingChannel()
                    var durations: [Duration] = []
                    while let index = await counter.next(below: admissions) {
                        let request = Request(
                            head: HTTPRequest(
                                method: .post, scheme: "http", authority: "localhost", path: "/api/v1/admissions",
                                headerFields: requestHeaders),
                            body: .init(buffer: ByteBuffer(bytes: body(index))))
                        let context = CustodiaRequestContext(source: .init(channel: channel, logger: logger))
                        let begin = ContinuousClock.now
                        let response = try await responder.respond(to: request, context: context)
                        let collector = BodyCollector()
                        try await response.body.write(collector)
                        let collected = await collector.buffer.value
                        durations.append(ContinuousClock.now - begin)
                        guard response.status == .created else {
                            throw BenchmarkFailure(
                                description: "admission \(index) answered \(response.status): \(String(buffer: collected))")
                        }
                    }
                    return durations
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }
        }
        let apiSeconds = (ContinuousClock.now - started).seconds

        // The same admissions straight into the registry (no HTTP, no JSON), to split the cost.
        let registryStarted = ContinuousClock.now
        for index in 0..<admissions {
            let request = AdmissionRequest(
                subject: .new(
                    NewPerson(
                        document: .dni(String(40_000_000 + index)),
                        name: PersonName(givenNames: "Juan", paternalSurname: "Registro", maternalSurname: "Directo"),
                        sex: .male, birthDate: CivilDate(year: 1990, month: 1, day: 1), nationality: "PER")),
                establishmentCode: "bench", pavilionCode: "A", admittedOn: CivilDate(year: 2026, month: 3, day: 2)!,
                admittedAt: TimeOfDay(hour: 10, minute: 0)!, sendingAuthority: "Juzgado de Investigación Preparatoria N.º 1",
                arrestedOn: CivilDate(year: 2026, month: 3, day: 1),
                legalCase: NewLegalCase(
                    number: CaseNumber("00001-2026-1-1801-JR-PE-01")!, court: "Juzgado", judicialDistrict: "Lima",
                    caseType: .ordinary, chargeArticles: ["189"]),
                order: NewOrder(
                    kind: .pretrialDetention(
                        PretrialTerm(caseType: .ordinary, months: 9, startsOn: CivilDate(year: 2026, month: 3, day: 1)!)),
                    issuingCourt: "Juzgado", issuedOn: CivilDate(year: 2026, month: 3, day: 2)!, reference: "Resolución N.º 1"))
            guard case .done = try await registry.admit(request, asOf: config.asOf!, actor: "bench") else {
                throw BenchmarkFailure(description: "direct admission \(index) refused")
            }
        }
        let registrySeconds = (ContinuousClock.now - registryStarted).seconds

        // The ceiling: one-row INSERT transactions into the same database, one after another.
        let rawCount = admissions
        let rawSeconds = try await rawInserts(database, count: rawCount, from: 60_000_000)
        let sorted = latencies.map { $0.seconds * 1_000_000 }.sorted()
        return Result(
            admissions: admissions, admissionsPerSecond: Double(admissions) / apiSeconds,
            registryAdmissionsPerSecond: Double(admissions) / registrySeconds, rawInserts: rawCount,
            rawInsertsPerSecond: Double(rawCount) / rawSeconds, medianAdmissionMicroseconds: sorted[sorted.count / 2],
            p99AdmissionMicroseconds: sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }

    /// Seconds for `count` one-row INSERT transactions into `persons`, one after another: the ceiling a benchmark's
    /// figure stands next to (DNIs from `first`, so runs on one database do not collide).
    static func rawInserts(_ database: Database, count: Int, from first: Int) async throws -> Double {
        let started = ContinuousClock.now
        for index in 0..<count {
            try await database.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO persons (document_type, document_number, given_names, paternal_surname, maternal_surname, sex,
                      birth_date, nationality, version, created_at)
                    VALUES ('dni', \(bind: String(first + index)), 'Juan', 'Prueba', 'Techo', 'male', '1990-01-01', 'PER', 1,
                      '2026-03-15T00:00:00Z')
                    """
                ).run()
            }
        }
        return (ContinuousClock.now - started).seconds
    }

    /// Reads a response body to its end, as a client would.
    struct BodyCollector: ResponseBodyWriter {
        let buffer = Box()

        actor Box {
            var value = ByteBuffer()
            func append(_ part: ByteBuffer) { value.writeImmutableBuffer(part) }
        }

        func write(_ part: ByteBuffer) async throws { await buffer.append(part) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    actor Counter {
        var value = 0
        func next(below limit: Int) -> Int? {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }

    struct BenchmarkFailure: Error, CustomStringConvertible {
        let description: String
    }
}
