import CustodiaCore

/// Redemption by work and study (CEP arts. 44-47), the benefit dates, and the rule table that applies.
extension Computation {
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
                flag(
                    .redemptionRounding, "\(entry.days) días a \(ratio)x1 = \(entry.days)/\(ratio) no es entero",
                    en: "\(entry.days) days at \(ratio)x1 = \(entry.days)/\(ratio) is not whole")
            }
        }
        if otherVersionDiffers {
            flag(
                .redemptionLawDate,
                "Días de trabajo o estudio bajo otra versión de la ley, que da otra tasa de redención",
                en: "Days of work or study under another version of the law, which gives another redemption ratio")
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
                "Redención \(group.ratio)x1 (\(table.law)): \(days) días en \(groups[group]!.entries) registros = \(days / group.ratio) días, resto \(days % group.ratio)",
                en:
                    "Redemption \(group.ratio)x1 (\(table.law)): \(days) days in \(groups[group]!.entries) records = \(days / group.ratio) days, remainder \(days % group.ratio)"
            )
        }
        if perEntryFloor != perEntryUp || order.contains(where: { groups[$0]!.days % $0.ratio != 0 }) {
            let rounding = settings.redemptionRounding.rawValue
            let total = redeemed
            apply(
                .rd8,
                "Redondeo \(rounding): \(total) días (por registro: \(perEntryFloor) a \(perEntryUp)); el resto no pasa a otra tasa ni versión",
                en:
                    "Rounding \(rounding): \(total) days (per record: \(perEntryFloor) to \(perEntryUp)); the remainder does not pass to another ratio or version"
            )
        }
        if input.redemption.contains(where: { $0.activity == .study && !$0.evaluationPassed }) {
            apply(.rd2, "El estudio sin evaluación aprobada no redime", en: "Study without a passed evaluation redeems nothing")
        }
        return redeemed
    }

    /// The days of work per day redeemed under one law version for this case, `nil` when an article or the
    /// person's declaration excludes redemption. Several ratios (crime, recidivism) follow RD-9.
    mutating func ratio(_ index: RuleTable.Index, record: Bool) -> Int? {
        let articles = input.crimes
        if let excluded = articles.first(where: index.redemptionExcluded.contains) {
            if record {
                apply(
                    index.table.redemption.rule, "Art. \(excluded): redención improcedente (\(index.table.law))",
                    en: "Art. \(excluded): no redemption (\(index.table.law))")
            }
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
            let recidivismEn = input.recidivism == nil ? "" : " and the recidivism"
            flag(
                .severalRatios,
                "Concurren tasas distintas (\(lowest)x1 a \(highest)x1) para los delitos \(articles)\(recidivism)",
                en: "Different ratios (\(lowest)x1 to \(highest)x1) meet for the crimes \(articles)\(recidivismEn)"
            )
        }
        return settings.severalRatios == .mostFavourable ? lowest : highest
    }

    /// First day from which a fraction of the sentence is completed (peru-law.md section 4 formula).
    mutating func eligibility(start: CivilDate, months: Int, extraDays: Int, fraction: Fraction) -> CivilDate {
        let scaled = months * fraction.numerator
        if scaled % fraction.denominator == 0 && extraDays == 0 {
            return addMonths(start, scaled / fraction.denominator, what: ("fracción \(fraction)", "fraction \(fraction)"))
        }
        let totalDays = start.days(until: addMonths(start, months, what: ("pena", "sentence")).adding(days: extraDays))
        let numerator = totalDays * fraction.numerator
        let days =
            settings.fractionRounding == .up
            ? (numerator + fraction.denominator - 1) / fraction.denominator : numerator / fraction.denominator
        flag(
            .fractionRounding, "\(fraction) de \(months) meses no es un número entero de meses: cómputo en días",
            en: "\(fraction) of \(months) months is not a whole number of months: counted in days")
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
            flag(
                .ruleVersionDate, "La fecha \(chosenDate) es anterior a toda tabla registrada; se aplica \(index.table.law)",
                en: "The date \(chosenDate) is earlier than every recorded table; \(index.table.law) applies")
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
                "Rige \(index.table.law) por la fecha elegida; otras fechas del caso llevan a \(laws), que trata estos delitos de otro modo",
                en:
                    "\(index.table.law) applies by the chosen date; other dates of the case lead to \(laws), which treats these crimes otherwise"
            )
        }
        apply(
            .bf4, "Tabla aplicada: \(index.table.law), vigente desde \(index.table.validFrom)",
            en: "Table applied: \(index.table.law), in force from \(index.table.validFrom)")
        ruleVersionUsed = index.table.law
        return index
    }
}
