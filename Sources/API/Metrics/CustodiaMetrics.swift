import CoreMetrics
import CustodiaCore
import Foundation
import Placement
import Prometheus

/// The process's metrics in the Prometheus text format (issue 15 point 4). Requests are counted and timed per route,
/// method and status by Hummingbird's `MetricsMiddleware` through swift-metrics, bootstrapped once per process to one
/// Prometheus registry; the register's figures (population, places, occupancy, alerts by kind, release orders overdue,
/// the event log's head and each subscription's delivery) are read at each scrape into a registry of the scrape's own,
/// within the caller's scope.
public enum CustodiaMetrics {
    /// The requests' counters and timers.
    public static let requests = PrometheusCollectorRegistry()

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: requests)
        // Prometheus names allow letters, digits and `_`: swift-metrics labels such as `hb.requests` become
        // `hb_requests`, and so do the dimensions' names.
        factory.nameAndLabelSanitizer = { name, labels in (sanitized(name), labels.map { (sanitized($0.0), $0.1) }) }
        MetricsSystem.bootstrap(factory)
    }()

    /// Bootstraps swift-metrics to `requests` the first time; later calls do nothing (a process bootstraps once).
    public static func bootstrap() { _ = bootstrapped }

    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// The register's figures at a scrape, within `scope` (every establishment when `nil`).
    public struct Snapshot: Sendable {
        public var establishments: [EstablishmentOverview]
        public var alerts: [AlertKind: Int]
        public var eventHead: Int64
        public var subscriptions: [Subscription]
        /// The database's pool, for the nation's operators (nil for a scope of establishments).
        public var pool: ConnectionPoolFigures?

        public init(
            establishments: [EstablishmentOverview], alerts: [AlertKind: Int], eventHead: Int64, subscriptions: [Subscription],
            pool: ConnectionPoolFigures? = nil
        ) {
            self.establishments = establishments
            self.alerts = alerts
            self.eventHead = eventHead
            self.subscriptions = subscriptions
            self.pool = pool
        }
    }

    static func gauge(
        _ registry: PrometheusCollectorRegistry, _ name: String, _ help: String, _ labels: [(String, String)] = []
    ) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// The text a scrape answers: the register's figures, then the requests'.
    public static func text(_ snapshot: Snapshot) -> String {
        let registry = PrometheusCollectorRegistry()
        var population = 0
        var capacity = 0
        for overview in snapshot.establishments {
            let labels = [("establishment", overview.establishment.code)]
            let occupancy = overview.occupancy
            population += occupancy.population
            capacity += occupancy.capacity
            gauge(registry, "custodia_population", "Persons held now", labels).set(to: Double(occupancy.population))
            gauge(registry, "custodia_capacity", "Certified places", labels).set(to: Double(occupancy.capacity))
            let ratio = occupancy.capacity == 0 ? 0 : Double(occupancy.population) / Double(occupancy.capacity)
            gauge(registry, "custodia_occupancy_ratio", "Persons held per certified place (1 is full)", labels)
                .set(to: ratio)
        }
        gauge(registry, "custodia_population_total", "Persons held now, in scope").set(to: Double(population))
        gauge(registry, "custodia_capacity_total", "Certified places, in scope").set(to: Double(capacity))
        for kind in AlertKind.allCases {
            let labels = [("kind", kind.rawValue), ("severity", kind.severity.rawValue)]
            gauge(registry, "custodia_alerts", "Open alerts by kind", labels).set(to: Double(snapshot.alerts[kind] ?? 0))
        }
        gauge(registry, "custodia_release_orders_overdue", "Release orders received and not executed within their hours")
            .set(to: Double(snapshot.alerts[.releaseOrderOverdue] ?? 0))
        gauge(registry, "custodia_event_log_head", "Position of the newest event in the log")
            .set(to: Double(snapshot.eventHead))
        for subscription in snapshot.subscriptions {
            let labels = [("subscription", String(subscription.id.rawValue)), ("client", subscription.client)]
            gauge(
                registry, "custodia_subscription_lag_events",
                "Events of the log after the last one delivered to the subscription (any type)", labels
            ).set(to: Double(max(0, snapshot.eventHead - subscription.deliveredPosition)))
            gauge(
                registry, "custodia_subscription_failed_attempts",
                "Failed attempts at the event at the head of the subscription's queue", labels
            ).set(to: Double(subscription.attempts))
        }
        if let pool = snapshot.pool {
            let labels = [("engine", pool.engine)]
            gauge(registry, "custodia_db_connections_max", "Connections the pool may open", labels)
                .set(to: Double(pool.size))
            gauge(registry, "custodia_db_connections_in_use", "Connections held by a request now", labels)
                .set(to: Double(pool.inUse))
            gauge(registry, "custodia_db_requests_waiting", "Requests waiting for a free connection now", labels)
                .set(to: Double(pool.waiting))
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    metricName: "custodia_db_connections_acquired", unitName: "", helpText: "Connections handed out since start"),
                labels: labels
            ).increment(by: Int64(pool.acquired))
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    metricName: "custodia_db_pool_timeouts", unitName: "",
                    helpText: "Waits for a connection that ran out (answered 503) since start"),
                labels: labels
            ).increment(by: Int64(pool.timedOut))
            if let queued = pool.writesQueued {
                gauge(registry, "custodia_db_writes_queued", "Changes waiting for SQLite's one writer now", labels)
                    .set(to: Double(queued))
            }
        }
        return registry.emitToString() + requests.emitToString()
    }
}
