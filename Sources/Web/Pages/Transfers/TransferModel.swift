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
