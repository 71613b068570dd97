import AsyncKit
import CustodiaCore
import SQLiteNIO

#if PostgreSQL
    import PostgresKit
#endif

/// What a failure of either engine means for the caller: busy for now (retry), two writers racing for one
/// unique value (run the change again), or anything else (a server error).
public enum DatabaseFailure {
    /// PostgreSQL conditions that pass: serialization failure, deadlock, lock not available, statement or lock
    /// timeout (query canceled), too many connections, cannot connect now.
    static let busyStates: Set<String> = ["40001", "40P01", "55P03", "57014", "53300", "57P03"]

    public static func isBusy(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache, .lockedVirtualTable:
                return true
            default: return false
            }
        }
        #if PostgreSQL
            if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
                return busyStates.contains(state)
            }
        #endif
        if error is ConnectionPoolTimeoutError { return true }
        return false
    }

    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            return sqlite.reason == .constraintUniqueFailed || sqlite.reason == .constraintPrimaryKeyFailed
                || (sqlite.reason == .constraint && sqlite.message.hasPrefix("UNIQUE constraint failed"))
        }
        #if PostgreSQL
            if let postgres = error as? PSQLError { return postgres.serverInfo?[.sqlState] == "23505" }
        #endif
        return false
    }

    /// A constraint of the schema refused the statement (unique, foreign key, check, not null).
    public static func isConstraintViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            return "\(sqlite.reason)".hasPrefix("constraint") || sqlite.message.contains("constraint failed")
        }
        #if PostgreSQL
            if let postgres = error as? PSQLError { return postgres.serverInfo?[.sqlState]?.hasPrefix("23") == true }
        #endif
        return false
    }

    /// A busy database becomes `StoreUnavailable`; every other error is left as it is.
    static func translated(_ error: any Error) -> any Error {
        isBusy(error) ? StoreUnavailable(reason: String(describing: error)) : error
    }
}
