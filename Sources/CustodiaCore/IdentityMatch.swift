/// Identity matching's records and results (issue 16 point 1; ADR 0033): the data the register, the API and the pages
/// exchange. The matching itself is the PURE `Intelligence` target's `IdentityMatcher`.

/// What identity matching compares of a person (issue 16 point 1): from the register, an admission or an order.
public struct IdentityRecord: Sendable, Hashable {
    public var document: IdentityDocument
    public var name: PersonName
    public var aliases: [String]
    public var sex: Sex?
    public var birthDate: CivilDate?
    public var nationality: String?

    public init(
        document: IdentityDocument, name: PersonName, aliases: [String] = [], sex: Sex?, birthDate: CivilDate?,
        nationality: String?
    ) {
        self.document = document
        self.name = name
        self.aliases = aliases
        self.sex = sex
        self.birthDate = birthDate
        self.nationality = nationality
    }
}

/// How two records compare, field by field, with the Fellegi-Sunter weight of each agreement level: log2(m/u), m the
/// chance of that level when the two are the same person, u when they are two people. The total decides: at or above
/// `IdentityMatcher.sameThreshold` the same person (a clerk still confirms), at or above
/// `IdentityMatcher.reviewThreshold` a candidate to review, below it two people. ADR 0033 has the parameters and where
/// they come from.
public struct MatchResult: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable { case same, review, different }

    public struct Field: Sendable, Hashable {
        public var field: String
        public var level: String
        public var weight: Double

        public init(field: String, level: String, weight: Double) {
            self.field = field
            self.level = level
            self.weight = weight
        }
    }

    public var weight: Double
    public var decision: Decision
    public var fields: [Field]

    public init(weight: Double, decision: Decision, fields: [Field]) {
        self.weight = weight
        self.decision = decision
        self.fields = fields
    }

    /// "document: exact +9.9; paternal_surname: phonetic +4.1; …": why the weight is what it is.
    public var explanation: String {
        fields.map { "\($0.field): \($0.level) \($0.weight >= 0 ? "+" : "")\(($0.weight * 10).rounded() / 10)" }
            .joined(separator: "; ")
    }
}

/// A person of the register who may be the one described, with the matcher's weight and why (issue 16 point 1).
public struct IdentityCandidate: Sendable, Hashable {
    public var summary: PersonSummary
    public var match: MatchResult

    public init(summary: PersonSummary, match: MatchResult) {
        self.summary = summary
        self.match = match
    }
}
