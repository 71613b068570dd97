/// The relief candidate lists (issue 26 point 2): the filters, who is on the list and why, with the rules; the CSV
/// link carries the same filters.
struct ReliefCandidatesModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var asOf: String
    var summary: String
    var review: String?
    var lists: [Option]
    var establishments: [Option]
    var withinDays: String
    var withinError: String?
    var includeExcluded: Bool
    var csvHref: String
    var rows: [Row]
    var hasRows: Bool
    var truncated: String?

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Row {
        var number: String
        var name: String
        var establishment: String
        var status: String
        var pretrialEndsOn: String
        var sentence: String
        var articles: String
        var flags: String
        var rowClass: String
        var reasons: [Reason]
    }

    struct Reason {
        var rule: String
        var citation: String
        var label: String
        /// What the rule found, when it says more than the label.
        var detail: String?
        var mark: String
    }
}
