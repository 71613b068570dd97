import CustodiaCore
import Foundation
import Hummingbird

/// The limits the contract sets under one part of a request body (`RequestLimits.operations`, generated from
/// `openapi.yaml` by `scripts/request-limits.py`).
indirect enum BodyLimit: Sendable {
    case object([String: BodyLimit])
    case array(maxItems: Int?, items: BodyLimit)
    /// At most this many Unicode code points, as JSON Schema counts a string's length.
    case string(maxLength: Int)
    case integer(minimum: Int64?, maximum: Int64?)
    /// Nothing to check.
    case free

    /// Where the body breaks a limit: one message per part, with its field as the API names it
    /// (`override.reason`, `aliases[3]`).
    func violations(of value: JSONValue, at field: String = "") -> [ValidationMessage] {
        switch (self, value) {
        case (.object(let fields), .object(let members)):
            return fields.keys.sorted().flatMap { name in
                members[name].map { fields[name]!.violations(of: $0, at: field.isEmpty ? name : "\(field).\(name)") } ?? []
            }
        case (.array(let maxItems, let items), .array(let elements)):
            if let maxItems, elements.count > maxItems {
                return [ValidationMessage(.valueOutOfRange, field: field, detail: "≤ \(maxItems)")]
            }
            return elements.enumerated().flatMap { items.violations(of: $0.element, at: "\(field)[\($0.offset)]") }
        case (.string(let maxLength), .string(let text)) where text.unicodeScalars.count > maxLength:
            return [ValidationMessage(.textTooLong, field: field, detail: "≤ \(maxLength)")]
        case (.integer(let minimum, let maximum), .number(let number)):
            if let minimum, number < Double(minimum) {
                return [ValidationMessage(.valueOutOfRange, field: field, detail: "≥ \(minimum)")]
            }
            if let maximum, number > Double(maximum) {
                return [ValidationMessage(.valueOutOfRange, field: field, detail: "≤ \(maximum)")]
            }
            return []
        default:
            // A part of another type than the contract's is the decoder's to refuse (400), not a limit's.
            return []
        }
    }
}

/// A JSON document as read, for checking limits before the generated code decodes it.
enum JSONValue: Decodable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case null
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if (try? container.decode(Bool.self)) != nil {
            self = .other
        } else if let number = try? container.decode(Int64.self) {
            self = .number(Double(number))
        } else if (try? container.decode(Double.self)) != nil {
            // A fraction, or a whole number beyond what the server holds: the decoder's to refuse (400).
            self = .other
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension JSONValue {
    /// The members set to `null`, with their fields: no property of the contract is nullable, so a `null` is refused
    /// (`input.value_not_allowed`) rather than read as if the member were absent.
    func nullFields(at field: String = "") -> [ValidationMessage] {
        switch self {
        case .object(let members):
            return members.keys.sorted().flatMap { name -> [ValidationMessage] in
                let path = field.isEmpty ? name : "\(field).\(name)"
                if case .null = members[name]! { return [ValidationMessage(.valueNotAllowed, field: path)] }
                return members[name]!.nullFields(at: path)
            }
        case .array(let elements):
            return elements.enumerated().flatMap { index, element -> [ValidationMessage] in
                if case .null = element { return [ValidationMessage(.valueNotAllowed, field: "\(field)[\(index)]")] }
                return element.nullFields(at: "\(field)[\(index)]")
            }
        default:
            return []
        }
    }
}

/// Refuses a JSON body that breaks a limit of the contract (a text too long, a number out of range, a list too
/// long, a member set to `null`) with 422 and the fields at fault, before the handler reads it: such a body is wrong whatever the record's
/// state, so it is refused before the record is looked at (its version included). Bodies that are not JSON, or
/// not of the contract's shape, pass on to the generated code, which refuses them with 400.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    /// The operations' path templates split into segments, once.
    static var routes: [(method: String, segments: [Substring], limit: BodyLimit)] {
        RequestLimits.operations.map { key, limit in
            let parts = key.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts[1].split(separator: "/", omittingEmptySubsequences: false), limit)
        }
    }
    let routes = Self.routes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let prefix = "/api/v1"
        guard request.uri.path.hasPrefix(prefix + "/"),
            let limit = limit(request.method.rawValue, request.uri.path.dropFirst(prefix.count))
        else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body)) {
            let messages = limit.violations(of: value) + value.nullFields()
            if !messages.isEmpty { return ProblemMiddleware<Context>.response(.validation(messages)) }
        }
        return try await next(request, context)
    }

    func limit(_ method: String, _ path: Substring) -> BodyLimit? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.first { route in
            route.method == method && route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 }
        }?.limit
    }
}
