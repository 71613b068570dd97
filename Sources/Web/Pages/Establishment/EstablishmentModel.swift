/// One establishment: capacity and occupancy, its pavilions, today's movements and its alerts.
struct EstablishmentModel: PageModel, AlertRowsModel {
    var layout: LayoutModel
    var name: String
    var code: String
    var office: String
    var today: String
    var capacity: String
    var population: String
    var occupancy: String
    var `class`: String
    var pavilions: [PavilionRow]
    var unsentencedMen: String
    var unsentencedWomen: String
    var sentencedMen: String
    var sentencedWomen: String
    var admissions: [MovementEntry]
    var releases: [MovementEntry]
    var moves: [MovementEntry]
    var hasAdmissions: Bool
    var hasReleases: Bool
    var hasMoves: Bool
    var rows: [AlertRow]
    var hasRows: Bool
    /// Transfers leaving or reaching the establishment, under way.
    var transfers: [TransferRow]
    var hasTransfers: Bool
    /// The roll count at a minute (`?at=`, now by default) and the day's temporary exits.
    var roll: RollModel
    var outings: [OutingRow]
    var hasOutings: Bool
    /// Who is isolated today and the day of their streak (DS-3), for the roles that read isolations.
    var isolated: [IsolationRow]
    var hasIsolated: Bool
    var canReadIsolations: Bool
    /// The link to the day's visit calendar, for the roles that read visits.
    var canReadVisits: Bool
    /// The link to the establishment's incident reports, for the roles that read them.
    var canReadIncidents: Bool
    /// The link to the establishment's disciplinary cases, for the roles that read them.
    var canReadDiscipline: Bool
    var canReadOrders: Bool
    var canReadBenefits: Bool

    struct RollModel {
        var at: String
        var error: String?
        var lines: [Line]
        var total: Line
        var inTransitOut: String
        var inTransitIn: String

        struct Line {
            var pavilion: String
            var assigned: String
            var present: String
            var court: String
            var hospital: String
            var other: String
        }
    }

    struct PavilionRow {
        var code: String
        var name: String
        var sex: String
        var status: String
        var regimes: String
        var capacity: String
        var population: String
        var occupancy: String
        var `class`: String
    }

    /// A person admitted, released or moved today, and the pavilion (the one moved to).
    struct MovementEntry {
        var number: String
        var name: String
        var pavilion: String
    }
}

/// The rows of the `alert_rows` partial (the alerts page and an establishment's page).
protocol AlertRowsModel {
    var rows: [AlertRow] { get }
    var hasRows: Bool { get }
}

struct AlertRow {
    var kind: String
    var severity: String
    var severityCode: String
    var number: String
    var name: String
    var establishment: String
    var date: String
    var days: String
    /// A release order past its time: the order's page, and how long it has waited.
    var orderHref: String? = nil
    var orderText: String? = nil
}
