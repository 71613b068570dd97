import CustodiaCore

/// Everything a legal clock depends on, as plain values. The JSON form (snake_case) is the format of the
/// golden scenario files and of `custodia clock --input`; see docs/legal/clock-format.md.
public struct ClockInput: Codable, Sendable, Equatable {
    /// The day the clock is computed for.
    public var asOf: CivilDate
    /// Every period of deprivation of liberty in the case, oldest first; `to` is the last day (inclusive),
    /// absent while the period is running.
    public var custody: [CustodyPeriod]
    /// Case type over time (PP-12); the latest change on or before the as-of date decides.
    public var caseTypes: [CaseTypeChange]
    public var pretrial: PretrialOrder?
    /// A detention order without a prisión preventiva order yet (detención preliminar, CPP art. 264).
    public var detention: DetentionOrder?
    /// Art. 275 suspensions: days not counted in the pretrial term.
    public var suspensions: [Suspension]
    /// A first-instance conviction, for the art. 274.5 limit when it is appealed.
    public var conviction: Conviction?
    public var sentence: SentenceOrder?
    public var redemption: [RedemptionEntry]
    /// Código Penal articles of the charges or conviction.
    public var crimes: [String]
    /// Date the crime was committed (picks the rule version by default, BF-4).
    public var committedOn: CivilDate?
    /// Declared reincidente (CP art. 46-B) or habitual (art. 46-C) in the case, by the sentence that says so.
    public var recidivism: RecidivismDeclaration?
    /// Overrides of the named settings for [OPEN] points (see `ClockSettings`).
    public var settings: [String: String]

    public init(
        asOf: CivilDate, custody: [CustodyPeriod], caseTypes: [CaseTypeChange] = [], pretrial: PretrialOrder? = nil,
        detention: DetentionOrder? = nil, suspensions: [Suspension] = [], conviction: Conviction? = nil,
        sentence: SentenceOrder? = nil,
        redemption: [RedemptionEntry] = [], crimes: [String] = [], committedOn: CivilDate? = nil,
        recidivism: RecidivismDeclaration? = nil, settings: [String: String] = [:]
    ) {
        self.asOf = asOf
        self.custody = custody
        self.caseTypes = caseTypes
        self.pretrial = pretrial
        self.detention = detention
        self.suspensions = suspensions
        self.conviction = conviction
        self.sentence = sentence
        self.redemption = redemption
        self.crimes = crimes
        self.committedOn = committedOn
        self.recidivism = recidivism
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", custody, caseTypes = "case_types", pretrial, detention, suspensions, conviction, sentence, redemption
        case crimes, committedOn = "committed_on", recidivism, settings
    }

    /// `recidivist: true` was the first form of the declaration (before the kind and the sentence were recorded).
    enum LegacyKeys: String, CodingKey { case recidivist }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asOf = try c.decode(CivilDate.self, forKey: .asOf)
        custody = try c.decodeIfPresent([CustodyPeriod].self, forKey: .custody) ?? []
        caseTypes = try c.decodeIfPresent([CaseTypeChange].self, forKey: .caseTypes) ?? []
        pretrial = try c.decodeIfPresent(PretrialOrder.self, forKey: .pretrial)
        detention = try c.decodeIfPresent(DetentionOrder.self, forKey: .detention)
        suspensions = try c.decodeIfPresent([Suspension].self, forKey: .suspensions) ?? []
        conviction = try c.decodeIfPresent(Conviction.self, forKey: .conviction)
        sentence = try c.decodeIfPresent(SentenceOrder.self, forKey: .sentence)
        redemption = try c.decodeIfPresent([RedemptionEntry].self, forKey: .redemption) ?? []
        crimes = try c.decodeIfPresent([String].self, forKey: .crimes) ?? []
        committedOn = try c.decodeIfPresent(CivilDate.self, forKey: .committedOn)
        recidivism = try c.decodeIfPresent(RecidivismDeclaration.self, forKey: .recidivism)
        if recidivism == nil,
            try decoder.container(keyedBy: LegacyKeys.self).decodeIfPresent(Bool.self, forKey: .recidivist) == true
        {
            recidivism = RecidivismDeclaration(kind: .recidivist)
        }
        settings = try c.decodeIfPresent([String: String].self, forKey: .settings) ?? [:]
    }
}

/// Kinds of custody (PP-14, AB-2, PP-10).
public enum CustodyKind: String, Codable, Sendable, CaseIterable {
    case police, preliminary, flagrancy
    case pretrialDetention = "pretrial_detention"
    case houseArrest = "house_arrest"
    case extradition
    case sentence
}

public struct CustodyPeriod: Codable, Sendable, Equatable {
    public var kind: CustodyKind
    public var from: CivilDate
    public var to: CivilDate?

    public init(kind: CustodyKind, from: CivilDate, to: CivilDate? = nil) {
        self.kind = kind
        self.from = from
        self.to = to
    }
}

public struct CaseTypeChange: Codable, Sendable, Equatable {
    public var from: CivilDate
    public var type: CaseType

    public init(from: CivilDate, type: CaseType) {
        self.from = from
        self.type = type
    }
}

/// The prisión preventiva order and what extended it.
public struct PretrialOrder: Codable, Sendable, Equatable {
    public var months: Int
    /// First day counted; by default the first day of custody in the case (PP-8).
    public var startsOn: CivilDate?
    public var prolongations: [Prolongation]

    public init(months: Int, startsOn: CivilDate? = nil, prolongations: [Prolongation] = []) {
        self.months = months
        self.startsOn = startsOn
        self.prolongations = prolongations
    }

    enum CodingKeys: String, CodingKey { case months, startsOn = "starts_on", prolongations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        months = try c.decode(Int.self, forKey: .months)
        startsOn = try c.decodeIfPresent(CivilDate.self, forKey: .startsOn)
        prolongations = try c.decodeIfPresent([Prolongation].self, forKey: .prolongations) ?? []
    }
}

/// Detención preliminar judicial (CPP art. 264): 72 hours, up to 7 days in complex cases and 15 for
/// organised crime, counted from the arrest (PP-14).
public struct DetentionOrder: Codable, Sendable, Equatable {
    public var startsOn: CivilDate?

    public init(startsOn: CivilDate? = nil) { self.startsOn = startsOn }

    enum CodingKeys: String, CodingKey { case startsOn = "starts_on" }
}

/// Prolongación (art. 274.1) or adecuación (art. 274.2): further months from the day after the previous end.
public struct Prolongation: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case prolongation, adecuacion
        /// Art. 274.5: after an appealed first-instance conviction, up to half of the sentence imposed (PP-5).
        case appeal
    }
    public var kind: Kind
    public var months: Int
    public var grantedOn: CivilDate?

    public init(kind: Kind = .prolongation, months: Int, grantedOn: CivilDate? = nil) {
        self.kind = kind
        self.months = months
        self.grantedOn = grantedOn
    }

    enum CodingKeys: String, CodingKey { case kind, months, grantedOn = "granted_on" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .prolongation
        months = try c.decode(Int.self, forKey: .months)
        grantedOn = try c.decodeIfPresent(CivilDate.self, forKey: .grantedOn)
    }
}

public struct Suspension: Codable, Sendable, Equatable {
    public enum Ground: String, Codable, Sendable {
        /// Art. 275.1: malicious delay attributable to the defendant or the defence.
        case maliciousDelay = "malicious_delay"
    }
    public var ground: Ground
    public var from: CivilDate
    public var to: CivilDate

    public init(ground: Ground = .maliciousDelay, from: CivilDate, to: CivilDate) {
        self.ground = ground
        self.from = from
        self.to = to
    }

    /// Days in the suspension, both ends included.
    public var days: Int { from.days(until: to) + 1 }
}

public struct Conviction: Codable, Sendable, Equatable {
    public var on: CivilDate
    public var appealed: Bool
    /// Sentence imposed at first instance, in months.
    public var sentenceMonths: Int

    public init(on: CivilDate, appealed: Bool, sentenceMonths: Int) {
        self.on = on
        self.appealed = appealed
        self.sentenceMonths = sentenceMonths
    }

    enum CodingKeys: String, CodingKey { case on, appealed, sentenceMonths = "sentence_months" }
}

/// The sentence to serve.
public struct SentenceOrder: Codable, Sendable, Equatable {
    public enum Penalty: String, Codable, Sendable {
        case prison
        /// Días-multa: each day of detention credits two (CP art. 47).
        case fine
    }
    public var penalty: Penalty
    public var years: Int
    public var months: Int
    public var days: Int
    public var life: Bool
    /// For fines: días-multa imposed.
    public var fineDays: Int?
    public var convictedOn: CivilDate?

    public init(
        penalty: Penalty = .prison, years: Int = 0, months: Int = 0, days: Int = 0, life: Bool = false, fineDays: Int? = nil,
        convictedOn: CivilDate? = nil
    ) {
        self.penalty = penalty
        self.years = years
        self.months = months
        self.days = days
        self.life = life
        self.fineDays = fineDays
        self.convictedOn = convictedOn
    }

    enum CodingKeys: String, CodingKey {
        case penalty, years, months, days, life, fineDays = "fine_days", convictedOn = "convicted_on"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        penalty = try c.decodeIfPresent(Penalty.self, forKey: .penalty) ?? .prison
        years = try c.decodeIfPresent(Int.self, forKey: .years) ?? 0
        months = try c.decodeIfPresent(Int.self, forKey: .months) ?? 0
        days = try c.decodeIfPresent(Int.self, forKey: .days) ?? 0
        life = try c.decodeIfPresent(Bool.self, forKey: .life) ?? false
        fineDays = try c.decodeIfPresent(Int.self, forKey: .fineDays)
        convictedOn = try c.decodeIfPresent(CivilDate.self, forKey: .convictedOn)
    }

    public var totalMonths: Int { years * 12 + months }
}

/// Days of certified work or study in a period.
public struct RedemptionEntry: Codable, Sendable, Equatable {
    public enum Activity: String, Codable, Sendable { case work, study }
    public var activity: Activity
    public var from: CivilDate?
    public var to: CivilDate?
    public var days: Int
    /// Study counts only when the periodic evaluation was passed (RD-2).
    public var evaluationPassed: Bool

    public init(
        activity: Activity = .work, from: CivilDate? = nil, to: CivilDate? = nil, days: Int, evaluationPassed: Bool = true
    ) {
        self.activity = activity
        self.from = from
        self.to = to
        self.days = days
        self.evaluationPassed = evaluationPassed
    }

    enum CodingKeys: String, CodingKey { case activity, from, to, days, evaluationPassed = "evaluation_passed" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activity = try c.decodeIfPresent(Activity.self, forKey: .activity) ?? .work
        from = try c.decodeIfPresent(CivilDate.self, forKey: .from)
        to = try c.decodeIfPresent(CivilDate.self, forKey: .to)
        days = try c.decode(Int.self, forKey: .days)
        evaluationPassed = try c.decodeIfPresent(Bool.self, forKey: .evaluationPassed) ?? true
    }
}

/// Reincidencia (CP art. 46-B) or habitualidad (art. 46-C) declared by a sentence in the case. For the crimes
/// of the 46-B/46-C list it excludes semilibertad and liberación condicional (BF-3); since D.Leg. 1737 it also
/// sets the redemption ratio of recidivists not otherwise excluded (RD-5).
public struct RecidivismDeclaration: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Reincidente (CP art. 46-B).
        case recidivist
        /// Habitual (CP art. 46-C).
        case habitual
    }
    public var kind: Kind
    /// The day of the sentence that declared it.
    public var declaredOn: CivilDate?
    /// The sentence (resolution or case number) that declared it.
    public var declaredBy: String?

    public init(kind: Kind, declaredOn: CivilDate? = nil, declaredBy: String? = nil) {
        self.kind = kind
        self.declaredOn = declaredOn
        self.declaredBy = declaredBy
    }

    enum CodingKeys: String, CodingKey { case kind, declaredOn = "declared_on", declaredBy = "declared_by" }
}
