import CustodiaCore
import Foundation

/// Disciplinary isolation (issue 12 point 5): the order and the establishment's board.
extension Handler {
    func orderIsolation(_ input: Operations.OrderIsolation.Input) async throws -> Operations.OrderIsolation.Output {
        let (number, version): (PersonNumber, Int)
        switch Self.target(input.path.personNumber, ifMatch: input.headers.ifMatch) {
        case .success(let found): (number, version) = found
        case .failure(let refusal): return .problem(refusal.problem)
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        guard let startsOn = parser.date(body.startsOn, field: "starts_on") else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let request = IsolationRequest(
            personID: number.id, startsOn: startsOn, days: body.days, resolution: body.resolution, reason: body.reason,
            medicalReport: body.medicalReport.map {
                .init(reference: $0.reference, protectedCondition: $0.protectedCondition ?? false)
            })
        switch try await registry.isolate(request, expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No person with number \(number)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }

    func getIsolationBoard(_ input: Operations.GetIsolationBoard.Input) async throws
        -> Operations.GetIsolationBoard.Output
    {
        var parser = Parser()
        let day = input.query.on == nil ? today() : parser.date(input.query.on, field: "on")
        guard let day else { return .unprocessableContent(.init(.validation(parser.messages))) }
        guard try await registry.establishment(code: input.path.code) != nil else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        let board = try await registry.isolationBoard(establishmentCodes: [input.path.code], on: day)
        return .ok(
            .init(
                body: .json(
                    .init(
                        on: day.description,
                        items: board.map { .init(isolation: Map.isolation($0.isolation), streakDay: $0.streakDay) }))))
    }
}

extension Operations.OrderIsolation.Output: PersonUpdateOutput {}

extension Map {
    static func isolation(_ i: Isolation) -> Components.Schemas.Isolation {
        Components.Schemas.Isolation(
            id: i.id.rawValue, personNumber: PersonNumber(id: i.personID).description,
            establishmentCode: i.establishmentCode, startsOn: i.startsOn.description,
            plannedEndOn: i.plannedEndOn.description, liftedOn: i.liftedOn?.description, resolution: i.resolution,
            medicalReport: i.medicalReport, reason: i.reason)
    }
}
