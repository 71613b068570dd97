import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// Intake terms and checks (docs/legal/peru-operations.md section 6, IN-1, IN-2, IN-4 and IN-6; worked example 23).
@Suite struct IntakeRulesTests {
    func minute(_ text: String) -> LocalTime { LocalTime(text: text)! }

    var record: IntakeRecord {
        IntakeRecord(episodeID: 1, personID: 9, establishmentID: 1, admittedAt: minute("2026-07-01T10:00"))
    }

    /// Example 23: admitted 2026-07-01 10:00, no medical examination: alert 2026-07-02 10:00, breach 2026-07-03 10:00.
    @Test func workedExample23() {
        func kinds(_ at: String) -> [String] {
            IntakeRules.alerts(record, at: minute(at)).map { "\($0.0.rawValue) \($0.1)" }
        }
        #expect(kinds("2026-07-02T09:59").isEmpty)
        #expect(
            kinds("2026-07-02T10:00") == [
                "medical_exam_due 2026-07-02T10:00", "family_notification_due 2026-07-02T10:00",
                "identification_due 2026-07-02T10:00",
            ])
        #expect(kinds("2026-07-03T09:59").first == "medical_exam_due 2026-07-02T10:00")
        #expect(kinds("2026-07-03T10:00").first == "medical_exam_breach 2026-07-03T10:00")
        #expect(AlertKind.medicalExamBreach.severity == .high && AlertKind.medicalExamDue.severity == .medium)
        // Done: no alert; loaded from an earlier register: no term runs.
        var done = record
        done.medicalExamAt = minute("2026-07-01T16:00")
        done.familyNotifiedAt = minute("2026-07-01T12:00")
        done.identifiedAt = minute("2026-07-01T11:00")
        #expect(IntakeRules.alerts(done, at: minute("2026-08-01T00:00")).isEmpty)
        var old = record
        old.predates = true
        #expect(IntakeRules.alerts(old, at: minute("2026-08-01T00:00")).isEmpty)
    }

    @Test func whatAnUpdateMustSay() {
        let now = minute("2026-07-02T08:00")
        func codes(_ update: IntakeUpdate) -> [String] {
            IntakeRules.validate(update, record: record, reference: now).map { "\($0.code.rawValue) \($0.field)" }
        }
        #expect(codes(IntakeUpdate(personID: 9, medicalExamAt: minute("2026-07-01T15:00"), medicalExamBy: "Tópico")).isEmpty)
        #expect(
            codes(IntakeUpdate(personID: 9, medicalExamAt: minute("2026-07-01T15:00")))
                == ["intake.examiner_required medical_exam_by"])
        #expect(
            codes(IntakeUpdate(personID: 9, medicalExamAt: minute("2026-07-01T09:00"), medicalExamBy: "Tópico"))
                == ["intake.before_admission medical_exam_at"])
        #expect(
            codes(IntakeUpdate(personID: 9, familyNotifiedAt: minute("2026-07-02T09:00"), familyNotifiedHow: "Llamada"))
                == ["outing.time_in_future family_notified_at"])
        #expect(
            codes(IntakeUpdate(personID: 9, familyNotifiedAt: minute("2026-07-01T11:00")))
                == ["intake.notice_means_required family_notified_how"])
        #expect(
            codes(IntakeUpdate(personID: 9, nextOfKin: NextOfKin(name: "Ana", relationship: "madre", contact: " ")))
                == ["intake.next_of_kin_required next_of_kin.contact"])
        // The examiner already recorded stays: a later time alone is enough.
        var examined = record
        examined.medicalExamAt = minute("2026-07-01T15:00")
        examined.medicalExamBy = "Tópico"
        #expect(
            IntakeRules.validate(
                IntakeUpdate(personID: 9, medicalExamAt: minute("2026-07-01T16:00")), record: examined, reference: now
            ).isEmpty)
        #expect(
            IntakeRules.validate(IntakeUpdate(personID: 9), record: nil, reference: now).map(\.code) == [.notInCustody])
    }

    /// IN-4: the personal file's identification is due 24 hours after admission; IN-6: a foreign national's consular
    /// notice too, and only a foreign national's.
    @Test func identificationAndConsularNotice() {
        func kinds(_ r: IntakeRecord, _ at: String) -> [String] {
            IntakeRules.alerts(r, at: minute(at)).map { "\($0.0.rawValue) \($0.1)" }
        }
        var foreign = record
        foreign.foreignNational = true
        foreign.medicalExamAt = minute("2026-07-01T12:00")
        foreign.familyNotifiedAt = minute("2026-07-01T12:00")
        #expect(kinds(foreign, "2026-07-02T09:59").isEmpty)
        #expect(
            kinds(foreign, "2026-07-02T10:00") == ["identification_due 2026-07-02T10:00", "consular_notice_due 2026-07-02T10:00"])
        foreign.identifiedAt = minute("2026-07-01T11:00")
        foreign.consularNoticeAt = minute("2026-07-01T13:00")
        #expect(kinds(foreign, "2026-07-09T10:00").isEmpty)
        var peruvian = foreign
        peruvian.foreignNational = false
        peruvian.consularNoticeAt = nil
        #expect(kinds(peruvian, "2026-07-09T10:00").isEmpty)
        #expect(AlertKind.identificationDue.severity == .medium && AlertKind.consularNoticeDue.severity == .medium)

        let now = minute("2026-07-02T08:00")
        func codes(_ details: IntakeDetails, _ r: IntakeRecord) -> [String] {
            IntakeRules.validate(details, record: r, reference: now).map { "\($0.code.rawValue) \($0.field)" }
        }
        var open = record
        open.foreignNational = true
        #expect(codes(IntakeDetails(identifiedAt: minute("2026-07-01T11:00"), identifiedHow: "RENIEC"), open).isEmpty)
        #expect(
            codes(IntakeDetails(identifiedAt: minute("2026-07-01T11:00")), open)
                == ["intake.identification_means_required identified_how"])
        #expect(
            codes(IntakeDetails(identifiedAt: minute("2026-07-01T09:00"), identifiedHow: "RENIEC"), open)
                == ["intake.before_admission identified_at"])
        #expect(
            codes(IntakeDetails(consularNoticeAt: minute("2026-07-01T12:00")), open)
                == ["intake.consulate_required consular_notice"])
        #expect(
            codes(IntakeDetails(consularNoticeAt: minute("2026-07-02T09:00"), consularNotice: "Consulado"), open)
                == ["outing.time_in_future consular_notice_at"])
        #expect(codes(IntakeDetails(consularNoticeAt: minute("2026-07-01T12:00"), consularNotice: "Consulado"), open).isEmpty)
        #expect(
            codes(IntakeDetails(consularNoticeAt: minute("2026-07-01T12:00"), consularNotice: "Consulado"), record)
                == ["intake.not_foreign consular_notice_at"])
        #expect(codes(IntakeDetails(consularNotice: "Consulado"), record) == ["intake.not_foreign consular_notice"])
        #expect(
            codes(IntakeDetails(distinguishingMarks: String(repeating: "x", count: 5_000)), record).first?.hasSuffix(
                " distinguishing_marks") == true)
    }
}
