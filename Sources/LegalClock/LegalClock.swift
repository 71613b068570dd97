import CustodiaCore

/// Peruvian legal time for one person: pretrial limits (CPP arts. 272-275), sentence end with crediting
/// (CP art. 47, CPP art. 399) and redemption (CEP arts. 44-47), and the dates from which semilibertad and
/// liberación condicional can be asked (CEP arts. 48-50). Pure: the as-of date, the inputs and the rule set
/// are all it reads.
public enum LegalClock {
    /// - Parameter explain: build the breakdown (rules applied with their values, reasons for review).
    ///   Stored clocks and alerts need only the dates, so a mass recompute skips it.
    public static func compute(_ input: ClockInput, rules: RuleSet, explain: Bool = true) -> ClockResult {
        var work = Computation(input: input, rules: rules, explain: explain)
        return work.run()
    }
}

/// The state of one computation: the breakdown is built as the rules are applied.
struct Computation {
    let input: ClockInput
    var settings: ClockSettings
    let tables: RuleSet
    var applied: [AppliedRule] = []
    var review: [ReviewFlag] = []
    var messages: [ClockMessage] = []

    let explain: Bool

    init(input: ClockInput, rules: RuleSet, explain: Bool) {
        self.explain = explain
        self.input = input
        self.tables = rules
        self.settings = rules.settings
        for name in settings.apply(input.settings) {
            fail(
                "settings.unknown", "settings.\(name)", "Configuración desconocida o valor no válido",
                "Unknown setting or invalid value")
        }
    }

    /// A rule applied, with what it did in Spanish and in English (only built when explaining).
    mutating func apply(_ id: RuleID, _ detail: @autoclosure () -> String, en detailEn: @autoclosure () -> String) {
        guard explain else { return }
        applied.append(AppliedRule(id: id, detail: detail(), detailEn: detailEn()))
    }

    /// Set when any setting decided the result; the list of flags is kept only when explaining.
    var reviewNeeded = false

    mutating func flag(
        _ setting: ClockSettings.Setting, _ reason: @autoclosure () -> String, en reasonEn: @autoclosure () -> String,
        value explicit: String? = nil
    ) {
        reviewNeeded = true
        guard explain else { return }
        let value = explicit ?? settings.value(of: setting)
        let text = reason()
        if !review.contains(where: { $0.setting == setting.rawValue && $0.reason == text }) {
            review.append(
                ReviewFlag(setting: setting.rawValue, rule: setting.rule, value: value, reason: text, reasonEn: reasonEn()))
        }
    }

    mutating func fail(_ code: String, _ field: String, _ spanish: String, _ english: String) {
        messages.append(ClockMessage(code: code, field: field, message: spanish, messageEn: english))
    }

    /// Nothing after the as-of day is used: a later date is refused, naming its field.
    mutating func afterAsOf(_ date: CivilDate?, _ field: String) {
        guard let date, date > input.asOf else { return }
        fail("date.after_as_of", field, "Fecha posterior a la fecha de cómputo", "Date after the as-of date")
    }

    /// Work or study only while in custody, and never more days than the days in custody of its period.
    mutating func validateRedemptionPeriods() {
        let asOf = input.asOf
        guard let first = input.custody.first?.from else { return }
        for (index, entry) in input.redemption.enumerated() {
            let field = "redemption[\(index)]"
            afterAsOf(entry.from, "\(field).from")
            afterAsOf(entry.to, "\(field).to")
            if [entry.from, entry.to].contains(where: { ($0 ?? asOf) > asOf }) { continue }
            let from = entry.from ?? first
            let to = entry.to ?? asOf
            if to < from {
                fail(
                    "redemption.ends_before_start", "\(field).to", "El periodo termina antes de empezar",
                    "The period ends before it starts")
                continue
            }
            var inCustody = 0
            for period in input.custody {
                let start = max(period.from, from)
                let end = min(period.to ?? asOf, to)
                if start <= end { inCustody += start.days(until: end) + 1 }
            }
            if inCustody < from.days(until: to) + 1, entry.from != nil || entry.to != nil {
                fail(
                    "redemption.outside_custody", entry.from != nil ? "\(field).from" : "\(field).to",
                    "Periodo de trabajo o estudio fuera de la privación de libertad",
                    "Work or study period outside custody")
            } else if entry.days > inCustody, entry.days <= 20_000 {
                fail(
                    "redemption.days_exceed_custody", "\(field).days",
                    "Más días de trabajo o estudio que días de privación de libertad en el periodo",
                    "More days of work or study than days in custody in the period")
            }
        }
    }

    // MARK: Calendar

    /// Same day `months` later (R-CAL-5 setting for a missing day), flagged when the day was missing.
    /// `what` names the term in Spanish and in English, for the review flag.
    mutating func addMonths(_ date: CivilDate, _ months: Int, what: (es: String, en: String)) -> CivilDate {
        let clamped = date.adding(months: months)
        guard clamped.day != date.day else { return clamped }
        flag(
            .monthEnd, "\(what.es): \(date) + \(months) meses cae en un mes sin el día \(date.day)",
            en: "\(what.en): \(date) + \(months) months falls in a month without day \(date.day)")
        return settings.monthEnd == .clamp ? clamped : clamped.adding(days: 1)
    }

    /// Last day of a term of `months` from `start` (R-CAL-3 / R-CAL-4).
    mutating func termEnd(_ start: CivilDate, months: Int, what: (es: String, en: String)) -> CivilDate {
        addMonths(start, months, what: what).adding(days: -1)
    }

    // MARK: Validation of the inputs

    mutating func validate() {
        let asOf = input.asOf
        if input.custody.isEmpty {
            fail("custody.missing", "custody", "Falta el registro de privación de libertad", "The custody ledger is missing")
        }
        var previousEnd: CivilDate?
        for (index, period) in input.custody.enumerated() {
            let field = "custody[\(index)]"
            if period.from > asOf {
                fail("date.after_as_of", "\(field).from", "Fecha posterior a la fecha de cómputo", "Date after the as-of date")
            }
            if let to = period.to {
                if to < period.from {
                    fail(
                        "custody.ends_before_start", "\(field).to", "El periodo termina antes de empezar",
                        "The period ends before it starts")
                }
                if to > asOf {
                    fail("date.after_as_of", "\(field).to", "Fecha posterior a la fecha de cómputo", "Date after the as-of date")
                }
            } else if index != input.custody.count - 1 {
                fail(
                    "custody.open_period_not_last", "\(field).to", "Solo el último periodo puede estar en curso",
                    "Only the last period may be running")
            }
            if let previousEnd, period.from <= previousEnd {
                fail("custody.overlap", "\(field).from", "Periodos de detención superpuestos", "Overlapping custody periods")
            }
            previousEnd = period.to ?? asOf
        }
        for (index, suspension) in input.suspensions.enumerated() {
            if suspension.to < suspension.from {
                fail(
                    "suspension.invalid", "suspensions[\(index)]", "Suspensión con fechas imposibles",
                    "Suspension with impossible dates")
            }
            afterAsOf(suspension.from, "suspensions[\(index)].from")
            afterAsOf(suspension.to, "suspensions[\(index)].to")
        }
        if let pretrial = input.pretrial {
            if pretrial.months < 1 || pretrial.months > tables.largestPretrialMonths {
                fail(
                    "pretrial.months_out_of_range", "pretrial.months", "Plazo de prisión preventiva fuera de rango",
                    "Pretrial term out of range")
            }
            for (index, p) in pretrial.prolongations.enumerated() {
                if p.months < 1 {
                    fail(
                        "pretrial.prolongation_invalid", "pretrial.prolongations[\(index)].months", "Prolongación no válida",
                        "Invalid prolongation")
                }
                afterAsOf(p.grantedOn, "pretrial.prolongations[\(index)].granted_on")
            }
            afterAsOf(pretrial.startsOn, "pretrial.starts_on")
        }
        afterAsOf(input.detention?.startsOn, "detention.starts_on")
        for (index, change) in input.caseTypes.enumerated() { afterAsOf(change.from, "case_types[\(index)].from") }
        afterAsOf(input.conviction?.on, "conviction.on")
        afterAsOf(input.sentence?.convictedOn, "sentence.convicted_on")
        afterAsOf(input.committedOn, "committed_on")
        afterAsOf(input.recidivism?.declaredOn, "recidivism.declared_on")
        validateRedemptionPeriods()
        if let sentence = input.sentence, !sentence.life, sentence.penalty == .prison {
            // Measured from the first day of the sentence being served (the current custody), as the end is.
            let term = SentenceTerm(
                years: sentence.years, months: sentence.months, days: sentence.days,
                startsOn: input.custody.last?.from ?? asOf)
            if !term.isWithinLegalRange {
                fail(
                    "sentence.out_of_range", "sentence", "La pena temporal va de 2 días a 35 años (CP art. 29)",
                    "A temporary sentence runs from 2 days to 35 years (CP art. 29)")
            }
        }
        if let sentence = input.sentence, sentence.penalty == .fine, (sentence.fineDays ?? 0) < 1 {
            fail("sentence.fine_days_missing", "sentence.fine_days", "Faltan los días-multa", "The días-multa are missing")
        }
        for (index, article) in input.crimes.enumerated() where !CrimeArticles.isKnown(article) {
            fail(
                "crime.unknown_article", "crimes[\(index)]", "Artículo del Código Penal desconocido: \(article)",
                "Unknown Penal Code article: \(article)")
        }
        for (index, entry) in input.redemption.enumerated() where entry.days < 0 || entry.days > 20_000 {
            fail(
                "redemption.days_out_of_range", "redemption[\(index)].days", "Días de trabajo o estudio imposibles",
                "Impossible days of work or study")
        }
        if input.pretrial == nil && input.sentence == nil && input.detention == nil {
            fail(
                "order.missing", "pretrial", "Falta la orden de prisión preventiva o la sentencia",
                "The pretrial order or the sentence is missing")
        }
    }

    // MARK: Run

    mutating func run() -> ClockResult {
        validate()
        guard messages.isEmpty else { return ClockResult(status: .notComputable, messages: messages) }
        if input.sentence != nil {
            let sentence = computeSentence()
            guard messages.isEmpty else { return ClockResult(status: .notComputable, messages: messages) }
            return ClockResult(
                status: .sentenced, sentence: sentence, rules: applied, review: review, ruleVersion: ruleVersionUsed,
                needsLegalReview: reviewNeeded)
        }
        let pretrial = input.pretrial == nil ? computeDetention() : computePretrial()
        guard messages.isEmpty else { return ClockResult(status: .notComputable, messages: messages) }
        return ClockResult(status: .pretrial, pretrial: pretrial, rules: applied, review: review, needsLegalReview: reviewNeeded)
    }

    var ruleVersionUsed: String?

    /// The case type in force on the as-of date (PP-12): the latest change on or before it.
    var currentCaseType: CaseType {
        var latest: CaseTypeChange?
        for change in input.caseTypes where change.from <= input.asOf && (latest == nil || change.from >= latest!.from) {
            latest = change
        }
        return latest?.type ?? .ordinary
    }

}

/// Articles a clock accepts: every article the crime catalog knows and every one a rule table names.
enum CrimeArticles {
    /// Código Penal articles: a number from 1 to 470, optionally with a one-letter suffix ("108-B"); every
    /// article of the crime catalog has that form.
    static func isKnown(_ article: String) -> Bool {
        var number = 0
        var digits = 0
        var suffix = 0
        var dash = false
        for byte in article.utf8 {
            if !dash, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else if !dash, byte == UInt8(ascii: "-"), digits > 0 {
                dash = true
            } else if dash, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                suffix += 1
            } else {
                return false
            }
        }
        return (1...470).contains(number) && digits <= 3 && (dash ? suffix == 1 : suffix == 0)
    }
}
