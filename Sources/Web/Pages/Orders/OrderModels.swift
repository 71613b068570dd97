/// An establishment's inbox of orders received electronically: release orders past their time first.
struct OrdersModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var code: String
    var all: Bool
    var rows: [OrderRow]
    var hasRows: Bool
}

/// An order as a row of a list (the inbox, the person's file).
struct OrderRow {
    var id: String
    var received: String
    var kind: String
    var person: String
    var caseNumber: String
    var client: String
    var state: String
    var due: String
    var overdue: Bool
}
