/// Disciplinary cases (issue 12 point 4; DS-1 … DS-11): charged, notified, heard, reported on, decided by the Consejo
/// Técnico Penitenciario, appealed. A decision's isolation is an isolation order (DS-3 … DS-5) written with it; a
/// visit suspension is read by every booking while it stands.
public protocol DisciplineStore: Sendable {
    /// The offences of the catalogue in force on a day (DS-1).
    func offences(on day: CivilDate) async throws -> [Offence]
    /// Opens a case against one person in custody; refused, with nothing written, against a pavilion (DS-6).
    func openDisciplineCase(_ charge: DisciplineCharge, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<DisciplineCase>
    /// A step of a case; the case's version when given (If-Match).
    func stepDisciplineCase(
        _ id: DisciplineCase.ID, _ step: DisciplineStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<DisciplineCase>
    func disciplineCase(_ id: DisciplineCase.ID) async throws -> DisciplineCase?
    /// A person's cases, newest first.
    func disciplineCases(of person: Person.ID) async throws -> [DisciplineCase]
    /// The cases of establishments (all when `nil`), newest first; only those not closed when `open`.
    func disciplineCases(establishmentCodes: Set<String>?, open: Bool, limit: Int) async throws -> [DisciplineCase]
}
