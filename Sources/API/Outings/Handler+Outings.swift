import CustodiaCore
import Foundation

/// Temporary exits and court production (issue 11 points 4-5) and the roll count (point 6). An exit is seen by
/// callers who cover the establishment the person leaves from; to anyone else it does not exist.
extension Handler {
    func scheduleOuting(_ input: Operations.ScheduleOuting.Input) async throws -> Operations.ScheduleOuting.Output {
        let (number, version): (PersonNumber, Int)
        switch Self.target(input.path.personNumber, ifMatch: input.headers.ifMatch) {
        case .success(let found): (number, version) = found
        case .failure(let refusal): return .problem(refusal.problem)
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let scheduled = parser.minute(body.scheduledAt, field: "scheduled_at")
        let due = parser.minute(body.returnDue, field: "return_due")
        guard let scheduled, let due, parser.messages.isEmpty else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let request = OutingRequest(
            personID: number.id, kind: Outing.Kind(rawValue: body.kind.rawValue)!, destination: body.destination,
            requestedBy: body.requestedBy, orderReference: body.orderReference, scheduledAt: scheduled, returnDue: due,
            escort: body.escort)
        switch try await registry.scheduleOuting(request, expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let outing):
            return .created(
                .init(headers: .init(eTag: Map.etag(outing.version)), body: .json(Map.outing(outing, at: minute()))))
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No person with number \(number)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }

    func listOutings(_ input: Operations.ListOutings.Input) async throws -> Operations.ListOutings.Output {
        var bounds = QueryBounds()
        bounds.page(cursor: nil, limit: input.query.limit)
        var parser = Parser()
        let day = input.query.on == nil ? today() : parser.date(input.query.on, field: "on")
        let problems = bounds.messages + parser.messages
        guard let day, problems.isEmpty else { return .unprocessableContent(.init(.validation(problems))) }
        var codes = access?.principal.establishments
        if let code = input.query.establishment {
            guard inScope(code) else { return .notFound(.init(.notFound("No establishment with code \(code)"))) }
            codes = [code]
        }
        let outings = try await registry.outings(establishmentCodes: codes, on: day, limit: input.query.limit ?? 50)
        let now = minute()
        return .ok(.init(body: .json(.init(items: outings.map { Map.outing($0, at: now) }))))
    }

    func getOuting(_ input: Operations.GetOuting.Input) async throws -> Operations.GetOuting.Output {
        guard let outing = try await visibleOuting(input.path.id) else {
            return .notFound(.init(.notFound("No exit \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(outing.version)), body: .json(Map.outing(outing, at: minute()))))
    }

    func moveOuting(_ input: Operations.MoveOuting.Input) async throws -> Operations.MoveOuting.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .problem(.badRequest(field: "If-Match", detail: "If-Match must be the quoted version, e.g. \"3\""))
        }
        let id = input.path.id
        guard try await visibleOuting(id) != nil else { return .problem(.notFound("No exit \(id)")) }
        var parser = Parser()
        let at = body.at == nil ? nil : parser.minute(body.at, field: "at")
        guard parser.messages.isEmpty else { return .problem(.validation(parser.messages)) }
        let step = OutingStep(
            id: .init(rawValue: id), action: OutingStep.Action(rawValue: body.action.rawValue)!, at: at,
            escort: body.escort, reason: body.reason)
        switch try await registry.stepOuting(step, expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let outing):
            return .ok(.init(headers: .init(eTag: Map.etag(outing.version)), body: .json(Map.outing(outing, at: minute()))))
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No exit \(id)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }

    func getRoll(_ input: Operations.GetRoll.Input) async throws -> Operations.GetRoll.Output {
        let at = input.query.at.map { LocalTime(unixSeconds: $0.timeIntervalSince1970) } ?? minute()
        guard let roll = try await registry.roll(establishmentCode: input.path.code, at: at) else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        return .ok(.init(body: .json(Map.roll(roll))))
    }

    /// An exit the caller may see: from an establishment in scope.
    func visibleOuting(_ id: Int64) async throws -> Outing? {
        guard let outing = try await registry.outing(.init(rawValue: id)), inScope(outing.establishmentCode) else {
            return nil
        }
        return outing
    }
}

extension Operations.ScheduleOuting.Output: PersonUpdateOutput {}
extension Operations.MoveOuting.Output: PersonUpdateOutput {}

extension Parser {
    /// A Lima minute, `YYYY-MM-DDTHH:MM`, or an RFC 3339 instant.
    mutating func minute(_ text: String?, field: String) -> LocalTime? {
        guard let text, let value = LocalTime(instant: text) else {
            messages.append(ValidationMessage(.dateInvalid, field: field, detail: "YYYY-MM-DDTHH:MM or RFC 3339"))
            return nil
        }
        return value
    }
}

extension Map {
    static func outing(_ o: Outing, at minute: LocalTime) -> Components.Schemas.Outing {
        Components.Schemas.Outing(
            id: o.id.rawValue, personNumber: PersonNumber(id: o.personID).description,
            establishmentCode: o.establishmentCode, kind: .init(rawValue: o.kind.rawValue)!, destination: o.destination,
            requestedBy: o.requestedBy, orderReference: o.orderReference, scheduledAt: o.scheduledAt.description,
            returnDue: o.returnDue.description, escort: o.escort, state: .init(rawValue: o.state.rawValue)!,
            outAt: o.outAt?.description, backAt: o.backAt?.description, closingReason: o.closingReason,
            overdue: o.isOverdue(at: minute), version: o.version)
    }

    static func roll(_ r: Roll) -> Components.Schemas.Roll {
        Components.Schemas.Roll(
            establishmentCode: r.establishmentCode, at: r.at.description, assigned: r.assigned, present: r.present,
            out: r.outTotal, inTransitOut: r.inTransitOut, inTransitIn: r.inTransitIn,
            pavilions: r.lines.map {
                Components.Schemas.RollLine(
                    pavilionCode: $0.pavilionCode, pavilionName: $0.pavilionName, assigned: $0.assigned,
                    present: $0.present, outCourt: $0.out[.courtHearing] ?? 0, outHospital: $0.out[.hospital] ?? 0,
                    outOther: $0.out[.other] ?? 0)
            })
    }
}
