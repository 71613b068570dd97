/// The audit trail, filtered: who did what to which record, from where, and the outcome.
struct AuditModel: PageModel {
    var layout: LayoutModel
    /// The filter as typed (its own name: a row's `user` and the layout's `user` are other things).
    var filter: Filter
    var fromError: String?
    var untilError: String?
    var rows: [Row]
    var hasRows: Bool
    var next: String?

    struct Filter {
        var person: String
        var user: String
        var establishment: String
        var from: String
        var until: String
    }

    struct Row {
        var sequence: String
        var when: String
        var user: String
        var role: String
        var action: String
        /// A link always has a text: the resource, else the person's number.
        var resource: String
        var address: String
        var outcome: String
        /// The person the row links to (named apart from the filter's person).
        var rowPerson: String?
    }
}
