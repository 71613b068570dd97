import CustodiaCore

/// The conversion lists of issue 26 point 2 (docs/legal/peru-relief.md section 3): a sentenced person whose remaining
/// sentence could become jornadas of community service (DR-2, with DR-4 for omisión a la asistencia familiar), and a
/// foreigner whose sentence could be converted to expulsion (DR-1's exclusions, DR-2's 10 years and two thirds served).
extension ReliefCandidateList {
    /// DR-2 (and DR-4): a sentenced person with a sentence of at most the conversion ceiling and days left to serve;
    /// D.Leg. 1300's own limits were not read, so every row asks for a lawyer's look.
    static func conversion(_ subject: ReliefSubject, asOf: CivilDate) -> Row? {
        guard subject.status == .sentenced else { return nil }
        var reasons: [Reason] = []
        if subject.lifeSentence {
            reasons.append(Reason(rule: .dr2, code: "life_sentence", qualifies: false, detail: "cadena perpetua"))
            return row(subject, reasons, review: true, priority: false)
        }
        guard let months = subject.sentenceMonths, let end = subject.sentenceEndsOn else { return nil }
        let ceiling = ReliefRules.conversionCeilingMonths
        if months <= ceiling {
            reasons.append(
                Reason(
                    rule: .dr2, code: "sentence_within_conversion", qualifies: true,
                    detail: "pena de \(months) meses, hasta \(ceiling / 12) años (límites del D.Leg. 1300 por confirmar)"))
        } else {
            reasons.append(
                Reason(
                    rule: .dr2, code: "sentence_over_conversion", qualifies: false,
                    detail: "pena de \(months) meses, más de \(ceiling / 12) años"))
        }
        let left = ReliefRules.jornadas(convertedOn: asOf, sentenceEndsOn: end)
        if left.jornadas == 0 {
            reasons.append(
                Reason(
                    rule: .dr2, code: "no_jornada_left", qualifies: false,
                    detail: "quedan \(left.days) días: menos de una jornada"))
        } else {
            reasons.append(
                Reason(
                    rule: .dr2, code: "jornadas", qualifies: true,
                    detail: "quedan \(left.days) días al \(asOf): \(left.jornadas) jornadas de siete días"))
        }
        if subject.articles.contains(ReliefRules.alimonyArticle) {
            reasons.append(
                Reason(
                    rule: .dr4, code: "alimony_payment", qualifies: true,
                    detail: "omisión a la asistencia familiar: conversión al acreditar el pago de la deuda y la reparación civil")
            )
        }
        return row(subject, reasons, review: true, priority: false)
    }

    /// DR-1, DR-2: a foreign sentenced person with a sentence within the ceiling of the day, no crime of DR-1's list,
    /// and two thirds served (or served within the horizon, so the file is ready on the day).
    static func expulsion(_ subject: ReliefSubject, asOf: CivilDate, withinDays: Int) -> Row? {
        guard subject.status == .sentenced, subject.nationality != Person.peru else { return nil }
        var reasons: [Reason] = []
        var review = false
        if subject.lifeSentence {
            reasons.append(Reason(rule: .dr2, code: "life_sentence", qualifies: false, detail: "cadena perpetua"))
        } else if let months = subject.sentenceMonths {
            let ceiling = ReliefRules.expulsionCeilingMonths(on: asOf)
            reasons.append(
                months <= ceiling
                    ? Reason(
                        rule: .dr2, code: "sentence_within_expulsion", qualifies: true,
                        detail: "pena de \(months) meses, hasta \(ceiling / 12) años; nacionalidad \(subject.nationality)")
                    : Reason(
                        rule: .dr2, code: "sentence_over_expulsion", qualifies: false,
                        detail: "pena de \(months) meses, más de \(ceiling / 12) años"))
            if let end = subject.sentenceEndsOn {
                let from = ReliefRules.twoThirdsServed(endsOn: end, months: months)
                if from <= asOf {
                    reasons.append(
                        Reason(
                            rule: .dr2, code: "two_thirds_served", qualifies: true, detail: "dos tercios cumplidos el \(from)"))
                } else if from <= asOf.adding(days: withinDays) {
                    reasons.append(
                        Reason(
                            rule: .dr2, code: "two_thirds_soon", qualifies: true, detail: "dos tercios cumplidos el \(from)"))
                } else {
                    reasons.append(
                        Reason(
                            rule: .dr2, code: "two_thirds_not_served", qualifies: false,
                            detail: "dos tercios cumplidos el \(from)"))
                }
            } else {
                review = true
            }
        } else {
            return nil
        }
        let listed = subject.articles.filter(ReliefRules.expulsionExcludedArticles.contains).sorted()
        if !listed.isEmpty {
            reasons.append(
                Reason(
                    rule: .dr1, code: "crime_excluded", qualifies: false,
                    detail: "delito excluido (CP art. 52): \(listed.joined(separator: ", "))"))
        }
        return row(subject, reasons, review: review, priority: false)
    }
}
