import CustodiaCore
import Foundation
import NationalDataset
import Store

/// The demo's court trips and hospital exits of the day (issue 11 point 9): in every establishment two procesados
/// are taken to a hearing and one attends by videoconference, and the five fullest each have one person in
/// hospital; each scheduled through the register. Those whose departure minute has come by the time the demo is
/// built are recorded as gone, so the roll and the day's list show people out (how many depends on the hour).
/// Seeded: the same environment schedules the same exits.
public enum DemoOutings {
    public struct Counts: Sendable {
        public var hearings = 0
        public var videoconferences = 0
        public var hospital = 0
        public var out = 0
    }

    static func schedule(
        _ population: SyntheticPopulation, into registry: SQLRegistry, asOf: CivilDate, reference: LocalTime, seed: UInt64
    ) async throws -> Counts {
        var stream = SeededGenerator(seed: seed ^ 0x0D11_1E2C)
        let open = Dictionary(
            population.episodes.filter { $0.release == nil }.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
        let current = population.placements.filter { $0.untilDate == nil }
        let byEstablishment = Dictionary(grouping: current, by: \.establishmentID)
        let courts = Dictionary(population.cases.map { ($0.personID, $0.court) }, uniquingKeysWith: { a, _ in a })
        var counts = Counts()
        let fullest = Set(byEstablishment.sorted { $0.value.count > $1.value.count }.prefix(5).map(\.key))
        for establishment in population.establishments.sorted(by: { $0.code < $1.code }) {
            let placements = (byEstablishment[establishment.id] ?? []).sorted { $0.personID < $1.personID }
            let procesados = placements.filter { open[$0.personID]?.proceduralStatus == .unsentenced }
            var plan: [(Placement, Outing.Kind)] = []
            var chosen = Set<Person.ID>()
            for kind in [Outing.Kind.courtHearing, .courtHearing, .videoconference] {
                guard let pick = procesados.randomElement(using: &stream), chosen.insert(pick.personID).inserted else {
                    continue
                }
                plan.append((pick, kind))
            }
            if fullest.contains(establishment.id), let pick = placements.randomElement(using: &stream),
                chosen.insert(pick.personID).inserted
            {
                plan.append((pick, .hospital))
            }
            for (placement, kind) in plan {
                let hour = kind == .hospital ? 7 : Int.random(in: 8...11, using: &stream)
                let scheduled = LocalTime(
                    date: asOf, time: TimeOfDay(hour: hour, minute: [0, 15, 30, 45].randomElement(using: &stream)!)!)
                let court = courts[placement.personID] ?? "Juzgado Penal (sintético)"
                let request = OutingRequest(
                    personID: placement.personID, kind: kind,
                    destination: kind == .hospital
                        ? "Hospital regional (sintético)"
                        : kind == .videoconference ? "Sala de videoconferencias del establecimiento" : "Sede de \(court)",
                    requestedBy: kind == .hospital ? "Área de Salud del establecimiento" : court,
                    orderReference: kind == .hospital
                        ? nil : "Oficio N.º \(100 + counts.hearings + counts.videoconferences)-2026 (sintético)",
                    scheduledAt: scheduled, returnDue: scheduled.adding(minutes: kind == .hospital ? 8 * 60 : 5 * 60),
                    escort: kind == .videoconference ? nil : "Unidad de traslados, 2 agentes (sintético)")
                guard
                    case .done(let outing) = try await registry.scheduleOuting(
                        request, expectedVersion: nil, asOf: asOf, actor: "custodia demo")
                else { continue }
                switch kind {
                case .courtHearing: counts.hearings += 1
                case .videoconference: counts.videoconferences += 1
                case .hospital: counts.hospital += 1
                case .other: break
                }
                let leaves = scheduled.adding(minutes: 10)
                if leaves <= reference,
                    case .done = try await registry.stepOuting(
                        OutingStep(id: outing.id, action: .leave, at: leaves), expectedVersion: nil, asOf: asOf,
                        actor: "custodia demo")
                {
                    counts.out += 1
                }
            }
        }
        return counts
    }
}
