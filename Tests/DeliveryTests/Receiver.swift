import App
import Delivery
import Foundation
import HTTPTypes
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

    /// The state, shared with the server's handler.
    private final class Box: Sendable {
        let state: Mutex<State>
        init(_ state: State) { self.state = Mutex(state) }
    }

    private let box: Box
    private let server: LoopbackReceiver

    init(secrets: [String], now: @escaping @Sendable () -> Date) {
        let box = Box(State(secrets: secrets))
        self.box = box
        self.server = LoopbackReceiver { headers, body in Self.handle(headers, body, box: box, now: now) }
    }

    var port: Int { server.port }
    var url: String { server.url }
    var accepted: [Delivery] { box.state.withLock { $0.accepted } }
    var forged: Int { box.state.withLock { $0.forged } }
    var duplicates: Int { box.state.withLock { $0.duplicates } }
    func failing(_ on: Bool) { box.state.withLock { $0.failing = on } }
    func know(_ secrets: [String]) { box.state.withLock { $0.secrets = secrets } }

    /// Starts listening (on `port`, or any free one), returning once the socket is bound.
    func start(port wanted: Int = 0) async throws { try await server.start(port: wanted) }

    /// Stops listening: deliveries now find nobody (connection refused).
    func stop() async { await server.stop() }

    private static func handle(_ headers: HTTPFields, _ body: Data, box: Box, now: @Sendable () -> Date)
        -> HTTPResponse.Status
    {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        guard let id = header("webhook-id"), let stamp = header("webhook-timestamp").flatMap(Int64.init),
            let signature = header("webhook-signature")
        else {
            box.state.withLock { $0.forged += 1 }
            return .unauthorized
        }
        let secrets = box.state.withLock { $0.secrets }
        guard
            secrets.contains(where: {
                WebhookSignature.verify(secret: $0, id: id, timestamp: stamp, body: body, header: signature, now: now())
            })
        else {
            box.state.withLock { $0.forged += 1 }
            return .unauthorized
        }
        return box.state.withLock { state in
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
