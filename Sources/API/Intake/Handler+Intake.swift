import CustodiaCore
import Foundation
import Placement

/// Intake (issue 11 point 7, IN-*).
extension Handler {
    func recordIntake(_ input: Operations.RecordIntake.Input) async throws -> Operations.RecordIntake.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            var change = IntakeUpdate(personID: number.id)
            change.details = parser.intakeDetails(body)
            guard parser.messages.isEmpty else { return nil }
            return try await registry.recordIntake(change, expectedVersion: version, asOf: today(), actor: actor)
        }
        return .answer(answer, self)
    }
}

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
            rightsInformedAt: r.rightsInformedAt?.description, property: r.property,
            identifiedAt: r.identifiedAt?.description, identifiedHow: r.identifiedHow,
            distinguishingMarks: r.distinguishingMarks,
            identificationDueAt: r.admittedAt.adding(minutes: IntakeRules.identificationMinutes).description,
            foreignNational: r.foreignNational, consularNoticeAt: r.consularNoticeAt?.description,
            consularNotice: r.consularNotice,
            consularNoticeDueAt: r.foreignNational
                ? r.admittedAt.adding(minutes: IntakeRules.consularMinutes).description : nil,
            predates: r.predates)
    }
}

/// CL-13: a day's minutes of meaningful human contact.
extension Handler {
    func recordContact(_ input: Operations.RecordContact.Input) async throws -> Operations.RecordContact.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body, let day = parser.date(body.day, field: "day") else { return nil }
            return try await registry.recordContact(
                ContactDay(personID: number.id, day: day, minutes: body.minutes, note: body.note), expectedVersion: version,
                asOf: today(), actor: actor)
        }
        return .answer(answer, self)
    }
}
