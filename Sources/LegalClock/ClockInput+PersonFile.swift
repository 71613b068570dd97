import CustodiaCore

extension ClockInput {
    /// The clock input of a person held now, from the register: the custody of the open episode (police or
    /// preliminary custody from the arrest, then prisión preventiva or the sentence), earlier episodes as
    /// periods to credit, the case type, the orders of the episode's case and its charges. `nil` when the
    /// person is not in custody.
    public static func from(_ file: PersonFile, asOf: CivilDate) -> ClockInput? {
        guard let episode = file.openEpisode else { return nil }
        return from(
            episode: episode, episodes: file.episodes, orders: file.orders, cases: file.cases, redemption: file.redemption,
            suspensions: file.suspensions, asOf: asOf)
    }

    /// The same from the parts of the register (used when recomputing everyone at once).
    public static func from(
        episode: CustodyEpisode, episodes: [CustodyEpisode], orders allOrders: [CourtOrder], cases: [LegalCase],
        redemption: [RedemptionRecord] = [], suspensions: [SuspensionRecord] = [], asOf: CivilDate
    ) -> ClockInput {
        var custody: [CustodyPeriod] = []
        for earlier in episodes where earlier.id != episode.id {
            guard let release = earlier.release, release.releasedOn < (episode.arrestedOn ?? episode.admittedOn) else { continue }
            custody.append(
                CustodyPeriod(kind: .pretrialDetention, from: earlier.arrestedOn ?? earlier.admittedOn, to: release.releasedOn))
        }
        let authorizing = allOrders.first(where: { $0.id == episode.authorizingOrderID })
        let caseID = authorizing?.caseID
        // The register as it stood on the as-of day: orders, work and suspensions of later days are not used yet
        // (an input that carries them is refused instead).
        let orders = allOrders.filter {
            $0.caseID == caseID && $0.issuedOn >= (episode.arrestedOn ?? episode.admittedOn) && $0.issuedOn <= asOf
        }
        let legalCase = cases.first(where: { $0.id == caseID })
        let arrested = episode.arrestedOn ?? episode.admittedOn
        if arrested < episode.admittedOn {
            custody.append(CustodyPeriod(kind: .police, from: arrested, to: episode.admittedOn.adding(days: -1)))
        }
        var sentence: SentenceOrder?
        var pretrial: PretrialOrder?
        var detention: DetentionOrder?
        var recidivism: RecidivismDeclaration?
        var conviction: Conviction?
        for order in orders {
            switch order.kind {
            case .pretrialDetention(let term):
                pretrial = PretrialOrder(months: term.months, startsOn: term.startsOn)
            case .prolongation(let months):
                pretrial?.prolongations.append(Prolongation(kind: .prolongation, months: months, grantedOn: order.issuedOn))
            case .adecuacion(let months):
                pretrial?.prolongations.append(Prolongation(kind: .adecuacion, months: months, grantedOn: order.issuedOn))
            case .appealProlongation(let months):
                pretrial?.prolongations.append(Prolongation(kind: .appeal, months: months, grantedOn: order.issuedOn))
            case .appealedConviction(let term):
                conviction = Conviction(on: order.issuedOn, appealed: true, sentenceMonths: term.totalMonths)
            case .sentence(let term):
                sentence = SentenceOrder(
                    years: term.years, months: term.months, days: term.days, life: term.isLife, convictedOn: order.issuedOn)
                recidivism = term.recidivism.map {
                    RecidivismDeclaration(
                        kind: $0 == .habitual ? .habitual : .recidivist, declaredOn: order.issuedOn,
                        declaredBy: order.reference.isEmpty ? nil : order.reference)
                }
            case .detention:
                detention = DetentionOrder(startsOn: arrested)
            case .release:
                break
            }
        }
        custody.append(CustodyPeriod(kind: sentence == nil ? .pretrialDetention : .sentence, from: episode.admittedOn))
        if sentence != nil, let first = custody.last(where: { $0.to == nil }), arrested < first.from {
            // The current custody started at the arrest: one continuous period for the sentence (AB-2).
            custody.removeAll(where: { $0.from >= arrested })
            custody.append(CustodyPeriod(kind: .sentence, from: arrested))
        }
        return ClockInput(
            asOf: asOf, custody: custody,
            caseTypes: legalCase.map { [CaseTypeChange(from: arrested, type: $0.caseType)] } ?? [],
            pretrial: sentence == nil ? pretrial : nil, detention: sentence == nil && pretrial == nil ? detention : nil,
            suspensions: suspensions.filter { $0.episodeID == episode.id && $0.toDate <= asOf }.map {
                Suspension(ground: .maliciousDelay, from: $0.fromDate, to: $0.toDate)
            },
            conviction: sentence == nil ? conviction : nil, sentence: sentence,
            redemption: redemption.filter { $0.episodeID == episode.id && $0.toDate <= asOf }.map {
                RedemptionEntry(
                    activity: $0.activity == .work ? .work : .study, from: $0.fromDate, to: $0.toDate, days: $0.days,
                    evaluationPassed: $0.evaluationPassed)
            },
            crimes: legalCase?.charges.map(\.article) ?? [], recidivism: sentence == nil ? nil : recidivism)
    }
}

extension ClockResult {
    /// The dates alerts are raised from, for storage.
    public func stored(person: Person.ID, establishment: Establishment.ID) -> StoredClock {
        StoredClock(
            personID: person, establishmentID: establishment,
            status: status == .pretrial ? .pretrial : (status == .sentenced ? .sentenced : .notComputable),
            pretrialEndsOn: pretrial?.termEndsOn, sentenceEndsOn: sentence?.endsOn,
            semilibertyFrom: sentence?.semiliberty?.eligibleFrom,
            conditionalReleaseFrom: sentence?.conditionalRelease?.eligibleFrom,
            needsReview: needsLegalReview)
    }
}
