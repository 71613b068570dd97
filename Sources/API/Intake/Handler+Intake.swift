import CustodiaCore
import Foundation
import Placement

/// Intake (issue 11 point 7, IN-*).
extension Handler {
    func recordIntake(_ input: Operations.RecordIntake.Input) async throws -> Operations.RecordIntake.Output {
        let (number, version): (PersonNumber, Int)
        switch Self.target(input.path.personNumber, ifMatch: input.headers.ifMatch) {
        case .success(let found): (number, version) = found
        case .failure(let refusal): return .problem(refusal.problem)
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        var update = IntakeUpdate(personID: number.id)
        update.details = parser.intakeDetails(body)
        guard parser.messages.isEmpty else { return .unprocessableContent(.init(.validation(parser.messages))) }
        switch try await registry.recordIntake(update, expectedVersion: version, asOf: today(), actor: actor) {
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
}

extension Operations.RecordIntake.Output: PersonUpdateOutput {}

extension Map {
    static func intake(_ r: IntakeRecord) -> Components.Schemas.Intake {
        Components.Schemas.Intake(
            admittedAt: r.admittedAt.description, medicalExamAt: r.medicalExamAt?.description,
            medicalExamBy: r.medicalExamBy,
            medicalExamAlertAt: r.admittedAt.adding(minutes: IntakeRules.medicalAlertMinutes).description,
            medicalExamBreachAt: r.admittedAt.adding(minutes: IntakeRules.medicalBreachMinutes).description,
            nextOfKin: r.nextOfKin.map { .init(name: $0.name, relationship: $0.relationship, contact: $0.contact) },
            familyNotifiedAt: r.familyNotifiedAt?.description, familyNotifiedHow: r.familyNotifiedHow,
            familyNoticeDueAt: r.admittedAt.adding(minutes: IntakeRules.familyMinutes).description,
            rightsInformedAt: r.rightsInformedAt?.description, property: r.property, predates: r.predates)
    }
}

/// CL-13: a day's minutes of meaningful human contact.
extension Handler {
    func recordContact(_ input: Operations.RecordContact.Input) async throws -> Operations.RecordContact.Output {
        let (number, version): (PersonNumber, Int)
        switch Self.target(input.path.personNumber, ifMatch: input.headers.ifMatch) {
        case .success(let found): (number, version) = found
        case .failure(let refusal): return .problem(refusal.problem)
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        guard let day = parser.date(body.day, field: "day") else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let record = ContactDay(personID: number.id, day: day, minutes: body.minutes, note: body.note)
        switch try await registry.recordContact(record, expectedVersion: version, asOf: today(), actor: actor) {
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
}

extension Operations.RecordContact.Output: PersonUpdateOutput {}
