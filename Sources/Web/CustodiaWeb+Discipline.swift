import API
import CustodiaCore
import Hummingbird

extension CustodiaWeb {
    /// The pages of disciplinary cases (issue 12 points 4 and 6).
    static func registerDiscipline<Context: RequestContext>(
        on router: Router<Context>, pages: Pages, web: @escaping @Sendable (Request) async -> WebRequest
    ) {
        router.get("persons/:person_number/discipline") { request, context in
            try await pages.disciplineForm(await web(request), number: context.parameters.get("person_number") ?? "")
        }
        router.post("persons/:person_number/discipline") { request, context in
            try await pages.openDisciplineCase(await web(request), number: context.parameters.get("person_number") ?? "")
        }
        router.get("discipline/:id") { request, context in
            try await pages.disciplinePage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("discipline/:id/step") { request, context in
            try await pages.disciplineStep(await web(request), id: context.parameters.get("id") ?? "", route: "step")
        }
        router.post("discipline/:id/decision") { request, context in
            try await pages.disciplineStep(await web(request), id: context.parameters.get("id") ?? "", route: "decision")
        }
        router.get("establishments/:code/discipline") { request, context in
            try await pages.disciplineList(await web(request), code: context.parameters.get("code") ?? "")
        }
    }
}
