import Foundation

/// The language of the pages: Spanish (Peru) first, English second.
public enum Language: String, Sendable, CaseIterable {
    case es, en

    /// The `lang` attribute of the page.
    public var html: String { self == .es ? "es-PE" : "en" }
    public var other: Language { self == .es ? .en : .es }
}

/// Every text a user reads, by key, from the string tables in `Resources/strings` (one JSON file per language).
public struct Strings: Sendable {
    public let language: Language
    public let table: [String: String]

    public subscript(_ key: String) -> String { table[key] ?? key }

    public static let es = load(.es)
    public static let en = load(.en)

    public static func of(_ language: Language) -> Strings { language == .es ? es : en }

    static func load(_ language: Language) -> Strings {
        guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "strings"),
            let data = try? Data(contentsOf: url),
            let table = try? JSONDecoder().decode([String: String].self, from: data)
        else { return Strings(language: language, table: [:]) }
        return Strings(language: language, table: table)
    }
}
