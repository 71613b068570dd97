import CustodiaCore

extension MonthlyReport {
    /// A row of procesados and sentenciados under a label (a crime).
    public struct ByStatus: Sendable, Hashable {
        public var label: String
        public var procesados = 0
        public var sentenciados = 0
        public var total: Int { procesados + sentenciados }
    }

    /// R4: an office's establishments by INPE's type of capacity (A 1,200 places or more, B 900-1,199, C 200-899,
    /// D fewer than 200).
    public struct Types: Sendable, Hashable {
        public var office: String
        public var a = 0
        public var b = 0
        public var c = 0
        public var d = 0
        public var total: Int { a + b + c + d }

        mutating func add(capacity: Int) {
            switch capacity {
            case 1_200...: a += 1
            case 900..<1_200: b += 1
            case 200..<900: c += 1
            default: d += 1
            }
        }
    }

    /// R9 prints this many crimes by name, then "Otros delitos".
    public static let namedCrimes = 20

    /// R10's bands as INPE prints them (planning.md 4.1, the 2026 report p. 27), then life.
    public static let sentenceBands = [
        "menos de 1 año", "de 1 a menos de 4 años", "de 4 a menos de 5 años", "de 5 a 10 años", "más de 10 a 15 años",
        "más de 15 a 20 años", "más de 20 a 25 años", "más de 25 a 30 años", "más de 30 a 35 años", "más de 35 años",
        "cadena perpetua",
    ]

    /// The index in `sentenceBands` of a sentence's length: under 12 months, under 48, under 60, then at most 120,
    /// 180 … 420 months (a sentence of exactly 10 years is in "de 5 a 10 años", one day more in the next), then more, or
    /// life.
    public static func sentenceBand(_ length: SentenceLength) -> Int {
        if length.isLife { return 10 }
        if length.months < 12 { return 0 }
        if length.months < 48 { return 1 }
        if length.months < 60 { return 2 }
        for (index, limit) in [120, 180, 240, 300, 360, 420].enumerated() where length.isAtMost(months: limit) {
            return 3 + index
        }
        return 9
    }

    /// R9 as printed: the `namedCrimes` crimes held for most, then the rest as "Otros delitos" (the CSV adds the total).
    public var crimesPrinted: [ByStatus] {
        var rows = Array(crimes.prefix(Self.namedCrimes))
        let others = crimes.dropFirst(Self.namedCrimes)
        if !others.isEmpty {
            rows.append(
                ByStatus(
                    label: "Otros delitos", procesados: others.reduce(0) { $0 + $1.procesados },
                    sentenciados: others.reduce(0) { $0 + $1.sentenciados }))
        }
        return rows
    }

    /// R4, R9 and R10 from the census and the establishments' places.
    static func tables(census: [HeldOnDay], places: [Place], offices: [Place]) -> (
        types: [Types], crimes: [ByStatus], sentences: [BySex]
    ) {
        var byOffice = Dictionary(uniqueKeysWithValues: offices.map { ($0.office, Types(office: $0.office)) })
        for place in places { byOffice[place.office, default: Types(office: place.office)].add(capacity: place.counts.capacity) }
        var crimes: [String: ByStatus] = [:]
        var bands = sentenceBands.map { BySex(label: $0) }
        for held in census {
            let crime = held.crime ?? "sin dato"
            if held.sentenced {
                crimes[crime, default: ByStatus(label: crime)].sentenciados += 1
                if let length = held.sentence { bands[sentenceBand(length)].add(held.sex) }
            } else {
                crimes[crime, default: ByStatus(label: crime)].procesados += 1
            }
        }
        return (
            offices.compactMap { byOffice[$0.office] },
            crimes.values.sorted { ($1.total, $0.label) < ($0.total, $1.label) },
            bands
        )
    }

    /// A share of `total` in per cent with two decimals, rounded half up ("20.87").
    public static func percent(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "" }
        let hundredths = (count * 10_000 * 2 + total) / (2 * total)
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
