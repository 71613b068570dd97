/// The time limits of detention before trial in one version of the law: the prisión preventiva ordered at
/// first (CPP art. 272, peru-law.md PP-2), its prolongation (art. 274.1, PP-3) and the preliminary detention
/// before the hearing (arts. 264, 266, PP-14). Legal parameters, so they come from the versioned rule tables
/// (`LegalClock/Resources/rules/*.json`, the `pretrial` section), never from literals in code.
public struct PretrialLimits: Codable, Sendable, Equatable {
    /// One figure per case type (proceso común, complejo, de criminalidad organizada).
    public struct ByCaseType: Codable, Sendable, Equatable {
        public var ordinary: Int
        public var complex: Int
        public var organizedCrime: Int

        public init(ordinary: Int, complex: Int, organizedCrime: Int) {
            self.ordinary = ordinary
            self.complex = complex
            self.organizedCrime = organizedCrime
        }

        public subscript(type: CaseType) -> Int {
            switch type {
            case .ordinary: ordinary
            case .complex: complex
            case .organizedCrime: organizedCrime
            }
        }

        /// The largest figure of the three.
        public var largest: Int { max(ordinary, complex, organizedCrime) }

        enum CodingKeys: String, CodingKey { case ordinary, complex, organizedCrime = "organized_crime" }
    }

    /// Months of prisión preventiva a judge may order at first (art. 272).
    public var maximumMonths: ByCaseType
    /// Months a prolongation may add to the term (art. 274.1); ordered and prolonged together never exceed
    /// `maximumMonths + prolongationMonths` (PP-4).
    public var prolongationMonths: ByCaseType
    /// Days of preliminary detention before the prisión preventiva hearing (arts. 264, 266).
    public var detentionDays: ByCaseType
    public var source: String

    public init(maximumMonths: ByCaseType, prolongationMonths: ByCaseType, detentionDays: ByCaseType, source: String) {
        self.maximumMonths = maximumMonths
        self.prolongationMonths = prolongationMonths
        self.detentionDays = detentionDays
        self.source = source
    }

    /// The most a term may reach with every prolongation (art. 274.1): 18, 36 or 48 months today.
    public func absoluteMonths(_ type: CaseType) -> Int { maximumMonths[type] + prolongationMonths[type] }

    enum CodingKeys: String, CodingKey {
        case maximumMonths = "maximum_months", prolongationMonths = "prolongation_months"
        case detentionDays = "detention_days", source
    }
}
