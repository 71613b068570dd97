import CustodiaCore
import Foundation
import LegalClock
import NationalDataset
import Placement
import Store

/// Builds the national demo database: Peru's real 2026 figures turned into a synthetic population, loaded
/// into a fresh schema. A database that holds anything but a demo is never overwritten.
public enum DemoDatabase {
    public struct Summary: Sendable {
        public var statistics: NationalStatistics
        public var generationSeconds: Double
        public var loadSeconds: Double
        public var placements: Int
        public var orders: Int
        public var clocks: SQLRegistry.RecomputeSummary
        public var alerts: [AlertKind: Int]
        /// What the population records beyond the real counts, so the clock rules show at national scale.
        public var records: RecordShares
        /// Transfers under way between establishments, asked for through the register (half of them approved).
        public var transfersRequested: Int
        public var transfersApproved: Int
        /// The day's court trips, videoconferences and hospital exits; how many had left when the demo was built.
        public var outings: DemoOutings.Counts
        public var visits: VisitCounts
        public var incidents: IncidentCounts
        public var discipline: DemoDiscipline.Counts
        /// Release orders received from the courts, by the state the demo left them in.
        public var received: DemoOrders.Counts
        /// Benefit files opened and moved through the register, and the board's counts over the nation.
        public var benefits: DemoBenefits.Counts
    }

    /// Sentences declaring recidivism, the sentenced with certified work or study (in one or more periods), and
    /// the orders that extend a prisión preventiva.
    public struct RecordShares: Sendable {
        public var sentences: Int
        public var recidivists: Int
        public var habituals: Int
        public var withWorkOrStudy: Int
        public var withSeveralPeriods: Int
        public var periods: Int
        /// Orders that extend a prisión preventiva, and first-instance convictions under appeal.
        public var prolongations: Int
        public var adecuaciones: Int
        public var appealedConvictions: Int
        public var appealProlongations: Int
        /// Persons in custody with a classification, by their current regime; and those whose charges call for
        /// Extrema Seguridad (CL-6), proposed for the Juntas to confirm.
        public var classified = 0
        public var byRegime: [Regime: Int] = [:]
        public var extremeSecurityProposals = 0
        /// Fictional organizations, memberships, and keep-apart records between organizations and between persons.
        public var organizations = 0
        public var memberships = 0
        public var leaders = 0
        public var keepApartOrganizations = 0
        public var keepApartPersons = 0

        init(_ population: SyntheticPopulation) {
            var recidivists = 0
            var habituals = 0
            (sentences, prolongations, adecuaciones, appealedConvictions, appealProlongations) = (0, 0, 0, 0, 0)
            for order in population.orders {
                switch order.kind {
                case .sentence(let term):
                    sentences += 1
                    if term.recidivism == .recidivist { recidivists += 1 }
                    if term.recidivism == .habitual { habituals += 1 }
                case .prolongation: prolongations += 1
                case .adecuacion: adecuaciones += 1
                case .appealedConviction: appealedConvictions += 1
                case .appealProlongation: appealProlongations += 1
                case .detention, .pretrialDetention, .release: break
                }
            }
            self.recidivists = recidivists
            self.habituals = habituals
            let perPerson = Dictionary(grouping: population.redemption, by: { $0.0 }).mapValues(\.count)
            withWorkOrStudy = perPerson.count
            withSeveralPeriods = perPerson.values.filter { $0 > 1 }.count
            periods = population.redemption.count
            var current: [Person.ID: Regime] = [:]
            for (person, record) in population.classifications { current[person] = record.regime }
            classified = current.count
            for regime in current.values { byRegime[regime, default: 0] += 1 }
            let open = Dictionary(
                population.episodes.filter { $0.release == nil }.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
            var charged: [Person.ID: Set<String>] = [:]
            for legalCase in population.cases {
                charged[legalCase.personID, default: []].formUnion(legalCase.charges.map(\.article))
            }
            extremeSecurityProposals =
                population.persons.filter { person in
                    guard let episode = open[person.id] else { return false }
                    return ClassificationRules.proposal(
                        charged: charged[person.id] ?? [], ageAtFacts: ClassificationRules.ageAtFacts(person, episode),
                        leader: false,
                        asOf: population.asOf) != nil
                }.count
            organizations = population.organizations.count
            memberships = population.memberships.count
            leaders = population.memberships.filter { $0.1.role == .leader }.count
            for draft in population.keepApart {
                if case .persons = draft.parties { keepApartPersons += 1 } else { keepApartOrganizations += 1 }
            }
        }
    }

    /// The population of `environment.seed` as of `environment.today()`, its clocks under `environment.rules`:
    /// the same environment gives the same database.
    /// `scale` builds a country that many times Peru's size (issue 17 point 9; `PeruDataset.scaled(by:)`).
    public static func build(into database: Database, environment: CustodiaEnvironment, scale: Int = 1) async throws -> Summary {
        try await refuseIfNotDemo(database)
        let (seed, asOf, rules) = (environment.seed, environment.today(), environment.rules)
        let started = ContinuousClock.now
        let dataset = try PeruDataset.bundled().scaled(by: scale)
        let population = DemoGenerator.generate(dataset, asOf: asOf, limits: rules.table(on: asOf).pretrial, seed: seed)
        let generated = ContinuousClock.now
        try await Migrations.dropAll(database)
        try await Migrations.migrate(database)
        var registers = BulkLoader.Registers(
            regionalOffices: population.regionalOffices, establishments: population.establishments,
            pavilions: population.pavilions, persons: population.persons, cases: population.cases,
            orders: population.orders, episodes: population.episodes, placements: population.placements,
            redemption: population.redemption, suspensions: population.suspensions, sensitive: population.sensitive)
        registers.classifications = population.classifications
        registers.pavilionRegimes = population.pavilionRegimes
        registers.organizations = population.organizations
        registers.memberships = population.memberships
        registers.keepApart = population.keepApart
        let visits = DemoVisits.generate(population, asOf: asOf, seed: seed)
        registers.visitors = visits.visitors
        registers.visitorLinks = visits.links
        registers.visitorBans = visits.bans
        registers.visits = visits.visits
        let incidents = DemoIncidents.generate(population, asOf: asOf, seed: seed)
        registers.incidents = incidents
        try await BulkLoader.load(
            registers, into: database, actor: "custodia demo", note: "seed \(seed), as of \(asOf)", createdAt: environment.now())
        try await Meta.set(
            ["dataset": "demo", "seed": String(seed), "as_of": asOf.description, "scale": String(scale)], in: database)
        let loaded = ContinuousClock.now
        let registry = SQLRegistry(database: database, environment: environment)
        let clocks = try await registry.recomputeClocks(asOf: asOf, actor: "custodia demo")
        let transfers = try await DemoTransfers.request(population, into: registry, asOf: asOf, seed: seed)
        let outings = try await DemoOutings.schedule(
            population, into: registry, asOf: asOf,
            reference: environment.fixing(day: asOf).minute(), seed: seed)
        let discipline = try await DemoDiscipline.open(incidents, into: registry, asOf: asOf, seed: seed)
        let orders = try await DemoOrders.receive(population, into: registry, asOf: asOf, seed: seed)
        let benefits = try await DemoBenefits.assemble(population, into: registry, asOf: asOf, seed: seed)
        let statistics = try await registry.statistics()
        return Summary(
            statistics: statistics, generationSeconds: (generated - started).seconds,
            loadSeconds: (loaded - generated).seconds, placements: population.placements.count,
            orders: population.orders.count, clocks: clocks,
            alerts: try await registry.alertCounts(asOf: asOf, establishmentCode: nil), records: RecordShares(population),
            transfersRequested: transfers.requested, transfersApproved: transfers.approved, outings: outings,
            visits: VisitCounts(visits), incidents: IncidentCounts(incidents), discipline: discipline, received: orders,
            benefits: benefits)
    }

    static func refuseIfNotDemo(_ database: Database) async throws {
        let values = try await Meta.get(in: database)
        let persons = try await Meta.personCount(in: database)
        if let persons, persons > 0, values["dataset"] != "demo" {
            throw StoreError.refusedToOverwrite(
                "\(database.url) holds \(persons) persons and is not a demo database: refusing to overwrite it")
        }
    }
}

/// What the demo's visits amount to (printed by `custodia demo`).
public struct VisitCounts: Sendable {
    public var visitors: Int
    public var links: Int
    public var bans: Int
    public var visits: Int
    public var byState: [Visit.State: Int]
    public var lawyer: Int
    public var flagged: Int

    init(_ generated: DemoVisits.Generated) {
        visitors = generated.visitors.count
        links = generated.links.count
        bans = generated.bans.count
        visits = generated.visits.count
        byState = Dictionary(grouping: generated.visits, by: \.0.state).mapValues(\.count)
        lawyer = generated.visits.filter { $0.0.kind == .lawyer }.count
        flagged = generated.flagged
    }
}
