import CustodiaCore
import Foundation
import SQLKit
import Synchronization

/// Establishment codes by id, read once each.
final class EstablishmentCodeCache: Sendable {
    private let codes = Mutex<[Establishment.ID: String]>([:])

    func code(of id: Establishment.ID, _ sql: any SQLDatabase) async throws -> String? {
        if let known = codes.withLock({ $0[id] }) { return known }
        let code = try await sql.execute("SELECT code FROM establishments WHERE id = $1", [id.rawValue]).first?.string("code")
        if let code { codes.withLock { $0[id] = code } }
        return code
    }
}

/// Instants are stored as ISO 8601 text in UTC.
enum Instant {
    /// Reads back what `iso` wrote (milliseconds optional).
    static func parse(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8[10] == UInt8(ascii: "T"), utf8.last == UInt8(ascii: "Z"),
            let day = CivilDate(iso: String(decoding: utf8[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: utf8[range], as: UTF8.self)) }
        guard let hours = number(11..<13), let minutes = number(14..<16), let seconds = number(17..<19) else { return nil }
        var millis = 0
        if utf8.count == 24, utf8[19] == UInt8(ascii: ".") {
            guard let value = number(20..<23) else { return nil }
            millis = value
        }
        let total = ((day.daysSinceEpoch * 86_400 + hours * 3_600 + minutes * 60 + seconds) * 1000) + millis
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, computed directly (Foundation's formatters cost more than the INSERT).
    static func iso(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int((Double(milliseconds) / 86_400_000).rounded(.down))
        var rest = milliseconds - days * 86_400_000
        let day = CivilDate(daysSinceEpoch: days)
        let hours = rest / 3_600_000
        rest -= hours * 3_600_000
        let minutes = rest / 60_000
        rest -= minutes * 60_000
        let seconds = rest / 1000
        let millis = rest - seconds * 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : String(millis)
        return "\(day)T\(two(hours)):\(two(minutes)):\(two(seconds)).\(ms)Z"
    }
}

/// Small JSON objects of strings for event details, keys sorted.
enum JSONText {
    static func object(_ values: [String: String]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { "\(string($0.key)):\(string($0.value))" }.joined(separator: ",") + "}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Opaque pagination cursors: base64url of the sort key parts.
enum Cursor {
    static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "\u{1F}").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [String]? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        guard let data = Data(base64Encoded: base), let string = String(data: data, encoding: .utf8) else { return nil }
        return string.components(separatedBy: "\u{1F}")
    }
}

extension SQLDatabase {
    /// Runs a statement with `$n` placeholders on either engine and returns its rows.
    @discardableResult
    func execute(_ text: String, _ binds: [any Encodable & Sendable]) async throws -> [any SQLRow] {
        try await raw(PlaceholderQuery.build(text, binds: binds, dialect: dialect.name)).all()
    }

    /// INSERT … RETURNING id, on both engines.
    /// One multi-row INSERT (nothing when `rows` is empty).
    func insertRows(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
        guard !rows.isEmpty else { return }
        var binds: [any Encodable & Sendable] = []
        var tuples: [String] = []
        for row in rows {
            tuples.append("(" + (0..<row.count).map { "$\(binds.count + $0 + 1)" }.joined(separator: ", ") + ")")
            binds += row
        }
        try await execute(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))", binds)
    }

    /// Optional values must keep their type (`Int64?`, not an untyped nil) so PostgreSQL gets a typed NULL.
    func insertReturningID(_ table: String, _ columns: [String], _ binds: [any Encodable & Sendable]) async throws -> Int64 {
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await execute(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) RETURNING id", binds)
        guard let row = rows.first else { throw StoreError.corrupt("no id returned by INSERT INTO \(table)") }
        return try row.int64("id")
    }
}

/// Builds an SQLQueryString from text with `$1…$n` placeholders, binding each value at its place,
/// so one statement text serves both SQLite (`?`) and PostgreSQL (`$n`).
enum PlaceholderQuery {
    static func build(_ text: String, binds: [any Encodable & Sendable], dialect: String) -> SQLQueryString {
        var query = SQLQueryString("")
        let bytes = Array(text.utf8)
        var literalStart = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "$") else {
                index += 1
                continue
            }
            var end = index + 1
            var number = 0
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") {
                number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                end += 1
            }
            if end > index + 1, number >= 1, number <= binds.count {
                query.appendLiteral(String(decoding: bytes[literalStart..<index], as: UTF8.self))
                query.appendInterpolation(bind: binds[number - 1])
                literalStart = end
            }
            index = end
        }
        query.appendLiteral(String(decoding: bytes[literalStart..<bytes.count], as: UTF8.self))
        return query
    }
}

/// The numbered parameters of an `IN (…)` list.
enum Placeholders {
    /// `$first, …` for `count` values, numbered from `first` (after the binds that come before the list).
    static func list(_ count: Int, from first: Int = 1) -> String {
        (0..<count).map { "$\($0 + first)" }.joined(separator: ", ")
    }

    /// ` AND e.code IN (…)` for the establishments' codes, numbered after `binds`, which it extends; nothing when
    /// `codes` is `nil` (every establishment), and a list that matches none when it is empty.
    static func establishments(_ codes: Set<String>?, after binds: inout [any Encodable & Sendable]) -> String {
        guard let codes = codes?.sorted() else { return "" }
        let list = codes.isEmpty ? "NULL" : Placeholders.list(codes.count, from: binds.count + 1)
        binds += codes as [any Encodable & Sendable]
        return " AND e.code IN (\(list))"
    }
}
