import Foundation

/// Where the data lives: `sqlite:///absolute/path.sqlite`, `sqlite:relative.sqlite`, or
/// `postgres://user:password@host:port/database` (also `postgresql://`).
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default store: `custodia.sqlite` in the working directory.
    public static let `default` = DatabaseURL.sqlite(path: "custodia.sqlite")

    public struct Invalid: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "invalid database URL '\(text)': use sqlite:///path/to/file.sqlite or postgres://user@host:port/database"
        }
    }

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw Invalid(text: text) }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("sqlite:") {
            let path = String(trimmed.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw Invalid(text: text) }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let url = URL(string: trimmed), url.host != nil, url.path.count > 1 else { throw Invalid(text: text) }
            self = .postgres(
                url: trimmed.hasPrefix("postgresql://") ? "postgres://" + trimmed.dropFirst("postgresql://".count) : trimmed)
        } else {
            throw Invalid(text: text)
        }
    }

    /// Without the password, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}
