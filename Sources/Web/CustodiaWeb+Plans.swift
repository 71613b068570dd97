import CustodiaCore
import Hummingbird

extension CustodiaWeb {
    /// The pages of the transfer planner (issue 14 point 3).
    static func registerPlans<Context: RequestContext>(
        on router: Router<Context>, pages: Pages, web: @escaping @Sendable (Request) async -> WebRequest
    ) {
        router.get("plans/transfers") { request, _ in pages.transferPlanForm(await web(request)) }
        router.post("plans/transfers") { request, _ in try await pages.createTransferPlan(await web(request)) }
        router.get("plans/capacity") { request, _ in try await pages.capacityPlanPage(await web(request)) }
        router.get("plans/transfers/:id") { request, context in
            try await pages.transferPlanPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("plans/transfers/:id/requests") { request, context in
            try await pages.requestPlannedTransfers(await web(request), id: context.parameters.get("id") ?? "")
        }
    }
}
