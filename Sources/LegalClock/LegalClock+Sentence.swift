import CustodiaCore

/// The sentence: crediting (abono), its end, and the benefits (CP art. 47, CPP art. 399, CEP arts. 48-50).
extension Computation {
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
                flag(.houseArrestCreditRate, "Abono de detención domiciliaria (AB-3)", en: "Credit for house arrest (AB-3)")
                apply(
                    .ab3, "\(days) días de detención domiciliaria a \(rate) por día",
                    en: "\(days) days of house arrest at \(rate) per day")
            } else {
                credited += days
            }
        }
        if credited > 0 {
            apply(
                .ab1, "\(credited) días de detención anterior abonados (\(earlierPeriods) periodos)",
                en: "\(credited) days of earlier detention credited (\(earlierPeriods) periods)")
        }

        if sentence.penalty == .fine {
            let detention = input.custody.reduce(0) { $0 + $1.from.days(until: $1.to ?? asOf) + 1 }
            let remaining = max(0, (sentence.fineDays ?? 0) - 2 * detention)
            apply(
                .ab1, "Pena de multa: \(detention) días de detención = \(2 * detention) días-multa; quedan \(remaining)",
                en: "Fine: \(detention) days of detention = \(2 * detention) fine days; \(remaining) left")
            return SentenceClock(
                life: false, startsOn: start, nominalEndsOn: nil, creditedDays: 2 * detention, redeemedDays: 0, endsOn: nil,
                releaseOn: nil, daysLeft: nil, semiliberty: nil, conditionalRelease: nil, fineDaysRemaining: remaining)
        }

        let index = pickTable(sentence: sentence)
        let articles = input.crimes
        let organizedCrimeLeader = input.caseTypes.last?.type == .organizedCrime
        let rd6 = ["108", "108-C", "152", "153", "153-A", "189", "200"]
        let excludedByOrganizedCrime = organizedCrimeLeader && articles.contains(where: rd6.contains)
        if excludedByOrganizedCrime {
            apply(
                .rd6, "Criminalidad organizada (Ley 30077 art. 24): sin redención ni beneficios",
                en: "Organized crime (Ley 30077 art. 24): no redemption and no benefits")
        }

        // Redemption.
        var redeemed = 0
        if !excludedByOrganizedCrime {
            let caseRatio = ratio(index, record: true)
            if !sentence.life, !input.redemption.isEmpty { redeemed = redeem(caseTable: index, caseRatio: caseRatio) }
        }
        if let recidivism = input.recidivism {
            let by = recidivism.declaredBy.map { " por \($0)" } ?? ""
            let on = recidivism.declaredOn.map { " el \($0)" } ?? ""
            let byEn = recidivism.declaredBy.map { " by \($0)" } ?? ""
            let onEn = recidivism.declaredOn.map { " on \($0)" } ?? ""
            apply(
                .bf3,
                "\(recidivism.kind == .habitual ? "Habitual (CP art. 46-C)" : "Reincidente (CP art. 46-B)") declarado\(by)\(on)",
                en:
                    "\(recidivism.kind == .habitual ? "Habitual (CP art. 46-C)" : "Recidivist (CP art. 46-B)") declared\(byEn)\(onEn)"
            )
        }

        if sentence.life {
            apply(.ab5, "Cadena perpetua: sin fecha de término", en: "Life imprisonment: no end date")
            return SentenceClock(
                life: true, startsOn: start, nominalEndsOn: nil, creditedDays: credited, redeemedDays: redeemed, endsOn: nil,
                releaseOn: nil, daysLeft: nil, semiliberty: nil, conditionalRelease: nil, fineDaysRemaining: nil)
        }

        let months = sentence.totalMonths
        let nominalEnd = termEnd(start, months: months, what: ("pena", "sentence")).adding(days: sentence.days)
        apply(
            .cal4,
            "Pena de \(sentence.years) años, \(sentence.months) meses, \(sentence.days) días desde \(start): vence \(nominalEnd)",
            en:
                "Sentence of \(sentence.years) years, \(sentence.months) months, \(sentence.days) days from \(start): ends \(nominalEnd)"
        )
        if credited > 0 || redeemed > 0 {
            apply(
                .cal6, "Descuento en días: \(credited) abonados + \(redeemed) redimidos",
                en: "Deducted in days: \(credited) credited + \(redeemed) redeemed")
        }
        if redeemed > 0 {
            apply(
                .rd7, "Los días redimidos adelantan el término y los beneficios",
                en: "Redeemed days bring the end and the benefits forward")
        }
        var end = nominalEnd.adding(days: -(credited + redeemed))
        if end < start {
            // Credit and redemption cover the whole sentence: it is served on the day of this admission.
            apply(
                .ab1, "El abono y la redención cubren toda la pena: cumplida al \(start)",
                en: "Credit and redemption cover the whole sentence: served on \(start)")
            end = start
        }
        apply(
            .ab2, "Término de la pena: \(end); libertad el \(end.adding(days: 1))",
            en: "End of the sentence: \(end); release on \(end.adding(days: 1))")

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
                apply(
                    .bf3, "Art. \(benefitExclusion): beneficio improcedente (\(index.table.law))",
                    en: "Art. \(benefitExclusion): no benefit (\(index.table.law))")
                return BenefitDate(fraction: nil, eligibleFrom: nil, reached: false, excludedBy: .bf3)
            }
            if let recidivistExclusion {
                apply(
                    index.table.recidivism.benefitsRule,
                    "Reincidente o habitual declarado por el art. \(recidivistExclusion), de la lista de los arts. 46-B y 46-C del CP: beneficio improcedente",
                    en:
                        "Recidivist or habitual declared for art. \(recidivistExclusion), on the list of CP arts. 46-B and 46-C: no benefit"
                )
                return BenefitDate(
                    fraction: nil, eligibleFrom: nil, reached: false, excludedBy: index.table.recidivism.benefitsRule)
            }
            let fraction = special ? specialFraction : general
            let date = max(
                start,
                eligibility(start: start, months: months, extraDays: sentence.days, fraction: fraction)
                    .adding(days: -(credited + redeemed)))
            apply(
                rule, "\(fraction) de la pena\(special ? " (delito de la lista especial)" : ""): desde \(date)",
                en: "\(fraction) of the sentence\(special ? " (crime of the special list)" : ""): from \(date)")
            return BenefitDate(fraction: fraction.description, eligibleFrom: date, reached: date <= asOf, excludedBy: nil)
        }
        let semiliberty = benefit(index.table.benefits.semiliberty, index.table.benefits.semilibertySpecial, rule: .bf1)
        let conditional = benefit(
            index.table.benefits.conditionalRelease, index.table.benefits.conditionalReleaseSpecial, rule: .bf2)
        if special && benefitExclusion == nil && recidivistExclusion == nil && !excludedByOrganizedCrime {
            flag(
                .specialList,
                "Lista de delitos con 2/3 y 3/4 (CEP art. 50) tomada de \(index.table.law): no leída en texto oficial",
                en: "List of crimes at 2/3 and 3/4 (CEP art. 50) taken from \(index.table.law): not read in an official text",
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
}
