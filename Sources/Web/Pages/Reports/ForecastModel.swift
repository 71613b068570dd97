/// The national forecast on the staff pages (issue 15 point 5): the month to forecast to, a release programme as a
/// lever, the fan chart and the path by year.
struct ForecastModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var to: String
    var toError: String?
    var programme: String
    var programmeError: String?
    var origin: String
    var originPopulation: String
    var drift: String
    var chart: String
    var rows: [Row]
    var csv: String

    struct Row {
        var month: String
        var central: String
        var low: String
        var high: String
    }
}
