import CustodiaCore
import Foundation

/// The maximum penalties of the Código Penal's articles that the crime catalogue holds, versioned by date
/// (`Resources/rules/penalties/cp-penalties.json`, [SECONDARY], pending legal review): what the relief candidate lists
/// compare with the law's thresholds (VE-3's 7 years, PP-1's 5). A charge records the article, not the form of the
/// crime, so both the basic form's maximum and the article's highest are kept.
public struct PenaltyTable: Codable, Sendable, Equatable {
    public struct Article: Codable, Sendable, Equatable {
        public var article: String
        /// The basic form's maximum in years; `nil`: cadena perpetua.
        public var basicMaxYears: Int?
        /// The highest maximum of any form of the article (aggravated ones included); `nil`: cadena perpetua.
        public var maxYears: Int?
        /// The penalties as the source states them.
        public var text: String

        enum CodingKeys: String, CodingKey {
            case article, basicMaxYears = "basic_max_years", maxYears = "max_years", text
        }
    }

    public var version: String
    public var validFrom: CivilDate
    public var source: String
    public var reviewStatus: String
    public var articles: [Article]

    enum CodingKeys: String, CodingKey {
        case version, validFrom = "valid_from", source, reviewStatus = "review_status", articles
    }

    /// The article's penalties; `nil` when this version does not record it.
    public func penalty(of article: String) -> Article? { articles.first { $0.article == article } }

    /// What a set of charges carries at most: the highest maximum over the articles, the highest of their basic forms,
    /// and whether any is cadena perpetua or not recorded.
    public struct Bound: Sendable, Hashable {
        /// Years; `nil` when any article is cadena perpetua or unknown.
        public var maxYears: Int?
        public var basicMaxYears: Int?
        /// The articles the table does not record.
        public var unknown: [String]
        public var life: Bool { unknown.isEmpty && maxYears == nil }
    }

    public func bound(of articles: [String]) -> Bound {
        var maxYears: Int? = 0
        var basic: Int? = 0
        var unknown: [String] = []
        for article in Set(articles).sorted() {
            guard let penalty = penalty(of: article) else {
                unknown.append(article)
                continue
            }
            // Cadena perpetua (nil) absorbs every temporal maximum.
            maxYears = maxYears.flatMap { years in penalty.maxYears.map { Swift.max(years, $0) } }
            basic = basic.flatMap { years in penalty.basicMaxYears.map { Swift.max(years, $0) } }
        }
        guard unknown.isEmpty, !articles.isEmpty else {
            return Bound(maxYears: nil, basicMaxYears: nil, unknown: articles.isEmpty ? ["—"] : unknown)
        }
        return Bound(maxYears: maxYears, basicMaxYears: basic, unknown: [])
    }
}

/// Every version of the penalty table, in force by date.
public struct PenaltyTableSet: Sendable, Equatable {
    public let versions: [PenaltyTable]

    public init(versions: [PenaltyTable]) {
        precondition(!versions.isEmpty, "a penalty table needs a version")
        self.versions = versions.sorted { $0.validFrom < $1.validFrom }
    }

    /// The version in force on a day (the first one before all of them).
    public func table(on day: CivilDate) -> PenaltyTable { versions.last { $0.validFrom <= day } ?? versions[0] }

    /// The table shipped with Custodia.
    public static func bundled() throws -> PenaltyTableSet {
        guard let url = Bundle.module.url(forResource: "cp-penalties", withExtension: "json", subdirectory: "rules/penalties")
        else { throw RuleSetError(description: "the penalty table is missing from the bundle") }
        struct File: Decodable { var versions: [PenaltyTable] }
        return PenaltyTableSet(versions: try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).versions)
    }
}
