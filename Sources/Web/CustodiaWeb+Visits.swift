import API
import CustodiaCore
import Hummingbird

extension CustodiaWeb {
    /// The pages of visitors and visits (issue 12 points 1-2, 6).
    static func registerVisits<Context: RequestContext>(
        on router: Router<Context>, pages: Pages, web: @escaping @Sendable (Request) async -> WebRequest
    ) {
        router.get("visitors") { request, _ in try await pages.visitors(await web(request)) }
        router.get("visitors/new") { request, _ in pages.visitorForm(await web(request)) }
        router.post("visitors/new") { request, _ in try await pages.registerVisitor(await web(request)) }
        router.get("visitors/:id") { request, context in
            try await pages.visitorPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.get("visitors/:id/link") { request, context in
            try await pages.visitorLinkForm(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("visitors/:id/link") { request, context in
            try await pages.linkVisitor(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.get("visitors/:id/ban") { request, context in
            try await pages.visitorBanForm(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("visitors/:id/ban") { request, context in
            try await pages.banVisitor(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.get("persons/:person_number/visit") { request, context in
            try await pages.visitForm(await web(request), number: context.parameters.get("person_number") ?? "")
        }
        router.post("persons/:person_number/visit") { request, context in
            try await pages.bookVisit(await web(request), number: context.parameters.get("person_number") ?? "")
        }
        router.get("visits/:id") { request, context in
            try await pages.visitPage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("visits/:id/movement") { request, context in
            try await pages.visitStep(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.get("establishments/:code/visit-calendar") { request, context in
            try await pages.visitCalendarForm(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.post("establishments/:code/visit-calendar") { request, context in
            try await pages.setVisitCalendar(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.get("establishments/:code/visits") { request, context in
            try await pages.visitCalendar(await web(request), code: context.parameters.get("code") ?? "")
        }
    }
}
