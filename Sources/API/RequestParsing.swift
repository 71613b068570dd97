import CustodiaCore

/// Turns API bodies into domain requests. Every problem found is collected with its field, so a clerk
/// sees all of them at once; the domain rules then add theirs.
struct Parser {
    var messages: [ValidationMessage] = []

    mutating func date(_ text: String?, field: String, required: Bool = true) -> CivilDate? {
        guard let text, !text.isEmpty else {
            if required { messages.append(ValidationMessage(.dateInvalid, field: field)) }
            return nil
        }
        guard let date = CivilDate(iso: text) else {
            messages.append(ValidationMessage(.dateInvalid, field: field))
            return nil
        }
        return date
    }

    /// A number of the body within the contract's bounds (0-100000), whatever the order's kind reads of it.
    mutating func number(_ field: String, _ value: Int?) {
        if let value, !(0...100_000).contains(value) {
            messages.append(ValidationMessage(.valueOutOfRange, field: field))
        }
    }

    mutating func time(_ text: String, field: String) -> TimeOfDay? {
        guard let time = TimeOfDay(text: text) else {
            messages.append(ValidationMessage(.timeInvalid, field: field))
            return nil
        }
        return time
    }

    mutating func order(_ body: Components.Schemas.NewOrder?, caseType: CaseType, field: String) -> NewOrder? {
        guard let body else { return nil }
        for (name, value) in [
            ("months", body.months), ("sentence_years", body.sentenceYears), ("sentence_months", body.sentenceMonths),
            ("sentence_days", body.sentenceDays),
        ] {
            number("\(field).\(name)", value)
        }
        let issued = date(body.issuedOn, field: "\(field).issued_on")
        var kind: CourtOrder.Kind?
        switch body.kind {
        case .detention: kind = .detention
        case .release: kind = .release
        case .prolongation: kind = .prolongation(months: body.months ?? 0)
        case .adecuacion: kind = .adecuacion(months: body.months ?? 0)
        case .appealProlongation: kind = .appealProlongation(months: body.months ?? 0)
        case .appealedConviction:
            kind = .appealedConviction(ConvictionTerm(years: body.sentenceYears ?? 0, months: body.sentenceMonths ?? 0))
        case .pretrialDetention:
            let starts = date(body.startsOn ?? body.issuedOn, field: "\(field).starts_on")
            if body.months == nil { messages.append(ValidationMessage(.pretrialMonthsOutOfRange, field: "\(field).months")) }
            if let starts, let months = body.months {
                kind = .pretrialDetention(PretrialTerm(caseType: caseType, months: months, startsOn: starts))
            }
        case .sentence:
            let starts = date(body.startsOn, field: "\(field).starts_on")
            let recidivism = body.recidivism.map { Recidivism(rawValue: $0.rawValue)! }
            if let starts {
                kind =
                    body.lifeSentence == true
                    ? .sentence(.life(startsOn: starts, recidivism: recidivism))
                    : .sentence(
                        SentenceTerm(
                            years: body.sentenceYears ?? 0, months: body.sentenceMonths ?? 0, days: body.sentenceDays ?? 0,
                            startsOn: starts, recidivism: recidivism))
            }
        }
        if body.recidivism != nil, body.kind != .sentence {
            messages.append(ValidationMessage(.recidivismNotSentence, field: "\(field).recidivism"))
        }
        guard let issued, let kind else { return nil }
        return NewOrder(kind: kind, issuingCourt: body.issuingCourt, issuedOn: issued, reference: body.reference)
    }

    mutating func admission(_ body: Components.Schemas.AdmissionRequest) -> AdmissionRequest? {
        var subject: AdmissionRequest.Subject?
        if let number = body.personNumber {
            if let parsed = PersonNumber(number) {
                subject = .existing(parsed.id)
            } else {
                messages.append(ValidationMessage(.personUnknown, field: "person_number"))
            }
        } else if let person = body.person {
            subject = newPerson(person).map { .new($0) }
        } else {
            messages.append(ValidationMessage(.personUnknown, field: "person"))
        }
        let admittedOn = date(body.admittedOn, field: "admitted_on")
        let admittedAt = time(body.admittedAt, field: "admitted_at")
        let arrestedOn = date(body.arrestedOn, field: "arrested_on", required: false)
        let caseType = CaseType(rawValue: body._case.caseType.rawValue)!
        let caseNumber = CaseNumber(body._case.number)
        if caseNumber == nil { messages.append(ValidationMessage(.caseNumberInvalid, field: "case.number")) }
        let order = order(body.order, caseType: caseType, field: "order")
        let intake = body.intake.map { intakeDetails($0, prefix: "intake.") }
        guard let subject, let admittedOn, let admittedAt, let caseNumber, messages.isEmpty else { return nil }
        var request = AdmissionRequest(
            subject: subject, establishmentCode: body.establishmentCode, pavilionCode: body.pavilionCode, cellCode: body.cellCode,
            admittedOn: admittedOn, admittedAt: admittedAt, sendingAuthority: body.sendingAuthority, arrestedOn: arrestedOn,
            arrestPlace: body.arrestPlace,
            legalCase: NewLegalCase(
                number: caseNumber, court: body._case.court, judicialDistrict: body._case.judicialDistrict, caseType: caseType,
                chargeArticles: body._case.charges.map { $0.trimmingWhitespace().uppercased() }),
            order: order)
        request.intake = intake
        request.inboundOrderID = body.inboundOrderId.map { InboundOrder.ID(rawValue: $0) }
        return request
    }

    /// Intake details of a body (the admission's `intake`, or an intake update), each minute parsed.
    mutating func intakeDetails(_ body: Components.Schemas.IntakeUpdate, prefix: String = "") -> IntakeDetails {
        func instant(_ text: String?, _ field: String) -> LocalTime? {
            text == nil ? nil : minute(text, field: prefix + field)
        }
        return IntakeDetails(
            medicalExamAt: instant(body.medicalExamAt, "medical_exam_at"), medicalExamBy: body.medicalExamBy,
            nextOfKin: body.nextOfKin.map { NextOfKin(name: $0.name, relationship: $0.relationship, contact: $0.contact) },
            familyNotifiedAt: instant(body.familyNotifiedAt, "family_notified_at"),
            familyNotifiedHow: body.familyNotifiedHow, rightsInformedAt: instant(body.rightsInformedAt, "rights_informed_at"),
            property: body.property, identifiedAt: instant(body.identifiedAt, "identified_at"),
            identifiedHow: body.identifiedHow, distinguishingMarks: body.distinguishingMarks,
            consularNoticeAt: instant(body.consularNoticeAt, "consular_notice_at"), consularNotice: body.consularNotice)
    }

    /// A warden's authorisation (OP-3); whether the caller may give it comes from the caller's grants, not the body.
    static func override(_ body: Components.Schemas.PlacementOverrideRequest?, authorized: Bool)
        -> PlacementOverrideRequest?
    {
        body.map { PlacementOverrideRequest(resolution: $0.resolution ?? "", reason: $0.reason ?? "", authorized: authorized) }
    }

    mutating func newPerson(_ body: Components.Schemas.NewPerson) -> NewPerson? {
        let kind = IdentityDocument.Kind(rawValue: body.document._type.rawValue)!
        var document: IdentityDocument?
        switch IdentityDocument.parse(kind: kind, number: body.document.number, field: "person.document") {
        case .success(let parsed): document = parsed
        case .failure(let message): messages.append(message)
        }
        let birth = date(body.birthDate, field: "person.birth_date", required: false)
        guard let document else { return nil }
        return NewPerson(
            document: document,
            name: PersonName(
                givenNames: body.givenNames, paternalSurname: body.paternalSurname, maternalSurname: body.maternalSurname ?? ""),
            aliases: body.aliases ?? [], sex: Sex(rawValue: body.sex.rawValue)!, birthDate: birth,
            nationality: body.nationality.trimmingWhitespace().uppercased())
    }
}
