import CustodiaCore

/// Detention before the hearing (CPP art. 264) and prisión preventiva (arts. 272-275).
extension Computation {
    // MARK: Detention before the prisión preventiva hearing (CPP art. 264)

    mutating func computeDetention() -> PretrialClock? {
        guard let order = input.detention else { return nil }
        let asOf = input.asOf
        let start = order.startsOn ?? input.custody.first!.from
        let caseType = currentCaseType
        let days = tables.table(on: start).pretrial.detentionDays[caseType]
        let end = start.adding(days: days - 1)
        apply(
            .pp14, "Detención preliminar: \(days) días desde \(start) (proceso \(caseType.spanishName)), hasta \(end)",
            en: "Preliminary detention: \(days) days from \(start) (\(caseType.englishName) case), until \(end)")
        let daysLeft = asOf.days(until: end)
        if daysLeft < 0 {
            apply(
                .pp6, "Detención vencida el \(end) sin prisión preventiva: corresponde la libertad",
                en: "Detention expired on \(end) without prisión preventiva: release is due")
        }
        return PretrialClock(
            startsOn: start, caseType: caseType, termEndsOn: end, releaseOn: end.adding(days: 1), daysLeft: daysLeft,
            expired: daysLeft < 0, maximumEndsOn: end, prolongationPossible: false, suspendedDays: 0, appealLimitEndsOn: nil)
    }

    // MARK: Pretrial (CPP arts. 272-275)

    mutating func computePretrial() -> PretrialClock? {
        guard let order = input.pretrial else { return nil }
        let asOf = input.asOf
        let start = order.startsOn ?? input.custody.first!.from
        apply(
            .pp8, "Cómputo desde el primer día de privación de libertad: \(start)",
            en: "Counted from the first day of deprivation of liberty: \(start)")
        let caseType = currentCaseType
        apply(.pp12, "Tipo de proceso vigente: \(caseType.spanishName)", en: "Case type in force: \(caseType.englishName)")
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
        var end = termEnd(start, months: order.months, what: ("plazo ordenado", "ordered term"))
        apply(
            .pp2, "\(order.months) meses ordenados (máximo \(maximum) para proceso \(caseType.spanishName))",
            en: "\(order.months) months ordered (at most \(maximum) in a case of type \(caseType.englishName))")
        apply(
            .cal3, "Fin del plazo = \(start) + \(order.months) meses - 1 día = \(end)",
            en: "End of the term = \(start) + \(order.months) months - 1 day = \(end)")

        // Art. 274.5: half the sentence imposed is the latest an appealed conviction lets the term be prolonged
        // to; it is never the term itself (the term is what was ordered or prolonged).
        var appealLimit: CivilDate?
        if let conviction = input.conviction, conviction.appealed {
            let half = conviction.sentenceMonths / 2
            let base = settings.appealLimitBasis == .totalCustody ? start : conviction.on
            let limit = termEnd(base, months: half, what: ("mitad de la pena", "half of the sentence")).adding(
                days: conviction.sentenceMonths % 2 == 1 ? 15 : 0)
            appealLimit = limit
            apply(
                .pp5,
                "Condena apelada a \(conviction.sentenceMonths) meses: la prisión preventiva puede prolongarse hasta la mitad (\(half) meses) desde \(base) = \(limit); el plazo sigue siendo el ordenado o prolongado",
                en:
                    "Conviction to \(conviction.sentenceMonths) months under appeal: prisión preventiva may be prolonged up to half (\(half) months) from \(base) = \(limit); the term is still the one ordered or prolonged"
            )
            flag(
                .appealLimitBasis, "Art. 274.5: base del cómputo de la mitad de la pena",
                en: "Art. 274.5: from when half of the sentence is counted")
            flag(
                .appealLimitBasis,
                "Art. 274.5: la condena apelada no prolonga por sí sola el plazo; sin orden de prolongación, vence el plazo ordenado",
                en:
                    "Art. 274.5: an appealed conviction does not prolong the term by itself; without a prolongation order, the ordered term expires"
            )
        }

        // Months granted under arts. 272 and 274.1-274.2: together never beyond the PP-3 maximum (PP-4).
        var granted = order.months
        // Art. 274.1: the months of prolongation proper have their own allowance per case type (9/18/12);
        // months beyond the ordered term up to the art. 272 maximum are an adecuación, not a prolongation.
        var prolonged = 0
        let allowance = limits.prolongationMonths[caseType]
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
                end = termEnd(
                    from, months: prolongation.months,
                    what: ("prolongación tras condena apelada", "prolongation after an appealed conviction"))
                if end > appealLimit {
                    fail(
                        "pretrial.prolongation_exceeds_appeal_limit", "\(field).months",
                        "La prolongación excede la mitad de la pena impuesta (art. 274.5, hasta \(appealLimit))",
                        "The prolongation exceeds half of the sentence imposed (art. 274.5, up to \(appealLimit))")
                    return nil
                }
                appealProlonged = true
                apply(
                    .pp5, "Prolongación de \(prolongation.months) meses tras condena apelada (tope \(appealLimit))",
                    en: "Prolongation of \(prolongation.months) months after an appealed conviction (limit \(appealLimit))")
                apply(.pp9, "Corre desde \(from) hasta \(end)", en: "Runs from \(from) until \(end)")
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
            if prolongation.kind == .prolongation {
                prolonged += prolongation.months
                if prolonged > allowance {
                    fail(
                        "pretrial.prolongation_exceeds_allowance", "\(field).months",
                        "La prolongación excede lo que permite el art. 274.1 (\(allowance) meses para proceso \(caseType.spanishName)); los meses hasta el máximo del art. 272 son una adecuación",
                        "The prolongation exceeds the art. 274.1 allowance (\(allowance) months in a case of type \(caseType.englishName)); months up to the art. 272 maximum are an adecuación"
                    )
                    return nil
                }
            }
            end = termEnd(from, months: prolongation.months, what: ("prolongación", "prolongation"))
            apply(
                prolongation.kind == .adecuacion ? .pp4 : .pp3,
                "\(prolongation.kind == .adecuacion ? "Adecuación" : "Prolongación") de \(prolongation.months) meses (\(granted) de \(absolute) meses)",
                en:
                    "\(prolongation.kind == .adecuacion ? "Adecuación" : "Prolongation") of \(prolongation.months) months (\(granted) of \(absolute) months)"
            )
            apply(.pp9, "Corre desde \(from) hasta \(end)", en: "Runs from \(from) until \(end)")
        }

        // PP-3, PP-9: the longest term that can still be granted, each step from the day after the previous end,
        // exactly as granted terms are computed: the rest of the art. 272 maximum, then the rest of the allowance.
        let remaining = appealProlonged ? 0 : absolute - granted
        let restOfMaximum = min(remaining, max(0, maximum - granted))
        var maximumEnd = end
        if restOfMaximum > 0 {
            maximumEnd = termEnd(
                maximumEnd.adding(days: 1), months: restOfMaximum, what: ("resto del máximo legal", "rest of the legal maximum"))
        }
        if remaining - restOfMaximum > 0 {
            maximumEnd = termEnd(
                maximumEnd.adding(days: 1), months: remaining - restOfMaximum,
                what: ("prolongación máxima", "largest prolongation"))
        }

        let suspended = input.suspensions.reduce(0) { $0 + $1.days }
        if suspended > 0 {
            end = end.adding(days: suspended)
            maximumEnd = maximumEnd.adding(days: suspended)
            apply(
                .pp7, "\(suspended) días de dilación maliciosa no se computan: fin \(end)",
                en: "\(suspended) days of malicious delay are not counted: end \(end)")
        }
        apply(
            .pp3, "Máximo con prolongación: \(absolute) meses (quedan \(remaining)), hasta \(maximumEnd)",
            en: "Maximum with prolongation: \(absolute) months (\(remaining) left), until \(maximumEnd)")
        let daysLeft = asOf.days(until: end)
        let expired = daysLeft < 0
        if expired {
            apply(
                .pp6,
                "Plazo vencido el \(end): corresponde la libertad inmediata desde \(end.adding(days: 1)); \(-daysLeft) días de exceso",
                en: "Term expired on \(end): immediate release is due from \(end.adding(days: 1)); \(-daysLeft) days beyond it"
            )
            if let appealLimit {
                apply(
                    .pp5,
                    "La condena apelada no cubre la detención: el plazo venció el \(end) sin orden de prolongación (tope posible \(appealLimit))",
                    en:
                        "The appealed conviction does not cover the detention: the term expired on \(end) without a prolongation order (possible limit \(appealLimit))"
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
}
