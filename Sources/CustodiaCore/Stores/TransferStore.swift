/// Transfers between establishments (TR-*): requested, decided, executed and received, each step a change of the
/// person's record with its event and audit row.
public protocol TransferStore: Sendable {
    /// A request, checked at the destination; the person's version when given (If-Match).
    func requestTransfer(_ request: TransferRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Transfer>
    /// A step after the request, the transfer's version when given (If-Match).
    func stepTransfer(_ step: TransferStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Transfer>
    func transfer(_ id: Transfer.ID) async throws -> Transfer?
    /// Transfers leaving or reaching any of the establishments (all when `nil`) in the given states, newest first.
    func transfers(establishmentCodes: Set<String>?, states: Set<Transfer.State>, limit: Int) async throws -> [Transfer]
}
