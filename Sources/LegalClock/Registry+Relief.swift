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
        let establishments = try await establishmentOverviews(codes: establishmentCodes)
        return ReliefPotential(board: board, establishments: establishments)
    }

    /// What the law would have freed at the end of a past day (issue 26 point 4), replayed from the register's dated
    /// rows: who was held where, each clock computed on that day, each file as its steps then stood. The places are
    /// the establishments' certified capacity as recorded now (the register keeps no history of it).
    public func reliefPotential(establishmentCodes: Set<String>?, replaying day: CivilDate, rules: RuleSet) async throws
        -> ReliefPotential
    {
        let held = try await benefitCandidates(establishmentCodes: establishmentCodes, heldOn: day)
        let board = BenefitBoard(candidates: held.candidates, rules: rules, asOf: day)
        let establishments = try await establishmentOverviews(codes: establishmentCodes).map { overview in
            var then = overview
            then.headcount = Headcount(
                population: held.population[overview.establishment.code] ?? 0, unsentenced: 0, sentenced: 0, men: 0,
                women: 0)
            return then
        }
        return ReliefPotential(board: board, establishments: establishments)
    }

    /// A relief candidate list (VE-*, pretrial review) of the establishments (all when `nil`), and for a court's or a
    /// prosecutor's token of its districts' cases only.
    public func reliefCandidates(
        _ kind: ReliefCandidateList.Kind, establishmentCodes: Set<String>?, districts: Set<String>?, asOf: CivilDate,
        rules: RuleSet, withinDays: Int = 30, includeExcluded: Bool = false
    ) async throws -> ReliefCandidateList {
        ReliefCandidateList(
            kind: kind, subjects: try await reliefSubjects(establishmentCodes: establishmentCodes, districts: districts),
            asOf: asOf, rules: rules, withinDays: withinDays, includeExcluded: includeExcluded)
    }
}
