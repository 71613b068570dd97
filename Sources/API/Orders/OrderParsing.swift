import CustodiaCore

extension Parser {
    /// An order's body as the register reads it: the terms through the admission's own order parser, the person by
    /// number or by identity; every problem with its field.
    mutating func inboundOrder(_ body: Components.Schemas.OrderRequest) -> InboundOrderContent? {
        let kind = InboundOrder.Kind(rawValue: body.kind.rawValue)!
        let issued = date(body.issuedOn, field: "issued_on")
        let caseNumber = CaseNumber(body._case.number)
        if caseNumber == nil { messages.append(ValidationMessage(.caseNumberInvalid, field: "case.number")) }
        let caseType = body._case.caseType.map { CaseType(rawValue: $0.rawValue)! }
        let subject = orderSubject(body.person)
        var terms: CourtOrder.Kind?
        if let code = Components.Schemas.OrderKind(rawValue: kind.rawValue) {
            let before = messages.count
            let parsed = order(
                Components.Schemas.NewOrder(
                    kind: code, issuingCourt: body.court, issuedOn: body.issuedOn, reference: body.resolution,
                    months: body.months, startsOn: body.startsOn, sentenceYears: body.sentenceYears,
                    sentenceMonths: body.sentenceMonths, sentenceDays: body.sentenceDays, lifeSentence: body.lifeSentence,
                    recidivism: body.recidivism),
                caseType: caseType ?? .ordinary, field: "order")
            // The order parser speaks of `order.months`; here the terms are the body's own fields.
            for index in before..<messages.count where messages[index].field.hasPrefix("order.") {
                messages[index] = messages[index].at(String(messages[index].field.dropFirst("order.".count)))
            }
            terms = parsed?.kind
        } else if body.recidivism != nil {
            messages.append(ValidationMessage(.recidivismNotSentence, field: "recidivism"))
        }
        var decision: BenefitDecision?
        switch body.benefitDecision {
        case .acknowledged: decision = .acknowledged
        case .hearingSet:
            decision = date(body.hearingOn, field: "hearing_on").map { .hearing(on: $0) }
        case .denied:
            let again = date(body.mayRequestAgainOn, field: "may_request_again_on", required: false)
            decision = .denied(grounds: body.grounds ?? "", mayRequestAgainOn: again)
        case nil: break
        }
        let from = date(body.suspensionFrom, field: "suspension_from", required: kind == .suspension)
        let until = date(body.suspensionUntil, field: "suspension_until", required: kind == .suspension)
        guard let issued, let caseNumber, let subject, messages.isEmpty else { return nil }
        return InboundOrderContent(
            kind: kind, court: body.court, judge: body.judge, resolution: body.resolution, issuedOn: issued,
            caseNumber: caseNumber, judicialDistrict: body._case.judicialDistrict, subject: subject, terms: terms,
            releaseReason: body.releaseReason.map { InboundOrder.ReleaseReason(rawValue: $0.rawValue)! },
            suspensionFrom: from, suspensionUntil: until, transferTo: body.transferTo?.trimmingWhitespace(),
            benefitFileID: body.benefitFileId.map(BenefitFile.ID.init(rawValue:)), benefitDecision: decision)
    }

    /// A person number, or a document and names (never a guess from less).
    mutating func orderSubject(_ person: Components.Schemas.OrderPerson) -> OrderSubject? {
        if let text = person.personNumber {
            guard let number = PersonNumber(text) else {
                messages.append(ValidationMessage(.personUnknown, field: "person.person_number"))
                return nil
            }
            return .personNumber(number)
        }
        guard let type = person.documentType else {
            messages.append(ValidationMessage(.personUnknown, field: "person"))
            return nil
        }
        var document: IdentityDocument?
        switch IdentityDocument.parse(
            kind: IdentityDocument.Kind(rawValue: type.rawValue)!, number: person.documentNumber, field: "person.document")
        {
        case .success(let parsed): document = parsed
        case .failure(let message): messages.append(message)
        }
        let given = (person.givenNames ?? "").trimmingWhitespace()
        let paternal = (person.paternalSurname ?? "").trimmingWhitespace()
        if given.isEmpty { messages.append(ValidationMessage(.givenNamesRequired, field: "person.given_names")) }
        if paternal.isEmpty { messages.append(ValidationMessage(.surnameRequired, field: "person.paternal_surname")) }
        let birth = date(person.birthDate, field: "person.birth_date", required: false)
        guard let document, !given.isEmpty, !paternal.isEmpty else { return nil }
        return .identity(
            OrderIdentity(
                document: document,
                name: PersonName(
                    givenNames: given, paternalSurname: paternal,
                    maternalSurname: (person.maternalSurname ?? "").trimmingWhitespace()),
                birthDate: birth))
    }
}
