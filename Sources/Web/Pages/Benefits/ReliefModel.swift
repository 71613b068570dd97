/// What the law would free (issue 26 point 4): the nation's figures, the chart of the occupancy each establishment would
/// reach if every eligible file were decided on time, and the table of both.
struct ReliefModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var asOf: String
    /// The day asked for (`as_of`), as typed, and why it was refused.
    var day: String
    var dayError: String?
    /// A past day's report, replayed from the register's dated rows.
    var replayed: Bool
    var totals: [DashboardModel.Total]
    var review: String?
    var chart: String
    /// The links to the candidate lists, for those who may read them.
    var candidates: Bool
    /// What transfers alone could do, next to the benefits.
    var bound: [DashboardModel.Total]
    /// The capacity plan beside the benefits (issue 26 point 4): places needed at 120 % now and if every file were decided.
    var capacity: [DashboardModel.Total]
    var rows: [Row]

    struct Row {
        var code: String
        var name: String
        var population: String
        var capacity: String
        var eligible: String
        var onTime: String
        var late: String
        var notStarted: String
        var occupancy: String
        var occupancyClass: String
        var ifDecided: String
        var ifDecidedClass: String
    }
}
