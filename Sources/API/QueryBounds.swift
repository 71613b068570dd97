import CustodiaCore

/// The bounds the contract declares for query parameters (`minimum`/`maximum`, `minLength`/`maxLength` in
/// openapi.yaml), which the generated code does not check: a value outside them is refused with 422 and the
/// parameter named, never silently clamped or searched for (issue 17, point 4).
struct QueryBounds {
    private(set) var messages: [ValidationMessage] = []

    /// Text of `minimum...maximum` Unicode scalars (JSON Schema counts code points); absent passes.
    mutating func text(_ field: String, _ value: String?, _ length: ClosedRange<Int>) {
        guard let value else { return }
        if !length.contains(value.unicodeScalars.count) { messages.append(ValidationMessage(.lengthOutOfRange, field: field)) }
    }

    /// A whole number in the range; absent passes.
    mutating func number(_ field: String, _ value: Int?, _ range: ClosedRange<Int>) {
        guard let value else { return }
        if !range.contains(value) { messages.append(ValidationMessage(.valueOutOfRange, field: field)) }
    }

    /// The page parameters every list shares: `cursor` (at most 400 characters) and `limit` (1-200).
    mutating func page(cursor: String?, limit: Int?) {
        text("cursor", cursor, 0...400)
        number("limit", limit, 1...200)
    }
}
