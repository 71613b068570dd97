/// The person search: the query, the results in the caller's scope, the next page.
struct SearchModel: PageModel {
    var layout: LayoutModel
    var q: String
    var searched: Bool
    var results: [Result]
    var hasResults: Bool
    var next: String?

    struct Result {
        var number: String
        var name: String
        var document: String
        var establishment: String
        var status: String
    }
}
