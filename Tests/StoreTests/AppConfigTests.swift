import API
import App
import CustodiaCore
import Foundation
import Logging
import Store
import Synchronization
import Testing

/// Every setting: the command line over the environment over the default, and every invalid value reported at
/// once with the key at fault.
@Suite struct AppConfigTests {
    @Test func defaultsWhenNothingIsGiven() throws {
        let config = try AppConfig.resolve(environment: [:])
        #expect(config.database == .default)
        #expect(config.host == "127.0.0.1" && config.port == 8080)
        #expect(config.logLevel == .info && config.maxBodyBytes == 262_144 && config.asOf == nil)
        #expect(config.sqliteSynchronous == .full)
        #expect(config.access.maxFailedLoginsPerAddress == 20 && config.access.anonymousRefusals.allowed == 120)
        #expect(config.databaseConnections == 4)
        #expect(config.access.requestRates == RequestRates.Limits() && config.access.requestRates.perToken == 3_000)
        #expect(config.access.requestRates.perAddress == 6_000 && config.access.trustedProxies.isEmpty)
    }

    @Test func theEnvironmentOverTheDefaults() throws {
        let config = try AppConfig.resolve(environment: [
            "CUSTODIA_DATABASE": "sqlite:///tmp/env.sqlite", "CUSTODIA_HOST": "0.0.0.0", "CUSTODIA_PORT": "9090",
            "CUSTODIA_AS_OF": "2026-01-31", "CUSTODIA_LOG_LEVEL": "WARNING", "CUSTODIA_MAX_BODY_BYTES": "4096",
            "CUSTODIA_SQLITE_SYNCHRONOUS": "Normal", "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS": "7",
            "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE": "5000", "CUSTODIA_DB_CONNECTIONS": "16",
            "CUSTODIA_REQUESTS_PER_MINUTE_PER_TOKEN": "0", "CUSTODIA_REQUESTS_PER_MINUTE_PER_ADDRESS": "90000",
            "CUSTODIA_TRUSTED_PROXIES": "10.0.0.5, 2001:db8::7",
        ])
        #expect(config.database == .sqlite(path: "/tmp/env.sqlite"))
        #expect(config.host == "0.0.0.0" && config.port == 9090 && config.asOf == CivilDate(year: 2026, month: 1, day: 31))
        #expect(config.logLevel == .warning && config.maxBodyBytes == 4096 && config.sqliteSynchronous == .normal)
        #expect(config.access.maxFailedLoginsPerAddress == 7 && config.access.anonymousRefusals.allowed == 5000)
        #expect(config.databaseConnections == 16)
        #expect(config.access.requestRates.perToken == 0 && config.access.requestRates.perAddress == 90_000)
        #expect(config.access.trustedProxies == ["10.0.0.5", "2001:db8::7"])
        // DATABASE_URL is read only when CUSTODIA_DATABASE is absent.
        #expect(
            try AppConfig.resolve(environment: ["DATABASE_URL": "sqlite:///tmp/url.sqlite"]).database
                == .sqlite(path: "/tmp/url.sqlite"))
        #expect(
            try AppConfig.resolve(environment: [
                "DATABASE_URL": "sqlite:///tmp/url.sqlite", "CUSTODIA_DATABASE": "sqlite:///tmp/env.sqlite",
            ]).database == .sqlite(path: "/tmp/env.sqlite"))
    }

    @Test func theCommandLineOverTheEnvironment() throws {
        let environment = [
            "CUSTODIA_DATABASE": "sqlite:///tmp/env.sqlite", "DATABASE_URL": "sqlite:///tmp/url.sqlite",
            "CUSTODIA_HOST": "0.0.0.0", "CUSTODIA_PORT": "9090", "CUSTODIA_AS_OF": "2026-01-31",
        ]
        let config = try AppConfig.resolve(
            database: "sqlite:///tmp/flag.sqlite", host: "10.0.0.5", port: 7070, asOf: "2026-12-05", environment: environment)
        #expect(config.database == .sqlite(path: "/tmp/flag.sqlite"))
        #expect(config.host == "10.0.0.5" && config.port == 7070 && config.asOf == CivilDate(year: 2026, month: 12, day: 5))
        // A valid flag wins even over an invalid environment value, which is then never read.
        let over = try AppConfig.resolve(
            port: 7071, asOf: "2026-12-06", environment: ["CUSTODIA_PORT": "x", "CUSTODIA_AS_OF": "y"])
        #expect(over.port == 7071 && over.asOf == CivilDate(year: 2026, month: 12, day: 6))
    }

    /// A rehearsal's start (`--as-of 2026-11-29T10:00`): the register's minute begins at 10:00 of that day and moves on
    /// with the clock; a day alone keeps the clock's time of day; a malformed time is refused.
    @Test func aRehearsalStartsAtItsMinuteAndMovesOnWithTheClock() throws {
        var config = try AppConfig.resolve(asOf: "2026-11-29T10:00", environment: [:])
        #expect(
            config.asOf == CivilDate(year: 2026, month: 11, day: 29) && config.rehearsalTime == TimeOfDay(hour: 10, minute: 0))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        config.rehearsalStart = start
        let clock = Mutex(start)
        config.now = { clock.withLock { $0 } }
        #expect(config.environment.minute().description == "2026-11-29T10:00")
        clock.withLock { $0 = start.addingTimeInterval(95 * 60) }
        #expect(config.environment.minute().description == "2026-11-29T11:35")
        #expect(config.environment.minute(on: CivilDate(year: 2026, month: 11, day: 30)!).description == "2026-11-30T11:35")
        // Late in the evening the minute stops at the day's last.
        clock.withLock { $0 = start.addingTimeInterval(20 * 3_600) }
        #expect(config.environment.minute().description == "2026-11-29T23:59")
        let plain = try AppConfig.resolve(asOf: "2026-11-29", environment: [:])
        #expect(plain.rehearsalTime == nil && plain.environment.rehearsal == nil)
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.resolve(asOf: "2026-11-29T25:00", environment: [:]) }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.resolve(asOf: "2026-11-29T10:00T", environment: [:]) }
    }

    @Test func everyInvalidSettingIsReportedAtOnce() {
        #expect {
            try AppConfig.resolve(
                database: "mysql://x", host: "a b", port: 70_000, asOf: "2026-02-30",
                environment: [
                    "CUSTODIA_LOG_LEVEL": "loud", "CUSTODIA_MAX_BODY_BYTES": "10", "CUSTODIA_SQLITE_SYNCHRONOUS": "off",
                    "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS": "0", "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE": "many",
                    "CUSTODIA_DB_CONNECTIONS": "-2", "CUSTODIA_REQUESTS_PER_MINUTE_PER_TOKEN": "-1",
                    "CUSTODIA_REQUESTS_PER_MINUTE_PER_ADDRESS": "lots", "CUSTODIA_TRUSTED_PROXIES": "10.0.0.5,lb.internal",
                ])
        } throws: { error in
            let problems = (error as? AppConfig.Invalid)?.problems ?? []
            return problems.count == 13
                && [
                    "--database", "--host", "--port", "CUSTODIA_LOG_LEVEL", "CUSTODIA_MAX_BODY_BYTES",
                    "CUSTODIA_SQLITE_SYNCHRONOUS", "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS",
                    "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE", "CUSTODIA_DB_CONNECTIONS", "--as-of",
                    "CUSTODIA_REQUESTS_PER_MINUTE_PER_TOKEN", "CUSTODIA_REQUESTS_PER_MINUTE_PER_ADDRESS",
                    "CUSTODIA_TRUSTED_PROXIES",
                ].allSatisfy {
                    key in problems.contains { $0.contains(key) }
                }
        }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.resolve(environment: ["CUSTODIA_PORT": "0"]) }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.resolve(environment: ["CUSTODIA_MAX_BODY_BYTES": "1023"]) }
    }
}
