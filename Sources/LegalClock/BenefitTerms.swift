import CustodiaCore
import Foundation

/// One version of the benefit procedure's terms (docs/legal/peru-relief.md section 1 and 5.2): every [OPEN] term
/// as a parameter with its unit, legal basis and review status, in force from `validFrom`. A file keeps the version
/// it was opened under, so a later change of the law does not move the dates of a file already running.
public struct BenefitTerms: Codable, Sendable, Equatable {
    public enum Parameter: String, Codable, Sendable, CaseIterable {
        /// BP-2: a file is due this many calendar days before the eligibility date.
        case leadDays = "lead_days"
        /// BP-4: working days to complete the file, and to remit it to the court.
        case fileWorkingDays = "file_working_days", remitWorkingDays = "remit_working_days"
        /// BP-6: working days to the hearing, and from it to the decision.
        case hearingWorkingDays = "hearing_working_days", decisionWorkingDays = "decision_working_days"
        /// BP-7: working days to appeal a decision.
        case appealWorkingDays = "appeal_working_days"
        /// BP-15: calendar days a denied person waits before asking again.
        case waitAfterDenialDays = "wait_after_denial_days"
        /// BP-11: 1 when the time on the benefit is credited after a revocation, 0 when it is not.
        case revocationCredit = "revocation_credit"
    }

    public enum Unit: String, Codable, Sendable { case calendarDays = "calendar_days", workingDays = "working_days", flag }

    public struct Value: Codable, Sendable, Equatable {
        public var id: Parameter
        public var value: Int
        public var unit: Unit
        public var rule: RuleID
        public var basis: String
        /// `pending_legal_review` for every default the spec marks [OPEN]; `reviewed` once a lawyer confirmed it.
        public var reviewStatus: String

        enum CodingKeys: String, CodingKey {
            case id, value, unit, rule, basis, reviewStatus = "review_status"
        }
    }

    public var version: String
    public var validFrom: CivilDate
    public var source: String
    public var parameters: [Value]

    enum CodingKeys: String, CodingKey { case version, validFrom = "valid_from", source, parameters }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        validFrom = try container.decode(CivilDate.self, forKey: .validFrom)
        source = try container.decode(String.self, forKey: .source)
        parameters = try container.decode([Value].self, forKey: .parameters)
        // A version without one of the terms cannot time a file: it does not load.
        let missing = Parameter.allCases.filter { id in !parameters.contains { $0.id == id } }
        guard missing.isEmpty, parameters.allSatisfy({ $0.value >= 0 }) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [CodingKeys.parameters],
                    debugDescription: "benefit terms \(version): missing \(missing.map(\.rawValue)) or a negative value"))
        }
    }

    /// The value of a term.
    public func value(_ parameter: Parameter) -> Int {
        parameters.first { $0.id == parameter }!.value
    }

    /// Whether any term still waits for a lawyer's review (every default of the spec does).
    public var needsLegalReview: Bool { parameters.contains { $0.reviewStatus != "reviewed" } }
}

/// Every version of the terms, in force by date.
public struct BenefitTermTable: Sendable, Equatable {
    public let versions: [BenefitTerms]

    public init(versions: [BenefitTerms]) {
        precondition(!versions.isEmpty, "a benefit term table needs a version")
        self.versions = versions.sorted { $0.validFrom < $1.validFrom }
    }

    /// The version in force on a day (the first one before all of them).
    public func terms(on day: CivilDate) -> BenefitTerms {
        versions.last { $0.validFrom <= day } ?? versions[0]
    }

    /// A version by its name, as a file records it.
    public func terms(version: String) -> BenefitTerms? { versions.first { $0.version == version } }

    /// The table shipped with Custodia (`Resources/rules/procedure/benefit-terms.json`).
    public static func bundled() throws -> BenefitTermTable {
        guard let url = Bundle.module.url(forResource: "benefit-terms", withExtension: "json", subdirectory: "rules/procedure")
        else { throw RuleSetError(description: "benefit terms missing from the bundle") }
        struct File: Decodable { var versions: [BenefitTerms] }
        return BenefitTermTable(versions: try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).versions)
    }
}
