import Foundation
import SQLKit

/// One list of rows read as a column of a larger statement (ADR 0036): the engine aggregates the rows into one JSON
/// array of arrays in the section's order (PostgreSQL's `json_agg`, SQLite's `json_group_array`), and `JSONRow`
/// reads each back by the section's column names, so the `Decode` functions read it as they read any row. A whole
/// person file is then one round trip instead of twenty.
struct RowSection: Sendable {
    let name: String
    /// The output names of the select list (an expression's alias, or the column after its table's alias).
    let columns: [String]
    let expressions: [String]
    /// `FROM … WHERE …`, with `$n` placeholders of the enclosing statement.
    let source: String
    let orderBy: String

    init(_ name: String, select: String, _ source: String, orderBy: String) {
        self.name = name
        var columns: [String] = []
        var expressions: [String] = []
        for item in Self.items(select) {
            if let range = item.range(of: " AS ", options: .caseInsensitive) {
                expressions.append(String(item[..<range.lowerBound]))
                columns.append(String(item[range.upperBound...]).trimmingCharacters(in: .whitespaces))
            } else {
                expressions.append(item)
                columns.append(String(item.split(separator: ".").last ?? Substring(item)))
            }
        }
        self.columns = columns
        self.expressions = expressions
        self.source = source
        self.orderBy = orderBy
    }

    /// The select list's items, split at the commas outside parentheses.
    static func items(_ select: String) -> [String] {
        var items: [String] = []
        var depth = 0
        var current = ""
        for character in select {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                items.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { items.append(last) }
        return items
    }

    /// The scalar subquery that yields the section as JSON text (NULL or `[]` when it has no rows).
    func column(dialect: String) -> String {
        let list = expressions.joined(separator: ", ")
        if dialect == "postgresql" {
            return "(SELECT json_agg(json_build_array(\(list)) ORDER BY \(orderBy))::text \(source)) AS s_\(name)"
        }
        return "(SELECT json_group_array(json_array(\(list)) ORDER BY \(orderBy)) \(source)) AS s_\(name)"
    }

    /// The section's rows from the statement's row.
    func rows(in row: any SQLRow) throws -> [JSONRow] {
        guard let text = try row.decode(column: "s_\(name)", as: String?.self) else { return [] }
        let cells: [[JSONCell]]
        do {
            cells = try JSONDecoder().decode([[JSONCell]].self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("section \(name): \(error)")
        }
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try cells.map {
            guard $0.count == columns.count else { throw StoreError.corrupt("section \(name): \($0.count) values") }
            return JSONRow(columns: columns, index: index, cells: $0)
        }
    }
}

/// One value of a row read back from JSON.
enum JSONCell: Decodable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

/// A row of a `RowSection`: the same columns, names and values a row of the section's own `SELECT` has.
struct JSONRow: SQLRow {
    let columns: [String]
    let index: [String: Int]
    let cells: [JSONCell]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        if case .null = try cell(column) { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        try D(from: CellDecoder(cell: try cell(column), column: column))
    }

    private func cell(_ column: String) throws -> JSONCell {
        guard let position = index[column] else { throw StoreError.corrupt("no column \(column)") }
        return cells[position]
    }
}

/// Decodes one cell as a single value, with the conversions a database row allows (an integer as a boolean, a
/// number as a double).
private struct CellDecoder: Decoder, SingleValueDecodingContainer {
    let cell: JSONCell
    let column: String
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw StoreError.corrupt("\(column): not a keyed value")
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw StoreError.corrupt("\(column): not a list")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        if case .null = cell { return true }
        return false
    }

    private func mismatch(_ type: Any.Type) -> StoreError { StoreError.corrupt("\(column)=\(cell) as \(type)") }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch cell {
        case .bool(let value): return value
        case .int(let value): return value != 0
        default: throw mismatch(type)
        }
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let value) = cell else { throw mismatch(type) }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch cell {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: throw mismatch(type)
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch cell {
        case .int(let value):
            guard let exact = I(exactly: value) else { throw mismatch(type) }
            return exact
        case .bool(let value): return value ? 1 : 0
        default: throw mismatch(type)
        }
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}
