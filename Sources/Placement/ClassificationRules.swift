import CustodiaCore

/// Extrema Seguridad proposed by the charges (CL-6): the Junta Técnica de Clasificación confirms it.
public struct ExtremeSecurityProposal: Hashable, Sendable {
    /// The Código Penal articles of the person's charges that call for it.
    public var articles: [String]
    /// Whether a leader's role (jefe, líder, cabecilla) is part of the ground (arts. 317, 317-B).
    public var leader: Bool

    public init(articles: [String], leader: Bool) {
        self.articles = articles
        self.leader = leader
    }
}

/// A person's classification on a day, as the file, the pages and the alerts show it.
public struct ClassificationStatus: Hashable, Sendable {
    /// The latest decision of the open custody episode; `nil` while unclassified.
    public var current: ClassificationRecord?
    public var proposal: ExtremeSecurityProposal?
    /// While unclassified: the day the initial classification's alert is raised, and the day it is overdue (CL-4).
    public var initialAlertOn: CivilDate?
    public var initialDueOn: CivilDate?
    /// The next six-monthly evaluation (CL-5).
    public var reviewDueOn: CivilDate?
    /// In Extrema Seguridad: the first day progression to stage A may be evaluated (CL-8).
    public var earliestProgression: CivilDate?

    public init(
        current: ClassificationRecord? = nil, proposal: ExtremeSecurityProposal? = nil, initialAlertOn: CivilDate? = nil,
        initialDueOn: CivilDate? = nil, reviewDueOn: CivilDate? = nil, earliestProgression: CivilDate? = nil
    ) {
        self.current = current
        self.proposal = proposal
        self.initialAlertOn = initialAlertOn
        self.initialDueOn = initialDueOn
        self.reviewDueOn = reviewDueOn
        self.earliestProgression = earliestProgression
    }
}

/// Classification rules (docs/legal/peru-operations.md section 1). Parameters marked [OPEN] there are our
/// defaults pending legal review; each is named here once.
public enum ClassificationRules {
    /// D.Leg. 1737, published 2026-02-12, binds from the next day (OP-1).
    public static let extremeSecurityFrom = CivilDate(year: 2026, month: 2, day: 13)!
    /// Sicariato, secuestro, extorsión, criminalidad sistemática (CL-6).
    public static let extremeSecurityArticles: Set<String> = ["108-C", "152", "200", "318-B"]
    /// Organización criminal and banda criminal: Extrema Seguridad for their leaders (CL-6).
    public static let leaderArticles: Set<String> = ["317", "317-B"]
    /// CL-4 [OPEN]: alert on day 20 after admission, overdue on day 30.
    public static let initialAlertDays = 20
    public static let initialDueDays = 30
    /// CL-5: evaluation every six months.
    public static let reviewMonths = 6
    /// CL-8: four years in Extrema Seguridad before stage A may be evaluated, five for leaders.
    public static let minimumStayMonths = 48
    public static let leaderMinimumStayMonths = 60

    /// Every rule a new classification breaks; `history` is the person's decisions in the open episode, oldest first.
    public static func validate(
        _ request: ClassificationRequest, person: Person?, episode: CustodyEpisode?, history: [ClassificationRecord],
        asOf: CivilDate
    ) -> [ValidationMessage] {
        guard let person else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard let episode else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages: [ValidationMessage] = []
        let decided = request.decidedOn
        if decided > asOf { messages.append(ValidationMessage(.classificationInFuture, field: "decided_on")) }
        if decided < (episode.arrestedOn ?? episode.admittedOn) {
            messages.append(ValidationMessage(.classificationBeforeCustody, field: "decided_on"))
        }
        let current = history.last
        if let current, decided < current.decidedOn {
            messages.append(ValidationMessage(.classificationBeforeCurrent, field: "decided_on", detail: "\(current.decidedOn)"))
        }
        if request.body.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.classificationBodyRequired, field: "body"))
        }
        if request.resolution.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.classificationResolutionRequired, field: "resolution"))
        }
        messages +=
            TextLimits.check(request.body, field: "body") + TextLimits.check(request.resolution, field: "resolution")
            + TextLimits.check(request.reason, field: "reason")
        if request.regime == .rceExtremaSeguridad {
            if decided < extremeSecurityFrom { messages.append(ValidationMessage(.regimeNotInForce, field: "regime")) }
            if let age = ageAtFacts(person, episode), age < 18 {
                messages.append(ValidationMessage(.extremeSecurityMinor, field: "regime"))
            }
        }
        guard let current, current.regime != request.regime else { return messages }
        if current.regime == .rceExtremaSeguridad {
            if request.regime != .rceA {
                messages.append(ValidationMessage(.extremeSecurityOnlyToA, field: "regime"))
            } else if let earliest = earliestProgression(history + [record(request, episode)]), decided < earliest {
                messages.append(ValidationMessage(.extremeSecurityMinimumStay, field: "decided_on", detail: "\(earliest)"))
            }
        } else if request.regime != .rceExtremaSeguridad, request.regime.ladder == current.regime.ladder,
            let from = current.regime.step, let to = request.regime.step, abs(from - to) > 1,
            !isAdolescent(person, on: decided)
        {
            // CL-6 places in Extrema Seguridad from any stage; 16- and 17-year-olds go to any stage (CL-11).
            messages.append(ValidationMessage(.oneStageAtATime, field: "regime"))
        }
        return messages
    }

    /// The first day progression out of Extrema Seguridad may be evaluated, for the last Extrema Seguridad
    /// stay in `history` (CL-8): its start plus four years (five when any decision of the stay, or the one asked
    /// for, names a leader), less the days of earlier Extrema Seguridad stays in the same history. `nil` when
    /// the history has no Extrema Seguridad.
    public static func earliestProgression(_ history: [ClassificationRecord]) -> CivilDate? {
        var stays: [(start: CivilDate, end: CivilDate?, leader: Bool)] = []
        for record in history {
            if record.regime == .rceExtremaSeguridad {
                if let last = stays.last, last.end == nil {
                    stays[stays.count - 1].leader = last.leader || record.leader
                } else {
                    stays.append((record.decidedOn, nil, record.leader))
                }
            } else if let last = stays.last, last.end == nil {
                stays[stays.count - 1].end = record.decidedOn
                stays[stays.count - 1].leader = last.leader || record.leader
            }
        }
        guard let last = stays.last else { return nil }
        let earlier = stays.dropLast().reduce(0) { $0 + $1.start.days(until: $1.end ?? $1.start) }
        let months = last.leader ? leaderMinimumStayMonths : minimumStayMonths
        return last.start.adding(months: months).adding(days: -earlier)
    }

    /// What the file says on a day: the current decision, the proposal, and the days due.
    public static func status(of file: PersonFile, asOf: CivilDate) -> ClassificationStatus {
        guard let episode = file.openEpisode else { return ClassificationStatus() }
        let history = file.classifications.filter { $0.episodeID == episode.id }
        var status = ClassificationStatus(current: history.last)
        if let current = history.last {
            status.reviewDueOn = current.decidedOn.adding(months: reviewMonths)
            if current.regime == .rceExtremaSeguridad { status.earliestProgression = earliestProgression(history) }
        } else {
            status.initialAlertOn = episode.admittedOn.adding(days: initialAlertDays)
            status.initialDueOn = episode.admittedOn.adding(days: initialDueDays)
        }
        if history.last?.regime != .rceExtremaSeguridad {
            status.proposal = proposal(file, episode: episode, leader: history.contains(where: \.leader), asOf: asOf)
        }
        return status
    }

    /// CL-6: Extrema Seguridad for the listed crimes, and for leaders of a banda or organización criminal, once
    /// D.Leg. 1737 is in force and only for those 18 or over at the facts. Both readings of the [OPEN] question
    /// (whether the crimes need membership) propose; the Junta confirms.
    static func proposal(_ file: PersonFile, episode: CustodyEpisode, leader: Bool, asOf: CivilDate)
        -> ExtremeSecurityProposal?
    {
        proposal(
            charged: Set(file.cases.flatMap { $0.charges.map(\.article) }), ageAtFacts: ageAtFacts(file.person, episode),
            leader: leader, asOf: asOf)
    }

    /// The same proposal from the articles charged and the age at the facts (`nil`: unknown, proposed anyway).
    public static func proposal(charged: Set<String>, ageAtFacts: Int?, leader: Bool, asOf: CivilDate)
        -> ExtremeSecurityProposal?
    {
        guard asOf >= extremeSecurityFrom else { return nil }
        if let ageAtFacts, ageAtFacts < 18 { return nil }
        var articles = charged.intersection(extremeSecurityArticles)
        let asLeader = leader && !charged.isDisjoint(with: leaderArticles)
        if asLeader { articles.formUnion(charged.intersection(leaderArticles)) }
        return articles.isEmpty ? nil : ExtremeSecurityProposal(articles: articles.sorted(), leader: asLeader)
    }

    /// The register keeps no date of the facts: the arrest (or the admission) is the latest day they can have
    /// happened, so this is the age on that day; `nil` without a birth date.
    public static func ageAtFacts(_ person: Person, _ episode: CustodyEpisode) -> Int? {
        person.birthDate?.wholeYears(until: episode.arrestedOn ?? episode.admittedOn)
    }

    static func isAdolescent(_ person: Person, on day: CivilDate) -> Bool {
        guard let age = person.birthDate?.wholeYears(until: day) else { return false }
        return (16...17).contains(age)
    }

    static func record(_ request: ClassificationRequest, _ episode: CustodyEpisode) -> ClassificationRecord {
        ClassificationRecord(
            episodeID: episode.id, regime: request.regime, decidedOn: request.decidedOn, body: request.body,
            resolution: request.resolution, reason: request.reason, leader: request.leader)
    }
}

extension ClassificationRules {
    /// The classification alerts of a person in custody on a day: the initial classification due from day 20
    /// and overdue from day 30 after admission (CL-4), or the six-monthly evaluation due (CL-5). Pure, so the
    /// API, the pages and the command line agree.
    public static func alerts(
        person: Person.ID, establishment: Establishment.ID, admittedOn: CivilDate, lastDecision: CivilDate?, asOf: CivilDate
    ) -> [Alert] {
        func alert(_ kind: AlertKind, _ date: CivilDate) -> Alert {
            Alert(kind: kind, personID: person, establishmentID: establishment, date: date, days: asOf.days(until: date))
        }
        guard let last = lastDecision else {
            let due = admittedOn.adding(days: initialDueDays)
            if asOf >= due { return [alert(.classificationOverdue, due)] }
            if asOf >= admittedOn.adding(days: initialAlertDays) { return [alert(.classificationDue, due)] }
            return []
        }
        let review = last.adding(months: reviewMonths)
        return asOf >= review ? [alert(.classificationReviewDue, review)] : []
    }
}
