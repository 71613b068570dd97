/// Custody and movements: admission (ingreso), moves between pavilions and cells, release (egreso), and the
/// day's movements of an establishment.
public protocol CustodyStore: Sendable {
    func admit(_ request: AdmissionRequest, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<PersonFile>
    func move(_ request: MoveRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    func release(_ request: ReleaseRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    /// Admissions, releases and moves of an establishment on a day; `nil` when the code is unknown.
    func movements(establishmentCode: String, on day: CivilDate) async throws -> DailyMovements?
}
