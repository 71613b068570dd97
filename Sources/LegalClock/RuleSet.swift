import CustodiaCore
import Foundation

/// One version of the benefit and redemption tables: the state of the law from `validFrom` on.
public struct RuleTable: Codable, Sendable, Equatable {
    public struct Redemption: Codable, Sendable, Equatable {
        /// Days of work or study per day of sentence redeemed, when no article says otherwise (2 = "2x1").
        public var defaultDaysPerDay: Int
        public var byArticle: [String: Int]
        public var excludedArticles: [String]
        public var rule: RuleID

        enum CodingKeys: String, CodingKey {
            case defaultDaysPerDay = "default_days_per_day", byArticle = "by_article"
            case excludedArticles = "excluded_articles", rule
        }
    }

    public struct Benefits: Codable, Sendable, Equatable {
        public var semiliberty: Fraction
        public var semilibertySpecial: Fraction
        public var conditionalRelease: Fraction
        public var conditionalReleaseSpecial: Fraction
        public var specialArticles: [String]
        public var excludedArticles: [String]
        public var rule: RuleID

        enum CodingKeys: String, CodingKey {
            case semiliberty, semilibertySpecial = "semiliberty_special", conditionalRelease = "conditional_release"
            case conditionalReleaseSpecial = "conditional_release_special", specialArticles = "special_articles"
            case excludedArticles = "excluded_articles", rule
        }
    }

    /// Declared reincidentes (CP art. 46-B) and habituales (art. 46-C).
    public struct Recidivism: Codable, Sendable, Equatable {
        /// The crimes of the 46-B/46-C list: declared for one of them, no semilibertad or liberación condicional.
        public var benefitsExcludedArticles: [String]
        public var benefitsRule: RuleID
        /// Days of work or study per day redeemed for recidivists and habituals not otherwise excluded; absent
        /// when this version of the law gives them no ratio of their own.
        public var daysPerDay: Int?
        public var redemptionRule: RuleID?
        public var source: String?

        enum CodingKeys: String, CodingKey {
            case source
            case benefitsExcludedArticles = "benefits_excluded_articles", benefitsRule = "benefits_rule"
            case daysPerDay = "days_per_day", redemptionRule = "redemption_rule"
        }
    }

    public var law: String
    public var validFrom: CivilDate
    public var source: String
    /// Limits of detention before trial (CPP arts. 264, 272, 274).
    public var pretrial: PretrialLimits
    public var redemption: Redemption
    public var benefits: Benefits
    public var recidivism: Recidivism

    enum CodingKeys: String, CodingKey {
        case law, validFrom = "valid_from", source, pretrial, redemption, benefits, recidivism
    }

    /// How this version treats one article: redemption ratio (nil when excluded) and benefits.
    struct Treatment: Equatable {
        enum Benefits: Equatable { case excluded, special, general }
        var ratio: Int?
        var benefits: Benefits
        var recidivistRatio: Int?
        var recidivistBenefitsExcluded: Bool
    }

    /// A table with its article lists as sets, built once when the rule set is made; a class, so a clock
    /// refers to it without copying it.
    final class Index: Sendable {
        let table: RuleTable
        let redemptionExcluded: Set<String>
        let benefitsExcluded: Set<String>
        let special: Set<String>
        let recidivismList: Set<String>

        init(_ table: RuleTable) {
            self.table = table
            redemptionExcluded = Set(table.redemption.excludedArticles)
            benefitsExcluded = Set(table.benefits.excludedArticles)
            special = Set(table.benefits.specialArticles)
            recidivismList = Set(table.recidivism.benefitsExcludedArticles)
        }

        /// Days of work per day redeemed for one article (nil when excluded).
        func ratio(of article: String) -> Int? {
            redemptionExcluded.contains(article)
                ? nil : (table.redemption.byArticle[article] ?? table.redemption.defaultDaysPerDay)
        }

        /// The recidivism columns count only for a person declared reincidente or habitual.
        func treatment(of article: String, recidivist: Bool) -> Treatment {
            Treatment(
                ratio: ratio(of: article),
                benefits: benefitsExcluded.contains(article) ? .excluded : (special.contains(article) ? .special : .general),
                recidivistRatio: recidivist ? table.recidivism.daysPerDay : nil,
                recidivistBenefitsExcluded: recidivist && recidivismList.contains(article))
        }
    }
}

/// A fraction of a sentence, written "1/3".
public struct Fraction: Codable, Sendable, Equatable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), n > 0, d > 0, n <= d else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "fraction expected, got \(text)")
        }
        self.init(n, d)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(numerator)/\(denominator)" }
}

/// Every version of the tables, oldest first, and the settings for the [OPEN] points.
public struct RuleSet: Sendable {
    public private(set) var tables: [RuleTable]
    public var settings: ClockSettings
    /// The terms of the benefit procedure (peru-relief.md BP-*), versioned like the tables.
    public var benefitTerms: BenefitTermTable
    /// The Código Penal's maximum penalties per article ([SECONDARY]), for the relief candidate lists.
    public var penalties: PenaltyTableSet
    let indexes: [RuleTable.Index]
    /// The longest prisión preventiva any version orders at first: the bound of an input's months.
    let largestPretrialMonths: Int

    public init(
        tables: [RuleTable], settings: ClockSettings = ClockSettings(),
        benefitTerms: BenefitTermTable = RuleSet.shippedBenefitTerms, penalties: PenaltyTableSet = RuleSet.shippedPenalties
    ) {
        self.tables = tables.sorted { $0.validFrom < $1.validFrom }
        self.settings = settings
        self.benefitTerms = benefitTerms
        self.penalties = penalties
        self.indexes = self.tables.map(RuleTable.Index.init)
        self.largestPretrialMonths = tables.map(\.pretrial.maximumMonths.largest).max() ?? 0
    }

    /// The shipped tables, read once. They are part of the build: failing to read them is a broken build.
    public static let shipped: RuleSet = {
        do { return try bundled() } catch { fatalError("the bundled rule tables cannot be read: \(error)") }
    }()

    /// The terms of the benefit procedure shipped with Custodia, read once, like the tables.
    public static let shippedBenefitTerms: BenefitTermTable = {
        do { return try BenefitTermTable.bundled() } catch { fatalError("the bundled benefit terms cannot be read: \(error)") }
    }()

    /// The penalty table shipped with Custodia, read once, like the tables.
    public static let shippedPenalties: PenaltyTableSet = {
        do { return try PenaltyTableSet.bundled() } catch { fatalError("the bundled penalty table cannot be read: \(error)") }
    }()

    /// The tables shipped with Custodia (`Resources/rules/*.json`, one file per law).
    public static func bundled() throws -> RuleSet {
        guard let directory = Bundle.module.url(forResource: "rules", withExtension: nil) else {
            throw RuleSetError(description: "rule tables missing from the bundle")
        }
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        let decoder = JSONDecoder()
        return RuleSet(tables: try files.map { try decoder.decode(RuleTable.self, from: Data(contentsOf: $0)) })
    }

    /// The version in force on a day (the first one if the day is before all of them).
    public func table(on day: CivilDate) -> RuleTable {
        tables[position(on: day)]
    }

    func position(on day: CivilDate) -> Int {
        tables.lastIndex(where: { $0.validFrom <= day }) ?? 0
    }
}

public struct RuleSetError: Error, CustomStringConvertible {
    public let description: String
}
