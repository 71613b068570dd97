import CustodiaCore
import Foundation

/// Transfers between establishments (issue 11 point 4, TR-*). A transfer is seen by callers who cover the
/// establishment it leaves or the one it reaches; to anyone else it does not exist.
extension Handler {
    func requestTransfer(_ input: Operations.RequestTransfer.Input) async throws -> Operations.RequestTransfer.Output {
        let (number, version): (PersonNumber, Int)
        switch Self.target(input.path.personNumber, ifMatch: input.headers.ifMatch) {
        case .success(let found): (number, version) = found
        case .failure(let refusal): return .problem(refusal.problem)
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let requestedOn = body.requestedOn == nil ? today() : parser.date(body.requestedOn, field: "requested_on")
        guard let requestedOn else { return .unprocessableContent(.init(.validation(parser.messages))) }
        let request = TransferRequest(
            personID: number.id, toEstablishmentCode: body.establishmentCode, toPavilionCode: body.pavilionCode,
            ground: Transfer.Ground(rawValue: body.ground.rawValue)!, reason: body.reason, requestedOn: requestedOn,
            override: Parser.override(body.override, authorized: mayOverridePlacement))
        switch try await registry.requestTransfer(request, expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let transfer):
            return .created(
                .init(
                    headers: .init(eTag: Map.etag(transfer.version)),
                    body: .json(Map.transfer(transfer))))
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No person with number \(number)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }

    func listTransfers(_ input: Operations.ListTransfers.Input) async throws -> Operations.ListTransfers.Output {
        var bounds = QueryBounds()
        bounds.page(cursor: nil, limit: input.query.limit)
        var problems = bounds.messages
        var states: Set<Transfer.State> = [.requested, .approved, .inTransit]
        if let text = input.query.state {
            states = []
            for name in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let state = Transfer.State(rawValue: String(name).trimmingWhitespace()) else {
                    problems.append(ValidationMessage(.valueNotAllowed, field: "state"))
                    break
                }
                states.insert(state)
            }
        }
        guard problems.isEmpty else { return .unprocessableContent(.init(.validation(problems))) }
        var codes = access?.principal.establishments
        if let code = input.query.establishment {
            guard inScope(code) else { return .notFound(.init(.notFound("No establishment with code \(code)"))) }
            codes = [code]
        }
        let transfers = try await registry.transfers(
            establishmentCodes: codes, states: states, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(items: transfers.map(Map.transfer)))))
    }

    func getTransfer(_ input: Operations.GetTransfer.Input) async throws -> Operations.GetTransfer.Output {
        guard let transfer = try await visibleTransfer(input.path.id) else {
            return .notFound(.init(.notFound("No transfer \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(transfer.version)), body: .json(Map.transfer(transfer))))
    }

    func decideTransfer(_ input: Operations.DecideTransfer.Input) async throws -> Operations.DecideTransfer.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        return try await step(input.path.id, ifMatch: input.headers.ifMatch, on: body.on) { on in
            TransferStep(
                id: .init(rawValue: input.path.id), action: TransferStep.Action(rawValue: body.action.rawValue)!, on: on,
                authority: body.authority.map { Transfer.Authority(rawValue: $0.rawValue)! }, resolution: body.resolution,
                notifiedOn: body.notifiedOn.flatMap { CivilDate(iso: $0) }, reason: body.reason)
        } validate: { parser in
            _ = parser.date(body.notifiedOn, field: "notified_on", required: false)
        }
    }

    func moveTransfer(_ input: Operations.MoveTransfer.Input) async throws -> Operations.MoveTransfer.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        return try await step(input.path.id, ifMatch: input.headers.ifMatch, on: body.on) { on in
            TransferStep(
                id: .init(rawValue: input.path.id), action: TransferStep.Action(rawValue: body.action.rawValue)!, on: on,
                pavilionCode: body.pavilionCode, override: Parser.override(body.override, authorized: mayOverridePlacement))
        } validate: { _ in
        }
    }

    /// A transfer the caller may see: leaving or reaching an establishment in scope.
    func visibleTransfer(_ id: Int64) async throws -> Transfer? {
        guard let transfer = try await registry.transfer(.init(rawValue: id)),
            transfer.isVisible(within: access?.principal.establishments)
        else { return nil }
        return transfer
    }

    /// The shared shape of a step: the transfer visible, `If-Match` its version, the day (today by default), the
    /// store's answer as the transfer or a problem.
    func step<Output: TransferStepOutput>(
        _ id: Int64, ifMatch: String?, on text: String?, _ make: (CivilDate) -> TransferStep,
        validate: (inout Parser) -> Void
    ) async throws -> Output {
        guard let ifMatch else { return .problem(.ifMatchRequired) }
        guard let version = Self.version(fromIfMatch: ifMatch) else {
            return .problem(.badRequest(field: "If-Match", detail: "If-Match must be the quoted version, e.g. \"3\""))
        }
        guard try await visibleTransfer(id) != nil else { return .problem(.notFound("No transfer \(id)")) }
        var parser = Parser()
        let on = text == nil ? today() : parser.date(text, field: "on")
        validate(&parser)
        guard let on, parser.messages.isEmpty else { return .problem(.validation(parser.messages)) }
        switch try await registry.stepTransfer(make(on), expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let transfer):
            return .ok(headers: Map.etag(transfer.version), Map.transfer(transfer))
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No transfer \(id)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }
}

/// The answers the two step operations share.
protocol TransferStepOutput: PersonUpdateOutput {
    static func ok(headers eTag: String, _ transfer: Components.Schemas.Transfer) -> Self
}

extension Operations.DecideTransfer.Output: TransferStepOutput {
    static func ok(headers eTag: String, _ transfer: Components.Schemas.Transfer) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(transfer)))
    }
}

extension Operations.MoveTransfer.Output: TransferStepOutput {
    static func ok(headers eTag: String, _ transfer: Components.Schemas.Transfer) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(transfer)))
    }
}

extension Operations.RequestTransfer.Output: PersonUpdateOutput {}

extension Map {
    static func transfer(_ t: Transfer) -> Components.Schemas.Transfer {
        Components.Schemas.Transfer(
            id: t.id.rawValue, personNumber: PersonNumber(id: t.personID).description,
            fromEstablishmentCode: t.fromEstablishmentCode, toEstablishmentCode: t.toEstablishmentCode,
            toPavilionCode: t.toPavilionCode, ground: .init(rawValue: t.ground.rawValue)!, reason: t.reason,
            state: .init(rawValue: t.state.rawValue)!, requestedOn: t.requestedOn.description,
            authority: t.authority.map { .init(rawValue: $0.rawValue)! }, resolution: t.resolution,
            decidedOn: t.decidedOn?.description, notifiedOn: t.notifiedOn?.description,
            appealUntil: t.appealUntil?.description, courtNotified: t.courtNotified, departedAt: t.departedAt,
            receivedAt: t.receivedAt, closingReason: t.closingReason, version: t.version)
    }
}
