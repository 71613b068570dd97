/// A judicial resolution that Custodia acts upon. Every order carries its issuing court, date and reference.
public struct CourtOrder: Hashable, Sendable, Identifiable {
    public var id: ID
    public var personID: Person.ID
    public var caseID: LegalCase.ID?
    public var kind: Kind
    public var issuingCourt: String
    public var issuedOn: CivilDate
    /// Resolution number or reference, e.g. "Resolución N.º 3".
    public var reference: String

    public init(
        id: ID, personID: Person.ID, caseID: LegalCase.ID?, kind: Kind, issuingCourt: String, issuedOn: CivilDate,
        reference: String
    ) {
        self.id = id
        self.personID = personID
        self.caseID = caseID
        self.kind = kind
        self.issuingCourt = issuingCourt
        self.issuedOn = issuedOn
        self.reference = reference
    }

    public enum Kind: Hashable, Sendable {
        /// Mandato de detención / orden de captura / detención judicial.
        case detention
        /// Prisión preventiva (CPP art. 268): type, months ordered, first day of the term.
        case pretrialDetention(PretrialTerm)
        /// Prolongación (CPP art. 274.1): further months, running from the day after the previous term, within
        /// the case type's allowance.
        case prolongation(months: Int)
        /// Adecuación (CPP art. 274.2): further months of an ordered term shorter than the art. 272 maximum, up
        /// to that maximum, from the day after the previous term.
        case adecuacion(months: Int)
        /// Prolongation after an appealed first-instance conviction (CPP art. 274.5): further months, up to
        /// half of the sentence imposed.
        case appealProlongation(months: Int)
        /// A first-instance conviction the defence or the prosecutor appealed: the person stays in prisión
        /// preventiva (unsentenced) and the term may be prolonged up to half of the sentence (art. 274.5).
        case appealedConviction(ConvictionTerm)
        /// Pena privativa de libertad, or cadena perpetua.
        case sentence(SentenceTerm)
        /// Resolución de libertad.
        case release

        public var code: Code {
            switch self {
            case .detention: .detention
            case .pretrialDetention: .pretrialDetention
            case .prolongation: .prolongation
            case .adecuacion: .adecuacion
            case .appealProlongation: .appealProlongation
            case .appealedConviction: .appealedConviction
            case .sentence: .sentence
            case .release: .release
            }
        }

        /// Months an order adds to a prisión preventiva term (prolongation, adecuación, prolongation on appeal).
        public var extensionMonths: Int? {
            switch self {
            case .prolongation(let months), .adecuacion(let months), .appealProlongation(let months): months
            default: nil
            }
        }

        /// Whether the order, by itself, authorises admitting a person.
        public var authorizesCustody: Bool {
            switch self {
            case .detention, .pretrialDetention, .sentence: true
            case .prolongation, .adecuacion, .appealProlongation, .appealedConviction, .release: false
            }
        }

        /// The procedural status the order puts the person in.
        public var proceduralStatus: ProceduralStatus? {
            switch self {
            case .detention, .pretrialDetention: .unsentenced
            case .sentence: .sentenced
            case .prolongation, .adecuacion, .appealProlongation, .appealedConviction, .release: nil
            }
        }
    }

    public enum Code: String, Sendable, CaseIterable, Codable {
        case detention, pretrialDetention = "pretrial_detention", prolongation, adecuacion
        case appealProlongation = "appeal_prolongation", appealedConviction = "appealed_conviction", sentence, release
    }
}

/// The sentence a first-instance conviction imposed (years and months of effective prison), while an appeal
/// is pending: half of it bounds the art. 274.5 prolongation.
public struct ConvictionTerm: Hashable, Sendable {
    public var years: Int
    public var months: Int

    public init(years: Int, months: Int) {
        self.years = years
        self.months = months
    }

    public var totalMonths: Int { years * 12 + months }

    /// CP art. 29 (temporary prison up to 35 years), in whole months; a life sentence is not halved.
    public var isWithinLegalRange: Bool {
        years >= 0 && months >= 0 && months < 12 && totalMonths >= 1 && totalMonths <= 35 * 12
    }
}

/// The term of a prisión preventiva order.
public struct PretrialTerm: Hashable, Sendable {
    public var caseType: CaseType
    public var months: Int
    /// First day counted: the first day of deprivation of liberty in the case (peru-law.md PP-8).
    public var startsOn: CivilDate

    public init(caseType: CaseType, months: Int, startsOn: CivilDate) {
        self.caseType = caseType
        self.months = months
        self.startsOn = startsOn
    }

    /// Last day in custody under this term: start + months - 1 day (R-CAL-3).
    public var endsOn: CivilDate { startsOn.adding(months: months).adding(days: -1) }
}

/// A sentence: years, months and days of effective prison, or life (cadena perpetua).
public struct SentenceTerm: Hashable, Sendable {
    public var years: Int
    public var months: Int
    public var days: Int
    public var isLife: Bool
    public var startsOn: CivilDate
    /// Whether the sentence declares the person reincidente (CP art. 46-B) or habitual (art. 46-C).
    public var recidivism: Recidivism?

    public init(
        years: Int, months: Int, days: Int, isLife: Bool = false, startsOn: CivilDate, recidivism: Recidivism? = nil
    ) {
        self.years = years
        self.months = months
        self.days = days
        self.isLife = isLife
        self.startsOn = startsOn
        self.recidivism = recidivism
    }

    public static func life(startsOn: CivilDate, recidivism: Recidivism? = nil) -> SentenceTerm {
        SentenceTerm(years: 0, months: 0, days: 0, isLife: true, startsOn: startsOn, recidivism: recidivism)
    }

    /// Total length in months and days, for range checks (a year is 12 months).
    public var totalMonths: Int { years * 12 + months }

    /// CP art. 29: temporary prison runs from 2 days to 35 years. The upper limit is on the calendar: the last day
    /// served may not pass the last day of 35 years from the same start (34 years, 11 months and 30 days from
    /// 14 March end in a February of 28 days and pass it by two days).
    public var isWithinLegalRange: Bool {
        if isLife { return years == 0 && months == 0 && days == 0 }
        guard years >= 0, months >= 0, days >= 0, months < 12, days < 31, totalMonths <= 35 * 12 else { return false }
        let atLeastTwoDays = totalMonths > 0 || days >= 2
        let atMost35Years = startsOn.adding(months: totalMonths).adding(days: days) <= startsOn.adding(months: 35 * 12)
        return atLeastTwoDays && atMost35Years
    }
}

/// Reincidencia (CP art. 46-B) or habitualidad (art. 46-C), declared by a sentence.
public enum Recidivism: String, Hashable, Sendable, CaseIterable, Codable {
    /// Reincidente.
    case recidivist
    /// Habitual.
    case habitual
}
