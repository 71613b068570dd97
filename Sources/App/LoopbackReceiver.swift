import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An HTTP server on 127.0.0.1 that hands each `POST /hooks` (headers and raw body) to `handle` and answers its status:
/// the receiving end of webhook deliveries in the benchmark and the tests. It can be stopped (down: connection
/// refused) and started again on the same port.
public final class LoopbackReceiver: Sendable {
    let handle: @Sendable (HTTPFields, Data) -> HTTPResponse.Status
    let task = Mutex<Task<Void, any Error>?>(nil)
    let boundPort = Mutex(0)

    public init(handle: @escaping @Sendable (HTTPFields, Data) -> HTTPResponse.Status) { self.handle = handle }

    public var port: Int { boundPort.withLock { $0 } }
    public var url: String { "http://127.0.0.1:\(port)/hooks" }

    /// Starts listening (on `port`, or any free one), returning once the socket is bound.
    public func start(port wanted: Int = 0) async throws {
        let router = Router()
        router.post("hooks") { [handle] request, _ -> Response in
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
            }, logger: Logger(label: "loopback-receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        task.withLock { $0 = Task { try await app.runService() } }
        for await value in stream {
            boundPort.withLock { $0 = value }
            break
        }
    }

    /// Stops listening: deliveries now find nobody.
    public func stop() async {
        let running = task.withLock { task -> Task<Void, any Error>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        _ = try? await running?.value
    }
}
