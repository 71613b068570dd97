/// A rule the input broke, returned as data (never thrown): a stable code for programs, the field at
/// fault, and the text for people in Spanish (es-PE) first and English second.
public struct ValidationMessage: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: ValidationCode
    /// Dotted path of the offending input field, e.g. `person.document.number`.
    public let field: String
    public let spanish: String
    public let english: String

    /// A message whose detail is said differently in each language (a legal clock's own message).
    public init(_ code: ValidationCode, field: String, spanishDetail: String, englishDetail: String) {
        let text = ValidationCatalog.text(for: code)
        self.init(
            code: code, field: field, spanish: "\(text.spanish) (\(spanishDetail))", english: "\(text.english) (\(englishDetail))"
        )
    }

    public init(_ code: ValidationCode, field: String, detail: String? = nil) {
        self.code = code
        self.field = field
        let text = ValidationCatalog.text(for: code)
        if let detail {
            self.spanish = "\(text.spanish) (\(detail))"
            self.english = "\(text.english) (\(detail))"
        } else {
            self.spanish = text.spanish
            self.english = text.english
        }
    }

    /// The same message about a field of a part of the input (`intake.` + `medical_exam_by`).
    public func under(_ prefix: String) -> ValidationMessage {
        ValidationMessage(code: code, field: prefix + field, spanish: spanish, english: english)
    }

    /// The same message about another field (a rule of one form checked for another: an isolation's `days` is a
    /// disciplinary measure's).
    public func at(_ field: String) -> ValidationMessage {
        ValidationMessage(code: code, field: field, spanish: spanish, english: english)
    }

    private init(code: ValidationCode, field: String, spanish: String, english: String) {
        self.code = code
        self.field = field
        self.spanish = spanish
        self.english = english
    }

    public var description: String { "\(code.rawValue) at \(field): \(english)" }
}

/// Stable validation codes. They are part of the public contract of the API: never rename one.
public enum ValidationCode: String, Sendable, CaseIterable, Codable {
    // Identity
    case dniInvalid = "document.dni_invalid"
    case foreignerCardInvalid = "document.foreigner_card_invalid"
    case passportInvalid = "document.passport_invalid"
    case givenNamesRequired = "person.given_names_required"
    case surnameRequired = "person.surname_required"
    case nameTooLong = "person.name_too_long"
    case birthDateInFuture = "person.birth_date_in_future"
    case birthDateImplausible = "person.birth_date_implausible"
    case nationalityInvalid = "person.nationality_invalid"
    case personUnknown = "person.unknown"
    case documentAlreadyRegistered = "person.document_already_registered"
    // Custody
    case orderRequired = "admission.order_required"
    case orderDoesNotAuthorize = "admission.order_does_not_authorize"
    case alreadyInCustody = "admission.already_in_custody"
    case admissionInFuture = "admission.date_in_future"
    case orderAfterAdmission = "admission.order_after_admission"
    case arrestAfterAdmission = "admission.arrest_after_admission"
    case timeInvalid = "admission.time_invalid"
    case authorityRequired = "admission.authority_required"
    case dateInvalid = "date.invalid"
    case valueOutOfRange = "query.value_out_of_range"
    case lengthOutOfRange = "query.length_out_of_range"
    // Place
    case establishmentUnknown = "placement.establishment_unknown"
    case pavilionUnknown = "placement.pavilion_unknown"
    case cellUnknown = "placement.cell_unknown"
    case establishmentSexMismatch = "placement.establishment_sex_mismatch"
    case pavilionSexMismatch = "placement.pavilion_sex_mismatch"
    case pavilionStatusMismatch = "placement.pavilion_status_mismatch"
    case samePavilion = "placement.same_pavilion"
    case moveBeforePlacement = "placement.move_before_current"
    case moveInFuture = "placement.move_in_future"
    case notInCustody = "custody.not_in_custody"
    // Release
    case releaseOrderRequired = "release.order_required"
    case releaseBeforeAdmission = "release.before_admission"
    case releaseInFuture = "release.date_in_future"
    case releaseGroundNotApplicable = "release.ground_not_applicable"
    case releaseOrderKindInvalid = "release.order_kind_invalid"
    // Cases and orders
    case caseNumberInvalid = "case.number_invalid"
    case courtRequired = "order.court_required"
    case referenceRequired = "order.reference_required"
    case orderIssuedInFuture = "order.issued_in_future"
    case pretrialMonthsOutOfRange = "order.pretrial_months_out_of_range"
    case pretrialStartAfterIssue = "order.pretrial_start_invalid"
    case sentenceOutOfRange = "order.sentence_out_of_range"
    case recidivismNotSentence = "order.recidivism_not_sentence"
    case chargesRequired = "case.charges_required"
    case crimeArticleUnknown = "case.crime_article_unknown"
    case judicialDistrictRequired = "case.judicial_district_required"
    case textTooLong = "input.text_too_long"
    case numberInvalid = "input.number_invalid"
    case valueNotAllowed = "input.value_not_allowed"
    // Work, study and suspensions
    case redemptionDaysOutOfRange = "redemption.days_out_of_range"
    case certifierRequired = "redemption.certifier_required"
    case suspensionNotPretrial = "suspension.not_pretrial"
    case periodEndsBeforeStart = "period.ends_before_start"
    case periodInFuture = "period.in_future"
    case periodBeforeCustody = "period.before_custody"
    // Classification (docs/legal/peru-operations.md CL-*)
    case classificationInFuture = "classification.date_in_future"
    case classificationBeforeCustody = "classification.before_custody"
    case classificationBeforeCurrent = "classification.before_current"
    case classificationBodyRequired = "classification.body_required"
    case classificationResolutionRequired = "classification.resolution_required"
    case regimeNotInForce = "classification.regime_not_in_force"
    case extremeSecurityMinor = "classification.es_minor"
    case oneStageAtATime = "classification.one_stage_at_a_time"
    case extremeSecurityOnlyToA = "classification.es_only_to_a"
    case extremeSecurityMinimumStay = "classification.es_min_stay"
    // Organizations and memberships (SEP-6)
    case organizationNameRequired = "organization.name_required"
    case organizationNameTaken = "organization.name_taken"
    case planEstablishmentUnknown = "plan.establishment_unknown"
    case planRouteUnknown = "plan.route_unknown"
    case planRouteExceeded = "plan.route_exceeded"
    case organizationUnknown = "organization.unknown"
    case membershipInFuture = "membership.date_in_future"
    case membershipEvidenceRequired = "membership.evidence_required"
    case membershipOverlapping = "membership.overlapping"
    case keepApartSameParty = "keep_apart.same_party"
    case keepApartReasonRequired = "keep_apart.reason_required"
    case keepApartInFuture = "keep_apart.date_in_future"
    case keepApartDuplicate = "keep_apart.duplicate"
    case keepApartAlreadyClosed = "keep_apart.already_closed"
    case keepApartNotClosed = "keep_apart.not_closed"
    // The placement check (SEP-3, SEP-5, SEP-6, OP-3)
    case minorWithAdults = "separation.minor_with_adults"
    case adultWithMinors = "separation.adult_with_minors"
    case extremeSecurityArea = "separation.extreme_security_area"
    case regimeMismatch = "placement.regime_mismatch"
    case keepApartConflict = "separation.keep_apart"
    case overrideForbidden = "override.forbidden"
    case overrideResolutionRequired = "override.resolution_required"
    case overrideReasonRequired = "override.reason_required"
    // Transfers (TR-*)
    case transferAlreadyOpen = "transfer.already_open"
    case transferSameEstablishment = "transfer.same_establishment"
    case transferReasonRequired = "transfer.reason_required"
    case transferInFuture = "transfer.date_in_future"
    case transferWrongState = "transfer.wrong_state"
    case transferResolutionRequired = "transfer.resolution_required"
    case transferAuthorityRequired = "transfer.authority_required"
    case transferSecurityAuthority = "transfer.security_needs_regional_director"
    case transferUnknown = "transfer.unknown"
    case transferCourtProduction = "transfer.court_production_pending"
    case outingWrongState = "outing.wrong_state"
    case outingDestinationRequired = "outing.destination_required"
    case outingRequesterRequired = "outing.requested_by_required"
    case outingOrderRequired = "outing.order_required"
    case outingReturnBeforeDeparture = "outing.return_before_departure"
    case outingAlreadyOut = "outing.already_out"
    case outingInTransit = "outing.in_transit"
    case outingInFuture = "outing.time_in_future"
    case outingReasonRequired = "outing.reason_required"
    case outingUnknown = "outing.unknown"
    case intakeBeforeAdmission = "intake.before_admission"
    case intakeExaminerRequired = "intake.examiner_required"
    case intakeNoticeMeansRequired = "intake.notice_means_required"
    case intakeNextOfKinRequired = "intake.next_of_kin_required"
    case intakeIdentificationMeansRequired = "intake.identification_means_required"
    case intakeNotForeign = "intake.not_foreign"
    case intakeConsulateRequired = "intake.consulate_required"
    case isolationMaximum = "discipline.isolation_max"
    case isolationProtected = "discipline.isolation_protected"
    case isolationMedicalClearance = "discipline.medical_clearance"
    case isolationResolutionRequired = "discipline.resolution_required"
    case isolationOverlap = "discipline.isolation_overlap"
    case isolationUnknown = "discipline.isolation_unknown"
    case isolationAlreadyLifted = "discipline.already_lifted"
    case visitVisitorRequired = "visit.visitor_required"
    case visitorUnknown = "visit.visitor_unknown"
    case visitInPast = "visit.in_past"
    case visitOverlap = "visit.overlap"
    case visitorBanned = "visit.visitor_banned"
    case visitKeepApart = "visit.keep_apart"
    case visitOutsideCalendar = "visit.outside_calendar"
    case visitMinorUnaccompanied = "visit.minor_unaccompanied"
    case visitRelationship = "visit.relationship"
    case visitKinshipDegree = "visit.kinship_degree"
    case visitIntimateNotAvailable = "visit.intimate_not_available"
    case visitVisitorCount = "visit.visitor_count"
    case visitDuration = "visit.duration"
    case visitMode = "visit.mode"
    case visitQuota = "visit.quota"
    case visitSlotFull = "visit.slot_full"
    case visitWrongState = "visit.wrong_state"
    case visitUnknown = "visit.unknown"
    case visitReasonRequired = "visit.reason_required"
    case visitStepTime = "visit.step_time"
    case visitDocumentMismatch = "visit.document_mismatch"
    case visitorDocumentRequired = "visitor.document_required"
    case visitorAddressRequired = "visitor.address_required"
    case visitorAlreadyRegistered = "visitor.already_registered"
    case incidentUnknown = "incident.unknown"
    case incidentItemsRequired = "incident.items_required"
    case incidentItemQuantity = "incident.item_quantity"
    case incidentIMEIInvalid = "incident.imei_invalid"
    case incidentPersonRequired = "incident.person_required"
    case incidentStaffRequired = "incident.staff_required"
    case incidentSearchKindRequired = "incident.search_kind_required"
    case incidentInFuture = "incident.in_future"
    case incidentTextRequired = "incident.text_required"
    case incidentWrongState = "incident.wrong_state"
    case incidentAppendOnly = "incident.append_only"
    case disciplineOffenceUnknown = "discipline.offence_unknown"
    case disciplineCollective = "discipline.collective"
    case disciplineDoubleSanction = "discipline.double_sanction"
    case disciplineFamilyContactBan = "discipline.family_contact_ban"
    case disciplineDueProcess = "discipline.due_process"
    case disciplineWrongStep = "discipline.wrong_step"
    case disciplineStepDate = "discipline.step_date"
    case disciplineDescargoNotDue = "discipline.descargo_not_due"
    case disciplineAppealLate = "discipline.appeal_late"
    case disciplineCaseUnknown = "discipline.case_unknown"
    case disciplineTextRequired = "discipline.text_required"
    case disciplineMeasures = "discipline.measures"
    case visitInmateSuspended = "visit.inmate_suspended"
    case isolationCheckByRequired = "discipline.check_by_required"
    // Orders received electronically (issue 13)
    case orderJudgeRequired = "order.judge_required"
    case orderCaseUnknown = "order.case_unknown"
    case orderTermsRequired = "order.terms_required"
    case orderReleaseReasonRequired = "order.release_reason_required"
    case orderBeyondLegalLimit = "order.beyond_legal_limit"
    case orderKeyRequired = "order.idempotency_key_required"
    case orderKeyReused = "order.idempotency_key_reused"
    case orderWrongState = "order.wrong_state"
    case orderLegalCheckPending = "order.legal_check_pending"
    case orderExecutedByAdmission = "order.executed_by_admission"
    case orderNotCandidate = "order.not_candidate"
    case orderReasonRequired = "order.reason_required"
    case subscriptionURLInvalid = "subscription.url_invalid"
    case subscriptionTypeUnknown = "subscription.event_type_unknown"
    case subscriptionClientUnknown = "subscription.client_unknown"
    case subscriptionEventsNotGranted = "subscription.events_not_granted"
    // Benefit files (issue 26)
    case benefitNotEligible = "benefit.not_eligible"
    case benefitFileExists = "benefit.file_exists"
    case benefitWrongState = "benefit.wrong_state"
    case benefitFileIncomplete = "benefit.file_incomplete"
    case benefitNotSent = "benefit.not_sent"
    case benefitDateInFuture = "benefit.date_in_future"
    case benefitDateOutOfOrder = "benefit.date_out_of_order"
    case benefitTextRequired = "benefit.text_required"
    case benefitDocumentRequired = "benefit.document_required"

    /// Whether a warden may place the person despite this reason, with a resolution and a written reason (OP-3).
    /// Sex, legal status, minors and the Extrema Seguridad areas are absolute (SEP-1, 2, 3, 5); so is every rule
    /// that is not about where a person is placed.
    /// A court hearing in person still to come is weighed the same way before a transfer to another department.
    public var isOverridable: Bool {
        self == .regimeMismatch || self == .keepApartConflict || self == .transferCourtProduction
    }
}
