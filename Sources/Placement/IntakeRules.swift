import CustodiaCore

/// The terms of intake (docs/legal/peru-operations.md section 6): IN-1 the medical examination, an alert 24 hours
/// after admission and a breach at 48 (worked example 23; the deadline is [OPEN] in the law, these are the spec's
/// defaults); IN-2 the family told within 24 hours; IN-4 the personal file's identification and IN-6 a foreign
/// national's consulate told, each within 24 hours (the law sets no term: "without delay" for the consulate, Vienna
/// Convention on Consular Relations art. 36.1.b; our default, pending legal review, is the family's).
public enum IntakeRules {
    public static let medicalAlertMinutes = 24 * 60
    public static let medicalBreachMinutes = 48 * 60
    public static let familyMinutes = 24 * 60
    public static let identificationMinutes = 24 * 60
    public static let consularMinutes = 24 * 60

    /// The alerts a record raises at a minute, each with the minute its term ended.
    public static func alerts(_ record: IntakeRecord, at minute: LocalTime) -> [(AlertKind, LocalTime)] {
        guard !record.predates else { return [] }
        var alerts: [(AlertKind, LocalTime)] = []
        if record.medicalExamAt == nil {
            let breach = record.admittedAt.adding(minutes: medicalBreachMinutes)
            let alert = record.admittedAt.adding(minutes: medicalAlertMinutes)
            if minute >= breach {
                alerts.append((.medicalExamBreach, breach))
            } else if minute >= alert {
                alerts.append((.medicalExamDue, alert))
            }
        }
        let family = record.admittedAt.adding(minutes: familyMinutes)
        if record.familyNotifiedAt == nil, minute >= family { alerts.append((.familyNotificationDue, family)) }
        let identification = record.admittedAt.adding(minutes: identificationMinutes)
        if record.identifiedAt == nil, minute >= identification { alerts.append((.identificationDue, identification)) }
        let consular = record.admittedAt.adding(minutes: consularMinutes)
        if record.foreignNational, record.consularNoticeAt == nil, minute >= consular {
            alerts.append((.consularNoticeDue, consular))
        }
        return alerts
    }

    /// An update: each minute between the admission and now; the examiner named with the examination, the means with
    /// the notice; a next of kin with a name and a way to reach them; texts within bounds.
    public static func validate(_ update: IntakeUpdate, record: IntakeRecord?, reference: LocalTime) -> [ValidationMessage] {
        guard let record else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        return validate(update.details, record: record, reference: reference)
    }

    /// The same checks of details given with the admission or later.
    public static func validate(_ update: IntakeDetails, record: IntakeRecord, reference: LocalTime) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        for (minute, field) in [
            (update.medicalExamAt, "medical_exam_at"), (update.familyNotifiedAt, "family_notified_at"),
            (update.rightsInformedAt, "rights_informed_at"), (update.identifiedAt, "identified_at"),
            (update.consularNoticeAt, "consular_notice_at"),
        ] {
            guard let minute else { continue }
            if minute < record.admittedAt { messages.append(ValidationMessage(.intakeBeforeAdmission, field: field)) }
            if minute > reference { messages.append(ValidationMessage(.outingInFuture, field: field)) }
        }
        let after = update.applied(to: record)
        if after.medicalExamAt != nil, (after.medicalExamBy ?? "").trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.intakeExaminerRequired, field: "medical_exam_by"))
        }
        if after.familyNotifiedAt != nil, (after.familyNotifiedHow ?? "").trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.intakeNoticeMeansRequired, field: "family_notified_how"))
        }
        if after.identifiedAt != nil, (after.identifiedHow ?? "").trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.intakeIdentificationMeansRequired, field: "identified_how"))
        }
        if !record.foreignNational, update.consularNoticeAt != nil || update.consularNotice != nil {
            let field = update.consularNoticeAt != nil ? "consular_notice_at" : "consular_notice"
            messages.append(ValidationMessage(.intakeNotForeign, field: field))
        } else if after.consularNoticeAt != nil, (after.consularNotice ?? "").trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.intakeConsulateRequired, field: "consular_notice"))
        }
        if let kin = update.nextOfKin {
            if kin.name.trimmingWhitespace().isEmpty {
                messages.append(ValidationMessage(.intakeNextOfKinRequired, field: "next_of_kin.name"))
            }
            if kin.contact.trimmingWhitespace().isEmpty {
                messages.append(ValidationMessage(.intakeNextOfKinRequired, field: "next_of_kin.contact"))
            }
            messages +=
                TextLimits.check(kin.name, field: "next_of_kin.name")
                + TextLimits.check(kin.relationship, field: "next_of_kin.relationship")
                + TextLimits.check(kin.contact, field: "next_of_kin.contact")
        }
        for (text, field) in [
            (update.medicalExamBy, "medical_exam_by"), (update.familyNotifiedHow, "family_notified_how"),
            (update.property, "property"), (update.identifiedHow, "identified_how"),
            (update.distinguishingMarks, "distinguishing_marks"), (update.consularNotice, "consular_notice"),
        ] {
            if let text { messages += TextLimits.check(text, field: field) }
        }
        return messages
    }
}
