/// An establishment's benefits board (issue 26 point 5): everyone eligible, late first, with their file or the button
/// that opens it.
struct BenefitsModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var code: String
    var summary: String
    var review: String?
    var csrf: String
    var mayOpen: Bool
    var rows: [BenefitRow]
    var hasRows: Bool
    var more: String?
}

/// A candidate as a row of the board.
struct BenefitRow {
    var number: String
    var name: String
    var benefit: String
    var benefitCode: String
    var eligibleFrom: String
    var state: String
    var due: String
    var late: String?
    var fileHref: String?
    var fileText: String?
    var canOpen: Bool
}
