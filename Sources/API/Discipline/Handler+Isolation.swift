import CustodiaCore
import Foundation

/// Disciplinary isolation (issue 12 point 5): the order and the establishment's board.
extension Handler {
    func orderIsolation(_ input: Operations.OrderIsolation.Input) async throws -> Operations.OrderIsolation.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body, let startsOn = parser.date(body.startsOn, field: "starts_on") else {
                return nil
            }
            let request = IsolationRequest(
                personID: number.id, startsOn: startsOn, days: body.days, resolution: body.resolution, reason: body.reason,
                medicalReport: body.medicalReport.map {
                    .init(reference: $0.reference, protectedCondition: $0.protectedCondition ?? false)
                })
            return try await registry.isolate(request, expectedVersion: version, asOf: today(), actor: actor)
        }
        return .answer(answer, self)
    }

    func liftIsolation(_ input: Operations.LiftIsolation.Input) async throws -> Operations.LiftIsolation.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body, let day = parser.date(body.lastDay, field: "last_day") else {
                return nil
            }
            return try await registry.liftIsolation(
                IsolationLift(
                    personID: number.id, isolationID: .init(rawValue: input.path.id), lastDay: day, reason: body.reason),
                expectedVersion: version, asOf: today(), actor: actor)
        }
        return .answer(answer, self)
    }

    func checkIsolation(_ input: Operations.CheckIsolation.Input) async throws -> Operations.CheckIsolation.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body, let day = parser.date(body.day, field: "day"),
                let at = parser.minute(body.at, field: "at")
            else { return nil }
            return try await registry.recordIsolationCheck(
                IsolationCheck(
                    personID: number.id, isolationID: .init(rawValue: input.path.id), day: day, at: at, by: body.by,
                    note: body.note), expectedVersion: version, asOf: today(), actor: actor)
        }
        return .answer(answer, self)
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

extension Map {
    static func isolation(_ i: Isolation) -> Components.Schemas.Isolation {
        Components.Schemas.Isolation(
            id: i.id.rawValue, personNumber: PersonNumber(id: i.personID).description,
            establishmentCode: i.establishmentCode, startsOn: i.startsOn.description,
            plannedEndOn: i.plannedEndOn.description, liftedOn: i.liftedOn?.description, resolution: i.resolution,
            medicalReport: i.medicalReport, reason: i.reason)
    }
}
