import CustodiaCore
import Foundation
import NationalDataset

/// The demo's searches and seizures (issue 12 point 8): thirteen weeks of requisas before the demo's day in INPE's
/// 2024 proportions (INC-7, docs/legal/peru-operations.md: 5,884 searches a year — 5,386 ordinary, 461 large
/// operations with prosecutors and police, 37 court-ordered — that found 2,579 phones, 4,237 accessories, 44,562 g of
/// drugs and 9,621 L of fermented liquid, with 946 persons intervened), scaled to the thirteen weeks and spread over
/// the establishments by their population. A large operation finds five times what an ordinary search does. Every
/// seized phone has a synthetic IMEI (valid check digit). Reports older than two weeks are closed, the last week's
/// still open, the rest under review. Seeded: the same environment gives the same reports.
public enum DemoIncidents {
    /// INPE's 2024 figures (INC-7).
    static let yearly = (
        searches: 5_884, ordinary: 5_386, largeOperations: 461, courtOrdered: 37, phones: 2_579, accessories: 4_237,
        drugGrams: 44_562.0, litres: 9_621.0, intervened: 946
    )
    static let days = 91

    public static func generate(_ population: SyntheticPopulation, asOf: CivilDate, seed: UInt64) -> [Incident] {
        var rng = SeededGenerator(seed: seed ^ 0x1C1D_E475)
        let share = Double(days) / 365
        let open = population.episodes.filter { $0.release == nil }
        let held = Dictionary(grouping: open, by: \.establishmentID)
        let pavilions = Dictionary(grouping: population.pavilions, by: \.establishmentID)
        let establishments = population.establishments.filter { (held[$0.id]?.count ?? 0) > 0 }
        guard !establishments.isEmpty else { return [] }
        // An establishment drawn in proportion to the persons it holds.
        let weights = establishments.map { Double(held[$0.id]?.count ?? 0) }
        let totalWeight = weights.reduce(0, +)
        func establishment() -> Establishment {
            var draw = Double.random(in: 0..<totalWeight, using: &rng)
            for (index, weight) in weights.enumerated() {
                draw -= weight
                if draw < 0 { return establishments[index] }
            }
            return establishments[establishments.count - 1]
        }
        var incidents: [Incident] = []
        let kinds: [(SearchKind, Int)] = [
            (.ordinary, yearly.ordinary), (.largeOperation, yearly.largeOperations), (.courtOrdered, yearly.courtOrdered),
        ]
        for (kind, perYear) in kinds {
            for _ in 0..<Int((Double(perYear) * share).rounded()) {
                let place = establishment()
                let day = asOf.adding(days: -Int.random(in: 1...days, using: &rng))
                let minute = LocalTime(
                    date: day,
                    time: TimeOfDay(hour: Int.random(in: 5...7, using: &rng), minute: Int.random(in: 0...59, using: &rng))!)
                let reported = LocalTime(date: day, time: TimeOfDay(hour: 11, minute: 0)!)
                let pavilion = pavilions[place.id]?.randomElement(using: &rng)?.name ?? "Pabellón"
                let age = day.days(until: asOf)
                var history = [
                    IncidentStateChange(state: .open, author: "custodia demo", at: reported, note: "Informe registrado")
                ]
                if age > 7 {
                    history.append(
                        .init(
                            state: age > 14 ? .closed : .underReview, author: "custodia demo",
                            at: LocalTime(date: day.adding(days: 3), time: reported.time),
                            note: age > 14 ? "Decomisos remitidos (sintético)" : "En revisión (sintético)"))
                }
                let words: String =
                    switch kind {
                    case .ordinary: "Requisa ordinaria"
                    case .largeOperation: "Megaoperativo con el Ministerio Público y la PNP"
                    case .courtOrdered: "Allanamiento por orden judicial"
                    }
                incidents.append(
                    Incident(
                        id: .init(rawValue: Int64(incidents.count + 1)), establishmentID: place.id,
                        establishmentCode: place.code, kind: .search, searchKind: kind,
                        relevance: kind == .ordinary ? .low : .high, occurredAt: minute, place: pavilion,
                        narrative: "\(words) en \(pavilion) (sintético).",
                        policeNotice: kind == .ordinary ? nil : "Oficio sintético \(incidents.count + 1)-\(day.year)",
                        participants: [IncidentParticipant(.staff("Jefe de Seguridad (sintético)"), role: .reporter)], items: [],
                        clock: nil, reportedBy: "custodia demo", reportedAt: reported, state: history.last!.state,
                        history: history, addenda: [], version: history.count))
            }
        }
        incidents.sort { ($0.occurredAt, $0.id) < ($1.occurredAt, $1.id) }
        for index in incidents.indices { incidents[index].id = .init(rawValue: Int64(index + 1)) }
        // A search drawn for a find: a large operation finds five times what an ordinary search does.
        let searchWeights = incidents.map { $0.searchKind == .ordinary ? 1.0 : 5.0 }
        let searchTotal = searchWeights.reduce(0, +)
        func search() -> Int {
            var draw = Double.random(in: 0..<searchTotal, using: &rng)
            for (index, weight) in searchWeights.enumerated() {
                draw -= weight
                if draw < 0 { return index }
            }
            return incidents.count - 1
        }
        let spots = ["Celda", "Colchón", "Baño del pabellón", "Patio", "Escondite en la pared", "Techo del pabellón"]
        func add(_ category: SeizedCategory, _ quantity: Double, imei: String? = nil) {
            let index = search()
            incidents[index].items.append(
                SeizedItem(
                    category: category, quantity: quantity, foundAt: spots.randomElement(using: &rng)!, imei: imei))
        }
        for _ in 0..<Int((Double(yearly.phones) * share).rounded()) { add(.phone, 1, imei: imei(&rng)) }
        for _ in 0..<Int((Double(yearly.accessories) * share).rounded()) { add(.accessory, 1) }
        // Drugs and liquid in lots whose sum is the scaled total.
        func lots(_ total: Double, _ category: SeizedCategory, size: ClosedRange<Double>) {
            var left = (total * share).rounded()
            while left > 0 {
                let lot = min(left, Double.random(in: size, using: &rng).rounded())
                add(category, lot)
                left -= lot
            }
        }
        lots(yearly.drugGrams, .drug, size: 5...150)
        lots(yearly.litres, .fermentedLiquid, size: 3...40)
        // Persons intervened: held in the establishment of the search.
        for _ in 0..<Int((Double(yearly.intervened) * share).rounded()) {
            let index = search()
            guard let person = held[incidents[index].establishmentID]?.randomElement(using: &rng)?.personID,
                !incidents[index].personIDs.contains(person)
            else { continue }
            incidents[index].participants.append(IncidentParticipant(.person(person), role: .intervened))
        }
        return incidents
    }

    /// A synthetic IMEI: 14 random digits and the Luhn check digit.
    static func imei(_ rng: inout SeededGenerator) -> String {
        var digits = [3, 5] + (0..<12).map { _ in Int.random(in: 0...9, using: &rng) }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            let value = index % 2 == 0 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }
}

/// What the demo's searches and seizures amount to (printed by `custodia demo`).
public struct IncidentCounts: Sendable {
    public var searches: [SearchKind: Int]
    public var seized: [SeizedCategory: Double]
    public var intervened: Int
    public var byState: [IncidentState: Int]

    init(_ incidents: [Incident]) {
        searches = Dictionary(grouping: incidents.compactMap(\.searchKind), by: { $0 }).mapValues(\.count)
        seized = incidents.flatMap(\.items).reduce(into: [:]) { $0[$1.category, default: 0] += $1.quantity }
        intervened = incidents.flatMap(\.participants).filter { $0.role == .intervened }.count
        byState = Dictionary(grouping: incidents, by: \.state).mapValues(\.count)
    }
}
