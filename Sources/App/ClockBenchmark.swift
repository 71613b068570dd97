import CustodiaCore
import Foundation
import LegalClock

/// Legal clocks computed per second on one core, over seeded synthetic cases (a mix of pretrial and
/// sentenced persons, crimes of every rule table, redemption, earlier custody and suspensions).
public enum ClockBenchmark {
    public struct Result: Sendable {
        public var cases: Int
        public var seconds: Double
        public var clocksPerSecond: Double { Double(cases) / seconds }
        public var sentenced: Int
        public var notComputable: Int
        /// The ceiling measured in the same run: a bare loop of the date arithmetic a clock needs (a term in months
        /// from the start, its last day, the days left, a fraction of a sentence in days) over the same inputs.
        public var baselinePerSecond: Double
        /// Clocks per second as a share of the bare loop: comparable across machines where the raw figure is not.
        public var ratio: Double { clocksPerSecond / baselinePerSecond }
    }

    public static func syntheticCases(_ count: Int, seed: UInt64, limits: PretrialLimits) -> [ClockInput] {
        var rng = SeededGenerator(seed: seed)
        let crimes = ["186", "189", "200", "296", "297", "108", "108-B", "108-C", "170", "173", "122-B", "317", "185", "196"]
        let asOf = CivilDate(year: 2026, month: 11, day: 29)!
        var inputs: [ClockInput] = []
        inputs.reserveCapacity(count)
        for _ in 0..<count {
            let start = asOf.adding(days: -Int.random(in: 1...4_000, using: &rng))
            let crime = crimes.randomElement(using: &rng)!
            let type: CaseType = [.ordinary, .ordinary, .ordinary, .complex, .organizedCrime].randomElement(using: &rng)!
            var custody: [CustodyPeriod] = []
            if Int.random(in: 0..<5, using: &rng) == 0 {
                let earlier = start.adding(days: -Int.random(in: 400...2_000, using: &rng))
                custody.append(
                    CustodyPeriod(
                        kind: .pretrialDetention, from: earlier, to: earlier.adding(days: Int.random(in: 1...300, using: &rng))))
            }
            custody.append(CustodyPeriod(kind: .pretrialDetention, from: start))
            if Bool.random(using: &rng) {
                let months = Int.random(in: 1...limits.maximumMonths[type], using: &rng)
                let prolongations =
                    Bool.random(using: &rng)
                    ? [
                        Prolongation(
                            months: Int.random(in: 1...limits.prolongationMonths[type], using: &rng))
                    ] : []
                inputs.append(
                    ClockInput(
                        asOf: asOf, custody: custody, caseTypes: [CaseTypeChange(from: start, type: type)],
                        pretrial: PretrialOrder(months: months, prolongations: prolongations), crimes: [crime], committedOn: start
                    ))
            } else {
                let life = Int.random(in: 0..<40, using: &rng) == 0
                inputs.append(
                    ClockInput(
                        asOf: asOf, custody: custody, caseTypes: [CaseTypeChange(from: start, type: type)],
                        sentence: SentenceOrder(
                            years: life ? 0 : Int.random(in: 1...30, using: &rng),
                            months: life ? 0 : Int.random(in: 0...11, using: &rng),
                            life: life, convictedOn: start.adding(days: Int.random(in: 30...300, using: &rng))),
                        redemption: Bool.random(using: &rng)
                            ? [RedemptionEntry(days: Int.random(in: 10...900, using: &rng))] : [],
                        crimes: [crime], committedOn: start.adding(days: -1)))
            }
        }
        return inputs
    }

    /// Computes every case once on the calling thread and times it (inputs are built before the clock starts).
    public static func run(cases count: Int, seed: UInt64 = 7, explain: Bool) throws -> Result {
        let rules = try RuleSet.bundled()
        let inputs = syntheticCases(
            count, seed: seed, limits: rules.table(on: CivilDate(year: 2026, month: 11, day: 29)!).pretrial)
        var sentenced = 0
        var notComputable = 0
        let started = ContinuousClock.now
        for input in inputs {
            let result = LegalClock.compute(input, rules: rules, explain: explain)
            if result.status == .sentenced { sentenced += 1 } else if result.status == .notComputable { notComputable += 1 }
        }
        let elapsed = ContinuousClock.now - started
        let (s, atto) = elapsed.components
        return Result(
            cases: count, seconds: Double(s) + Double(atto) / 1e18, sentenced: sentenced, notComputable: notComputable,
            baselinePerSecond: bareDateLoop(inputs))
    }

    /// Cases per second through the bare date arithmetic of a clock, with no rules, validation or tables.
    static func bareDateLoop(_ inputs: [ClockInput]) -> Double {
        var checksum = 0
        let started = ContinuousClock.now
        for input in inputs {
            let start = input.custody.first?.from ?? input.asOf
            let months = input.pretrial?.months ?? 12
            let end = start.adding(months: months).adding(days: -1)
            let left = input.asOf.days(until: end)
            let third = start.adding(days: start.days(until: end) / 3)
            checksum &+= left &+ third.day
        }
        let elapsed = ContinuousClock.now - started
        let (s, atto) = elapsed.components
        // The checksum keeps the optimizer from removing the loop.
        if checksum == Int.min { print(checksum) }
        return Double(inputs.count) / max(1e-9, Double(s) + Double(atto) / 1e18)
    }
}
