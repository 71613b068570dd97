/// Checks on identity data.
public enum PersonRules {
    public static let maximumNameLength = 80

    public static func validate(_ person: NewPerson, asOf: CivilDate, field: String) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if person.name.givenNames.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.givenNamesRequired, field: "\(field).given_names"))
        }
        if person.name.paternalSurname.trimmingWhitespace().isEmpty && person.name.maternalSurname.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.surnameRequired, field: "\(field).paternal_surname"))
        }
        for (value, name) in [
            (person.name.givenNames, "given_names"), (person.name.paternalSurname, "paternal_surname"),
            (person.name.maternalSurname, "maternal_surname"),
        ] where value.count > maximumNameLength {
            messages.append(ValidationMessage(.nameTooLong, field: "\(field).\(name)"))
        }
        for (index, alias) in person.aliases.enumerated() where alias.count > maximumNameLength {
            messages.append(ValidationMessage(.nameTooLong, field: "\(field).aliases[\(index)]"))
        }
        if let birth = person.birthDate {
            if birth > asOf {
                messages.append(ValidationMessage(.birthDateInFuture, field: "\(field).birth_date"))
            } else {
                let age = birth.wholeYears(until: asOf)
                // The register holds 16- and 17-year-olds (INPE Jan 2026); younger or over 110 is a typing error.
                if age < 16 || age > 110 {
                    messages.append(ValidationMessage(.birthDateImplausible, field: "\(field).birth_date"))
                }
            }
        }
        let nationality = person.nationality
        if nationality.count != 3 || !nationality.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            messages.append(ValidationMessage(.nationalityInvalid, field: "\(field).nationality"))
        }
        return messages
    }
}

/// Checks on the legal case sent with an admission.
public enum CaseRules {
    public static func validate(_ legalCase: NewLegalCase, knownArticles: Set<String>, field: String) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if legalCase.court.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.courtRequired, field: "\(field).court"))
        }
        if legalCase.judicialDistrict.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.judicialDistrictRequired, field: "\(field).judicial_district"))
        }
        messages += TextLimits.check(legalCase.court, field: "\(field).court")
        messages += TextLimits.check(legalCase.judicialDistrict, field: "\(field).judicial_district")
        if legalCase.chargeArticles.isEmpty {
            messages.append(ValidationMessage(.chargesRequired, field: "\(field).charges"))
        }
        for (index, article) in legalCase.chargeArticles.enumerated() where !knownArticles.contains(article) {
            messages.append(ValidationMessage(.crimeArticleUnknown, field: "\(field).charges[\(index)]", detail: article))
        }
        return messages
    }
}

/// Checks on an order's own fields.
public enum OrderRules {
    /// `limits` are the pretrial limits of the rule table in force (the API and the store pass the same ones);
    /// `nil` only where the order can carry no term (a release).
    public static func validate(
        _ order: NewOrder, caseType: CaseType?, limits: PretrialLimits?, asOf: CivilDate, field: String
    ) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if order.issuingCourt.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.courtRequired, field: "\(field).issuing_court"))
        }
        if order.reference.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.referenceRequired, field: "\(field).reference"))
        }
        messages += TextLimits.check(order.issuingCourt, field: "\(field).issuing_court")
        messages += TextLimits.check(order.reference, field: "\(field).reference")
        if order.issuedOn > asOf {
            messages.append(ValidationMessage(.orderIssuedInFuture, field: "\(field).issued_on"))
        }
        switch order.kind {
        case .pretrialDetention(let term):
            let maximum = limits?.maximumMonths[term.caseType] ?? Int.max
            if term.months < 1 || term.months > maximum {
                messages.append(
                    ValidationMessage(.pretrialMonthsOutOfRange, field: "\(field).months", detail: "1–\(maximum)"))
            }
            if term.startsOn > order.issuedOn {
                messages.append(ValidationMessage(.pretrialStartAfterIssue, field: "\(field).starts_on"))
            }
        case .sentence(let term):
            if !term.isWithinLegalRange {
                messages.append(ValidationMessage(.sentenceOutOfRange, field: "\(field).years"))
            }
            if term.startsOn > asOf {
                messages.append(ValidationMessage(.orderIssuedInFuture, field: "\(field).starts_on"))
            }
        case .prolongation(let months):
            // The art. 274.1 allowance of the case type; without the case type at hand, the largest of any.
            let allowance = caseType.map { limits?.prolongationMonths[$0] ?? Int.max } ?? limits?.prolongationMonths.largest
            if months < 1 || months > allowance ?? Int.max {
                messages.append(
                    ValidationMessage(.pretrialMonthsOutOfRange, field: "\(field).months", detail: allowance.map { "1–\($0)" }))
            }
        case .adecuacion(let months):
            // Art. 274.2: the months of an adecuación never take the term beyond the art. 272 maximum.
            let maximum = caseType.map { limits?.maximumMonths[$0] ?? Int.max } ?? limits?.maximumMonths.largest
            if months < 1 || months > maximum ?? Int.max {
                messages.append(
                    ValidationMessage(.pretrialMonthsOutOfRange, field: "\(field).months", detail: maximum.map { "1–\($0)" }))
            }
        case .appealProlongation(let months):
            // Art. 274.5: at most half of the longest sentence there is (35 years); the clock checks the
            // conviction's own half.
            if months < 1 || months > 35 * 6 {
                messages.append(ValidationMessage(.pretrialMonthsOutOfRange, field: "\(field).months", detail: "1–210"))
            }
        case .appealedConviction(let term):
            if !term.isWithinLegalRange {
                messages.append(ValidationMessage(.sentenceOutOfRange, field: "\(field).years"))
            }
        case .detention, .release:
            break
        }
        return messages
    }
}

/// Upper bound for free-text fields, so nobody stores a novel in a court name.
public enum TextLimits {
    public static let maximum = 200

    public static func check(_ text: String, field: String) -> [ValidationMessage] {
        text.count > maximum ? [ValidationMessage(.textTooLong, field: field, detail: "≤ \(maximum)")] : []
    }
}
