import CustodiaCore
import Hummingbird

extension CustodiaWeb {
    /// The pages of orders received electronically (issue 13 point 7).
    static func registerOrders<Context: RequestContext>(
        on router: Router<Context>, pages: Pages, web: @escaping @Sendable (Request) async -> WebRequest
    ) {
        router.get("establishments/:code/orders") { request, context in
            try await pages.ordersList(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.get("orders/:id") { request, context in
            try await pages.orderPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("orders/:id/step") { request, context in
            try await pages.orderStep(await web(request), id: context.parameters.get("id") ?? "")
        }
    }
}
