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

    public init(
        now: @escaping @Sendable () -> Date, today: @escaping @Sendable () -> CivilDate, rules: RuleSet, seed: UInt64
    ) {
        self.now = now
        self.today = today
        self.rules = rules
        self.seed = seed
    }

    /// The Lima minute the register stands at: today (or the rehearsal's day) at the clock's time of day — the time
    /// base of movements, exits and the roll (ADR 0017).
    public func minute() -> LocalTime {
        .reference(today: today(), unixSeconds: now().timeIntervalSince1970)
    }

    /// The same environment with the law applied on a fixed day (a rehearsal, or a command's `--as-of`).
    public func fixing(day: CivilDate) -> CustodiaEnvironment {
        CustodiaEnvironment(now: now, today: { day }, rules: rules, seed: seed)
    }
}
