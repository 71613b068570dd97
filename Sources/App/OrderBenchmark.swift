import API
import CustodiaCore
import Delivery
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import SQLKit
import Store
import Synchronization

/// Issue 13 point 9: release orders accepted per second through the API (a court's token, idempotency key, audit on)
/// next to raw single-row INSERT transactions (the ceiling); the latency from a release order received to its event
/// delivered to a subscriber on loopback; and a backlog of events delivered to a subscriber that was down and came back.
public enum OrderBenchmark {
    public struct Result: Sendable {
        public var orders: Int
        public var ordersPerSecond: Double
        public var medianMicroseconds: Double
        public var p99Microseconds: Double
        public var rawInsertsPerSecond: Double
        public var latencySamples: Int
        public var latencyP50Milliseconds: Double
        public var latencyP99Milliseconds: Double
        public var backlog: Int
        public var backlogSeconds: Double
        public var backlogDelivered: Int
        /// Events pending when the subscriber came back that it never received: none, or something was lost.
        public var backlogMissing: Int
        public var backlogDuplicates: Int
        public var backlogOutOfOrder: Int
    }

    /// A receiver on loopback that checks each signature and records the positions it accepts, by person.
    final class Receiver: Sendable {
        struct State {
            var positions: [Int64] = []
            var seen: Set<String> = []
            var duplicates = 0
            var lastByPerson: [String: Int64] = [:]
            var outOfOrder = 0
            var arrivals: [Int64: ContinuousClock.Instant] = [:]
            var orderArrivals: [Int64: ContinuousClock.Instant] = [:]
        }

        /// The state, shared with the server's handler.
        final class Box: Sendable { let state = Mutex(State()) }

        let box = Box()
        let secret: String
        let server: LoopbackReceiver

        init(secret: String, now: @escaping @Sendable () -> Date) {
            self.secret = secret
            let box = self.box
            self.server = LoopbackReceiver { headers, body in Self.accept(headers, body, secret: secret, now: now, into: box) }
        }

        func start(port wanted: Int = 0) async throws { try await server.start(port: wanted) }
        func stop() async { await server.stop() }
        var url: String { server.url }

        static func accept(
            _ headers: HTTPFields, _ body: Data, secret: String, now: @Sendable () -> Date, into box: Box
        ) -> HTTPResponse.Status {
            func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
            guard let id = header("webhook-id"), let stamp = header("webhook-timestamp").flatMap(Int64.init),
                let signature = header("webhook-signature"),
                WebhookSignature.verify(secret: secret, id: id, timestamp: stamp, body: body, header: signature, now: now())
            else { return .unauthorized }
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            let position = (object["custodiaposition"] as? NSNumber)?.int64Value ?? -1
            let person = object["subject"] as? String
            let order = ((object["data"] as? [String: Any])?["order_id"] as? NSNumber)?.int64Value
            let now = ContinuousClock.now
            box.state.withLock { state in
                guard state.seen.insert(id).inserted else {
                    state.duplicates += 1
                    return
                }
                state.positions.append(position)
                state.arrivals[position] = now
                if let order, object["type"] as? String == "custodia.order.state_changed.v1", state.orderArrivals[order] == nil {
                    state.orderArrivals[order] = now
                }
                if let person {
                    if let last = state.lastByPerson[person], last > position { state.outOfOrder += 1 }
                    state.lastByPerson[person] = position
                }
            }
            return .noContent
        }
    }

    static func releaseBody(person: String) -> Data {
        Data(
            """
            {"kind":"release","release_reason":"expired_term","court":"Juzgado de Investigación Preparatoria N.º 1 de Lima",\
            "judge":"Juez de Rendimiento","resolution":"Resolución N.º 9","issued_on":"2026-03-14",\
            "case":{"number":"00001-2026-1-1801-JR-PE-01","judicial_district":"Corte Superior de Justicia de Lima"},\
            "person":{"person_number":"\(person)"}}
            """.utf8)
    }

    /// On an empty database: `orders` persons admitted (the setup), then a release order for each through the API,
    /// `concurrency` in flight; `latency` more, one at a time, with the dispatcher running; then `backlog` events
    /// written while the subscriber is down, delivered when it comes back.
    public static func run(database: Database, orders: Int, concurrency: Int, latency: Int, backlog: Int, logger: Logger)
        async throws -> Result
    {
        try await Migrations.migrate(database)
        var config = AppConfig(asOf: CivilDate(year: 2026, month: 3, day: 15)!)
        config.access.bcryptCost = 4
        // The server's own ceiling is measured: no request rate limits.
        config.access.requestRates = .none
        try await BulkLoader.load(
            AdmissionBenchmark.registers, into: database, actor: "bench", note: "order benchmark", createdAt: config.now())
        let services = Services(database: database, environment: config.environment)
        let registry = services.registry
        let persons = try await admit(orders + latency + backlog / 2, into: registry, asOf: config.asOf!)
        let router = try CustodiaApp.buildRouter(services: services, config: config)
        let responder = router.buildResponder()
        try await services.directory.createClient(name: "Corte de Rendimiento", kind: .court, actor: "bench")
        let token = AccessControl.newAPIToken()
        _ = try await services.directory.issueToken(
            client: "Corte de Rendimiento", tokenHash: AccessControl.sha256(token), operations: [.submitOrder, .readOrders],
            scope: .nation, expiresAt: config.now().addingTimeInterval(86_400), actor: "bench")
        let headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token)"]

        @Sendable func send(_ index: Int, channel: NIOAsyncTestingChannel) async throws -> (Duration, Int64) {
            var fields = headers
            fields[HTTPField.Name("Idempotency-Key")!] = "bench-\(index)"
            let request = Request(
                head: HTTPRequest(
                    method: .post, scheme: "http", authority: "localhost", path: "/api/v1/orders", headerFields: fields),
                body: .init(buffer: ByteBuffer(bytes: releaseBody(person: persons[index].description))))
            let begin = ContinuousClock.now
            let response = try await responder.respond(
                to: request, context: CustodiaRequestContext(source: .init(channel: channel, logger: logger)))
            let collector = AdmissionBenchmark.BodyCollector()
            try await response.body.write(collector)
            let body = await collector.buffer.value
            guard response.status == .created,
                let id = (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["id"] as? Int
            else {
                throw AdmissionBenchmark.BenchmarkFailure(
                    description: "order \(index) answered \(response.status): \(String(buffer: body))")
            }
            return (ContinuousClock.now - begin, Int64(id))
        }

        // 1. Throughput.
        let counter = AdmissionBenchmark.Counter()
        let started = ContinuousClock.now
        let durations = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    let channel = NIOAsyncTestingChannel()
                    var mine: [Duration] = []
                    while let index = await counter.next(below: orders) { mine.append(try await send(index, channel: channel).0) }
                    return mine
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let rawSeconds = try await AdmissionBenchmark.rawInserts(database, count: orders, from: 70_000_000)

        // 2. Latency, with the dispatcher running as it does beside the server.
        let secret = WebhookSignature.newSecret()
        let receiver = Receiver(secret: secret, now: config.now)
        try await receiver.start()
        guard
            case .done(let subscription) = try await registry.createSubscription(
                client: "Corte de Rendimiento", url: receiver.url, eventTypes: ["custodia.order.state_changed.v1"],
                scope: .nation, secret: secret, fromPosition: nil, actor: "bench")
        else { throw AdmissionBenchmark.BenchmarkFailure(description: "subscription refused") }
        var settings = DeliverySettings()
        settings.pollInterval = 0.05
        let dispatcher = Dispatcher(
            registry: registry, settings: settings, now: config.now, logger: logger, establishments: { _ in nil })
        let running = Task { try await dispatcher.run() }
        var latencies: [Double] = []
        let channel = NIOAsyncTestingChannel()
        for index in orders..<(orders + latency) {
            let begin = ContinuousClock.now
            let (_, id) = try await send(index, channel: channel)
            var arrived: ContinuousClock.Instant?
            let deadline = ContinuousClock.now + .seconds(10)
            while arrived == nil && ContinuousClock.now < deadline {
                arrived = receiver.box.state.withLock { $0.orderArrivals[id] }
                if arrived == nil { try await Task.sleep(for: .milliseconds(1)) }
            }
            guard let arrived else { throw AdmissionBenchmark.BenchmarkFailure(description: "order \(id) never delivered") }
            latencies.append((arrived - begin).seconds * 1_000)
        }
        running.cancel()
        _ = try? await running.value

        // 3. A backlog written while the subscriber is down: each order's two steps are two events of one person.
        let port = receiver.server.port
        await receiver.stop()
        let before = receiver.box.state.withLock { $0.positions.count }
        for index in 0..<(backlog / 2) {
            let person = persons[orders + latency + index]
            let request = InboundOrderRequest(
                idempotencyKey: "backlog-\(index)", fingerprint: "b\(index)", issuerOrderID: nil,
                content: InboundOrderContent(
                    kind: .release, court: "Juzgado", judge: "Juez de Rendimiento", resolution: "Resolución N.º 9",
                    issuedOn: CivilDate(year: 2026, month: 3, day: 14)!, caseNumber: CaseNumber("00001-2026-1-1801-JR-PE-01")!,
                    judicialDistrict: "Corte Superior de Justicia de Lima", subject: .personNumber(person),
                    releaseReason: .expiredTerm))
            guard
                case .done(.created) = try await registry.receiveOrder(
                    request, client: "Corte de Rendimiento", clientKind: .court, within: nil, asOf: config.asOf!, actor: "bench")
            else { throw AdmissionBenchmark.BenchmarkFailure(description: "backlog order \(index) refused") }
        }
        // While it is down a pass fails and the event at the head waits; then it is back on the same address.
        var quick = settings
        quick.baseDelay = 0.01
        let catchUp = Dispatcher(
            registry: registry, settings: quick, now: config.now, logger: logger, establishments: { _ in nil })
        // Due again after any wait the latency phase left, then one pass at the closed port.
        try await Task.sleep(for: .seconds(settings.maxDelay > 2 ? 1.2 : settings.maxDelay))
        let attemptsBefore = try await registry.subscription(subscription.id)?.attempts ?? 0
        _ = try await catchUp.deliverOnce()
        let failed = try await registry.subscription(subscription.id)?.attempts ?? 0
        guard failed > attemptsBefore else {
            throw AdmissionBenchmark.BenchmarkFailure(description: "the down subscriber did not fail")
        }
        let from = try await registry.subscription(subscription.id)?.deliveredPosition ?? 0
        let pending = try await database.read { sql in
            try await sql.raw(
                """
                SELECT position FROM events WHERE type = 'custodia.order.state_changed.v1' AND position > \(bind: from)
                """
            ).all().map { try $0.decode(column: "position", as: Int64.self) }
        }
        try await receiver.start(port: port)
        // Retried as the dispatcher does (a pass, a short wait when nothing went out) until the log's end is delivered.
        let head = try await database.read { sql in
            try await sql.raw("SELECT position FROM event_head WHERE id = 1").first()!.decode(column: "position", as: Int64.self)
        }
        let backlogStarted = ContinuousClock.now
        let giveUp = backlogStarted + .seconds(300)
        while try await registry.subscription(subscription.id)?.deliveredPosition ?? head < head, ContinuousClock.now < giveUp {
            if try await catchUp.deliverOnce() == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        let backlogSeconds = (ContinuousClock.now - backlogStarted).seconds
        await receiver.stop()
        let final = receiver.box.state.withLock { $0 }
        let micro = durations.map { $0.seconds * 1_000_000 }.sorted()
        let sortedLatency = latencies.sorted()
        return Result(
            orders: orders, ordersPerSecond: Double(orders) / seconds, medianMicroseconds: micro[micro.count / 2],
            p99Microseconds: micro[min(micro.count - 1, micro.count * 99 / 100)],
            rawInsertsPerSecond: Double(orders) / rawSeconds, latencySamples: latencies.count,
            latencyP50Milliseconds: sortedLatency[sortedLatency.count / 2],
            latencyP99Milliseconds: sortedLatency[min(sortedLatency.count - 1, sortedLatency.count * 99 / 100)],
            backlog: pending.count, backlogSeconds: backlogSeconds, backlogDelivered: final.positions.count - before,
            backlogMissing: Set(pending).subtracting(final.positions).count,
            backlogDuplicates: final.duplicates, backlogOutOfOrder: final.outOfOrder)
    }

    /// The persons the orders are about, admitted straight into the register.
    static func admit(_ count: Int, into registry: SQLRegistry, asOf: CivilDate) async throws -> [PersonNumber] {
        var numbers: [PersonNumber] = []
        for index in 0..<count {
            let request = AdmissionRequest(
                subject: .new(
                    NewPerson(
                        document: .dni(String(50_000_000 + index)),
                        name: PersonName(givenNames: "Juan", paternalSurname: "Orden", maternalSurname: "Rendimiento"),
                        sex: .male, birthDate: CivilDate(year: 1990, month: 1, day: 1), nationality: "PER")),
                establishmentCode: "bench", pavilionCode: "A", admittedOn: CivilDate(year: 2026, month: 3, day: 2)!,
                admittedAt: TimeOfDay(hour: 10, minute: 0)!, sendingAuthority: "Juzgado", arrestedOn: nil,
                legalCase: NewLegalCase(
                    number: CaseNumber("00001-2026-1-1801-JR-PE-01")!, court: "Juzgado",
                    judicialDistrict: "Corte Superior de Justicia de Lima", caseType: .ordinary, chargeArticles: ["189"]),
                order: NewOrder(
                    kind: .pretrialDetention(
                        PretrialTerm(caseType: .ordinary, months: 9, startsOn: CivilDate(year: 2026, month: 3, day: 1)!)),
                    issuingCourt: "Juzgado", issuedOn: CivilDate(year: 2026, month: 3, day: 2)!, reference: "Resolución N.º 1"))
            guard case .done(let file) = try await registry.admit(request, asOf: asOf, actor: "bench") else {
                throw AdmissionBenchmark.BenchmarkFailure(description: "setup admission \(index) refused")
            }
            numbers.append(file.person.number)
        }
        return numbers
    }
}
