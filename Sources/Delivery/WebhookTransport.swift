import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP client of the deliveries (ADR 0031): Foundation's URLSession, which on Linux is libcurl with the system's
/// TLS and certificate store, so no build compiles a TLS library for it. One session for every delivery, connections
/// kept alive; no redirect is followed (a webhook URL answers itself or the attempt fails), no cookie or cache kept,
/// and a subscriber's answer is read up to `responseLimit` bytes and then cut (its body is not used).
final class WebhookTransport: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    static let shared = WebhookTransport()
    static let responseLimit = 64 * 1_024

    /// A request under way: its continuation, the status once the head arrived, the bytes of body read.
    private struct Pending {
        var continuation: CheckedContinuation<Result<Int, Failure>, Never>
        var status: Int?
        var bytes = 0
        var tooLarge = false
    }

    struct Failure: Error {
        var text: String
    }

    private let lock = NSLock()
    private var pending: [Int: Pending] = [:]
    private var session: URLSession!

    override private init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = 8
        // The request's own timeout is the longest silence; this bounds a whole attempt, a subscriber that drips its
        // answer included.
        configuration.timeoutIntervalForResource = 30
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    /// POSTs `body` with `headers` to `url` within `timeout` seconds: the answer's status, or why there was none.
    func post(url: URL, headers: [(String, String)], body: Data, timeout: TimeInterval) async -> Result<Int, Failure> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let task = session.dataTask(with: request)
        return await withCheckedContinuation { continuation in
            lock.withLock { pending[task.taskIdentifier] = Pending(continuation: continuation) }
            task.resume()
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode
        lock.withLock { pending[dataTask.taskIdentifier]?.status = status }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let cut = lock.withLock {
            guard var entry = pending[dataTask.taskIdentifier] else { return false }
            entry.bytes += data.count
            entry.tooLarge = entry.bytes > Self.responseLimit
            pending[dataTask.taskIdentifier] = entry
            return entry.tooLarge
        }
        if cut { dataTask.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = lock.withLock({ pending.removeValue(forKey: task.taskIdentifier) }) else { return }
        let result: Result<Int, Failure> =
            if entry.tooLarge {
                .failure(Failure(text: "answer longer than \(Self.responseLimit) bytes"))
            } else if let error {
                .failure(Failure(text: error.localizedDescription))
            } else if let status = entry.status {
                .success(status)
            } else {
                .failure(Failure(text: "no HTTP answer"))
            }
        entry.continuation.resume(returning: result)
    }
}
