import CustodiaCore
import Foundation

/// The one source of time and law (ARCHITECTURE, "The shape for the operations wave", 3): the instant, the
/// civil day the law is applied on, the legal rule tables and the seed of generated values. `App` builds it once
/// from the configuration and hands it to every route, page, command and store; nothing else reads the wall
/// clock or the shipped rules, so a rehearsal (`--as-of`), a test or a forecast is reproducible from this value.
///
/// The logger stays apart (swift-log is not a dependency of the pure targets); it decides nothing.
public struct CustodiaEnvironment: Sendable {
    /// The instant: audit rows, sessions, lockouts and token lifetimes.
    public let now: @Sendable () -> Date
    /// The civil day in America/Lima (or the day fixed by `--as-of`): every legal date and alert.
    public let today: @Sendable () -> CivilDate
    /// The versioned legal rule tables every clock is computed with.
    public let rules: RuleSet
    /// The seed of every generated population or sample.
    public let seed: UInt64
    /// A rehearsal's time of day (`--as-of 2026-11-29T10:00`): the register's minute starts there and moves on with
    /// the clock; `nil` takes the clock's time of day.
    public let rehearsal: Rehearsal?

    /// The register stands at `time` of its day at the instant `at`, and moves on with the clock from there.
    public struct Rehearsal: Sendable {
        public var time: TimeOfDay
        public var at: Date

        public init(time: TimeOfDay, at: Date) {
            self.time = time
            self.at = at
        }
    }

    public init(
        now: @escaping @Sendable () -> Date, today: @escaping @Sendable () -> CivilDate, rules: RuleSet, seed: UInt64,
        rehearsal: Rehearsal? = nil
    ) {
        self.now = now
        self.today = today
        self.rules = rules
        self.seed = seed
        self.rehearsal = rehearsal
    }

    /// The Lima minute the register stands at: today (or the rehearsal's day) at the clock's time of day, or at the
    /// rehearsal's time of day plus the minutes gone since it began — the time base of movements, exits, visits and
    /// the roll (ADR 0017).
    public func minute() -> LocalTime { minute(on: today()) }

    /// The register's minute on a given day (the day a change is applied on).
    public func minute(on day: CivilDate) -> LocalTime {
        guard let rehearsal else { return .reference(today: day, unixSeconds: now().timeIntervalSince1970) }
        let elapsed = max(0, Int((now().timeIntervalSince(rehearsal.at) / 60).rounded(.down)))
        let minutes = min(rehearsal.time.minutesSinceMidnight + elapsed, 1_439)
        return LocalTime(date: day, time: TimeOfDay(hour: minutes / 60, minute: minutes % 60)!)
    }

    /// The same environment with the law applied on a fixed day (a rehearsal, or a command's `--as-of`).
    public func fixing(day: CivilDate) -> CustodiaEnvironment {
        CustodiaEnvironment(now: now, today: { day }, rules: rules, seed: seed, rehearsal: rehearsal)
    }
}
