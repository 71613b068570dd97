import CustodiaCore
import Foundation
import LegalClock
import SQLKit
import Synchronization

/// The one SQL implementation of `Registry`, for SQLite and PostgreSQL alike.
public struct SQLRegistry: Registry {
    public let database: Database
    /// The instant source for event rows; injected so tests can fix it.
    let now: @Sendable () -> Date
    /// The legal rule tables the stored clocks are computed with.
    public let rules: RuleSet
    /// Time and law as handed in: the register's minute of a day.
    let environment: CustodiaEnvironment
    /// Whether changes write their audit row. Always on, except in the benchmark baseline that measures the
    /// trail's cost.
    let auditTrail: Bool
    /// Establishment codes by id, for audit rows (codes never change once loaded).
    let establishmentCodes = EstablishmentCodeCache()
    /// Hours a release order received electronically may wait before it is executed (issue 13 point 3); `nil`: by
    /// the end of the day it arrived (never more than 24 hours).
    public var releaseOrderHours: Int? = nil
    /// The smallest count of persons the open data publishes (issue 15 point 3; ADR 0040).
    public var openDataMinimumCell = 5

    /// `environment` gives the instant of event and audit rows and the rule tables of every stored clock.
    /// `auditTrail: false` only for the benchmark baseline that measures what the trail costs.
    public init(database: Database, environment: CustodiaEnvironment, auditTrail: Bool = true) {
        self.database = database
        self.rules = environment.rules
        self.now = environment.now
        self.environment = environment
        self.auditTrail = auditTrail
    }

    /// Thrown inside a transaction to roll it back and report an outcome other than success.
    struct Refusal: Error {
        let outcome: Kind
        enum Kind { case rejected([ValidationMessage]), notFound, conflict(Int) }

        /// The answer a change that threw this gives.
        func answer<Value>() -> ChangeOutcome<Value> {
            switch outcome {
            case .rejected(let messages): .rejected(messages)
            case .notFound: .notFound
            case .conflict(let current): .versionConflict(current: current)
            }
        }
    }

    var lockClause: String { database.engine == .postgres ? " FOR UPDATE" : "" }
}
