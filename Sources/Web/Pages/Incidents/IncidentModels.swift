/// An establishment's incident reports: the filters, INC-7's figures and the list.
struct IncidentsModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var code: String
    var kinds: [FormField.Option]
    var states: [FormField.Option]
    var from: String
    var until: String
    var total: String
    var figures: [PersonModel.Fact]
    var hasFigures: Bool
    var rows: [IncidentRow]
    var hasRows: Bool
    var canReport: Bool
}

/// A report as a row of a list (the establishment's list, the person's file).
struct IncidentRow {
    var id: String
    var occurredAt: String
    var kind: String
    var place: String
    var relevance: String
    var state: String
    var persons: String
    var seized: String
}

/// One report: what was filed, the persons, the items, the addenda and the history of its state, then the forms that
/// add to it (an addendum; a change of state for the warden).
struct IncidentModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var code: String
    var facts: [PersonModel.Fact]
    var narrative: String
    var participants: [Participant]
    var hasParticipants: Bool
    var items: [Item]
    var hasItems: Bool
    var addenda: [Entry]
    var hasAddenda: Bool
    var history: [Entry]
    var csrf: String
    var steps: [TransferModel.Step]
    var hasSteps: Bool
    var general: [String]
    var hasErrors: Bool
    var done: String?

    struct Participant {
        var who: String
        var link: String?
        var role: String
        /// Where to open a disciplinary case for this person from this incident (INC-6), for those who may.
        var caseLink: String? = nil
    }

    struct Item {
        var category: String
        var quantity: String
        var foundAt: String
        var imei: String
        var description: String
    }

    /// An addendum or a change of state: when, who, what.
    struct Entry {
        var at: String
        var author: String
        var title: String
        var text: String
    }
}
