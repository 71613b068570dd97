import CustodiaCore
import Foundation
import LegalClock
import NationalDataset
import Store

/// The demo's benefit files (issue 26 point 6): of the persons the legal clocks make eligible for semilibertad or
/// liberación condicional, 120 get a file, half at the establishment with the most of them (the demo staff's board
/// shows them), in every state a file takes before the release, in shares close to a service that has just begun to
/// move its files: about a third still assembling, then complete, sent, with a hearing set, denied (some appealed),
/// and a few granted by the court's release order, whose same-day clock runs; three of those releases executed the same
/// day (the files released, one of them revoked since), each balanced by an admission that day so the population stays
/// INPE's January 2026 figure. Everyone else eligible stays "not started". Each step goes through the register, so every
/// rule decides it. Seeded.
public enum DemoBenefits {
    public struct Counts: Sendable {
        public var opened = 0
        /// The board's counts over the nation: `not_started`, each state, and `late`.
        public var board: [String: Int] = [:]
        public var eligible = 0
        /// Granted by the court's release order; of them, released the same day, and revoked afterwards.
        public var grantedByOrder = 0
        public var released = 0
        public var revoked = 0
        public var refused = 0
        /// The candidate lists (issue 26 point 2): the persons who qualify on each, and those examined.
        public var electronic = 0
        public var pretrialReview = 0
        public var examinedPretrial = 0
        public var conversion = 0
        public var expulsion = 0
        /// The foreign sentenced persons the expulsion list examines.
        public var examinedForeign = 0
    }

    /// The target state of each file, by its place in a cycle of twenty: 7 assembling, 3 complete, 4 sent, 2 with a
    /// hearing set, 1 granted, 2 denied, 1 appealed.
    static let cycle: [BenefitFile.State] =
        Array(repeating: .assembling, count: 7) + Array(repeating: .complete, count: 3) + Array(repeating: .sent, count: 4)
        + [.hearingSet, .hearingSet, .granted, .denied, .denied, .appealed]

    static func assemble(_ population: SyntheticPopulation, into registry: SQLRegistry, asOf: CivilDate, seed: UInt64)
        async throws -> Counts
    {
        var stream = SeededGenerator(seed: seed ^ 0xBE4E_2026)
        var counts = Counts()
        let candidates = try await registry.benefitCandidates(establishmentCodes: nil, asOf: asOf).filter { $0.file == nil }
        // The most crowded establishment: the demo staff's (DemoUsers).
        let held = Dictionary(grouping: population.episodes.filter { $0.release == nil }, by: \.establishmentID)
        let busiestID = held.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key
        let busiest = population.establishments.first { $0.id == busiestID }?.code
        let here = candidates.filter { $0.establishmentCode == busiest }.sorted { $0.personID < $1.personID }
        let elsewhere = candidates.filter { $0.establishmentCode != busiest }.sorted { $0.personID < $1.personID }
        let chosen = Array(here.shuffled(using: &stream).prefix(50)) + Array(elsewhere.shuffled(using: &stream).prefix(70))
        let cases = Dictionary(grouping: population.cases, by: \.personID)
        let persons = Dictionary(population.persons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func document(_ document: BenefitFile.Document) -> BenefitStep {
            .document(
                document, issuedOn: asOf, issuer: "\(document.author.rawValue) (sintético)",
                reference: "N.º \(Int.random(in: 1...999, using: &stream))-\(asOf.year)")
        }
        var grants: [(InboundOrder, BenefitFile, Person)] = []
        for (index, candidate) in chosen.enumerated() {
            guard let legalCase = cases[candidate.personID]?.first, let person = persons[candidate.personID] else { continue }
            guard
                case .done(var file) = try await registry.openBenefitFile(
                    person: candidate.personID, benefit: candidate.benefit, within: nil, asOf: asOf, actor: "área legal (demo)")
            else {
                counts.refused += 1
                continue
            }
            counts.opened += 1
            let target = cycle[index % cycle.count]
            var steps: [BenefitStep] = []
            if index % 3 == 0 { steps.append(.request(on: asOf, by: "La persona privada de libertad")) }
            let documents = BenefitFile.Document.allCases.filter { $0 != .workStudy }
            if target == .assembling {
                steps += documents.prefix(1 + index % 5).map(document)
            } else {
                steps += documents.map(document)
                steps.append(
                    index % 2 == 0
                        ? .notApplicable(.workStudy, reason: "No solicita redención")
                        : document(.workStudy))
                if target != .complete { steps.append(.send(on: asOf, court: legalCase.court)) }
                switch target {
                case .hearingSet: steps.append(.hearing(on: asOf.adding(days: 5 + index % 10)))
                case .denied, .appealed:
                    steps.append(
                        .deny(on: asOf, grounds: "Informe psicológico desfavorable (sintético)", mayRequestAgainOn: nil))
                    if target == .appealed { steps.append(.appeal(on: asOf, by: "Defensa pública (sintética)")) }
                default: break
                }
            }
            for step in steps {
                guard
                    case .done(let next) = try await registry.stepBenefitFile(
                        file.id, step: step, expectedVersion: nil, within: nil, asOf: asOf, actor: "área legal (demo)")
                else {
                    counts.refused += 1
                    break
                }
                file = next
            }
            // The court's grant arrives as its release order by benefit, naming the file (point 3).
            if target == .granted, file.state == .sent {
                let content = InboundOrderContent(
                    kind: .release, court: legalCase.court, judge: "Juez de ejecución (sintético)",
                    resolution: "Resolución N.º \(500 + index)", issuedOn: asOf, caseNumber: legalCase.number,
                    judicialDistrict: legalCase.judicialDistrict, subject: .personNumber(person.number),
                    releaseReason: .benefit, benefitFileID: file.id)
                let request = InboundOrderRequest(
                    idempotencyKey: "demo-benefit-\(seed)-\(index)", fingerprint: "demo-benefit-\(index)",
                    issuerOrderID: "DEMO-BEN-\(index)", content: content)
                if case .done(.created(let order)) = try await registry.receiveOrder(
                    request, client: legalCase.judicialDistrict, clientKind: .court, within: nil, asOf: asOf,
                    actor: Actor(stringLiteral: legalCase.judicialDistrict))
                {
                    counts.grantedByOrder += 1
                    grants.append((order, file, person))
                } else {
                    counts.refused += 1
                }
            }
        }
        try await executeReleases(grants.prefix(3), population, into: registry, asOf: asOf, counts: &counts)
        let board = try await registry.benefitBoard(establishmentCodes: nil, asOf: asOf, rules: registry.rules)
        counts.eligible = board.entries.count
        counts.board = board.counts
        var lists: [ReliefCandidateList.Kind: ReliefCandidateList] = [:]
        for kind in ReliefCandidateList.Kind.allCases {
            lists[kind] = try await registry.reliefCandidates(
                kind, establishmentCodes: nil, districts: nil, asOf: asOf, rules: registry.rules)
        }
        counts.electronic = lists[.electronic]?.rows.count ?? 0
        counts.pretrialReview = lists[.pretrialReview]?.rows.count ?? 0
        counts.examinedPretrial = lists[.pretrialReview]?.examined ?? 0
        counts.conversion = lists[.conversion]?.rows.count ?? 0
        counts.expulsion = lists[.expulsion]?.rows.count ?? 0
        counts.examinedForeign = lists[.expulsion]?.examined ?? 0
        return counts
    }
}
