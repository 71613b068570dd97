import App
import CustodiaCore
import Foundation
import Logging
import Store
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
    }

    @Test func theEnvironmentOverTheDefaults() throws {
        let config = try AppConfig.resolve(environment: [
            "CUSTODIA_DATABASE": "sqlite:///tmp/env.sqlite", "CUSTODIA_HOST": "0.0.0.0", "CUSTODIA_PORT": "9090",
            "CUSTODIA_AS_OF": "2026-01-31", "CUSTODIA_LOG_LEVEL": "WARNING", "CUSTODIA_MAX_BODY_BYTES": "4096",
            "CUSTODIA_SQLITE_SYNCHRONOUS": "Normal", "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS": "7",
            "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE": "5000", "CUSTODIA_DB_CONNECTIONS": "16",
        ])
        #expect(config.database == .sqlite(path: "/tmp/env.sqlite"))
        #expect(config.host == "0.0.0.0" && config.port == 9090 && config.asOf == CivilDate(year: 2026, month: 1, day: 31))
        #expect(config.logLevel == .warning && config.maxBodyBytes == 4096 && config.sqliteSynchronous == .normal)
        #expect(config.access.maxFailedLoginsPerAddress == 7 && config.access.anonymousRefusals.allowed == 5000)
        #expect(config.databaseConnections == 16)
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

    @Test func everyInvalidSettingIsReportedAtOnce() {
        #expect {
            try AppConfig.resolve(
                database: "mysql://x", host: "a b", port: 70_000, asOf: "2026-02-30",
                environment: [
                    "CUSTODIA_LOG_LEVEL": "loud", "CUSTODIA_MAX_BODY_BYTES": "10", "CUSTODIA_SQLITE_SYNCHRONOUS": "off",
                    "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS": "0", "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE": "many",
                    "CUSTODIA_DB_CONNECTIONS": "-2",
                ])
        } throws: { error in
            let problems = (error as? AppConfig.Invalid)?.problems ?? []
            return problems.count == 10
                && [
                    "--database", "--host", "--port", "CUSTODIA_LOG_LEVEL", "CUSTODIA_MAX_BODY_BYTES",
                    "CUSTODIA_SQLITE_SYNCHRONOUS", "CUSTODIA_LOGIN_FAILURES_PER_ADDRESS",
                    "CUSTODIA_ANONYMOUS_REFUSALS_PER_MINUTE", "CUSTODIA_DB_CONNECTIONS", "--as-of",
                ].allSatisfy {
                    key in problems.contains { $0.contains(key) }
                }
        }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.resolve(environment: ["CUSTODIA_PORT": "0"]) }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.resolve(environment: ["CUSTODIA_MAX_BODY_BYTES": "1023"]) }
    }
}
