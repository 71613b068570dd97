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
    var csrf: String
    /// What the last requests from a route came to (after the button), if any.
    var outcome: Outcome?

    struct Route {
        var from: String
        var to: String
        var sex: String
        var persons: String
        /// The route as the request form sends it; `nil` when the reader may not request transfers from its origin.
        var request: Request?
    }

    struct Request {
        var action: String
        var from: String
        var to: String
        var sex: String
        var persons: Int
    }

    /// The transfers requested (each a link) and the persons skipped with the placement check's reasons.
    struct Outcome {
        var summary: String
        var requested: [Link]
        var hasRequested: Bool
        var refused: [String]
        var hasRefused: Bool
    }

    struct Link {
        var href: String
        var text: String
    }
}
