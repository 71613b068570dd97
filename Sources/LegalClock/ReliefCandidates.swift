import CustodiaCore

/// The relief candidate lists (issue 26 point 2): who meets the legal criteria for vigilancia electrónica (VE-2 to
/// VE-7), which procesados' prisión preventiva is due for review (PP-1, PP-3, PP-6, VE-3), whose sentence could be
/// converted to jornadas of community service (DR-2, DR-4) and which foreigners' to expulsion (DR-1, DR-2). Lists, never decisions:
/// each row says why the person is on it, with the rule ids, and a judge decides every one.
public struct ReliefCandidateList: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case electronic
        case pretrialReview = "pretrial_review"
        case conversion
        case expulsion

        /// The lists that keep the persons a rule excludes when asked to (the pretrial review list has no exclusions).
        var hasExclusions: Bool { self != .pretrialReview }
    }

    /// One reason a person is on the list, or is kept off it.
    public struct Reason: Sendable, Hashable {
        public var rule: RuleID
        /// A stable code (`penalty_at_most_7`, `term_expired`, `crime_excluded` …).
        public var code: String
        /// `true` when the reason qualifies the person, `false` when it excludes them.
        public var qualifies: Bool
        public var detail: String
    }

    public struct Row: Sendable, Hashable {
        public var subject: ReliefSubject
        public var reasons: [Reason]
        /// Every qualifying reason holds and none excludes.
        public var qualifies: Bool
        /// A default of the spec or an unread source decided it: a lawyer must look.
        public var needsLegalReview: Bool
        /// A priority group of VE-7 (over 65 on the day).
        public var priority: Bool
    }

    public var kind: Kind
    public var asOf: CivilDate
    public var penaltiesVersion: String
    /// The penalty table still waits for a lawyer's review ([SECONDARY]): every reader says so.
    public var penaltiesNeedLegalReview: Bool
    /// The horizon of the pretrial review list (a term ending within these days is listed) and of the expulsion list
    /// (two thirds served within these days).
    public var withinDays: Int
    /// The persons looked at (the list's whole population in the scope).
    public var examined: Int
    /// The rows: qualifying persons, and the excluded ones too when asked for.
    public var rows: [Row]

    /// The list from the register's subjects on `asOf`. `includeExcluded` keeps the persons a rule keeps off the
    /// electronic list, with that rule (the pretrial review list has no exclusions: a person without a reason is not on
    /// it).
    public init(
        kind: Kind, subjects: [ReliefSubject], asOf: CivilDate, rules: RuleSet, withinDays: Int = 30,
        includeExcluded: Bool = false
    ) {
        let penalties = rules.penalties.table(on: asOf)
        self.kind = kind
        self.asOf = asOf
        self.penaltiesVersion = penalties.version
        self.penaltiesNeedLegalReview = penalties.reviewStatus != "reviewed"
        self.withinDays = withinDays
        var examined = 0
        var rows: [Row] = []
        for subject in subjects {
            let row: Row?
            switch kind {
            case .electronic: row = Self.electronic(subject, penalties: penalties, asOf: asOf)
            case .pretrialReview: row = Self.pretrialReview(subject, penalties: penalties, asOf: asOf, withinDays: withinDays)
            case .conversion: row = Self.conversion(subject, asOf: asOf)
            case .expulsion: row = Self.expulsion(subject, asOf: asOf, withinDays: withinDays)
            }
            guard let row else { continue }
            examined += 1
            if row.qualifies || (includeExcluded && kind.hasExclusions) { rows.append(row) }
        }
        self.examined = examined
        self.rows = rows.sorted(by: Self.order(kind))
    }

    /// Electronic: qualifying first, the priority groups first among them, then by establishment and person number.
    /// Pretrial review: the earliest term first (expired ones lead). Conversion and expulsion: the earliest end of the
    /// sentence first. Then by establishment and person number.
    static func order(_ kind: Kind) -> (Row, Row) -> Bool {
        { a, b in
            if a.qualifies != b.qualifies { return a.qualifies }
            let never = CivilDate(year: 9999, month: 12, day: 31)!
            switch kind {
            case .electronic:
                if a.priority != b.priority { return a.priority }
            case .pretrialReview:
                let x = a.subject.pretrialEndsOn ?? never
                let y = b.subject.pretrialEndsOn ?? never
                if x != y { return x < y }
            case .conversion, .expulsion:
                let x = a.subject.sentenceEndsOn ?? never
                let y = b.subject.sentenceEndsOn ?? never
                if x != y { return x < y }
            }
            if a.subject.establishmentCode != b.subject.establishmentCode {
                return a.subject.establishmentCode < b.subject.establishmentCode
            }
            return a.subject.personID.rawValue < b.subject.personID.rawValue
        }
    }

    /// VE-7: 65 or older on the day.
    static func over65(_ subject: ReliefSubject, on day: CivilDate) -> Bool {
        guard let birth = subject.birthDate else { return false }
        return birth.adding(months: 65 * 12) <= day
    }

    /// VE-2, VE-3, VE-6 for a procesado; VE-4, VE-6 for a sentenced person; VE-7's priority for both.
    static func electronic(_ subject: ReliefSubject, penalties: PenaltyTable, asOf: CivilDate) -> Row? {
        var reasons: [Reason] = []
        var review = false
        switch subject.status {
        case .notComputable:
            return nil
        case .pretrial:
            let bound = penalties.bound(of: subject.articles)
            if bound.maxYears.map({ $0 > 7 }) ?? false, let basic = bound.basicMaxYears, basic <= 7 {
                reasons.append(
                    Reason(
                        rule: .ve3, code: "basic_form_at_most_7", qualifies: true,
                        detail:
                            "pena máxima \(bound.maxYears ?? 0) años; la forma básica no supera 7: revisar si se imputa una agravada"
                    ))
                review = true
            } else {
                reasons.append(penaltyReason(bound))
            }
            if !bound.unknown.isEmpty { review = true }
            if reasons.contains(where: \.qualifies) {
                reasons.append(
                    Reason(
                        rule: .ve2, code: "cessation_possible", qualifies: true,
                        detail: "cesación de la prisión preventiva por comparecencia con vigilancia electrónica"))
            }
        case .sentenced:
            if subject.lifeSentence {
                reasons.append(Reason(rule: .ve4, code: "life_sentence", qualifies: false, detail: "cadena perpetua"))
            } else if let months = subject.sentenceMonths {
                let finding = ReliefRules.electronicForSentenced(
                    sentenceMonths: months, articles: [], recidivist: false, on: asOf)
                let over = finding.excludedBy.contains(.ve4)
                reasons.append(
                    Reason(
                        rule: .ve4, code: over ? "sentence_over_ceiling" : "sentence_within_ceiling", qualifies: !over,
                        detail: "pena de \(months) meses" + (finding.detail.isEmpty ? "" : "; \(finding.detail)")))
                review = review || finding.needsLegalReview
            } else {
                return nil
            }
        }
        let listed = subject.articles.filter(ReliefRules.electronicExcludedArticles.contains).sorted()
        if !listed.isEmpty {
            reasons.append(
                Reason(
                    rule: .ve6, code: "crime_excluded", qualifies: false,
                    detail: "delito excluido (D.Leg. 1322 art. 5, lista por confirmar): \(listed.joined(separator: ", "))"))
            review = true
        }
        if subject.recidivist {
            reasons.append(
                Reason(rule: .ve6, code: "recidivist", qualifies: false, detail: "reincidente o habitual (CP 29-A.4)"))
        }
        let priority = over65(subject, on: asOf)
        if priority {
            reasons.append(Reason(rule: .ve7, code: "over_65", qualifies: true, detail: "mayor de 65 años"))
        }
        return row(subject, reasons, review: review, priority: priority)
    }

    /// VE-3 for a procesado's charges.
    static func penaltyReason(_ bound: PenaltyTable.Bound) -> Reason {
        if !bound.unknown.isEmpty {
            return Reason(
                rule: .ve3, code: "penalty_unknown", qualifies: false,
                detail: "pena máxima no registrada: \(bound.unknown.joined(separator: ", "))")
        }
        guard let years = bound.maxYears else {
            return Reason(rule: .ve3, code: "penalty_life", qualifies: false, detail: "pena máxima: cadena perpetua")
        }
        return years <= 7
            ? Reason(rule: .ve3, code: "penalty_at_most_7", qualifies: true, detail: "pena máxima \(years) años")
            : Reason(rule: .ve3, code: "penalty_over_7", qualifies: false, detail: "pena máxima \(years) años")
    }

    /// A procesado whose term has run out (PP-6), ends within the horizon (PP-3: a prolongation is asked before it
    /// does), whose charges cannot carry prisión preventiva (PP-1: not over 5 years), or for whom vigilancia electrónica
    /// is the preferred measure (VE-3).
    static func pretrialReview(_ subject: ReliefSubject, penalties: PenaltyTable, asOf: CivilDate, withinDays: Int) -> Row? {
        guard subject.status == .pretrial else { return nil }
        var reasons: [Reason] = []
        if let end = subject.pretrialEndsOn {
            if end < asOf {
                reasons.append(
                    Reason(
                        rule: .pp6, code: "term_expired", qualifies: true, detail: "el plazo venció el \(end): libertad inmediata"
                    ))
            } else if end <= asOf.adding(days: withinDays) {
                reasons.append(
                    Reason(
                        rule: .pp3, code: "term_ending", qualifies: true,
                        detail: "el plazo vence el \(end): la prolongación se pide antes"))
            }
        }
        let bound = penalties.bound(of: subject.articles)
        if let years = bound.maxYears, bound.unknown.isEmpty {
            if years <= 5 {
                reasons.append(
                    Reason(
                        rule: .pp1, code: "penalty_at_most_5", qualifies: true,
                        detail: "pena máxima \(years) años: no supera los 5 que exige la prisión preventiva"))
            }
            if years <= 7 {
                reasons.append(
                    Reason(
                        rule: .ve3, code: "electronic_preferred", qualifies: true,
                        detail: "pena máxima \(years) años: vigilancia electrónica preferente"))
            }
        }
        return row(subject, reasons, review: !bound.unknown.isEmpty, priority: over65(subject, on: asOf))
    }

    static func row(_ subject: ReliefSubject, _ reasons: [Reason], review: Bool, priority: Bool) -> Row {
        let qualifies = reasons.contains(where: \.qualifies) && !reasons.contains { !$0.qualifies }
        return Row(subject: subject, reasons: reasons, qualifies: qualifies, needsLegalReview: review, priority: priority)
    }
}

extension ReliefCandidateList {
    /// The CSV columns, in order (for the defense, prosecutors and courts).
    public static let csvColumns = [
        "person_id", "paternal_surname", "maternal_surname", "given_names", "establishment", "status", "pretrial_ends_on",
        "sentence_ends_on", "sentence_months", "articles", "qualifies", "priority", "needs_legal_review", "rules", "reasons",
    ]

    /// The list as CSV (RFC 4180: comma separated, CRLF lines, fields quoted when they need it), one row per person.
    public func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        for row in rows {
            let s = row.subject
            let fields: [String] = [
                String(s.personID.rawValue), s.name.paternalSurname, s.name.maternalSurname, s.name.givenNames,
                s.establishmentCode, s.status.rawValue, s.pretrialEndsOn?.description ?? "",
                s.sentenceEndsOn?.description ?? "", s.sentenceMonths.map(String.init) ?? (s.lifeSentence ? "life" : ""),
                s.articles.joined(separator: " "), row.qualifies ? "yes" : "no", row.priority ? "yes" : "no",
                row.needsLegalReview ? "yes" : "no", row.reasons.map(\.rule.rawValue).joined(separator: " "),
                row.reasons.map { "\($0.code) (\($0.qualifies ? "califica" : "excluye")): \($0.detail)" }.joined(
                    separator: " | "),
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field quoted when it holds a comma, a quote or a line break (its quotes doubled); a field a spreadsheet would
    /// read as a formula (=, +, -, @ first) gets a leading apostrophe.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + String(value.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}
