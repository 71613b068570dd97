import API
import CustodiaCore
import Hummingbird

extension CustodiaWeb {
    /// The pages of incident reports (issue 12 points 3 and 6).
    static func registerIncidents<Context: RequestContext>(
        on router: Router<Context>, pages: Pages, web: @escaping @Sendable (Request) async -> WebRequest
    ) {
        router.get("establishments/:code/incidents") { request, context in
            try await pages.incidentList(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.get("establishments/:code/incidents/new") { request, context in
            try await pages.incidentForm(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.post("establishments/:code/incidents/new") { request, context in
            try await pages.reportIncident(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.get("incidents/:id") { request, context in
            try await pages.incidentPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("incidents/:id/addendum") { request, context in
            try await pages.incidentStep(await web(request), id: context.parameters.get("id") ?? "", step: "addendum")
        }
        router.post("incidents/:id/state") { request, context in
            try await pages.incidentStep(await web(request), id: context.parameters.get("id") ?? "", step: "state")
        }
    }
}
