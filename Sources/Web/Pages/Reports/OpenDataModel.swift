/// The month's open data on the staff pages (issue 15 point 3): the rule that withholds small counts, each file with
/// its rows, withheld counts and download, and the data dictionary.
struct OpenDataModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var month: String
    var monthError: String?
    var cutoff: String
    var rule: String
    var files: [File]
    var fields: [Field]
    var dictionaryHref: String
    var packageHref: String
    var jsonHref: String

    struct File {
        var name: String
        var description: String
        var href: String
        var rows: String
        var withheld: String
    }

    struct Field {
        var file: String
        var name: String
        var type: String
        var description: String
        var values: String
    }
}
