/// The alerts of a day in the caller's scope, filtered by kind, severity and establishment.
struct AlertsModel: PageModel, AlertRowsModel {
    var layout: LayoutModel
    var asOf: String
    var dateError: String?
    var rows: [AlertRow]
    var hasRows: Bool
    var kinds: [Option]
    var severities: [Option]
    var establishments: [EstablishmentOption]
    var next: String?

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct EstablishmentOption {
        var code: String
        var name: String
        var selected: Bool
    }
}
