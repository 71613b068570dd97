/// A transfer between establishments (TR-*): its facts, and a form for each step the reader may take next.
struct TransferModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var personNumber: String
    var facts: [PersonModel.Fact]
    var csrf: String
    var steps: [Step]
    var hasSteps: Bool
    var general: [String]
    var hasErrors: Bool
    /// The confirmation of the step just taken.
    var done: String?
    /// A page to go on to (an admission order: the admission form, filled in from it).
    var linkHref: String? = nil
    var linkLabel: String? = nil
    /// Every step taken, with who and when (an order received electronically).
    var history: [HistoryRow] = []
    var hasHistory = false

    struct HistoryRow {
        var at: String
        var state: String
        var by: String
        var note: String
    }

    /// One step's form: posted to `/transfers/{id}/decision` or `/movement` with its action and the version.
    struct Step {
        var title: String
        var action: String
        var path: String
        var version: String
        var fields: [FormField]
        var button: String
    }
}

/// A row of a list of transfers (person file, establishment page).
struct TransferRow {
    var id: String
    var person: String
    var route: String
    var ground: String
    var state: String
    var requested: String
}
