import Delivery
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A court's receiving end, for real, on loopback (issue 13 point 8): it checks every delivery's Standard Webhooks
/// signature with the secrets it knows and the timestamp against its own clock, as docs/webhooks.md tells a court's IT
/// team to, records what it accepts (a delivery it already has, by `webhook-id`, is acknowledged and not recorded
/// twice), refuses a forged one with 401, and can be told to answer 500 or be stopped (down) and started again.
final class Receiver: Sendable {
    struct Delivery: Sendable {
        var id: String
        var type: String
        var subject: String?
        var position: Int64
        var signatures: Int
    }

    private struct State {
        var secrets: [String]
        var failing = false
        var accepted: [Delivery] = []
        var duplicates = 0
        var forged = 0
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> Date
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private(set) var port: Int {
        get { portValue.withLock { $0 } }
        set { portValue.withLock { $0 = newValue } }
    }
    private let portValue = Mutex(0)

    init(secrets: [String], now: @escaping @Sendable () -> Date) {
        self.state = Mutex(State(secrets: secrets))
        self.now = now
    }

    var url: String { "http://127.0.0.1:\(port)/hooks" }
    var accepted: [Delivery] { state.withLock { $0.accepted } }
    var forged: Int { state.withLock { $0.forged } }
    var duplicates: Int { state.withLock { $0.duplicates } }
    func failing(_ on: Bool) { state.withLock { $0.failing = on } }
    func know(_ secrets: [String]) { state.withLock { $0.secrets = secrets } }

    /// Starts listening (on `port`, or any free one), returning once the socket is bound.
    func start(port wanted: Int = 0) async throws {
        let router = Router()
        router.post("hooks") { [self] request, _ -> Response in
            var request = request
            let body = Data(buffer: try await request.collectBody(upTo: 1 << 20))
            return Response(status: handle(request.headers, body))
        }
        let (stream, bound) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: wanted)),
            onServerRunning: { channel in
                bound.yield(channel.localAddress?.port ?? 0)
                bound.finish()
            })
        task.withLock { $0 = Task { try await app.runService() } }
        for await value in stream {
            port = value
            break
        }
    }

    /// Stops listening: deliveries now find nobody (connection refused).
    func stop() async {
        let running = task.withLock { task -> Task<Void, any Error>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        _ = try? await running?.value
    }

    private func handle(_ headers: HTTPFields, _ body: Data) -> HTTPResponse.Status {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        guard let id = header("webhook-id"), let stamp = header("webhook-timestamp").flatMap(Int64.init),
            let signature = header("webhook-signature")
        else {
            state.withLock { $0.forged += 1 }
            return .unauthorized
        }
        let secrets = state.withLock { $0.secrets }
        guard
            secrets.contains(where: {
                WebhookSignature.verify(secret: $0, id: id, timestamp: stamp, body: body, header: signature, now: now())
            })
        else {
            state.withLock { $0.forged += 1 }
            return .unauthorized
        }
        return state.withLock { state in
            if state.failing { return .internalServerError }
            if state.accepted.contains(where: { $0.id == id }) {
                state.duplicates += 1
                return .noContent
            }
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            state.accepted.append(
                Delivery(
                    id: id, type: object["type"] as? String ?? "", subject: object["subject"] as? String,
                    position: (object["custodiaposition"] as? NSNumber)?.int64Value ?? -1,
                    signatures: signature.split(separator: " ").count))
            return .noContent
        }
    }
}
