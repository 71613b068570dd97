import CustodiaCore
import CustodiaTestSupport
import Delivery
import Foundation
import Testing

/// The published contract of the events (issue 13 point 6): every type the code writes has a sample here, a row in
/// docs/events.md and a message in Sources/API/asyncapi.json whose `data` schema the sample's payload meets (every field
/// it sends is documented with its JSON type; every required field is sent); and the CloudEvents envelope the dispatcher
/// POSTs meets the envelope's schema.
@Suite struct EventContractTests {
    static let root = DocumentedVerificationTests.root

    static func document() throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("Sources/API/asyncapi.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The problems of a JSON value against a (small subset of JSON Schema) schema: type, required, properties,
    /// additionalProperties, items, const, $ref into `schemas`.
    static func problems(_ value: Any, _ schema: [String: Any], _ schemas: [String: Any], at path: String) -> [String] {
        if let ref = schema["$ref"] as? String, let target = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] {
            return problems(value, target, schemas, at: path)
        }
        if let all = schema["allOf"] as? [[String: Any]] { return all.flatMap { problems(value, $0, schemas, at: path) } }
        var found: [String] = []
        if let constant = schema["const"] as? String, value as? String != constant { found.append("\(path) is not \(constant)") }
        switch schema["type"] as? String {
        case "string": if !(value is String) { found.append("\(path) is not a string") }
        case "boolean": if !Self.isBoolean(value) { found.append("\(path) is not a boolean") }
        case "integer": if Self.isBoolean(value) || !(value is Int) { found.append("\(path) is not an integer") }
        case "number": if Self.isBoolean(value) || !(value is Double) { found.append("\(path) is not a number") }
        case "array":
            guard let items = value as? [Any] else { return found + ["\(path) is not an array"] }
            if let schema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { found += problems(item, schema, schemas, at: "\(path)[\(index)]") }
            }
        case "object":
            guard let object = value as? [String: Any] else { return found + ["\(path) is not an object"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path).\(key) missing") }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    found += problems(item, property, schemas, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    found += problems(item, extra, schemas, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path).\(key) is not documented")
                }
            }
        default: break
        }
        return found
    }

    /// JSONSerialization reads `true` as a boolean number, distinct from 1 only by its class.
    static func isBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self
    }

    @Test func everyEventTypeIsPublishedWithItsSchema() throws {
        #expect(Set(EventSamples.all.map(\.type)) == Set(DomainEvent.types), "a sample for every type the code writes")
        let catalogue = try String(contentsOf: Self.root.appendingPathComponent("docs/events.md"), encoding: .utf8)
        let document = try Self.document()
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        let messages = try #require(components["messages"] as? [String: [String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: messages.values.compactMap { m in (m["name"] as? String).map { ($0, m) } })
        #expect(Set(byName.keys) == Set(DomainEvent.types))
        for event in EventSamples.all {
            #expect(catalogue.contains("| `\(event.type)` |"), "docs/events.md has no row for \(event.type)")
            let message = try #require(byName[event.type], "no message for \(event.type)")
            let payload = try JSONSerialization.jsonObject(with: Data(try event.payload().utf8))
            let record = EventRecord(
                position: 42, type: event.type, occurredAt: Date(timeIntervalSince1970: 1_780_000_000), actor: "t",
                personID: Person.ID(rawValue: 9), establishmentCode: "lurigancho", payload: try event.payload())
            let envelope = try JSONSerialization.jsonObject(with: try CloudEvent.document(record))
            let schema = try #require(message["payload"] as? [String: Any])
            let found = Self.problems(envelope, schema, schemas, at: event.type)
            #expect(found.isEmpty, "\(found)")
            #expect((envelope as? [String: Any])?["data"].map { "\($0)" } == "\(payload)")
        }
        // A payload that drifted from its schema is caught: a field renamed, a type changed.
        let admitted = try #require(schemas["PersonAdmitted"] as? [String: Any])
        #expect(!Self.problems(["episode": 1], admitted, schemas, at: "x").isEmpty)
        #expect(!Self.problems(["episode_id": "1"], admitted, schemas, at: "x").isEmpty)
    }
}
