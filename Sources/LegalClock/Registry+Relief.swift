import CustodiaCore

/// The benefits board and the relief potential read from any register, so the API, the pages, the command line, the
/// demo and the benchmark compute them one way.
extension Registry {
    /// Everyone of the establishments (all when `nil`) eligible on `asOf` or within the lead days, with their file.
    public func benefitBoard(establishmentCodes: Set<String>?, asOf: CivilDate, rules: RuleSet) async throws -> BenefitBoard {
        BenefitBoard(
            candidates: try await benefitCandidates(establishmentCodes: establishmentCodes, asOf: asOf), rules: rules, asOf: asOf)
    }

    /// What the law would free in the establishments (all when `nil`).
    public func reliefPotential(establishmentCodes: Set<String>?, asOf: CivilDate, rules: RuleSet) async throws
        -> ReliefPotential
    {
        let board = try await benefitBoard(establishmentCodes: establishmentCodes, asOf: asOf, rules: rules)
        let establishments = try await statistics().establishments.filter {
            establishmentCodes?.contains($0.establishment.code) ?? true
        }
        return ReliefPotential(board: board, establishments: establishments)
    }
}
