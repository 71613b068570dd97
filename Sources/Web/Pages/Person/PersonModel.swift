/// The person file (Mandela Rules 6-10): identity, current placement, the legal clock with its work shown,
/// cases, orders, custody episodes and placements, and the sensitive sections the reader may see.
struct PersonModel: PageModel {
    var layout: LayoutModel
    var number: String
    var name: String
    var document: String
    var aliases: String?
    var sex: String
    var birthDate: String
    var nationality: String
    var custody: String
    var current: CurrentPlacement?
    var episodes: [Episode]
    var cases: [Case]
    var orders: [Order]
    var placements: [PlacementRow]
    var clock: Clock?
    var sensitive: [Fact]
    var hasSensitive: Bool
    var canMove: Bool
    var canRelease: Bool
    var canRecordSensitive: Bool
    var classification: Classification?
    var canClassify: Bool
    /// Memberships of criminal organizations, for the roles that read affiliation.
    var memberships: [MembershipRow]
    var hasMemberships: Bool
    var canRecordMembership: Bool
    /// Keep-apart records that bind the person, for the roles that read affiliation.
    var keepApart: [KeepApartRow]
    var hasKeepApart: Bool
    var canRecordKeepApart: Bool
    /// Placements a warden authorised despite a conflict (OP-3), for the roles that read keep-apart records.
    var overrides: [OverrideRow]
    var hasOverrides: Bool
    /// Transfers between establishments, newest first, for the roles that read them.
    var transfers: [TransferRow]
    var hasTransfers: Bool
    var canRequestTransfer: Bool
    /// Temporary exits (court production, hospital, other), newest first, for the roles that read them.
    var outings: [OutingRow]
    var hasOutings: Bool
    var canScheduleOuting: Bool
    /// The latest visits, refused ones included, for the roles that read them.
    var visits: [VisitRow]
    var hasVisits: Bool
    var canBookVisit: Bool
    /// The intake of the open episode (IN-*): each term done or pending.
    var intake: [Fact]
    var hasIntake: Bool
    var canRecordIntake: Bool
    /// CL-13: consecutive days without meaningful contact, for a person held in Extrema Seguridad.
    var solitary: [Fact]
    var hasSolitary: Bool
    var canRecordContact: Bool
    /// Disciplinary isolations, newest first, for the roles that read them.
    var isolations: [IsolationRow]
    var hasIsolations: Bool
    var canOrderIsolation: Bool
    /// Days in isolation in the last twelve months (Mandela Rule 45's record).
    var isolationDaysLastYear: String
    /// Disciplinary cases, newest first, for the roles that read them; the link to open one.
    var discipline: [DisciplineRow] = []
    var hasDiscipline = false
    var canOpenCase = false
    /// Incident reports naming the person, newest first, for the roles that read them (in the reader's scope).
    var incidents: [IncidentRow] = []
    var hasIncidents = false
    /// Orders received electronically about the person, newest first, with their states (issue 13 point 7).
    var received: [OrderRow] = []
    var hasReceived = false
    /// The confirmation of the change just made.
    var done: String?

    struct OverrideRow {
        var date: String
        var movement: String
        var place: String
        /// `nil` when this person is the one placed.
        var personNumber: String?
        var what: String
        var resolution: String
        var reason: String
        var by: String
        var others: [String]
    }

    struct CurrentPlacement {
        var establishment: String
        var establishmentCode: String
        var pavilion: String
        var since: String
        /// Absent without a cell: no label then.
        var cell: String?
    }

    struct Episode {
        var establishment: String
        var admitted: String
        var authority: String
        var status: String
        var released: String
        var ground: String
    }

    struct Case {
        var number: String
        var court: String
        var district: String
        var type: String
        var charges: String
    }

    struct Order {
        var kind: String
        var court: String
        var issued: String
        var reference: String
    }

    struct PlacementRow {
        var establishment: String
        var pavilion: String
        var cell: String
        var from: String
        var until: String
    }

    /// Régimen and etapa: the current decision, what is due, the Extrema Seguridad proposal, the history.
    struct Classification {
        var facts: [Fact]
        var proposal: String?
        var history: [ClassificationRow]
        var hasHistory: Bool
    }

    struct KeepApartRow {
        var with: String
        /// The other person's number, when the record names one (a link to their file).
        var otherNumber: String?
        var scope: String
        var period: String
        var reason: String
        var open: Bool
    }

    struct MembershipRow {
        var organization: String
        var role: String
        var period: String
        var evidence: String
        var confidence: String
    }

    struct ClassificationRow {
        var decided: String
        var regime: String
        var body: String
        var resolution: String
        var reason: String
        var leader: String
    }

    struct Fact {
        var label: String
        var value: String
        var alert: Bool = false
    }

    /// The legal clock as of today: its dates, every rule applied, the points for legal review.
    struct Clock {
        var status: String
        var facts: [Fact]
        var ruleVersion: String?
        var rules: [Rule]
        var review: [Review]
        var hasReview: Bool
        var messages: [String]
    }

    struct Rule {
        var id: String
        var citation: String
        var detail: String
    }

    struct Review {
        var setting: String
        var rule: String
        var value: String
        var reason: String
    }
}

/// A disciplinary isolation as a row (person file), or a person isolated today with the day of the streak (board).
struct IsolationRow {
    /// The lift form, for an isolation not over and not lifted, to those who may order one.
    var lift: String? = nil
    /// The day's health check form (DS-5), for an isolation under way, to those who run the regime.
    var check: String? = nil
    /// Days with their health check, of the days spent so far.
    var checked: String = ""
    var person: String
    var period: String
    var days: String
    var resolution: String
    var medical: String
    var reason: String
}
