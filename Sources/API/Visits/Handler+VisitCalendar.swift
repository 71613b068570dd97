import CustodiaCore
import Foundation

/// An establishment's visiting calendar (issue 12 point 2, VI-1): read by those who read visits, set by the warden.
extension Handler {
    func getVisitCalendarSettings(_ input: Operations.GetVisitCalendarSettings.Input) async throws
        -> Operations.GetVisitCalendarSettings.Output
    {
        guard let calendar = try await registry.visitCalendar(establishmentCode: input.path.code),
            let establishment = try await registry.establishment(code: input.path.code)
        else { return .notFound(.init(.notFound("No establishment with code \(input.path.code)"))) }
        let capacity = establishment.overview.establishment.certifiedCapacity
        return .ok(.init(body: .json(Map.visitCalendar(calendar, code: input.path.code, capacity: capacity))))
    }

    func setVisitCalendar(_ input: Operations.SetVisitCalendar.Input) async throws -> Operations.SetVisitCalendar.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let version = Self.expectedVersion(ifMatch: input.headers.ifMatch) else {
            return .badRequest(.init(Self.ifMatchProblem))
        }
        var messages: [ValidationMessage] = []
        func time(_ text: String, _ field: String) -> TimeOfDay {
            guard let time = TimeOfDay(text: text) else {
                messages.append(ValidationMessage(.timeInvalid, field: field))
                return TimeOfDay(hour: 0, minute: 0)!
            }
            return time
        }
        let calendar = VisitCalendar(
            familyWeekdays: Set(body.familyDays),
            familyHours: (time(body.familyFrom, "family_from"), time(body.familyUntil, "family_until")),
            professionalWeekdays: Set(body.professionalDays),
            professionalHours: (
                time(body.professionalFrom, "professional_from"), time(body.professionalUntil, "professional_until")
            ), seats: body.seats, version: 0)
        guard messages.isEmpty else { return .unprocessableContent(.init(.validation(messages))) }
        guard let establishment = try await registry.establishment(code: input.path.code) else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        switch try await registry.setVisitCalendar(
            calendar, establishmentCode: input.path.code, expectedVersion: version, actor: actor)
        {
        case .done(let set):
            let capacity = establishment.overview.establishment.certifiedCapacity
            return .ok(.init(body: .json(Map.visitCalendar(set, code: input.path.code, capacity: capacity))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        case .versionConflict(let current): return .preconditionFailed(.init(.stale(current: current)))
        }
    }
}

extension Map {
    static func visitCalendar(_ c: VisitCalendar, code: String, capacity: Int) -> Components.Schemas.VisitCalendarSettings {
        .init(
            establishmentCode: code, familyDays: c.familyWeekdays.sorted(), familyFrom: c.familyHours.0.description,
            familyUntil: c.familyHours.1.description, professionalDays: c.professionalWeekdays.sorted(),
            professionalFrom: c.professionalHours.0.description, professionalUntil: c.professionalHours.1.description,
            seats: c.seats(certifiedCapacity: capacity), version: c.version)
    }
}
