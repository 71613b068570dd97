import CustodiaCore
import Foundation
import LegalClock
import NationalDataset
import Store

/// The demo's transfers under way (issue 11 point 9): from the most crowded establishments to the least crowded of
/// the same regional office that holds the person's sex and legal status, each asked for through the register, so
/// the placement check decides them as it would any (a request it refuses is not made). Every other request is
/// approved by the regional director. Seeded: the same environment gives the same transfers.
enum DemoTransfers {
    struct Counts: Sendable {
        var requested = 0
        var approved = 0
    }

    /// Five persons from each of the six most crowded establishments.
    static func request(
        _ population: SyntheticPopulation, into registry: SQLRegistry, asOf: CivilDate, seed: UInt64
    ) async throws -> Counts {
        var stream = SeededGenerator(seed: seed ^ 0x7A5F_E125)
        let current = population.placements.filter { $0.untilDate == nil }
        let held = Dictionary(grouping: current, by: \.establishmentID).mapValues(\.count)
        func occupancy(_ e: Establishment) -> Double {
            Double(held[e.id] ?? 0) / Double(max(1, e.certifiedCapacity))
        }
        let establishments = population.establishments.sorted { occupancy($0) > occupancy($1) }
        let open = Dictionary(
            population.episodes.filter { $0.release == nil }.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
        let sexes = Dictionary(population.persons.map { ($0.id, $0.sex) }, uniquingKeysWith: { a, _ in a })
        let byEstablishment = Dictionary(grouping: current, by: \.establishmentID)
        var counts = Counts()
        for origin in establishments.prefix(6) {
            let candidates = (byEstablishment[origin.id] ?? []).sorted { $0.personID < $1.personID }
            for _ in 0..<5 {
                guard let placement = candidates.randomElement(using: &stream), let episode = open[placement.personID],
                    let sex = sexes[placement.personID]
                else { continue }
                // The least crowded establishment of the office that holds the person's sex and status.
                let fitting = establishments.reversed().first { destination in
                    destination.id != origin.id && destination.regionalOfficeID == origin.regionalOfficeID
                        && destination.housedSex.houses(sex)
                        && population.pavilions.contains {
                            $0.establishmentID == destination.id && $0.housedSex.houses(sex)
                                && $0.proceduralStatus == episode.proceduralStatus
                        }
                }
                guard let destination = fitting,
                    let pavilion = population.pavilions.first(where: {
                        $0.establishmentID == destination.id && $0.housedSex.houses(sex)
                            && $0.proceduralStatus == episode.proceduralStatus
                    })
                else { continue }
                let requestedOn = max(placement.fromDate, asOf.adding(days: -Int.random(in: 1...10, using: &stream)))
                let percent = Int((occupancy(origin) * 100).rounded())
                guard
                    case .done(let transfer) = try await registry.requestTransfer(
                        TransferRequest(
                            personID: placement.personID, toEstablishmentCode: destination.code,
                            toPavilionCode: pavilion.code, ground: .hacinamiento,
                            reason: "Descongestión: el establecimiento está al \(percent) % de su capacidad (sintético)",
                            requestedOn: requestedOn), expectedVersion: nil, asOf: asOf, actor: "custodia demo")
                else { continue }
                counts.requested += 1
                guard counts.requested % 2 == 0 else { continue }
                let decided = min(asOf, requestedOn.adding(days: 1))
                if case .done = try await registry.stepTransfer(
                    TransferStep(
                        id: transfer.id, action: .approve, on: decided, authority: .directorRegional,
                        resolution: "R.D.R. N.º \(100 + counts.requested)-2026-INPE/OR (sintética)", notifiedOn: decided),
                    expectedVersion: nil, asOf: asOf, actor: "custodia demo")
                {
                    counts.approved += 1
                }
            }
        }
        return counts
    }
}
