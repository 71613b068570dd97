import CustodiaCore

extension Builder {
    /// The regimes every demo pavilion declares: the three stages of the closed ordinary regime, each in its own
    /// wing (CL-1, SEP-5). The closed special regime and Extrema Seguridad need pavilions of their own, which the
    /// demo does not build yet: its Extrema Seguridad cases are the automatic proposals (CL-6) the Juntas have
    /// still to confirm, as they would be in the months after D.Leg. 1737.
    static let demoPavilionRegimes: [Regime] = [.rcoMaxima, .rcoMediana, .rcoMinima]

    /// Classifications on a random stream of their own (like the sensitive notes), so that adding them moved no
    /// other figure of the demo. The Junta decides between day 5 and day 28 after admission; one person in a
    /// hundred past day 30 is still waiting (CL-4). Whoever has been held over six months has a latest six-monthly
    /// evaluation, overdue for three in a hundred (CL-5), which moved a third of them one stage forward.
    mutating func buildClassifications() {
        var stream = SeededGenerator(seed: population.seed ^ 0xC1A5_51F1)
        for pavilion in population.pavilions {
            population.pavilionRegimes += Builder.demoPavilionRegimes.map { (pavilion.id, $0) }
        }
        var gravest: [Person.ID: Double] = [:]
        for legalCase in population.cases {
            for charge in legalCase.charges {
                let score = DemoGenerator.severity(charge.article, name: charge.crimeName)
                gravest[legalCase.personID] = max(gravest[legalCase.personID] ?? 0, score)
            }
        }
        for episode in population.episodes where episode.release == nil {
            let held = episode.admittedOn.days(until: asOf)
            let delay = Int.random(in: 5...28, using: &stream)
            let waiting = Int.random(in: 0..<100, using: &stream) == 0
            guard held >= delay, !waiting else { continue }
            let score = (gravest[episode.personID] ?? 6) * Double.random(in: 0.7...1.3, using: &stream)
            var regime: Regime = score >= 14 ? .rcoMaxima : score >= 7 ? .rcoMediana : .rcoMinima
            let initial = episode.admittedOn.adding(days: delay)
            population.classifications.append(
                (episode.personID, record(episode, regime, initial, resolution: "Resolución JTC N.º \(Int(episode.id.rawValue))"))
            )
            guard initial.adding(months: ClassificationReview.months) <= asOf else { continue }
            let overdue = Int.random(in: 0..<100, using: &stream) < 3
            let back = overdue ? Int.random(in: 185...260, using: &stream) : Int.random(in: 0...178, using: &stream)
            let latest = asOf.adding(days: -back)
            guard latest > initial else { continue }
            if regime != .rcoMinima, Int.random(in: 0..<3, using: &stream) == 0 {
                regime = regime == .rcoMaxima ? .rcoMediana : .rcoMinima
            }
            population.classifications.append(
                (
                    episode.personID,
                    record(episode, regime, latest, resolution: "Resolución JTC N.º \(Int(episode.id.rawValue))-E")
                ))
        }
    }

    func record(_ episode: CustodyEpisode, _ regime: Regime, _ day: CivilDate, resolution: String) -> ClassificationRecord {
        ClassificationRecord(
            episodeID: episode.id, regime: regime, decidedOn: day, body: "Junta Técnica de Clasificación",
            resolution: resolution, reason: "Ficha final de clasificación (sintética)", leader: false)
    }
}

/// The six-monthly evaluation (CL-5), as the demo spaces them.
enum ClassificationReview {
    static let months = 6
}
