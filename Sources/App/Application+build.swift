import API
import CustodiaCore
import Foundation
import Hummingbird
import Logging
import Store

/// The composition root: the one place that knows the engine, builds the registry and mounts the routes.
public enum CustodiaApp {
    /// Routes of the whole application over a registry. Tests call this with the real router in memory.
    public static func buildRouter(registry: any Registry, config: AppConfig) throws -> Router<BasicRequestContext> {
        let router = Router()
        try CustodiaAPI.register(on: router, registry: registry, today: config.today, maxBodyBytes: config.maxBodyBytes)
        router.get("health") { _, _ in "ok" }
        return router
    }

    /// Opens the database, applies pending migrations and returns the registry over it.
    public static func openRegistry(config: AppConfig, logger: Logger) async throws -> SQLRegistry {
        let database = try await Database.open(config.database, logger: logger)
        do {
            let applied = try await Migrations.migrate(database)
            if !applied.isEmpty { logger.info("applied migrations \(applied)") }
        } catch {
            try? await database.close()
            throw error
        }
        return SQLRegistry(database: database)
    }

    public static func buildApplication(registry: any Registry, config: AppConfig, logger: Logger) throws
        -> some ApplicationProtocol
    {
        let router = try buildRouter(registry: registry, config: config)
        return Application(
            router: router, configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Custodia"),
            logger: logger)
    }
}
