import CustodiaCore
import Foundation

public enum IdentityMatcher {
    public static let sameThreshold = 24.0
    public static let reviewThreshold = 6.0

    /// log2(m/u) for the levels of each field (m, u as ADR 0033 sets them).
    static func weight(_ m: Double, _ u: Double) -> Double { log2(m / u) }

    public static func compare(_ a: IdentityRecord, _ b: IdentityRecord) -> MatchResult {
        var fields: [MatchResult.Field] = []
        func add(_ field: String, _ level: String, _ m: Double, _ u: Double) {
            fields.append(.init(field: field, level: level, weight: weight(m, u)))
        }
        // The document: the same number is nearly certain; two different numbers of the same kind nearly exclude.
        if let x = a.document.number, let y = b.document.number, a.document.kind == b.document.kind {
            if x == y {
                add("document", "exact", 0.97, 0.000_01)
            } else if JaroWinkler.similarity(x, y) >= 0.93 {
                add("document", "one_slip", 0.02, 0.000_1)
            } else {
                add("document", "different", 0.01, 0.999)
            }
        } else {
            add("document", "missing", 1, 1)
        }
        // Surnames, each against its own and against the other's (swapped paternal and maternal).
        let straight =
            surname(a.name.paternalSurname, b.name.paternalSurname).rank
            + surname(a.name.maternalSurname, b.name.maternalSurname).rank
        let swapped =
            surname(a.name.paternalSurname, b.name.maternalSurname).rank
            + surname(a.name.maternalSurname, b.name.paternalSurname).rank
        let isSwapped = swapped > straight
        let pairs =
            isSwapped
            ? [(a.name.paternalSurname, b.name.maternalSurname), (a.name.maternalSurname, b.name.paternalSurname)]
            : [(a.name.paternalSurname, b.name.paternalSurname), (a.name.maternalSurname, b.name.maternalSurname)]
        for (index, pair) in pairs.enumerated() {
            let field = index == 0 ? "paternal_surname" : "maternal_surname"
            let level = surname(pair.0, pair.1)
            let suffix = isSwapped ? "_swapped" : ""
            switch level {
            case .exact: add(field, "exact" + suffix, 0.90, 0.01)
            case .phonetic: add(field, "phonetic" + suffix, 0.05, 0.002)
            case .close: add(field, "close" + suffix, 0.03, 0.003)
            case .missing: add(field, "missing", 1, 1)
            case .different: add(field, "different", 0.02, 0.98)
            }
        }
        // Given names: compound names agree when one's words are among the other's ("José Luis" and "Luis").
        let givenA = Set(SpanishPhonetic.keys(a.name.givenNames))
        let givenB = Set(SpanishPhonetic.keys(b.name.givenNames))
        let aliasKeys = Set((a.aliases + b.aliases).flatMap { SpanishPhonetic.keys($0) })
        if givenA.isEmpty || givenB.isEmpty {
            add("given_names", "missing", 1, 1)
        } else if SearchText.fold(a.name.givenNames) == SearchText.fold(b.name.givenNames) {
            add("given_names", "exact", 0.88, 0.005)
        } else if givenA == givenB {
            add("given_names", "phonetic", 0.05, 0.001)
        } else if givenA.isSubset(of: givenB) || givenB.isSubset(of: givenA) {
            add("given_names", "part", 0.04, 0.004)
        } else if !givenA.isDisjoint(with: aliasKeys) || !givenB.isDisjoint(with: aliasKeys) {
            add("given_names", "alias", 0.02, 0.001)
        } else {
            add("given_names", "different", 0.03, 0.99)
        }
        // Birth date: exact, day and month swapped, the year off by one, or different.
        if let x = a.birthDate, let y = b.birthDate {
            if x == y {
                add("birth_date", "exact", 0.92, 0.000_1)
            } else if x.year == y.year && x.month == y.day && x.day == y.month {
                add("birth_date", "day_month_swapped", 0.02, 0.000_01)
            } else if x.month == y.month && x.day == y.day && abs(x.year - y.year) == 1 {
                add("birth_date", "year_off_by_one", 0.03, 0.000_1)
            } else {
                add("birth_date", "different", 0.03, 0.999)
            }
        } else {
            add("birth_date", "missing", 1, 1)
        }
        if let x = a.sex, let y = b.sex {
            if x == y { add("sex", "agree", 0.99, 0.5) } else { add("sex", "disagree", 0.01, 0.5) }
        }
        if let x = a.nationality, let y = b.nationality {
            if x == y { add("nationality", "agree", 0.98, 0.85) } else { add("nationality", "disagree", 0.02, 0.15) }
        }
        let total = fields.map(\.weight).reduce(0, +)
        let decision: MatchResult.Decision =
            total >= sameThreshold ? .same : total >= reviewThreshold ? .review : .different
        return MatchResult(weight: total, decision: decision, fields: fields)
    }

    enum Level: Int {
        case different = 0, missing, close, phonetic, exact
        var rank: Int { rawValue }
    }

    /// One surname against another: equal once folded, equal by sound, a slip away, absent, or different.
    static func surname(_ a: String, _ b: String) -> Level {
        let x = SearchText.fold(a)
        let y = SearchText.fold(b)
        if x.isEmpty || y.isEmpty { return .missing }
        if x == y { return .exact }
        if SpanishPhonetic.keys(x) == SpanishPhonetic.keys(y) { return .phonetic }
        if JaroWinkler.similarity(x, y) >= 0.9 { return .close }
        return .different
    }
}
