import CustodiaCore
import Hummingbird

extension CustodiaWeb {
    /// The pages of benefit files (issue 26 point 5).
    static func registerBenefits<Context: RequestContext>(
        on router: Router<Context>, pages: Pages, web: @escaping @Sendable (Request) async -> WebRequest
    ) {
        router.get("establishments/:code/benefits") { request, context in
            try await pages.benefitsBoard(await web(request), code: context.parameters.get("code") ?? "")
        }
        router.post("persons/:person_number/benefit-files") { request, context in
            try await pages.openBenefitFile(await web(request), number: context.parameters.get("person_number") ?? "")
        }
        router.get("relief") { request, _ in try await pages.reliefPage(await web(request)) }
        router.get("reports/monthly") { request, _ in try await pages.monthlyReportPage(await web(request)) }
        router.get("reports/forecast") { request, _ in try await pages.forecastPage(await web(request)) }
        router.get("reports/open-data") { request, _ in try await pages.openDataPage(await web(request)) }
        router.get("relief/candidates") { request, _ in try await pages.reliefCandidates(await web(request)) }
        router.get("benefit-files/:id") { request, context in
            try await pages.benefitFilePage(await web(request), id: context.parameters.get("id") ?? "")
        }
        router.post("benefit-files/:id/step") { request, context in
            try await pages.benefitFileStep(await web(request), id: context.parameters.get("id") ?? "")
        }
    }
}
