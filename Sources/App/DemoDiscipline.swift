import CustodiaCore
import Foundation
import NationalDataset
import Store

/// The demo's disciplinary cases (issue 12 point 8): for one in three persons intervened in the searches of the last
/// six weeks, a case charged with possession of prohibited objects (G-01) from that search, each step taken through
/// the register on its own day so every rule decides it — notified the next day, the descargo given (or its period
/// run out), the report within 5-14 days (one in ten never made, so the overdue alert shows), the CTP's acta 1-3 days
/// later: a reprimand, a month's visit suspension (calls kept), or — for decisions of the last ten days — isolation of
/// 5 to 15 days with its medical report (so today's board has some). Cases whose next day has not come stay at their step. Seeded.
public enum DemoDiscipline {
    public struct Counts: Sendable {
        public var opened = 0
        public var byState: [DisciplineCase.State: Int] = [:]
        public var measures: [SanctionKind: Int] = [:]
        /// Steps the rules refused (none expected: each is dated within its limits).
        public var refused = 0
    }

    static func open(_ incidents: [Incident], into registry: SQLRegistry, asOf: CivilDate, seed: UInt64) async throws
        -> Counts
    {
        var rng = SeededGenerator(seed: seed ^ 0xD15C_1971)
        var counts = Counts()
        let recent = incidents.filter { $0.occurredAt.date >= asOf.adding(days: -42) }
        var charged = Set<Person.ID>()
        for incident in recent {
            for person in incident.personIDs where !charged.contains(person) && Int.random(in: 0..<3, using: &rng) == 0 {
                charged.insert(person)
                var day = incident.occurredAt.date.adding(days: 1)
                guard day <= asOf else { continue }
                let charge = DisciplineCharge(
                    personID: person, offenceCode: "G-01", incidentID: incident.id,
                    act: "Objetos prohibidos hallados en la requisa del \(incident.occurredAt.date) (sintético)",
                    occurredOn: incident.occurredAt.date)
                guard case .done(var c) = try await registry.openDisciplineCase(charge, asOf: day, actor: "custodia demo")
                else {
                    counts.refused += 1
                    continue
                }
                counts.opened += 1
                var steps: [(CivilDate, DisciplineStep)] = []
                day = day.adding(days: 1)
                steps.append((day, .notify(on: day, notice: "Notificación escrita (sintética)")))
                let lapses = Int.random(in: 0..<4, using: &rng) == 0
                let heard = lapses ? WorkingDays.adding(4, after: day) : day.adding(days: Int.random(in: 0...2, using: &rng))
                steps.append(
                    (
                        heard,
                        lapses
                            ? .descargoLapsed(on: heard)
                            : .descargo(on: heard, text: "Descargo escrito (sintético)", defender: "Defensa pública (sintética)")
                    ))
                let reported = c.openedOn.adding(days: Int.random(in: 5...14, using: &rng))
                if Int.random(in: 0..<10, using: &rng) > 0, reported >= heard {
                    steps.append((reported, .report(on: reported, text: "Informe del Jefe de Seguridad (sintético)")))
                    let decided = reported.adding(days: Int.random(in: 1...3, using: &rng))
                    let measure: SanctionMeasure
                    var medical: IsolationRequest.MedicalReport?
                    if decided >= asOf.adding(days: -10) {
                        measure = SanctionMeasure(kind: .isolation, startsOn: decided, days: Int.random(in: 5...15, using: &rng))
                        medical = .init(reference: "Informe médico (sintético)")
                    } else if Bool.random(using: &rng) {
                        measure = SanctionMeasure(kind: .reprimand, startsOn: decided, days: 0)
                    } else {
                        measure = SanctionMeasure(kind: .visits, startsOn: decided, days: 30)
                    }
                    steps.append(
                        (
                            decided,
                            .decide(
                                DisciplineDecision(
                                    on: decided, acta: "Acta CTP (sintética)", outcome: .sanctioned, measures: [measure],
                                    medicalReport: medical))
                        ))
                }
                for (on, step) in steps where on <= asOf {
                    guard
                        case .done(let next) = try await registry.stepDisciplineCase(
                            c.id, step, expectedVersion: c.version, asOf: on, actor: "custodia demo")
                    else {
                        counts.refused += 1
                        break
                    }
                    c = next
                }
                counts.byState[c.state, default: 0] += 1
                for measure in c.measures { counts.measures[measure.kind, default: 0] += 1 }
            }
        }
        return counts
    }
}
