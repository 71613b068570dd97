import CustodiaCore
import Foundation
import Hummingbird

extension Pages {
    func search(_ web: WebRequest) async throws -> Response {
        let query = web.query("q")
        var results: [SearchModel.Result] = []
        var next: String?
        if let query, let principal = web.principal {
            let page = try await services.registry.searchPersons(query, after: web.query("cursor"), limit: 25)
            results = page.items.filter {
                $0.establishmentCode.map(principal.covers(establishment:)) ?? (principal.establishments == nil)
            }
            .map {
                SearchModel.Result(
                    number: $0.person.number.description, name: $0.person.name.registerForm,
                    document: documentText($0.person.document, web),
                    establishment: $0.establishmentCode.map { web.names.establishment(code: $0) } ?? "",
                    status: $0.proceduralStatus.map { web.strings[$0 == .sentenced ? "sentenced" : "unsentenced"] }
                        ?? web.strings["released"])
            }
            next = page.nextCursor.map { "/persons?q=\(query.queryEncoded)&cursor=\($0.queryEncoded)" }
        }
        return web.page(
            "search",
            SearchModel(
                layout: web.layout(title: web.strings["search_title"], current: "/persons"), q: query ?? "",
                searched: query != nil, results: results, hasResults: !results.isEmpty, next: next))
    }

    func documentText(_ document: IdentityDocument, _ web: WebRequest) -> String {
        switch document {
        case .dni(let n): "\(web.strings["document.dni"]) \(n)"
        case .foreignerCard(let n): "\(web.strings["document.foreigner_card"]) \(n)"
        case .passport(let n): "\(web.strings["document.passport"]) \(n)"
        case .none: web.strings["document.none"]
        }
    }
}
