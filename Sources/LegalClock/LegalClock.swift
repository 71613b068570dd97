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

    mutating func apply(_ id: RuleID, _ detail: @autoclosure () -> String) {
        guard explain else { return }
        applied.append(AppliedRule(id: id, detail: detail()))
    }

    /// Set when any setting decided the result; the list of flags is kept only when explaining.
    var reviewNeeded = false

    mutating func flag(_ setting: ClockSettings.Setting, _ reason: @autoclosure () -> String, value explicit: String? = nil) {
        reviewNeeded = true
        guard explain else { return }
        let value = explicit ?? settings.value(of: setting)
        let text = reason()
        if !review.contains(where: { $0.setting == setting.rawValue && $0.reason == text }) {
            review.append(ReviewFlag(setting: setting.rawValue, rule: setting.rule, value: value, reason: text))
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
    mutating func addMonths(_ date: CivilDate, _ months: Int, what: String) -> CivilDate {
        let clamped = date.adding(months: months)
        guard clamped.day != date.day else { return clamped }
        flag(.monthEnd, "\(what): \(date) + \(months) meses cae en un mes sin el día \(date.day)")
        return settings.monthEnd == .clamp ? clamped : clamped.adding(days: 1)
    }

    /// Last day of a term of `months` from `start` (R-CAL-3 / R-CAL-4).
    mutating func termEnd(_ start: CivilDate, months: Int, what: String) -> CivilDate {
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
            if pretrial.months < 1 || pretrial.months > tables.tables.map(\.pretrial.maximumMonths.largest).max()! {
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
            let term = SentenceTerm(years: sentence.years, months: sentence.months, days: sentence.days, startsOn: asOf)
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

    // MARK: Detention before the prisión preventiva hearing (CPP art. 264)

    mutating func computeDetention() -> PretrialClock? {
        guard let order = input.detention else { return nil }
        let asOf = input.asOf
        let start = order.startsOn ?? input.custody.first!.from
        let caseType = currentCaseType
        let days = tables.table(on: start).pretrial.detentionDays[caseType]
        let end = start.adding(days: days - 1)
        apply(.pp14, "Detención preliminar: \(days) días desde \(start) (proceso \(caseType.rawValue)), hasta \(end)")
        let daysLeft = asOf.days(until: end)
        if daysLeft < 0 { apply(.pp6, "Detención vencida el \(end) sin prisión preventiva: corresponde la libertad") }
        return PretrialClock(
            startsOn: start, caseType: caseType, termEndsOn: end, releaseOn: end.adding(days: 1), daysLeft: daysLeft,
            expired: daysLeft < 0, maximumEndsOn: end, prolongationPossible: false, suspendedDays: 0, appealLimitEndsOn: nil)
    }

    // MARK: Pretrial (CPP arts. 272-275)

    mutating func computePretrial() -> PretrialClock? {
        guard let order = input.pretrial else { return nil }
        let asOf = input.asOf
        let start = order.startsOn ?? input.custody.first!.from
        apply(.pp8, "Cómputo desde el primer día de privación de libertad: \(start)")
        let caseType = currentCaseType
        apply(.pp12, "Tipo de proceso vigente: \(caseType.rawValue)")
        // The limits of the procedural law in force when the deprivation of liberty began (rule table, PP-2, PP-3).
        let limits = tables.table(on: start).pretrial
        let maximum = limits.maximumMonths[caseType]
        let absolute = limits.absoluteMonths(caseType)
        if order.months > maximum {
            fail(
                "pretrial.months_exceed_maximum", "pretrial.months",
                "El plazo ordenado excede el máximo del art. 272 (\(maximum) meses)",
                "The ordered term exceeds the art. 272 maximum (\(maximum) months)")
            return nil
        }
        var end = termEnd(start, months: order.months, what: "plazo ordenado")
        apply(.pp2, "\(order.months) meses ordenados (máximo \(maximum) para proceso \(caseType.rawValue))")
        apply(.cal3, "Fin del plazo = \(start) + \(order.months) meses - 1 día = \(end)")

        // Art. 274.5: half the sentence imposed is the latest an appealed conviction lets the term be prolonged
        // to; it is never the term itself (the term is what was ordered or prolonged).
        var appealLimit: CivilDate?
        if let conviction = input.conviction, conviction.appealed {
            let half = conviction.sentenceMonths / 2
            let base = settings.appealLimitBasis == .totalCustody ? start : conviction.on
            let limit = termEnd(base, months: half, what: "mitad de la pena").adding(
                days: conviction.sentenceMonths % 2 == 1 ? 15 : 0)
            appealLimit = limit
            apply(
                .pp5,
                "Condena apelada a \(conviction.sentenceMonths) meses: la prisión preventiva puede prolongarse hasta la mitad (\(half) meses) desde \(base) = \(limit); el plazo sigue siendo el ordenado o prolongado"
            )
            flag(.appealLimitBasis, "Art. 274.5: base del cómputo de la mitad de la pena")
            flag(
                .appealLimitBasis,
                "Art. 274.5: la condena apelada no prolonga por sí sola el plazo; sin orden de prolongación, vence el plazo ordenado"
            )
        }

        // Months granted under arts. 272 and 274.1-274.2: together never beyond the PP-3 maximum (PP-4).
        var granted = order.months
        var appealProlonged = false
        for (index, prolongation) in order.prolongations.enumerated() {
            let field = "pretrial.prolongations[\(index)]"
            let from = end.adding(days: 1)
            if prolongation.kind == .appeal {
                guard let appealLimit else {
                    fail(
                        "pretrial.appeal_prolongation_without_appeal", "\(field).kind",
                        "Prolongación del art. 274.5 sin condena apelada",
                        "An art. 274.5 prolongation without an appealed conviction")
                    return nil
                }
                end = termEnd(from, months: prolongation.months, what: "prolongación tras condena apelada")
                if end > appealLimit {
                    fail(
                        "pretrial.prolongation_exceeds_appeal_limit", "\(field).months",
                        "La prolongación excede la mitad de la pena impuesta (art. 274.5, hasta \(appealLimit))",
                        "The prolongation exceeds half of the sentence imposed (art. 274.5, up to \(appealLimit))")
                    return nil
                }
                appealProlonged = true
                apply(.pp5, "Prolongación de \(prolongation.months) meses tras condena apelada (tope \(appealLimit))")
                apply(.pp9, "Corre desde \(from) hasta \(end)")
                continue
            }
            granted += prolongation.months
            if granted > absolute {
                fail(
                    "pretrial.prolongation_exceeds_maximum", "\(field).months",
                    "La prolongación excede el máximo del art. 274 (\(absolute) meses en total)",
                    "The prolongation exceeds the art. 274 maximum (\(absolute) months in all)")
                return nil
            }
            end = termEnd(from, months: prolongation.months, what: "prolongación")
            apply(
                prolongation.kind == .adecuacion ? .pp4 : .pp3,
                "\(prolongation.kind.rawValue) de \(prolongation.months) meses (\(granted) de \(absolute) meses)")
            apply(.pp9, "Corre desde \(from) hasta \(end)")
        }

        // PP-3, PP-9: the longest term that can still be granted, each step from the day after the previous end,
        // exactly as granted terms are computed: the rest of the art. 272 maximum, then the rest of the allowance.
        let remaining = appealProlonged ? 0 : absolute - granted
        let restOfMaximum = min(remaining, max(0, maximum - granted))
        var maximumEnd = end
        if restOfMaximum > 0 {
            maximumEnd = termEnd(maximumEnd.adding(days: 1), months: restOfMaximum, what: "resto del máximo legal")
        }
        if remaining - restOfMaximum > 0 {
            maximumEnd = termEnd(
                maximumEnd.adding(days: 1), months: remaining - restOfMaximum, what: "prolongación máxima")
        }

        let suspended = input.suspensions.reduce(0) { $0 + $1.days }
        if suspended > 0 {
            end = end.adding(days: suspended)
            maximumEnd = maximumEnd.adding(days: suspended)
            apply(.pp7, "\(suspended) días de dilación maliciosa no se computan: fin \(end)")
        }
        apply(.pp3, "Máximo con prolongación: \(absolute) meses (quedan \(remaining)), hasta \(maximumEnd)")
        let daysLeft = asOf.days(until: end)
        let expired = daysLeft < 0
        if expired {
            apply(
                .pp6,
                "Plazo vencido el \(end): corresponde la libertad inmediata desde \(end.adding(days: 1)); \(-daysLeft) días de exceso"
            )
            if let appealLimit {
                apply(
                    .pp5,
                    "La condena apelada no cubre la detención: el plazo venció el \(end) sin orden de prolongación (tope posible \(appealLimit))"
                )
            }
        }
        let canProlongOnAppeal = appealLimit.map { end < $0 } ?? false
        return PretrialClock(
            startsOn: start, caseType: caseType, termEndsOn: end, releaseOn: end.adding(days: 1), daysLeft: daysLeft,
            expired: expired, maximumEndsOn: max(maximumEnd, appealLimit ?? maximumEnd),
            prolongationPossible: !expired && (remaining > 0 || canProlongOnAppeal), suspendedDays: suspended,
            appealLimitEndsOn: appealLimit)
    }

    // MARK: Sentence (CP art. 47, CPP art. 399, CEP arts. 44-50)

    mutating func computeSentence() -> SentenceClock? {
        guard let sentence = input.sentence else { return nil }
        let asOf = input.asOf
        let current = input.custody.last!
        let start = current.from
        // Earlier, separate periods are credited in days (AB-1, AB-2, R-CAL-6).
        var credited = 0
        let rate = settings.houseArrestCreditRate
        let earlierPeriods = input.custody.count - 1
        for period in input.custody.dropLast() {
            let days = period.from.days(until: period.to ?? asOf) + 1
            if period.kind == .houseArrest {
                credited += days * rate
                flag(.houseArrestCreditRate, "Abono de detención domiciliaria (AB-3)")
                apply(.ab3, "\(days) días de detención domiciliaria a \(rate) por día")
            } else {
                credited += days
            }
        }
        if credited > 0 { apply(.ab1, "\(credited) días de detención anterior abonados (\(earlierPeriods) periodos)") }

        if sentence.penalty == .fine {
            let detention = input.custody.reduce(0) { $0 + $1.from.days(until: $1.to ?? asOf) + 1 }
            let remaining = max(0, (sentence.fineDays ?? 0) - 2 * detention)
            apply(.ab1, "Pena de multa: \(detention) días de detención = \(2 * detention) días-multa; quedan \(remaining)")
            return SentenceClock(
                life: false, startsOn: start, nominalEndsOn: nil, creditedDays: 2 * detention, redeemedDays: 0, endsOn: nil,
                releaseOn: nil, daysLeft: nil, semiliberty: nil, conditionalRelease: nil, fineDaysRemaining: remaining)
        }

        let index = pickTable(sentence: sentence)
        let articles = input.crimes
        let organizedCrimeLeader = input.caseTypes.last?.type == .organizedCrime
        let rd6 = ["108", "108-C", "152", "153", "153-A", "189", "200"]
        let excludedByOrganizedCrime = organizedCrimeLeader && articles.contains(where: rd6.contains)
        if excludedByOrganizedCrime { apply(.rd6, "Criminalidad organizada (Ley 30077 art. 24): sin redención ni beneficios") }

        // Redemption.
        var redeemed = 0
        if !excludedByOrganizedCrime {
            let caseRatio = ratio(index, record: true)
            if !sentence.life, !input.redemption.isEmpty { redeemed = redeem(caseTable: index, caseRatio: caseRatio) }
        }
        if let recidivism = input.recidivism {
            let by = recidivism.declaredBy.map { " por \($0)" } ?? ""
            let on = recidivism.declaredOn.map { " el \($0)" } ?? ""
            apply(
                .bf3,
                "\(recidivism.kind == .habitual ? "Habitual (CP art. 46-C)" : "Reincidente (CP art. 46-B)") declarado\(by)\(on)")
        }

        if sentence.life {
            apply(.ab5, "Cadena perpetua: sin fecha de término")
            return SentenceClock(
                life: true, startsOn: start, nominalEndsOn: nil, creditedDays: credited, redeemedDays: redeemed, endsOn: nil,
                releaseOn: nil, daysLeft: nil, semiliberty: nil, conditionalRelease: nil, fineDaysRemaining: nil)
        }

        let months = sentence.totalMonths
        let nominalEnd = termEnd(start, months: months, what: "pena").adding(days: sentence.days)
        apply(
            .cal4,
            "Pena de \(sentence.years) años, \(sentence.months) meses, \(sentence.days) días desde \(start): vence \(nominalEnd)")
        if credited > 0 || redeemed > 0 {
            apply(.cal6, "Descuento en días: \(credited) abonados + \(redeemed) redimidos")
        }
        if redeemed > 0 { apply(.rd7, "Los días redimidos adelantan el término y los beneficios") }
        var end = nominalEnd.adding(days: -(credited + redeemed))
        if end < start {
            // Credit and redemption cover the whole sentence: it is served on the day of this admission.
            apply(.ab1, "El abono y la redención cubren toda la pena: cumplida al \(start)")
            end = start
        }
        apply(.ab2, "Término de la pena: \(end); libertad el \(end.adding(days: 1))")

        // Benefits.
        let benefitExclusion = articles.first(where: index.benefitsExcluded.contains)
        let recidivistExclusion =
            input.recidivism == nil ? nil : articles.first(where: index.recidivismList.contains)
        let special = articles.contains(where: index.special.contains)
        func benefit(_ general: Fraction, _ specialFraction: Fraction, rule: RuleID) -> BenefitDate {
            if excludedByOrganizedCrime {
                return BenefitDate(fraction: nil, eligibleFrom: nil, reached: false, excludedBy: .rd6)
            }
            if let benefitExclusion {
                apply(.bf3, "Art. \(benefitExclusion): beneficio improcedente (\(index.table.law))")
                return BenefitDate(fraction: nil, eligibleFrom: nil, reached: false, excludedBy: .bf3)
            }
            if let recidivistExclusion {
                apply(
                    index.table.recidivism.benefitsRule,
                    "Reincidente o habitual declarado por el art. \(recidivistExclusion), de la lista de los arts. 46-B y 46-C del CP: beneficio improcedente"
                )
                return BenefitDate(
                    fraction: nil, eligibleFrom: nil, reached: false, excludedBy: index.table.recidivism.benefitsRule)
            }
            let fraction = special ? specialFraction : general
            let date = max(
                start,
                eligibility(start: start, months: months, extraDays: sentence.days, fraction: fraction)
                    .adding(days: -(credited + redeemed)))
            apply(rule, "\(fraction) de la pena\(special ? " (delito de la lista especial)" : ""): desde \(date)")
            return BenefitDate(fraction: fraction.description, eligibleFrom: date, reached: date <= asOf, excludedBy: nil)
        }
        let semiliberty = benefit(index.table.benefits.semiliberty, index.table.benefits.semilibertySpecial, rule: .bf1)
        let conditional = benefit(
            index.table.benefits.conditionalRelease, index.table.benefits.conditionalReleaseSpecial, rule: .bf2)
        if special && benefitExclusion == nil && recidivistExclusion == nil && !excludedByOrganizedCrime {
            flag(
                .specialList,
                "Lista de delitos con 2/3 y 3/4 (CEP art. 50) tomada de \(index.table.law): no leída en texto oficial",
                value: index.table.law)
        }
        return SentenceClock(
            life: false, startsOn: start, nominalEndsOn: nominalEnd, creditedDays: credited, redeemedDays: redeemed, endsOn: end,
            releaseOn: end.adding(days: 1), daysLeft: asOf.days(until: end), semiliberty: semiliberty,
            conditionalRelease: conditional, fineDaysRemaining: nil)
    }

    /// Days redeemed by the ledger (RD-1…RD-5, RD-8, RD-9): each entry at the ratio of its law version (the case's,
    /// or the one in force at the end of the entry with `redemption_law_date = activity`); with `carry` rounding
    /// the floor of the total days of each ratio and version, a remainder never carried to another one.
    mutating func redeem(caseTable: RuleTable.Index, caseRatio: Int?) -> Int {
        struct Group: Hashable {
            var version: Int
            var ratio: Int
        }
        var groups: [Group: (days: Int, entries: Int)] = [:]
        var order: [Group] = []
        let casePosition = tables.indexes.firstIndex(where: { $0 === caseTable }) ?? 0
        var ratioOfVersion: [Int: Int?] = [casePosition: caseRatio]
        var perEntryFloor = 0
        var perEntryUp = 0
        var otherVersionDiffers = false
        for entry in input.redemption where entry.activity == .work || entry.evaluationPassed {
            var position = casePosition
            if let day = entry.to ?? entry.from {
                let own = tables.position(on: day)
                if own != casePosition {
                    if settings.redemptionLawDate == .activity {
                        position = own
                    }
                    if ratio(tables.indexes[own], record: false) != caseRatio {
                        otherVersionDiffers = true
                    }
                }
            }
            if ratioOfVersion[position] == nil { ratioOfVersion[position] = ratio(tables.indexes[position], record: true) }
            guard let ratio = ratioOfVersion[position]!, ratio > 0 else { continue }
            let group = Group(version: position, ratio: ratio)
            if groups[group] == nil { order.append(group) }
            groups[group, default: (0, 0)].days += entry.days
            groups[group, default: (0, 0)].entries += 1
            perEntryFloor += entry.days / ratio
            perEntryUp += (entry.days + ratio - 1) / ratio
            if entry.days % ratio != 0 {
                flag(.redemptionRounding, "\(entry.days) días a \(ratio)x1 = \(entry.days)/\(ratio) no es entero")
            }
        }
        if otherVersionDiffers {
            flag(
                .redemptionLawDate,
                "Días de trabajo o estudio bajo otra versión de la ley, que da otra tasa de redención")
        }
        var redeemed = 0
        switch settings.redemptionRounding {
        case .floor: redeemed = perEntryFloor
        case .up: redeemed = perEntryUp
        case .carry:
            for group in order {
                let days = groups[group]!.days
                redeemed += days / group.ratio
            }
        }
        for group in order {
            let table = tables.indexes[group.version].table
            let days = groups[group]!.days
            let ruleID =
                input.recidivism != nil && table.recidivism.daysPerDay == group.ratio
                ? (table.recidivism.redemptionRule ?? table.redemption.rule)
                : (group.ratio == table.redemption.defaultDaysPerDay ? .rd1 : table.redemption.rule)
            apply(
                ruleID,
                "Redención \(group.ratio)x1 (\(table.law)): \(days) días en \(groups[group]!.entries) registros = \(days / group.ratio) días, resto \(days % group.ratio)"
            )
        }
        if perEntryFloor != perEntryUp || order.contains(where: { groups[$0]!.days % $0.ratio != 0 }) {
            let rounding = settings.redemptionRounding.rawValue
            let total = redeemed
            apply(
                .rd8,
                "Redondeo \(rounding): \(total) días (por registro: \(perEntryFloor) a \(perEntryUp)); el resto no pasa a otra tasa ni versión"
            )
        }
        if input.redemption.contains(where: { $0.activity == .study && !$0.evaluationPassed }) {
            apply(.rd2, "El estudio sin evaluación aprobada no redime")
        }
        return redeemed
    }

    /// The days of work per day redeemed under one law version for this case, `nil` when an article or the
    /// person's declaration excludes redemption. Several ratios (crime, recidivism) follow RD-9.
    mutating func ratio(_ index: RuleTable.Index, record: Bool) -> Int? {
        let articles = input.crimes
        if let excluded = articles.first(where: index.redemptionExcluded.contains) {
            if record { apply(index.table.redemption.rule, "Art. \(excluded): redención improcedente (\(index.table.law))") }
            return nil
        }
        let general = index.table.redemption.defaultDaysPerDay
        var candidates = articles.map { index.ratio(of: $0) ?? general }
        if candidates.isEmpty { candidates = [general] }
        if input.recidivism != nil, let recidivist = index.table.recidivism.daysPerDay { candidates.append(recidivist) }
        let highest = candidates.max()!
        let lowest = candidates.min()!
        if record && highest != lowest {
            let recidivism = input.recidivism == nil ? "" : " y la reincidencia"
            flag(
                .severalRatios,
                "Concurren tasas distintas (\(lowest)x1 a \(highest)x1) para los delitos \(articles)\(recidivism)"
            )
        }
        return settings.severalRatios == .mostFavourable ? lowest : highest
    }

    /// First day from which a fraction of the sentence is completed (peru-law.md section 4 formula).
    mutating func eligibility(start: CivilDate, months: Int, extraDays: Int, fraction: Fraction) -> CivilDate {
        let scaled = months * fraction.numerator
        if scaled % fraction.denominator == 0 && extraDays == 0 {
            return addMonths(start, scaled / fraction.denominator, what: "fracción \(fraction)")
        }
        let totalDays = start.days(until: addMonths(start, months, what: "pena").adding(days: extraDays))
        let numerator = totalDays * fraction.numerator
        let days =
            settings.fractionRounding == .up
            ? (numerator + fraction.denominator - 1) / fraction.denominator : numerator / fraction.denominator
        flag(.fractionRounding, "\(fraction) de \(months) meses no es un número entero de meses: cómputo en días")
        return start.adding(days: days)
    }

    /// The rule table version for the case (BF-4 setting), flagged when another date of the case would pick a
    /// law that treats these crimes differently.
    mutating func pickTable(sentence: SentenceOrder) -> RuleTable.Index {
        let chosen: CivilDate? =
            switch settings.ruleVersionDate {
            case .commission: input.committedOn
            case .conviction: sentence.convictedOn
            case .asOf: input.asOf
            }
        let chosenDate = chosen ?? input.committedOn ?? sentence.convictedOn ?? input.asOf
        let position = tables.position(on: chosenDate)
        let index = tables.indexes[position]
        if chosenDate < index.table.validFrom {
            flag(.ruleVersionDate, "La fecha \(chosenDate) es anterior a toda tabla registrada; se aplica \(index.table.law)")
        }
        let articles = input.crimes
        var differing: [String] = []
        for candidate in 0..<3 {
            guard let date = candidate == 0 ? input.committedOn : (candidate == 1 ? sentence.convictedOn : input.asOf) else {
                continue
            }
            let other = tables.position(on: date)
            guard other != position else { continue }
            let otherIndex = tables.indexes[other]
            let recidivist = input.recidivism != nil
            if articles.contains(where: {
                index.treatment(of: $0, recidivist: recidivist) != otherIndex.treatment(of: $0, recidivist: recidivist)
            }) {
                differing.append(otherIndex.table.law)
            }
        }
        if !differing.isEmpty {
            let laws = Set(differing).sorted().joined(separator: ", ")
            flag(
                .ruleVersionDate,
                "Rige \(index.table.law) por la fecha elegida; otras fechas del caso llevan a \(laws), que trata estos delitos de otro modo"
            )
        }
        apply(.bf4, "Tabla aplicada: \(index.table.law), vigente desde \(index.table.validFrom)")
        ruleVersionUsed = index.table.law
        return index
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
