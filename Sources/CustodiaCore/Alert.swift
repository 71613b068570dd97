/// Alerts raised from the stored legal clocks and the classification record, most serious first.
public enum AlertKind: String, Sendable, CaseIterable, Codable {
    /// Prisión preventiva expired without release: unlawful detention (CPP art. 273).
    case unlawfulDetention = "unlawful_detention"
    /// A release order received electronically and not executed by its time (issue 13 point 3).
    case releaseOrderOverdue = "release_order_overdue"
    /// More than 15 consecutive days of solitary confinement (CL-13, Mandela Rule 43): prohibited.
    case prolongedSolitary = "prolonged_solitary"
    /// The sentence has been served and the person is still held.
    case sentenceOverdue = "sentence_overdue"
    /// The pretrial term ends today or tomorrow: a prolongation must be requested before it ends.
    case pretrialEndsWithin1Day = "pretrial_ends_1d"
    /// The sentence ends: release due today or tomorrow.
    case releaseDue = "release_due"
    /// Out on a temporary exit (court, hospital, other) past the minute the person was due back.
    case outingOverdue = "outing_overdue"
    /// No medical examination 48 hours after admission (IN-1, worked example 23): the term is breached.
    case medicalExamBreach = "medical_exam_breach"
    /// No medical examination 24 hours after admission (IN-1).
    case medicalExamDue = "medical_exam_due"
    /// The family not told 24 hours after admission (IN-2).
    case familyNotificationDue = "family_notification_due"
    /// A foreign national's consulate not told (nor the person's wish recorded) 24 hours after admission (IN-6).
    case consularNoticeDue = "consular_notice_due"
    /// The personal file's identification not done 24 hours after admission (IN-4).
    case identificationDue = "identification_due"
    /// Ten consecutive days of solitary confinement (CL-13): contact must be provided before day 16.
    case solitaryDays = "solitary_10d"
    /// The 14th consecutive day of disciplinary isolation (DS-3): it must end by day 15.
    case isolationDay14 = "isolation_day_14"
    /// A disciplinary case without the Jefe de Seguridad's report 15 days after it was opened (DS-7, DS-8).
    case disciplineReportOverdue = "discipline_report_overdue"
    /// A day of isolation without its health check (DS-5, Mandela Rule 46): recorded for yesterday by today.
    case isolationCheckMissing = "isolation_check_missing"
    case pretrialEndsWithin7Days = "pretrial_ends_7d"
    /// Missing or contradictory data: the clock could not be computed.
    case clockNotComputable = "clock_not_computable"
    /// The report of a disciplinary case is due within 3 days (DS-8).
    case disciplineReportDue = "discipline_report_due"
    /// The descargo period (3 working days) has run out with no descargo recorded: record it or its lapse (DS-7, DS-8).
    case disciplineDescargoOver = "discipline_descargo_over"
    /// No classification 30 days after admission (docs/legal/peru-operations.md CL-4).
    case classificationOverdue = "classification_overdue"
    case pretrialEndsWithin30Days = "pretrial_ends_30d"
    /// Unclassified since day 20 after admission: the initial classification is due by day 30 (CL-4).
    case classificationDue = "classification_due"
    /// Six months since the last classification: the periodic evaluation is due (CL-5).
    case classificationReviewDue = "classification_review_due"
    /// A sanction's appeal period (15 working days, DS-9) ends within 3 days: after it the decision is final.
    case disciplineAppealEnds = "discipline_appeal_ends"
    /// A benefit file past a term of its procedure (BP-4, BP-6): incomplete, not sent, no hearing, no decision, or
    /// granted with the person still inside (issue 26).
    case benefitFileLate = "benefit_file_late"
    /// Eligible for semilibertad or liberación condicional, no file, past the term a file opened ex officio would
    /// have had (BP-2, BP-4).
    case benefitFileNotStarted = "benefit_file_not_started"
    /// Semilibertad or liberación condicional can be asked for since the last 30 days.
    case benefitEligible = "benefit_eligible"

    public var severity: AlertSeverity {
        switch self {
        case .unlawfulDetention, .releaseOrderOverdue, .sentenceOverdue, .prolongedSolitary: .critical
        case .pretrialEndsWithin1Day, .releaseDue, .outingOverdue, .medicalExamBreach, .solitaryDays,
            .isolationDay14, .disciplineReportOverdue, .isolationCheckMissing, .benefitFileLate:
            .high
        case .pretrialEndsWithin7Days, .clockNotComputable, .classificationOverdue, .medicalExamDue, .familyNotificationDue,
            .consularNoticeDue, .identificationDue, .disciplineReportDue, .disciplineDescargoOver, .benefitFileNotStarted:
            .medium
        case .pretrialEndsWithin30Days, .classificationDue, .classificationReviewDue, .disciplineAppealEnds: .low
        case .benefitEligible: .info
        }
    }
}

public enum AlertSeverity: String, Sendable, CaseIterable, Codable, Comparable {
    case critical, high, medium, low, info

    var rank: Int { AlertSeverity.allCases.firstIndex(of: self)! }

    /// `critical` < `high`: more serious sorts first.
    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// The dates of a stored clock that alerts are raised from.
public struct StoredClock: Sendable, Hashable {
    public enum Status: String, Sendable, Codable { case pretrial, sentenced, notComputable = "not_computable" }
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    public var status: Status
    public var pretrialEndsOn: CivilDate?
    public var sentenceEndsOn: CivilDate?
    public var semilibertyFrom: CivilDate?
    public var conditionalReleaseFrom: CivilDate?
    public var needsReview: Bool

    public init(
        personID: Person.ID, establishmentID: Establishment.ID, status: Status, pretrialEndsOn: CivilDate?,
        sentenceEndsOn: CivilDate?, semilibertyFrom: CivilDate?, conditionalReleaseFrom: CivilDate?, needsReview: Bool
    ) {
        self.personID = personID
        self.establishmentID = establishmentID
        self.status = status
        self.pretrialEndsOn = pretrialEndsOn
        self.sentenceEndsOn = sentenceEndsOn
        self.semilibertyFrom = semilibertyFrom
        self.conditionalReleaseFrom = conditionalReleaseFrom
        self.needsReview = needsReview
    }
}

/// One alert about one person.
public struct Alert: Sendable, Hashable {
    public var kind: AlertKind
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    /// The date the alert is about (term end, release day, eligibility day).
    public var date: CivilDate?
    /// Days from the as-of date to `date` (negative: days past).
    public var days: Int?
    /// A release order past its time: the order, and the hours since it was received.
    public var orderID: Int64? = nil
    public var hours: Int? = nil
    /// A benefit file past its term: the file, and the term let pass.
    public var benefitFileID: Int64? = nil
    public var benefitLate: String? = nil

    public init(kind: AlertKind, personID: Person.ID, establishmentID: Establishment.ID, date: CivilDate?, days: Int?) {
        self.kind = kind
        self.personID = personID
        self.establishmentID = establishmentID
        self.date = date
        self.days = days
    }

    public var severity: AlertSeverity { kind.severity }

    /// The alerts a stored clock raises on a day. Pure, so the API, the CLI and the pages agree.
    public static func raised(by clock: StoredClock, asOf: CivilDate) -> [Alert] {
        var alerts: [Alert] = []
        func add(_ kind: AlertKind, _ date: CivilDate?) {
            alerts.append(
                Alert(
                    kind: kind, personID: clock.personID, establishmentID: clock.establishmentID, date: date,
                    days: date.map { asOf.days(until: $0) }))
        }
        switch clock.status {
        case .notComputable:
            add(.clockNotComputable, nil)
        case .pretrial:
            if let end = clock.pretrialEndsOn {
                let left = asOf.days(until: end)
                switch left {
                case ..<0: add(.unlawfulDetention, end)
                case 0...1: add(.pretrialEndsWithin1Day, end)
                case 2...7: add(.pretrialEndsWithin7Days, end)
                case 8...30: add(.pretrialEndsWithin30Days, end)
                default: break
                }
            }
        case .sentenced:
            if let end = clock.sentenceEndsOn {
                let release = end.adding(days: 1)
                let left = asOf.days(until: release)
                if left < 0 { add(.sentenceOverdue, release) } else if left <= 1 { add(.releaseDue, release) }
            }
            for date in [clock.semilibertyFrom, clock.conditionalReleaseFrom].compactMap({ $0 }) {
                let since = date.days(until: asOf)
                if (0...30).contains(since) {
                    add(.benefitEligible, date)
                    break
                }
            }
        }
        return alerts
    }
}
