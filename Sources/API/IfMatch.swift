import CustodiaCore

/// Reading `If-Match`: the version a change was prepared against.
extension Handler {
    /// The version in an `If-Match` of one strong entity tag, `"3"` (RFC 9110: a weak tag never matches, and an
    /// unquoted number is not a tag); `nil` for anything else.
    static func version(fromIfMatch text: String) -> Int? {
        let value = text.trimmingWhitespace()
        guard value.count >= 3, value.hasPrefix("\""), value.hasSuffix("\""), let version = Int(value.dropFirst().dropLast()),
            version > 0, value.dropFirst().first != "+"
        else { return nil }
        return version
    }

    /// An optional `If-Match`: no header is no expected version (`.some(nil)`); one that is not a strong tag of a
    /// version is `nil`, a 400.
    static func expectedVersion(ifMatch text: String?) -> Int?? {
        guard let text else { return .some(nil) }
        return version(fromIfMatch: text).map { .some($0) }
    }

    static let ifMatchProblem = ProblemDocument.badRequest(field: "If-Match", detail: "If-Match must be the quoted version")
}

/// What an admission may tell a scoped caller.
public enum AdmissionScope {
    /// For an admission, a registered person held (or last held) outside the caller's scope is a person that
    /// does not exist: the answer is the one an unknown number gets, so no error code tells a scoped caller
    /// who is held elsewhere. `within == nil` is the whole nation.
    public static func maskingPersonsOutside(
        _ within: Set<String>?, _ request: AdmissionRequest, in registry: any PersonRegisterStore
    ) async throws -> AdmissionRequest {
        guard let within, case .existing(let id) = request.subject, let file = try await registry.personFile(id) else {
            return request
        }
        let last =
            file.episodes.first(where: \.isOpen)
            ?? file.episodes.max { ($0.admittedOn, $0.id.rawValue) < ($1.admittedOn, $1.id.rawValue) }
        if let last, let code = file.establishmentCodes[last.establishmentID], within.contains(code) { return request }
        var masked = request
        masked.subject = .existing(Person.ID(rawValue: 0))  // no person has the number 0
        return masked
    }
}
