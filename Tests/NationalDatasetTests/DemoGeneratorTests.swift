import CustodiaCore
import LegalClock
import NationalDataset
import Testing

/// The synthetic national population has exactly Peru's real January 2026 figures.
@Suite struct DemoGeneratorTests {
    static let asOf = CivilDate(year: 2026, month: 11, day: 29)!
    static let dataset = try! PeruDataset.bundled()
    static let limits = RuleSet.shipped.table(on: asOf).pretrial
    static let population = DemoGenerator.generate(dataset, asOf: asOf, limits: limits, seed: DemoGenerator.defaultSeed)

    @Test func datasetStatesTheRealTotals() {
        let totals = Self.dataset.totals
        #expect(Self.dataset.establishments.count == 69)
        #expect(Self.dataset.regionalOffices.count == 8)
        #expect(totals.population == 103_717)
        #expect(totals.capacity == 41_764)
        #expect(totals.unsentenced == 37_924)
        #expect(totals.men == 98_228)
        #expect(totals.women == 5_489)
    }

    @Test func everyEstablishmentHasItsRealCountsBySexAndStatus() {
        let population = Self.population
        let sexByPerson = Dictionary(uniqueKeysWithValues: population.persons.map { ($0.id, $0.sex) })
        var counts: [Establishment.ID: [String: Int]] = [:]
        for episode in population.episodes where episode.isOpen {
            counts[episode.establishmentID, default: [:]][
                "\(sexByPerson[episode.personID]!)-\(episode.proceduralStatus)", default: 0] += 1
        }
        for (index, figures) in Self.dataset.establishments.enumerated() {
            let establishment = population.establishments[index]
            #expect(establishment.code == figures.code)
            #expect(establishment.certifiedCapacity == figures.capacity)
            let c = counts[establishment.id] ?? [:]
            #expect(c["male-unsentenced", default: 0] == figures.unsentencedMen, "\(figures.code)")
            #expect(c["female-unsentenced", default: 0] == figures.unsentencedWomen, "\(figures.code)")
            #expect(c["male-sentenced", default: 0] == figures.sentencedMen, "\(figures.code)")
            #expect(c["female-sentenced", default: 0] == figures.sentencedWomen, "\(figures.code)")
            // Pavilions add up to the certified capacity.
            let pavilions = population.pavilions.filter { $0.establishmentID == establishment.id }
            #expect(pavilions.reduce(0) { $0 + $1.certifiedCapacity } == figures.capacity, "\(figures.code)")
        }
        #expect(population.persons.count == 103_717)
        #expect(population.persons.filter { $0.sex == .female }.count == 5_489)
    }

    @Test func crimeMixAndSentencesFollowTheCSVs() {
        let population = Self.population
        // Sentence bands: exact counts, life sentences included.
        var life = 0
        var temporary = 0
        for order in population.orders {
            if case .sentence(let term) = order.kind {
                if term.isLife { life += 1 } else { temporary += 1 }
            }
        }
        #expect(life == Self.dataset.lifeSentences)
        #expect(temporary == Self.dataset.sentenceBands.reduce(0) { $0 + $1.count })
        // Charges by status equal the crime table nationally for the named crimes.
        var byName: [String: (Int, Int)] = [:]
        for legalCase in population.cases {
            for charge in legalCase.charges {
                var entry = byName[charge.crimeName, default: (0, 0)]
                if legalCase.proceduralStatus == .unsentenced { entry.0 += 1 } else { entry.1 += 1 }
                byName[charge.crimeName] = entry
            }
        }
        for crime in Self.dataset.crimes where crime.sourceArticle != "varios" {
            #expect(byName[crime.name]?.0 == crime.unsentenced, "\(crime.name)")
            #expect(byName[crime.name]?.1 == crime.sentenced, "\(crime.name)")
        }
        #expect(population.cases.allSatisfy { $0.charges.allSatisfy { CrimeCatalog.articles.contains($0.article) } })
    }

    @Test func identitiesAreSyntheticValidAndUnique() {
        let population = Self.population
        let dnis = population.persons.compactMap { person -> String? in
            if case .dni(let number) = person.document { return number }
            return nil
        }
        #expect(Set(dnis).count == dnis.count)
        #expect(dnis.allSatisfy { (try? IdentityDocument.parse(kind: .dni, number: $0).get()) != nil })
        let withoutDocument = population.persons.filter(\.lacksDocument).count
        #expect((1_900...2_500).contains(withoutDocument))
        let foreigners = population.persons.filter { $0.nationality != "PER" }
        #expect(foreigners.filter { $0.sex == .male }.count == 5_515)
        #expect(foreigners.filter { $0.sex == .female }.count == 420)
        // Ages follow the crime table: a few 16-17 year olds, most between 25 and 44.
        let ages = population.persons.map { $0.birthDate!.wholeYears(until: Self.asOf) }
        #expect(ages.allSatisfy { (16...81).contains($0) })
        let prime = ages.filter { (25...44).contains($0) }.count
        #expect(Double(prime) / Double(ages.count) > 0.55)
    }

    @Test func custodyIsLegallyConsistent() {
        let population = Self.population
        let ordersByID = Dictionary(uniqueKeysWithValues: population.orders.map { ($0.id, $0) })
        var expired = 0
        var prolonged = 0
        for episode in population.episodes {
            let order = ordersByID[episode.authorizingOrderID]!
            #expect(order.kind.authorizesCustody)
            #expect(order.issuedOn <= episode.admittedOn)
            #expect(episode.admittedOn <= Self.asOf)
            if let arrested = episode.arrestedOn { #expect(arrested <= episode.admittedOn) }
            if case .pretrialDetention(let term) = order.kind, episode.proceduralStatus == .unsentenced {
                #expect(term.months <= Self.limits.maximumMonths[term.caseType])
                if term.endsOn < Self.asOf { expired += 1 }
            }
        }
        for order in population.orders {
            if case .prolongation = order.kind { prolonged += 1 }
        }
        // Pretrial terms near and past their limit exist, as in reality.
        #expect(expired > 1_000)
        #expect(prolonged > 5_000)
        // Placements: one current per person, in a pavilion of the person's sex and status.
        let pavilions = Dictionary(uniqueKeysWithValues: population.pavilions.map { ($0.id, $0) })
        let persons = Dictionary(uniqueKeysWithValues: population.persons.map { ($0.id, $0) })
        let episodes = Dictionary(uniqueKeysWithValues: population.episodes.map { ($0.personID, $0) })
        let current = population.placements.filter { $0.untilDate == nil }
        #expect(current.count == population.persons.count)
        for placement in current {
            let pavilion = pavilions[placement.pavilionID]!
            #expect(pavilion.housedSex.houses(persons[placement.personID]!.sex))
            #expect(pavilion.proceduralStatus == episodes[placement.personID]!.proceduralStatus)
            #expect(pavilion.establishmentID == placement.establishmentID)
        }
    }

    @Test func workStudyAndSuspensionsAreRecorded() {
        let population = Self.population
        let sentenced = population.episodes.filter { $0.proceduralStatus == .sentenced }.count
        let periods = Dictionary(grouping: population.redemption, by: { $0.0 })
        #expect(periods.count > sentenced / 3)
        #expect(periods.count < sentenced * 3 / 4)
        // Long stays are certified in several periods, one after another, work and study in turn.
        let several = periods.values.filter { $0.count > 1 }
        #expect(several.count > sentenced / 10)
        for entries in several {
            let sorted = entries.map { $0.1 }.sorted { $0.fromDate < $1.fromDate }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                #expect(earlier.toDate < later.fromDate)
                #expect(earlier.activity != later.activity)
            }
        }
        #expect(population.suspensions.count > 300)
        let episodes = Dictionary(uniqueKeysWithValues: population.episodes.map { ($0.id, $0) })
        for (person, entry) in population.redemption {
            let episode = episodes[entry.episodeID]!
            #expect(episode.personID == person)
            #expect(entry.fromDate >= (episode.arrestedOn ?? episode.admittedOn) && entry.toDate <= Self.asOf)
            #expect(entry.days >= 1 && entry.days <= entry.fromDate.days(until: entry.toDate) + 1)
        }
        for (_, suspension) in population.suspensions {
            #expect(episodes[suspension.episodeID]!.proceduralStatus == .unsentenced)
            #expect(suspension.fromDate <= suspension.toDate && suspension.toDate < Self.asOf)
        }
    }

    /// Recidivism is declared by a share of the sentences (habituals among them), for every kind of crime.
    @Test func someSentencesDeclareRecidivism() {
        var declared: [Recidivism: Int] = [:]
        var sentences = 0
        for order in Self.population.orders {
            guard case .sentence(let term) = order.kind else { continue }
            sentences += 1
            if let kind = term.recidivism { declared[kind, default: 0] += 1 }
        }
        let all = (declared[.recidivist] ?? 0) + (declared[.habitual] ?? 0)
        #expect(sentences > 60_000)
        #expect(abs(all * 1000 / sentences - DemoGenerator.recidivismPerMille) <= 5)
        #expect(abs((declared[.habitual] ?? 0) * 1000 / sentences - DemoGenerator.habitualPerMille) <= 3)
    }

    /// Adecuaciones, prolongations, appealed convictions and prolongations on appeal are recorded in about the
    /// shares the generator states, and each procesado's clock over them computes without a refusal, ending
    /// later than the ordered term and not before the as-of day (the demo's unlawful detentions are the others).
    @Test func pretrialTermsAreExtendedByEveryKindOfOrder() {
        let population = Self.population
        let byPerson = Dictionary(grouping: population.orders, by: \.personID)
        let casesByPerson = Dictionary(grouping: population.cases, by: \.personID)
        let unsentenced = population.episodes.filter { $0.proceduralStatus == .unsentenced }
        var counts: [CourtOrder.Code: Int] = [:]
        var checked = 0
        for episode in unsentenced {
            let orders = byPerson[episode.personID] ?? []
            for order in orders { counts[order.kind.code, default: 0] += 1 }
            guard orders.contains(where: { $0.kind.code == .adecuacion || $0.kind.code == .appealProlongation }),
                case .pretrialDetention(let term) = orders.first?.kind
            else { continue }
            let input = ClockInput.from(
                episode: episode, episodes: [episode], orders: orders, cases: casesByPerson[episode.personID] ?? [],
                asOf: Self.asOf)
            let result = LegalClock.compute(input, rules: .shipped, explain: false)
            #expect(result.messages.isEmpty, "\(episode.personID): \(result.messages)")
            let end = result.pretrial?.termEndsOn
            #expect(end.map { $0 > term.endsOn && $0 >= Self.asOf } == true, "\(episode.personID): \(String(describing: end))")
            if orders.contains(where: { $0.kind.code == .appealProlongation }) {
                #expect(orders.contains(where: { $0.kind.code == .appealedConviction }))
                #expect(result.needsLegalReview)
            }
            checked += 1
        }
        let perMille = { (code: CourtOrder.Code) in (counts[code] ?? 0) * 1000 / unsentenced.count }
        let stated = Dictionary(uniqueKeysWithValues: DemoGenerator.pretrialSituations)
        #expect(abs(perMille(.adecuacion) - stated[.adecuado]!) <= 5)
        #expect(abs(perMille(.appealedConviction) - stated[.appealed]!) <= 5)
        #expect(counts[.appealProlongation] == counts[.appealedConviction])
        // Every appealed case was prolonged first, and a third of the adecuados were prolonged after.
        #expect(perMille(.prolongation) >= stated[.prolonged]! + stated[.appealed]!)
        #expect(checked == (counts[.adecuacion] ?? 0) + (counts[.appealProlongation] ?? 0))
    }

    @Test func theSameSeedGivesTheSamePopulation() {
        let again = DemoGenerator.generate(Self.dataset, asOf: Self.asOf, limits: Self.limits, seed: DemoGenerator.defaultSeed)
        #expect(again.persons == Self.population.persons)
        #expect(again.orders == Self.population.orders)
        let other = DemoGenerator.generate(Self.dataset, asOf: Self.asOf, limits: Self.limits, seed: 7)
        #expect(other.persons != Self.population.persons)
        #expect(other.persons.count == Self.population.persons.count)
    }

    @Test func classificationsAreLawfulAndTheirPlacesDeclareThem() {
        let population = Self.population
        let placed = Dictionary(
            population.placements.filter { $0.untilDate == nil }.map { ($0.personID, $0.pavilionID) },
            uniquingKeysWith: { a, _ in a })
        var declared: [Pavilion.ID: Set<Regime>] = [:]
        for (pavilion, regime) in population.pavilionRegimes { declared[pavilion, default: []].insert(regime) }
        #expect(declared.count == population.pavilions.count)
        let open = Dictionary(
            population.episodes.filter { $0.release == nil }.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
        var history: [Person.ID: [ClassificationRecord]] = [:]
        for (person, record) in population.classifications { history[person, default: []].append(record) }
        for (person, records) in history {
            let episode = open[person]!
            // Decided after admission, in order, on or before the as-of day; one stage at a time (CL-11).
            #expect(records.allSatisfy { $0.episodeID == episode.id && $0.decidedOn > episode.admittedOn })
            #expect(zip(records, records.dropFirst()).allSatisfy { $0.decidedOn < $1.decidedOn })
            #expect(records.last!.decidedOn <= Self.asOf)
            #expect(zip(records, records.dropFirst()).allSatisfy { abs(($0.regime.step ?? 0) - ($1.regime.step ?? 0)) <= 1 })
            // The current stage is one the pavilion declares.
            #expect(declared[placed[person]!]!.contains(records.last!.regime))
        }
        // Almost everyone held past day 30 is classified; those admitted in the last five days are not yet.
        let heldLong = open.values.filter { $0.admittedOn.days(until: Self.asOf) > 30 }
        let unclassified = heldLong.filter { history[$0.personID] == nil }.count
        #expect(unclassified > 0 && unclassified * 50 < heldLong.count)
        #expect(open.values.filter { $0.admittedOn.days(until: Self.asOf) < 5 }.allSatisfy { history[$0.personID] == nil })
        // Every stage of the ordinary regime is held by thousands.
        let current = history.values.map { $0.last!.regime }
        for regime in [Regime.rcoMaxima, .rcoMediana, .rcoMinima] {
            #expect(current.filter { $0 == regime }.count > 5_000, "\(regime)")
        }
    }

    @Test func organizationsAreFictionalAndTheirRecordsConsistent() {
        let population = Self.population
        #expect(population.organizations.count == 6)
        #expect(population.organizations.allSatisfy { $0.name.hasSuffix("(ficticia)") })
        // Every affiliation note is a membership of that organization, from before the admission.
        let notes = population.sensitive.filter { $0.1.affiliation != nil }
        #expect(population.memberships.count == notes.count && notes.count > 5_000)
        let names = Dictionary(uniqueKeysWithValues: population.organizations.map { ($0.id, $0.name) })
        let admitted = Dictionary(population.episodes.map { ($0.personID, $0.admittedOn) }, uniquingKeysWith: { a, _ in a })
        for (person, membership) in population.memberships {
            #expect(names[membership.organizationID] == membership.organizationName)
            #expect(membership.from < admitted[person]!)
        }
        #expect(population.memberships.contains { $0.1.role == .leader })
        // Keep-apart records: between two different parties, persons stored lower id first.
        let persons = population.keepApart.compactMap { draft -> (Person.ID, Person.ID)? in
            if case .persons(let a, let b) = draft.parties { return (a, b) }
            return nil
        }
        #expect(persons.count > 20 && persons.allSatisfy { $0.0 < $0.1 })
        #expect(population.keepApart.count - persons.count == 4)
    }
}
