import CustodiaCore
import Foundation
import HTTPTypes
import Hummingbird
import LegalClock
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime

/// Mounts the JSON API under `/api/v1` on a router: the generated operations, the OpenAPI document, and
/// the middleware that turns every failure into a problem document.
public enum CustodiaAPI {
    /// Largest accepted request body.
    public static let defaultMaxBodyBytes = 256 * 1024

    /// Mounts the API. `access` decides every request from `AccessTable.api`; `nil` leaves the API open and
    /// unaudited, which only the benchmark's baseline does.
    public static func register<Context: RequestContext>(
        on router: Router<Context>, registry: any Registry, auditLog: any AuditLog, access: AccessControl?,
        table: AccessTable = AccessTable(AccessTable.api),
        pageRefusal: (@Sendable (ProblemDocument, Request) async -> Response)? = nil,
        environment: CustodiaEnvironment, maxBodyBytes: Int = defaultMaxBodyBytes,
        databasePool: (@Sendable () -> ConnectionPoolFigures)? = nil
    ) throws {
        // Every request counted and timed by its route's template (never a person's number), refusals included.
        CustodiaMetrics.bootstrap()
        router.add(middleware: MetricsMiddleware<Context>())
        router.add(middleware: ProblemMiddleware<Context>(maxBodyBytes: maxBodyBytes))
        if let access {
            router.add(middleware: AccessMiddleware<Context>(access: access, table: table, pageRefusal: pageRefusal))
            AuthRoutes.register(on: router, access: access)
        }
        router.add(middleware: RequestLimitsMiddleware<Context>(maxBodyBytes: maxBodyBytes))
        let api = router.group("api/v1")
        api.get("openapi.yaml") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: openAPIDocument)))
        }
        api.get("asyncapi.json") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: asyncAPIDocument)))
        }
        let handler = Handler(
            registry: registry, auditLog: auditLog, environment: environment, databasePool: databasePool)
        try handler.registerHandlers(
            on: router, serverURL: URL(string: "/api/v1")!,
            configuration: Configuration(dateTranscoder: InstantTranscoder()))
    }

    /// The AsyncAPI 3.0 document of every event delivered to subscribers (issue 13 point 6), byte for byte.
    public static let asyncAPIDocument: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "asyncapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array("asyncapi document missing from bundle".utf8) }
        return Array(data)
    }()

    /// The OpenAPI document the server was generated from, byte for byte.
    public static let openAPIDocument: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Array("openapi document missing from bundle".utf8) }
        return Array(data)
    }()
}

/// The checks every request passes before anything reads it, shared by the API and the pages.
public enum RequestChecks {
    /// Whether the path and query, percent-decoded, are UTF-8 (and their percent-encoding is whole).
    public static func addressIsText(_ request: Request) -> Bool {
        request.uri.path.removingPercentEncoding != nil && request.uri.query.map { $0.removingPercentEncoding != nil } != false
    }

    /// A body over the limit its reader set: NIO's collector says so with its own error, Hummingbird with 413.
    public static func isTooLarge(_ error: any Error) -> Bool {
        error is NIOTooManyBytesError || (error as? HTTPError)?.status == .contentTooLarge
    }
}

/// Limits body size and converts errors (malformed JSON, wrong types, unknown routes, failures) into
/// RFC 9457 problems. A failure is logged; its details never reach the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        var request = request
        do {
            // The address percent-decoded must be UTF-8: nothing downstream sees bytes it cannot read as text.
            if !RequestChecks.addressIsText(request) { return Self.response(.invalidAddress) }
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
                return Self.response(.tooLarge)
            }
            if request.method == .post || request.method == .put || request.method == .patch {
                let body = try await request.collectBody(upTo: maxBodyBytes)
                // Every operation with a body reads JSON: any other media type is refused before it is parsed.
                if body.readableBytes > 0, !Self.isJSON(request.headers[.contentType]) {
                    return Self.response(.unsupportedMediaType)
                }
            }
            var response = try await next(request, context)
            // The OpenAPI runtime percent-encodes header values (URI "simple" style); ETag and Location are
            // sent as HTTP means them.
            for name in [HTTPField.Name.eTag, .location] {
                if let value = response.headers[name], value.contains("%") {
                    response.headers[name] = value.removingPercentEncoding ?? value
                }
            }
            return response
        } catch let error as ServerError {
            // Without an operation input the request could not be read: the caller's fault. With one, the
            // handler failed: the server's, answered without the detail and logged.
            guard error.operationInput != nil else { return Self.response(Self.problem(for: error)) }
            return Self.failure(error.underlyingError, request: request, context: context)
        } catch let error where RequestChecks.isTooLarge(error) {
            // A body over the limit, chunked or not, read no further than the limit.
            return Self.response(.tooLarge)
        } catch let error as HTTPError {
            if error.status == .notFound {
                // A path the API has, with a method it does not: 405 and the methods it does have.
                let allowed = Self.methods(of: request.uri.path)
                guard allowed.isEmpty else {
                    var response = Self.response(
                        ProblemDocument(
                            status: 405, code: "http.method_not_allowed", title: "Método no permitido / Method not allowed",
                            detail: "\(request.uri.path) answers \(allowed.joined(separator: ", "))."))
                    response.headers[.allow] = allowed.joined(separator: ", ")
                    return response
                }
                return Self.response(.notFound("No such resource: \(request.uri.path)"))
            }
            return Self.response(
                ProblemDocument(
                    status: Int(error.status.code), code: "http.\(error.status.code)", title: error.status.reasonPhrase))
        } catch {
            return Self.failure(error, request: request, context: context)
        }
    }

    /// A failure of the server: logged with what happened, answered without it. A busy database is a 503 with
    /// `Retry-After` (nothing was written; the same request may succeed in a moment), anything else a 500.
    static func failure(_ error: any Error, request: Request, context: Context) -> Response {
        let metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "error": "\(String(reflecting: error))",
        ]
        if let busy = error as? StoreUnavailable {
            context.logger.warning("database busy", metadata: metadata)
            var response = Self.response(.unavailable)
            response.headers[.retryAfter] = "\(busy.retryAfterSeconds)"
            return response
        }
        context.logger.error("request failed", metadata: metadata)
        return Self.response(.internalError)
    }

    /// `application/json`, or a JSON-based type (`application/problem+json`), with any parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else {
            return false
        }
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// The methods the API answers on a path (its routes in the access table, path parameters matching any
    /// segment); none when the API has no such path.
    static func methods(of path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return AccessTable.api.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 }
        }.map(\.method.rawValue)
    }

    static func problem(for error: ServerError) -> ProblemDocument {
        // `If-Match` is required by the contract, so the generated code refuses a change without it before the
        // handler runs: still 428, as RFC 6585 says, not a malformed request.
        if missingHeader(error.underlyingError) == "If-Match" { return .ifMatchRequired }
        if let decoding = findDecodingError(error.underlyingError) {
            let (path, detail): ([any CodingKey], String) =
                switch decoding {
                case .typeMismatch(_, let c): (c.codingPath, "wrong type: \(c.debugDescription)")
                case .valueNotFound(_, let c): (c.codingPath, "missing value: \(c.debugDescription)")
                case .keyNotFound(let key, let c): (c.codingPath + [key], "missing field")
                case .dataCorrupted(let c): (c.codingPath, "invalid value: \(c.debugDescription)")
                @unknown default: ([], "invalid body")
                }
            let field = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
            return .badRequest(field: field.isEmpty ? "body" : field, detail: detail)
        }
        let text = String(describing: error.underlyingError)
        return .badRequest(field: nil, detail: text.count > 300 ? String(text.prefix(300)) : text)
    }

    /// The header the OpenAPI runtime found missing (its `missingRequiredHeaderField` error), if that is the
    /// error or is inside it.
    static func missingHeader(_ error: any Error) -> String? {
        firstInside(error) { error in
            Mirror(reflecting: error).children.first { $0.label == "missingRequiredHeaderField" }?.value as? String
        }
    }

    static func findDecodingError(_ error: any Error) -> DecodingError? {
        firstInside(error) { $0 as? DecodingError }
    }

    /// The first answer `match` gives for the error or for an error it wraps, however deep (the OpenAPI runtime
    /// wraps what went wrong in errors of its own).
    static func firstInside<T>(_ error: any Error, _ match: (any Error) -> T?) -> T? {
        if let found = match(error) { return found }
        for child in Mirror(reflecting: error).children {
            if let inner = child.value as? any Error, let found = firstInside(inner, match) { return found }
        }
        return nil
    }

    static func response(_ problem: ProblemDocument) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(problem)) ?? Data()
        return Response(
            status: .init(code: problem.status), headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// RFC 3339 instants in and out of the API: any offset and any fraction of a second read (the generator's default
/// reads none), written in UTC to the second.
struct InstantTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(CivilDate(daysSinceEpoch: days))T\(two(rest / 3_600)):\(two(rest % 3_600 / 60)):\(two(rest % 60))Z"
    }

    func decode(_ text: String) throws -> Date {
        guard let seconds = LocalTime.unixSeconds(rfc3339: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Expected an RFC 3339 instant."))
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
