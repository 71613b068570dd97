import API
import CustodiaCore
import Delivery
import Foundation
import Hummingbird
import LegalClock
import Logging
import Store
import Web

/// The services of a running Custodia over one database: the register, the accounts and the audit trail.
public struct Services: Sendable {
    public let database: Database
    public let registry: SQLRegistry
    public let directory: SQLAccessDirectory
    public let auditLog: SQLAuditLog
    /// Time and law for every store, route and page over this database.
    public let environment: CustodiaEnvironment

    /// `auditTrail: false` only for the benchmark baseline that measures what the trail costs; `releaseOrderHours` the
    /// time a release order received electronically may wait (nil: the end of its day); `openDataMinimumCell` the
    /// smallest count the open data publishes.
    public init(
        database: Database, environment: CustodiaEnvironment, auditTrail: Bool = true, releaseOrderHours: Int? = nil,
        openDataMinimumCell: Int = 5
    ) {
        self.database = database
        self.environment = environment
        var registry = SQLRegistry(database: database, environment: environment, auditTrail: auditTrail)
        registry.releaseOrderHours = releaseOrderHours
        registry.openDataMinimumCell = openDataMinimumCell
        self.registry = registry
        self.directory = SQLAccessDirectory(database: database, now: environment.now)
        self.auditLog = SQLAuditLog(database: database, now: environment.now)
    }
}

/// The composition root: the one place that knows the engine, builds the registry and mounts the routes.
public enum CustodiaApp {
    /// Routes of the whole application, every one decided by the access table. Tests call this with the real
    /// router in memory.
    public static func buildRouter(services: Services, config: AppConfig) throws -> Router<CustodiaRequestContext> {
        try buildRouter(services: services, access: accessControl(services: services, config: config), config: config)
    }

    static func accessControl(services: Services, config: AppConfig) -> AccessControl {
        AccessControl(
            directory: services.directory, audit: services.auditLog, settings: config.access, now: services.environment.now)
    }

    /// The same routes with access control and auditing off: only the benchmark's baseline uses this.
    public static func buildUnguardedRouter(services: Services, config: AppConfig) throws -> Router<CustodiaRequestContext> {
        try buildRouter(services: services, access: nil, config: config)
    }

    /// Every route of the application, in the one access table: the JSON API and the staff pages.
    public static let accessTable = AccessTable(AccessTable.api + CustodiaWeb.routes)

    static func buildRouter(services: Services, access: AccessControl?, config: AppConfig) throws
        -> Router<CustodiaRequestContext>
    {
        let router = Router(context: CustodiaRequestContext.self)
        router.add(middleware: PageErrorMiddleware<CustodiaRequestContext>(registry: services.registry))
        try CustodiaAPI.register(
            on: router, registry: services.registry, auditLog: services.auditLog, access: access, table: accessTable,
            pageRefusal: { problem, request in await CustodiaWeb.refusal(problem, request, registry: services.registry) },
            environment: services.environment, maxBodyBytes: config.maxBodyBytes,
            databasePool: { [database = services.database] in database.poolFigures() })
        router.get("health") { _, _ in "ok" }
        // For an orchestrator: the database answers and its schema is this build's (503 otherwise, as during a
        // migration another server runs).
        router.get("ready") { _, _ -> Response in
            let versions = try? await Migrations.appliedVersions(services.database)
            let ready = versions?.contains(Migrations.latestVersion) ?? false
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ready ? "ready" : "not ready")))
        }
        if let access {
            CustodiaWeb.register(
                on: router,
                services: WebServices(
                    registry: services.registry, auditLog: services.auditLog, access: access,
                    environment: services.environment))
        }
        return router
    }

    /// Opens the database, applies pending migrations and returns the registry over it.
    public static func openRegistry(config: AppConfig, logger: Logger) async throws -> SQLRegistry {
        let database = try await Database.open(
            config.database, logger: logger, maxConnections: config.databaseConnections,
            sqliteSynchronous: config.sqliteSynchronous)
        do {
            let applied = try await Migrations.migrate(database)
            if !applied.isEmpty { logger.info("applied migrations \(applied)") }
        } catch {
            try? await database.close()
            throw error
        }
        return SQLRegistry(database: database, environment: config.environment)
    }

    /// The server; `listening` runs once its socket is bound (not before: a script that waits for the line it
    /// prints can connect at once).
    public static func buildApplication(
        services: Services, config: AppConfig, logger: Logger, listening: @escaping @Sendable () async -> Void = {}
    ) throws -> some ApplicationProtocol {
        let access = accessControl(services: services, config: config)
        let router = try buildRouter(services: services, access: access, config: config)
        return Application(
            router: router, configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Custodia"),
            services: [RefusalSummaries(access: access, logger: logger), dispatcher(services: services, logger: logger)],
            onServerRunning: { _ in await listening() },
            logger: logger)
    }

    /// The webhook dispatcher that runs beside the server (issue 13 point 4): the event log to every subscription.
    static func dispatcher(services: Services, logger: Logger) -> Dispatcher {
        let directory = services.directory
        return Dispatcher(
            registry: services.registry, settings: DeliverySettings(), now: services.environment.now, logger: logger,
            establishments: { scope in
                scope.establishmentCodes(regionalOffices: try await directory.establishmentsByRegionalOffice())
            }
        )
    }
}
