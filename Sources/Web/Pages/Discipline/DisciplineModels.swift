/// A disciplinary case as a row of a list (the person's file, the establishment's cases).
struct DisciplineRow {
    var id: String
    var person: String
    var offence: String
    var opened: String
    var state: String
    var measures: String
}

/// An establishment's disciplinary cases.
struct DisciplineListModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var code: String
    var all: Bool
    var rows: [DisciplineRow]
    var hasRows: Bool
}
