import CustodiaCore
import Foundation
import Placement
import SQLKit

/// Intake (issue 11 point 7, IN-*): the row the admission opens for its episode, what the first hours record on it,
/// and the alerts its terms raise.
extension SQLRegistry {
    static let intakeColumns = """
        i.episode_id, i.person_id, i.medical_exam_at, i.medical_exam_by, i.next_of_kin_name, i.next_of_kin_relationship,
        i.next_of_kin_contact, i.family_notified_at, i.family_notified_how, i.rights_informed_at, i.property, i.predates,
        i.identified_at, i.identified_how, i.distinguishing_marks, i.consular_notice_at, i.consular_notice,
        i.version, ce.establishment_id, ce.admitted_on, ce.admitted_at, ip.nationality AS intake_nationality
        """
    /// The intake row with its episode and person (`intakeColumns` reads from both).
    static let intakeJoins = """
        FROM intake i JOIN custody_episodes ce ON ce.id = i.episode_id JOIN persons ip ON ip.id = i.person_id
        """

    public func recordIntake(_ update: IntakeUpdate, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
    {
        let reference = referenceMinute(asOf)
        return try await changePerson(
            update.personID, expectedVersion: expectedVersion, asOf: asOf, actor: actor, clock: .unchanged
        ) { sql, person, open in
            var record: IntakeRecord?
            if let open {
                record = try await sql.execute(
                    "SELECT \(Self.intakeColumns) \(Self.intakeJoins) WHERE i.episode_id = $1",
                    [open.id.rawValue]
                ).first.map(Decode.intake)
            }
            let messages = IntakeRules.validate(update, record: record, reference: reference)
            guard messages.isEmpty, let record else { throw Refusal(outcome: .rejected(messages)) }
            let after = update.applied(to: record)
            guard after != record else { return nil }
            func text(_ value: String?) -> String? {
                value.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            }
            try await sql.execute(
                """
                UPDATE intake SET medical_exam_at = $1, medical_exam_by = $2, next_of_kin_name = $3,
                  next_of_kin_relationship = $4, next_of_kin_contact = $5, family_notified_at = $6,
                  family_notified_how = $7, rights_informed_at = $8, property = $9, identified_at = $10,
                  identified_how = $11, distinguishing_marks = $12, consular_notice_at = $13, consular_notice = $14,
                  version = version + 1
                WHERE episode_id = $15
                """,
                [
                    after.medicalExamAt?.description, text(after.medicalExamBy), text(after.nextOfKin?.name),
                    text(after.nextOfKin?.relationship), text(after.nextOfKin?.contact), after.familyNotifiedAt?.description,
                    text(after.familyNotifiedHow), after.rightsInformedAt?.description, text(after.property),
                    after.identifiedAt?.description, text(after.identifiedHow), text(after.distinguishingMarks),
                    after.consularNoticeAt?.description, text(after.consularNotice), record.episodeID.rawValue,
                ] as [any Encodable & Sendable])
            var fields: [String] = []
            if after.medicalExamAt != record.medicalExamAt || after.medicalExamBy != record.medicalExamBy {
                fields.append("medical_exam")
            }
            if after.nextOfKin != record.nextOfKin { fields.append("next_of_kin") }
            if after.familyNotifiedAt != record.familyNotifiedAt || after.familyNotifiedHow != record.familyNotifiedHow {
                fields.append("family_notified")
            }
            if after.rightsInformedAt != record.rightsInformedAt { fields.append("rights_informed") }
            if after.property != record.property { fields.append("property") }
            if after.identifiedAt != record.identifiedAt || after.identifiedHow != record.identifiedHow
                || after.distinguishingMarks != record.distinguishingMarks
            {
                fields.append("identification")
            }
            if after.consularNoticeAt != record.consularNoticeAt || after.consularNotice != record.consularNotice {
                fields.append("consular_notice")
            }
            return .intakeRecorded(.init(episodeID: record.episodeID.rawValue, fields: fields))
        }
    }

    /// The intake row an admission opens, with what the admission already records of it (checked as any later
    /// update, its messages' fields under `intake.`).
    func insertIntake(
        _ sql: any SQLDatabase, episode: CustodyEpisode.ID, person: Person.ID, establishment: Establishment.ID,
        admitted: LocalTime, foreign: Bool, details: IntakeDetails?, asOf: CivilDate
    ) async throws -> IntakeRecord {
        let empty = IntakeRecord(
            episodeID: episode, personID: person, establishmentID: establishment, admittedAt: admitted,
            foreignNational: foreign)
        func text(_ value: String?) -> String? {
            value.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let record =
            details.map {
                IntakeDetails(
                    medicalExamAt: $0.medicalExamAt, medicalExamBy: text($0.medicalExamBy),
                    nextOfKin: $0.nextOfKin.map {
                        NextOfKin(
                            name: $0.name.trimmingWhitespace(), relationship: $0.relationship.trimmingWhitespace(),
                            contact: $0.contact.trimmingWhitespace())
                    }, familyNotifiedAt: $0.familyNotifiedAt, familyNotifiedHow: text($0.familyNotifiedHow),
                    rightsInformedAt: $0.rightsInformedAt, property: text($0.property), identifiedAt: $0.identifiedAt,
                    identifiedHow: text($0.identifiedHow), distinguishingMarks: text($0.distinguishingMarks),
                    consularNoticeAt: $0.consularNoticeAt, consularNotice: text($0.consularNotice)
                ).applied(to: empty)
            } ?? empty
        if let details {
            let messages = IntakeRules.validate(details, record: empty, reference: referenceMinute(asOf))
            guard messages.isEmpty else {
                throw Refusal(
                    outcome: .rejected(
                        messages.map { $0.under("intake.") }))
            }
        }
        try await sql.execute(
            """
            INSERT INTO intake (episode_id, person_id, medical_exam_at, medical_exam_by, next_of_kin_name,
              next_of_kin_relationship, next_of_kin_contact, family_notified_at, family_notified_how, rights_informed_at,
              property, identified_at, identified_how, distinguishing_marks, consular_notice_at, consular_notice)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            [
                episode.rawValue, person.rawValue, record.medicalExamAt?.description, text(record.medicalExamBy),
                text(record.nextOfKin?.name), text(record.nextOfKin?.relationship), text(record.nextOfKin?.contact),
                record.familyNotifiedAt?.description, text(record.familyNotifiedHow), record.rightsInformedAt?.description,
                text(record.property), record.identifiedAt?.description, text(record.identifiedHow),
                text(record.distinguishingMarks), record.consularNoticeAt?.description, text(record.consularNotice),
            ] as [any Encodable & Sendable])
        return record
    }

    /// The intake of the person's open episode, or of their last one.
    static func intake(_ sql: any SQLDatabase, person: Person.ID) async throws -> IntakeRecord? {
        try await sql.execute(
            """
            SELECT \(Self.intakeColumns) \(Self.intakeJoins)
            WHERE i.person_id = $1 ORDER BY ce.admitted_on DESC, ce.id DESC LIMIT 1
            """, [person.rawValue]
        ).first.map(Decode.intake)
    }

    /// IN-1, IN-2, IN-4 and IN-6 alerts at the reference minute of `asOf`: open episodes whose examination, family
    /// notice, identification or (for a foreign national) consular notice is missing past its term.
    func intakeAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        let minute = referenceMinute(asOf)
        // Admitted at least a day before the minute: earlier ones cannot be due yet (every term is 24 hours or more).
        let shortest = min(
            IntakeRules.medicalAlertMinutes, IntakeRules.familyMinutes, IntakeRules.identificationMinutes,
            IntakeRules.consularMinutes)
        let admittedBy = minute.adding(minutes: -shortest)
        var list: [any Encodable & Sendable] = [admittedBy.date.description]
        if let establishmentID { list.append(establishmentID) }
        let binds = list
        let rows = try await database.read { sql in
            try await sql.execute(
                """
                SELECT \(Self.intakeColumns), e.code AS establishment_code \(Self.intakeJoins)
                JOIN establishments e ON e.id = ce.establishment_id
                WHERE ce.released_on IS NULL AND i.predates = 0 AND (i.medical_exam_at IS NULL
                  OR i.family_notified_at IS NULL OR i.identified_at IS NULL OR i.consular_notice_at IS NULL)
                  AND ce.admitted_on <= $1 \(establishmentID == nil ? "" : "AND ce.establishment_id = $2")
                """, binds
            ).map { (try Decode.intake($0), try $0.string("establishment_code")) }
        }
        return rows.flatMap { record, code in
            IntakeRules.alerts(record, at: minute).map { kind, due in
                (
                    Alert(
                        kind: kind, personID: record.personID, establishmentID: record.establishmentID, date: due.date,
                        days: asOf.days(until: due.date)), code
                )
            }
        }
    }
}

extension Decode {
    static func intake(_ row: any SQLRow) throws -> IntakeRecord {
        func minute(_ column: String) throws -> LocalTime? {
            try row.optionalString(column).flatMap { LocalTime(text: $0) }
        }
        let admitted = LocalTime(date: try row.date("admitted_on"), time: TimeOfDay(text: try row.string("admitted_at"))!)
        var kin: NextOfKin?
        if let name = try row.optionalString("next_of_kin_name") {
            kin = NextOfKin(
                name: name, relationship: try row.optionalString("next_of_kin_relationship") ?? "",
                contact: try row.optionalString("next_of_kin_contact") ?? "")
        }
        return IntakeRecord(
            episodeID: .init(rawValue: try row.int64("episode_id")), personID: .init(rawValue: try row.int64("person_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")), admittedAt: admitted,
            medicalExamAt: try minute("medical_exam_at"), medicalExamBy: try row.optionalString("medical_exam_by"),
            nextOfKin: kin, familyNotifiedAt: try minute("family_notified_at"),
            familyNotifiedHow: try row.optionalString("family_notified_how"),
            rightsInformedAt: try minute("rights_informed_at"), property: try row.optionalString("property"),
            identifiedAt: try minute("identified_at"), identifiedHow: try row.optionalString("identified_how"),
            distinguishingMarks: try row.optionalString("distinguishing_marks"),
            consularNoticeAt: try minute("consular_notice_at"), consularNotice: try row.optionalString("consular_notice"),
            foreignNational: try row.string("intake_nationality") != Person.peru,
            predates: try row.int("predates") == 1, version: try row.int("version"))
    }
}
