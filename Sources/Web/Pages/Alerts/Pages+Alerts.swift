import CustodiaCore
import Foundation
import Hummingbird

extension Pages {
    func alerts(_ web: WebRequest) async throws -> Response {
        guard let principal = web.principal else { return WebRequest.redirect("/login") }
        let (asOf, dateError) = asOf(web)
        let kind = web.query("kind").flatMap(AlertKind.init(rawValue:))
        let severity = web.query("severity").flatMap(AlertSeverity.init(rawValue:))
        let establishment = web.query("establishment")
        if let code = establishment, !principal.covers(establishment: code) { return CustodiaWeb.notFound(web) }
        let page = try await services.registry.alerts(
            asOf: asOf, establishmentCode: establishment, within: principal.establishments, severity: severity, kind: kind,
            after: web.query("cursor"), limit: 50)
        // The names the request already read; no occupancy needed for a list of establishments.
        let establishments = web.names.establishments.values.filter { principal.covers(establishment: $0.code) }
            .sorted { $0.name < $1.name }
            .map { AlertsModel.EstablishmentOption(code: $0.code, name: $0.name, selected: $0.code == establishment) }
        var nextHref: String?
        if let cursor = page?.nextCursor {
            var parts = ["as_of=\(asOf)", "cursor=\(cursor.queryEncoded)"]
            if let kind { parts.append("kind=\(kind.rawValue)") }
            if let severity { parts.append("severity=\(severity.rawValue)") }
            if let establishment { parts.append("establishment=\(establishment.queryEncoded)") }
            nextHref = "/alerts?" + parts.joined(separator: "&")
        }
        let rows = (page?.items ?? []).map { alertRow($0, web) }
        return web.page(
            "alerts",
            AlertsModel(
                layout: web.layout(title: web.strings["alerts_title"], current: "/alerts"), asOf: asOf.description,
                dateError: dateError, rows: rows, hasRows: !rows.isEmpty,
                kinds: AlertKind.allCases.map {
                    AlertsModel.Option(value: $0.rawValue, label: web.strings["alert.\($0.rawValue)"], selected: $0 == kind)
                },
                severities: AlertSeverity.allCases.map {
                    AlertsModel.Option(
                        value: $0.rawValue, label: web.strings["severity.\($0.rawValue)"], selected: $0 == severity)
                },
                establishments: establishments, next: nextHref))
    }
}
