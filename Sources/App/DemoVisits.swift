import CustodiaCore
import Foundation
import NationalDataset
import Placement

/// The demo's visitors and visits (issue 12 point 8): synthetic relatives for about three in ten persons in custody
/// (one to three each, with the relationships families have), a lawyer for some; four weeks of visits before the
/// demo's day and one after, on the calendar's days and hours, each within the person's stage (`StageVisits`: ES once
/// a calendar month, A to C every two weeks, the stage's visitors, length and mode); a few cancelled and a few refused
/// bookings, a few banned visitors, and a handful of visitors whose document is that of a person in custody (flagged).
/// The figures are synthetic: INPE publishes no visit counts. Seeded: the same environment gives the same visits.
public enum DemoVisits {
    public struct Generated: Sendable {
        public var visitors: [Visitor] = []
        public var links: [VisitorLink] = []
        public var bans: [VisitorBan] = []
        public var visits: [(Visit, CustodyEpisode.ID)] = []
        /// Visitors whose document is that of a person in custody.
        public var flagged = 0
    }

    static let familyRelationships: [(Relationship, Int)] = [
        (.parent, 24), (.spouse, 10), (.partner, 16), (.sibling, 20), (.child, 14), (.cousin, 4), (.uncleOrAunt, 3),
        (.friend, 5), (.siblingInLaw, 4),
    ]

    public static func generate(_ population: SyntheticPopulation, asOf: CivilDate, seed: UInt64) -> Generated {
        var rng = SeededGenerator(seed: seed ^ 0x5151_7A11)
        var out = Generated()
        let open = population.episodes.filter { $0.release == nil }.sorted { $0.personID < $1.personID }
        let regimes = Dictionary(
            population.classifications.map { ($0.1.episodeID, ($0.1.decidedOn, $0.1.regime)) },
            uniquingKeysWith: { a, b in a.0 >= b.0 ? a : b })
        let establishments = Dictionary(population.establishments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let calendar = VisitCalendar()
        let firstDay = asOf.adding(days: -27)
        let days = (0...34).map { firstDay.adding(days: $0) }
        // Visitors' DNIs continue the persons' permutation past the last person id: never a person's by chance.
        var next = Int(population.persons.map(\.id.rawValue).max() ?? 0) + 1
        func dni() -> IdentityDocument {
            defer { next += 1 }
            return .dni(String(10_000_000 + (next * 48_271 + 1_234_567) % 90_000_000))
        }
        func newVisitor(_ birth: CivilDate, sex: Sex, document: IdentityDocument? = nil) -> Visitor {
            let given = (sex == .male ? DemoGenerator.maleGivenNames : DemoGenerator.femaleGivenNames).randomElement(using: &rng)!
            let visitor = Visitor(
                id: .init(rawValue: Int64(out.visitors.count + 1)), document: document ?? dni(),
                name: PersonName(
                    givenNames: given, paternalSurname: DemoGenerator.surnames.randomElement(using: &rng)!,
                    maternalSurname: DemoGenerator.surnames.randomElement(using: &rng)!),
                sex: sex, birthDate: birth, address: "Dirección sintética \(out.visitors.count + 1)", photoReference: nil,
                registeredOn: firstDay.adding(days: -Int.random(in: 0...700, using: &rng)), version: 1)
            out.visitors.append(visitor)
            return visitor
        }
        var lawyers: [Establishment.ID: [Visitor]] = [:]
        // Visitors in the room per establishment, day and half hour from 09:00.
        var taken: [String: Int] = [:]
        var nextVisit: Int64 = 1
        for episode in open {
            let establishment = establishments[episode.establishmentID]!
            let regime = regimes[episode.id]?.1
            let stage = StageVisits.of(regime)
            // Relatives for three in ten; within the stage's degrees in the special regime.
            var family: [(Visitor, Relationship)] = []
            if Int.random(in: 0..<10, using: &rng) < 3 {
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    var relationship = weighted(familyRelationships, &rng)
                    if stage.closeRelativesOnly, !relationship.isCloseRelative { relationship = .sibling }
                    let minor = relationship == .child && Int.random(in: 0..<4, using: &rng) == 0
                    let birth =
                        minor
                        ? asOf.adding(days: -Int.random(in: 5 * 365...16 * 365, using: &rng))
                        : asOf.adding(days: -Int.random(in: 19 * 365...70 * 365, using: &rng))
                    let visitor = newVisitor(birth, sex: Bool.random(using: &rng) ? .male : .female)
                    family.append((visitor, relationship))
                    out.links.append(
                        VisitorLink(
                            visitorID: visitor.id, personID: episode.personID, relationship: relationship,
                            since: visitor.registeredOn))
                }
            }
            // A lawyer for one in twenty, from the establishment's pool (a lawyer has many clients).
            var lawyer: Visitor?
            if Int.random(in: 0..<20, using: &rng) == 0 {
                var pool = lawyers[establishment.id] ?? []
                if pool.count < 5 || Int.random(in: 0..<8, using: &rng) == 0 {
                    pool.append(newVisitor(asOf.adding(days: -Int.random(in: 28 * 365...65 * 365, using: &rng)), sex: .male))
                    lawyers[establishment.id] = pool
                }
                lawyer = pool.randomElement(using: &rng)
                out.links.append(
                    VisitorLink(
                        visitorID: lawyer!.id, personID: episode.personID, relationship: .lawyer, since: lawyer!.registeredOn))
            }
            var last: CivilDate?
            for day in days where day >= episode.admittedOn {
                let weekday = VisitCalendar.weekday(day)
                if !family.isEmpty, calendar.familyWeekdays.contains(weekday), Int.random(in: 0..<4, using: &rng) == 0 {
                    let allowed: Bool =
                        switch stage.quota {
                        case .perCalendarMonth: last.map { $0.year != day.year || $0.month != day.month } ?? true
                        case .daysBetween(let gap): last.map { $0.days(until: day) >= gap } ?? true
                        case nil: true
                        }
                    if allowed {
                        // An adult first (a minor comes only with one), then as many as the stage admits.
                        let adults = family.filter { !$0.0.isMinor(on: day) }
                        guard let first = adults.randomElement(using: &rng) else { continue }
                        var chosen = [first.0]
                        for other in family.shuffled(using: &rng)
                        where other.0.id != first.0.id && chosen.count < min(stage.visitors, 2) {
                            if Bool.random(using: &rng) { chosen.append(other.0) }
                        }
                        let minutes = min(stage.minutes, [60, 90, 120].randomElement(using: &rng)!)
                        // A start whose half hours have seats left in the room (filled to four fifths at most).
                        let seats = VisitCalendar.seats(certifiedCapacity: establishment.certifiedCapacity) * 4 / 5
                        var start: TimeOfDay?
                        for _ in 0..<4 {
                            let slot = Int.random(in: 0..<10, using: &rng)
                            let slots = slot..<(slot + minutes / 30)
                            let key = { (s: Int) in "\(establishment.id.rawValue)/\(day)/\(s)" }
                            if slots.allSatisfy({ (taken[key($0)] ?? 0) + chosen.count <= seats }) {
                                for s in slots { taken[key(s), default: 0] += chosen.count }
                                start = TimeOfDay(hour: 9 + slot / 2, minute: slot % 2 * 30)
                                break
                            }
                        }
                        guard let start else { continue }
                        let mode: VisitMode =
                            stage.contactAllowed && Int.random(in: 0..<10, using: &rng) < 7 ? .contact : .locutorio
                        var state: Visit.State = day < asOf ? .finished : .booked
                        if Int.random(in: 0..<50, using: &rng) == 0 { state = .cancelled }
                        let startsAt = LocalTime(date: day, time: start)
                        out.visits.append(
                            (
                                Visit(
                                    id: .init(rawValue: nextVisit), personID: episode.personID, establishmentID: establishment.id,
                                    establishmentCode: establishment.code, kind: .family, mode: mode, startsAt: startsAt,
                                    minutes: minutes, visitorIDs: chosen.map(\.id), state: state, refusal: [],
                                    checkedInAt: state == .finished
                                        ? startsAt.adding(minutes: -Int.random(in: 5...40, using: &rng)) : nil,
                                    checkedOutAt: state == .finished ? startsAt.adding(minutes: minutes) : nil, version: 1),
                                episode.id
                            ))
                        nextVisit += 1
                        if state != .cancelled { last = day }
                    }
                }
                if let lawyer, calendar.professionalWeekdays.contains(weekday), Int.random(in: 0..<10, using: &rng) == 0 {
                    let startsAt = LocalTime(date: day, time: TimeOfDay(hour: Int.random(in: 8...14, using: &rng), minute: 0)!)
                    let state: Visit.State = day < asOf ? .finished : .booked
                    out.visits.append(
                        (
                            Visit(
                                id: .init(rawValue: nextVisit), personID: episode.personID, establishmentID: establishment.id,
                                establishmentCode: establishment.code, kind: .lawyer, mode: .locutorio, startsAt: startsAt,
                                minutes: 45, visitorIDs: [lawyer.id], state: state, refusal: [],
                                checkedInAt: state == .finished ? startsAt.adding(minutes: -10) : nil,
                                checkedOutAt: state == .finished ? startsAt.adding(minutes: 45) : nil, version: 1), episode.id
                        ))
                    nextVisit += 1
                }
            }
        }
        // One visitor in two hundred banned from the establishment of a person they visit, from the day after their
        // last visit (an attempt to bring in a chip found then); their later bookings are cancelled.
        let establishmentOf = Dictionary(open.map { ($0.personID, $0.establishmentID) }, uniquingKeysWith: { a, _ in a })
        var visitsOf: [Visitor.ID: [Int]] = [:]
        for (index, entry) in out.visits.enumerated() { for id in entry.0.visitorIDs { visitsOf[id, default: []].append(index) } }
        for link in out.links where link.relationship != .lawyer && Int.random(in: 0..<200, using: &rng) == 0 {
            let past = (visitsOf[link.visitorID] ?? []).map { out.visits[$0].0 }.filter { $0.day < asOf && $0.stands }
            let startsOn = (past.map(\.day).max() ?? asOf.adding(days: -20)).adding(days: 1)
            for index in visitsOf[link.visitorID] ?? [] where out.visits[index].0.day >= startsOn {
                if out.visits[index].0.stands { out.visits[index].0.state = .cancelled }
            }
            out.bans.append(
                VisitorBan(
                    id: .init(rawValue: Int64(out.bans.count + 1)), visitorID: link.visitorID, personID: nil,
                    establishmentID: establishmentOf[link.personID], startsOn: startsOn,
                    endsOn: startsOn.adding(days: Int.random(in: 30...180, using: &rng)),
                    reason: "Intento de ingreso de un chip en el calzado (sintético)",
                    resolution: "R.D. N.º \(100 + out.bans.count)-2026 (sintética)"))
        }
        // A banned visitor's booking during the ban: refused, and kept.
        let episodeOf = Dictionary(open.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
        for ban in out.bans {
            guard let link = out.links.first(where: { $0.visitorID == ban.visitorID }), let episode = episodeOf[link.personID],
                let establishment = establishments[episode.establishmentID]
            else { continue }
            var day = ban.startsOn
            while !calendar.familyWeekdays.contains(VisitCalendar.weekday(day)) { day = day.adding(days: 1) }
            out.visits.append(
                (
                    Visit(
                        id: .init(rawValue: nextVisit), personID: link.personID, establishmentID: establishment.id,
                        establishmentCode: establishment.code, kind: .family, mode: .locutorio,
                        startsAt: LocalTime(date: day, time: TimeOfDay(hour: 11, minute: 0)!), minutes: 60,
                        visitorIDs: [ban.visitorID], state: .refused, refusal: [ValidationCode.visitorBanned.rawValue],
                        checkedInAt: nil, checkedOutAt: nil, version: 1), episode.id
                ))
            nextVisit += 1
        }
        // A handful whose document is that of a person in custody: the register flags them.
        for episode in open.prefix(2_000).shuffled(using: &rng).prefix(5) {
            guard let person = population.persons.first(where: { $0.id == episode.personID }), case .dni = person.document
            else { continue }
            _ = newVisitor(asOf.adding(days: -30 * 365), sex: person.sex, document: person.document)
            out.flagged += 1
        }
        return out
    }

    static func weighted<T>(_ options: [(T, Int)], _ rng: inout SeededGenerator) -> T {
        var pick = Int.random(in: 0..<options.map(\.1).reduce(0, +), using: &rng)
        for (value, weight) in options {
            if pick < weight { return value }
            pick -= weight
        }
        return options[0].0
    }
}
