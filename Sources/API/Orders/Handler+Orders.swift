import CustodiaCore
import Foundation

/// Orders received electronically (issue 13 points 1-3; ADR 0024). A client sends them and reads its own; staff see
/// those of their establishments, and an order nobody in the register is yet identified for only when national.
extension Handler {
    func submitOrder(_ input: Operations.SubmitOrder.Input) async throws -> Operations.SubmitOrder.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let content = parser.inboundOrder(body)
        let key = input.headers.idempotencyKey?.trimmingWhitespace() ?? body.issuerOrderId.map { "issuer:\($0)" }
        if key == nil || key?.isEmpty == true {
            parser.messages.append(ValidationMessage(.orderKeyRequired, field: "idempotency_key"))
        }
        guard let content, let key, parser.messages.isEmpty else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let fingerprint = AccessControl.sha256(String(decoding: try encoder.encode(body), as: UTF8.self))
        var client = (name: actor.user, kind: ClientKind.court)
        if case .client(_, let kind, _) = access?.principal.kind { client.kind = kind }
        let request = InboundOrderRequest(
            idempotencyKey: key, fingerprint: fingerprint, issuerOrderID: body.issuerOrderId, content: content)
        switch try await registry.receiveOrder(
            request, client: client.name, clientKind: client.kind, within: access?.principal.establishments,
            districts: access?.principal.districts, asOf: today(), actor: actor)
        {
        case .done(.created(let order)): return created(order, replayed: false)
        case .done(.replayed(let order)): return created(order, replayed: true)
        case .done(.keyReused):
            return .unprocessableContent(.init(.validation([ValidationMessage(.orderKeyReused, field: "idempotency_key")])))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No such person in the caller's scope")))
        case .versionConflict: return .badRequest(.init(.badRequest(field: nil, detail: "unexpected outcome")))
        }
    }

    private func created(_ order: InboundOrder, replayed: Bool) -> Operations.SubmitOrder.Output {
        .created(
            .init(
                headers: .init(
                    eTag: Map.etag(order.version), location: "/api/v1/orders/\(order.id.rawValue)",
                    idempotentReplayed: replayed ? "true" : nil),
                body: .json(Map.inboundOrder(order, now: minute()))))
    }

    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        guard let order = try await visibleOrder(input.path.id) else {
            return .notFound(.init(.notFound("No order \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(order.version)), body: .json(Map.inboundOrder(order, now: minute()))))
    }

    func stepOrder(_ input: Operations.StepOrder.Input) async throws -> Operations.StepOrder.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        let id = input.path.id
        // A missing If-Match never reaches here: the contract requires it, and the problem layer answers 428.
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .badRequest(.init(Self.ifMatchProblem))
        }
        guard try await visibleOrder(id) != nil else { return .notFound(.init(.notFound("No order \(id)"))) }
        let action = OrderStep.Action(rawValue: body.action.rawValue)!
        // Clearing a release held for another case is the legal officer's reading, not the clerk's.
        if action == .clear, let principal = access?.principal, !principal.may(.clearOrder) {
            return .forbidden(.init(.forbidden("A legal officer clears a release held for another case (orders.clear)")))
        }
        var parser = Parser()
        var number: PersonNumber?
        if let text = body.personNumber {
            number = PersonNumber(text)
            if number == nil { parser.messages.append(ValidationMessage(.personUnknown, field: "person_number")) }
        }
        let at = body.at.flatMap { parser.time($0, field: "at") }
        guard parser.messages.isEmpty else { return .unprocessableContent(.init(.validation(parser.messages))) }
        var step = OrderStep(id: .init(rawValue: id), action: action, personNumber: number, at: at, note: body.note)
        step.pavilionCode = body.pavilionCode
        switch try await registry.stepOrder(
            step, expectedVersion: version, within: access?.principal.establishments, asOf: today(), actor: actor)
        {
        case .done(let order):
            return .ok(.init(headers: .init(eTag: Map.etag(order.version)), body: .json(Map.inboundOrder(order, now: minute()))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No order \(id)")))
        case .versionConflict(let current): return .preconditionFailed(.init(.stale(current: current)))
        }
    }

    func listEstablishmentOrders(_ input: Operations.ListEstablishmentOrders.Input) async throws
        -> Operations.ListEstablishmentOrders.Output
    {
        guard try await registry.establishment(code: input.path.code) != nil, inScope(input.path.code) else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        let orders = try await registry.inboundOrders(
            establishmentCodes: [input.path.code], openOnly: input.query.state != .all, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(items: orders.map { Map.inboundOrder($0, now: minute()) }))))
    }

    /// An order as the caller may see it: a client its own; staff those of their establishments.
    func visibleOrder(_ id: Int64) async throws -> InboundOrder? {
        guard let order = try await registry.inboundOrder(.init(rawValue: id)) else { return nil }
        guard let principal = access?.principal else { return order }
        if case .client = principal.kind { return order.client == principal.name ? order : nil }
        return inScope(order.establishmentCode) ? order : nil
    }
}

extension Map {
    static func instant(_ date: Date) -> String { date.formatted(.iso8601) }

    static func inboundOrder(_ o: InboundOrder, now: LocalTime) -> Components.Schemas.InboundOrder {
        var number: String?
        if let person = o.personID { number = PersonNumber(id: person).description }
        let decision = o.content.benefitDecision
        return Components.Schemas.InboundOrder(
            id: o.id.rawValue, client: o.client, issuerOrderId: o.issuerOrderID, state: .init(rawValue: o.state.rawValue)!,
            kind: .init(rawValue: o.content.kind.rawValue)!, court: o.content.court, judge: o.content.judge,
            resolution: o.content.resolution, issuedOn: o.content.issuedOn.description, caseNumber: o.content.caseNumber.text,
            judicialDistrict: o.content.judicialDistrict, personNumber: number,
            candidates: o.candidates.map { PersonNumber(id: $0).description }, establishmentCode: o.establishmentCode,
            receivedAt: Map.instant(o.receivedAt), receivedMinute: o.receivedMinute.description,
            releaseDue: o.releaseDue?.description, releaseOverdue: o.releaseDue == nil ? nil : o.releaseOverdue(at: now),
            executedAt: o.executedAt.map(Map.instant), legalCheckReason: o.legalCheck?.reason,
            legalCheckClearedBy: o.legalCheck?.clearedBy, months: o.content.terms?.extensionMonths,
            releaseReason: o.content.releaseReason?.rawValue, benefitFileId: o.content.benefitFileID?.rawValue,
            benefitDecision: decision.flatMap { .init(rawValue: $0.code) }, hearingOn: decision?.hearingOn?.description,
            grounds: decision?.grounds, mayRequestAgainOn: decision?.mayRequestAgainOn?.description,
            transferTo: o.content.transferTo, transferId: o.transferID?.rawValue,
            history: o.history.map {
                .init(state: .init(rawValue: $0.state.rawValue)!, at: Map.instant($0.at), by: $0.by, note: $0.note)
            },
            version: o.version)
    }
}
