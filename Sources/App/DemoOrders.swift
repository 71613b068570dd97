import CustodiaCore
import Foundation
import NationalDataset
import Store

/// The demo's orders received electronically (issue 13): release orders from the courts of the persons' cases (by
/// expired term, acquittal or comparecencia) sent today, half accepted by the clerk and waiting to be executed, half
/// still to accept (none executed: the demo keeps INPE's January 2026 population); a few sent yesterday and never
/// executed, so the critical alert shows; and a few whose identity names a registered document with other given names,
/// held for a clerk. Each goes through the register (receipt, match, steps), so every rule decides it. Seeded.
public enum DemoOrders {
    public struct Counts: Sendable {
        public var received = 0
        public var byState: [InboundOrder.State: Int] = [:]
        public var refused = 0
    }

    static func receive(_ population: SyntheticPopulation, into registry: SQLRegistry, asOf: CivilDate, seed: UInt64)
        async throws -> Counts
    {
        var stream = SeededGenerator(seed: seed ^ 0x0DE5_2026)
        let open = population.episodes.filter { $0.release == nil }
        let held = open.map(\.personID).sorted()
        // The busiest establishment (the demo staff's) gets the first orders and one overdue, so its inbox shows them.
        let byEstablishment = Dictionary(grouping: open, by: \.establishmentID)
        let busiest = (byEstablishment.max { $0.value.count < $1.value.count }?.value ?? []).map(\.personID).sorted()
        let cases = Dictionary(grouping: population.cases, by: \.personID)
        let persons = Dictionary(population.persons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var counts = Counts()
        var used = Set<Person.ID>()
        let reasons: [InboundOrder.ReleaseReason] = [.expiredTerm, .acquittal, .comparecencia]
        for index in 0..<40 {
            let pool = index < 6 || index == 30 ? busiest : held
            guard let personID = pool.randomElement(using: &stream), !used.contains(personID),
                let legalCase = cases[personID]?.first, let person = persons[personID]
            else { continue }
            used.insert(personID)
            // Orders 30-35 arrived yesterday and were never executed; 36-39 name the person with other given names.
            let day = (30..<36).contains(index) ? asOf.adding(days: -1) : asOf
            var subject = OrderSubject.personNumber(person.number)
            if index >= 36 {
                subject = .identity(
                    OrderIdentity(
                        document: person.document,
                        name: PersonName(
                            givenNames: "Otro Nombre", paternalSurname: person.name.paternalSurname,
                            maternalSurname: person.name.maternalSurname), birthDate: person.birthDate))
            }
            let court = legalCase.judicialDistrict
            let content = InboundOrderContent(
                kind: .release, court: legalCase.court, judge: "Juez del juzgado (sintético)",
                resolution: "Resolución N.º \(100 + index)", issuedOn: day, caseNumber: legalCase.number,
                judicialDistrict: legalCase.judicialDistrict, subject: subject,
                releaseReason: reasons[index % reasons.count])
            let request = InboundOrderRequest(
                idempotencyKey: "demo-\(seed)-\(index)", fingerprint: "demo-\(index)", issuerOrderID: "DEMO-\(index)",
                content: content)
            guard
                case .done(.created(let order)) = try await registry.receiveOrder(
                    request, client: court, clientKind: .court, within: nil, asOf: day, actor: Actor(stringLiteral: court))
            else {
                counts.refused += 1
                continue
            }
            counts.received += 1
            var state = order.state
            let steps: [OrderStep.Action] = index < 30 && index % 2 == 0 ? [.accept] : []
            for action in steps {
                guard
                    case .done(let stepped) = try await registry.stepOrder(
                        OrderStep(id: order.id, action: action, note: nil), expectedVersion: nil, within: nil, asOf: asOf,
                        actor: "registro (demo)")
                else {
                    counts.refused += 1
                    break
                }
                state = stepped.state
            }
            counts.byState[state, default: 0] += 1
        }
        return counts
    }
}
