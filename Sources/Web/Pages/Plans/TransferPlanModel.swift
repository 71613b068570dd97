/// A stored transfer plan on its page (issue 14 points 3 and 5).
struct TransferPlanModel: PageModel {
    var layout: LayoutModel
    var heading: String
    /// Who made it and when.
    var made: String
    /// The moves cap it was made with.
    var cap: String
    /// Why no plan exists, when none does.
    var infeasible: String?
    /// Whose places bind θ*.
    var binding: String?
    var totals: [DashboardModel.Total]
    /// What transfers alone cannot do.
    var cannot: String
    var before: String
    var after: String
    var routes: [Route]
    var hasRoutes: Bool
    var canCreate: Bool

    struct Route {
        var from: String
        var to: String
        var sex: String
        var persons: String
    }
}
