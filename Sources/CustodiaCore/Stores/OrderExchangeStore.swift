/// Orders received electronically from courts, prosecutors and the police (issue 13): the receipt, idempotent by the
/// client's key; the clerk's and the legal officer's steps; the inbox and the person's list.
public protocol OrderExchangeStore: Sendable {
    /// Stores a new order (matched to the register, or held for a clerk), or answers a retry with the first order;
    /// `within` is the client's establishments (`nil`: the nation), `districts` a district-scoped client's judicial
    /// districts: an order about a person held elsewhere, or of another district's case, is unknown.
    func receiveOrder(
        _ request: InboundOrderRequest, client: String, clientKind: ClientKind, within scope: Set<String>?,
        districts: Set<String>?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<OrderReceipt>
    /// A step on an order, the order's version when given (If-Match); an order outside `within` is unknown.
    func stepOrder(_ step: OrderStep, expectedVersion: Int?, within scope: Set<String>?, asOf: CivilDate, actor: Actor)
        async throws -> ChangeOutcome<InboundOrder>
    func inboundOrder(_ id: InboundOrder.ID) async throws -> InboundOrder?
    /// The inbox: orders of the establishments (all when `nil`), release orders past their time first.
    func inboundOrders(establishmentCodes: Set<String>?, openOnly: Bool, limit: Int) async throws -> [InboundOrder]
    /// The orders received about a person, newest first.
    func inboundOrders(person: Person.ID) async throws -> [InboundOrder]
}

extension OrderExchangeStore {
    public func receiveOrder(
        _ request: InboundOrderRequest, client: String, clientKind: ClientKind, within scope: Set<String>?, asOf: CivilDate,
        actor: Actor
    ) async throws -> ChangeOutcome<OrderReceipt> {
        try await receiveOrder(
            request, client: client, clientKind: clientKind, within: scope, districts: nil, asOf: asOf, actor: actor)
    }
}
