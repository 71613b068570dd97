import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (the last value of a repeated name wins;
/// `all` keeps every value).
public struct FormData: Sendable {
    public private(set) var pairs: [(String, String)] = []

    public init(_ body: String) {
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            pairs.append((name, value))
        }
    }

    public subscript(_ name: String) -> String? { pairs.last { $0.0 == name }?.1 }

    public func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
