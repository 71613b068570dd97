/// The register of visitors: the gate's search and its results.
struct VisitorsModel: PageModel {
    var layout: LayoutModel
    var query: String
    var rows: [VisitorRow]
    var hasRows: Bool
    var searched: Bool
    var canRegister: Bool
}

/// A visitor as a row of a list.
struct VisitorRow {
    var id: String
    var name: String
    var document: String
    var minor: Bool
}

/// A visitor's file: identity, whom they visit and as what, bans, the persons in custody whose document is theirs,
/// visits.
struct VisitorModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var facts: [PersonModel.Fact]
    /// Persons in custody whose identity document is the visitor's (flagged).
    var flagged: [String]
    var isFlagged: Bool
    var links: [Link]
    var hasLinks: Bool
    var bans: [Ban]
    var hasBans: Bool
    var visits: [VisitRow]
    var hasVisits: Bool
    var canLink: Bool
    var canBan: Bool
    var id: String
    var done: String?

    struct Link {
        var person: String
        var relationship: String
        var degree: String
        var since: String
    }

    struct Ban {
        var scope: String
        var period: String
        var reason: String
        var resolution: String
    }
}

/// A visit as a row of a list (the calendar, the person's file, the visitor's file).
struct VisitRow {
    var id: String
    var person: String
    var time: String
    var kind: String
    var mode: String
    var visitors: String
    var state: String
    var refused: Bool
    var refusal: String
}

/// The establishment's visits of a day: the calendar the gate works from.
struct VisitCalendarModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var code: String
    var day: String
    var previous: String
    var next: String
    var rows: [VisitRow]
    var hasRows: Bool
    var booked: String
    var inside: String
    var refused: String
    /// The establishment's visiting days, hours and seats; the warden's link to change them.
    var settings: String = ""
    var canSetCalendar = false
    var done: String? = nil
}
