import CustodiaCore
import Foundation
import OpenAPIRuntime

/// `GET /api/v1/metrics` (issue 15 point 4): the Prometheus text a monitoring system scrapes with its token.
extension Handler {
    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        let scope = access?.principal.establishments
        let establishments = try await registry.establishmentOverviews(codes: scope)
        let alerts = try await registry.alertCounts(asOf: today(), establishmentCode: nil, within: scope)
        // Delivery lag is the nation's operators' concern: a token scoped to establishments sees none.
        let subscriptions = scope == nil ? try await registry.subscriptions(client: nil) : []
        let text = CustodiaMetrics.text(
            .init(
                establishments: establishments, alerts: alerts, eventHead: try await registry.eventHead(),
                subscriptions: subscriptions, pool: scope == nil ? databasePool?() : nil))
        return .ok(.init(body: .plainText(HTTPBody(text))))
    }
}
