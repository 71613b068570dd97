/// Visitors and visits (issue 12 points 1-2; VI-*).
public protocol VisitStore: Sendable {
    /// The establishment's visiting calendar (its own, or the defaults); `nil` for an unknown establishment.
    func visitCalendar(establishmentCode: String) async throws -> VisitCalendar?
    /// Sets the establishment's visiting days, hours and seats (VI-1); the calendar's version when given (If-Match).
    func setVisitCalendar(_ calendar: VisitCalendar, establishmentCode: String, expectedVersion: Int?, actor: Actor)
        async throws -> ChangeOutcome<VisitCalendar>
    /// Registers a visitor; refused for a document already registered.
    func registerVisitor(_ visitor: NewVisitor, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<VisitorFile>
    /// The visitor with whom they visit, their bans, the persons in custody their document matches and their visits.
    func visitorFile(_ id: Visitor.ID) async throws -> VisitorFile?
    /// Visitors by document number or name (the gate's search), at most `limit`.
    func findVisitors(_ query: String, limit: Int) async throws -> [Visitor]
    /// The visitors registered as visiting a person, with what they are to them.
    func visitorsOf(_ person: Person.ID) async throws -> [(Visitor, Relationship)]
    /// The visitors of the ids, in one read (those that exist).
    func visitors(_ ids: [Visitor.ID]) async throws -> [Visitor]
    /// The names of visitors (`PATERNO MATERNO, Nombres`), in one read.
    func visitorNames(_ ids: Set<Visitor.ID>) async throws -> [Visitor.ID: String]
    /// Registers whom a visitor visits and as what (a second link to one person replaces the first).
    func linkVisitor(_ link: VisitorLink, actor: Actor) async throws -> ChangeOutcome<VisitorFile>
    /// Bans a visitor (VI-5).
    func banVisitor(_ ban: VisitorBan, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<VisitorFile>
    /// Books a visit under the rules: booked, refused (the refusal kept in the file and the audit trail), or rejected
    /// for what is wrong with the request itself (nothing written).
    func bookVisit(_ request: VisitRequest, asOf: CivilDate, actor: Actor) async throws -> VisitBooking
    /// Checks a visit in or out at the gate, or cancels it; the visit's version when given (If-Match).
    func stepVisit(_ step: VisitStep, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<Visit>
    func visit(_ id: Visit.ID) async throws -> Visit?
    /// The establishment's visits of a day (the calendar), earliest first.
    func visits(establishmentCode: String, on day: CivilDate) async throws -> [Visit]
    /// The person's visits, latest first.
    func visits(of person: Person.ID, limit: Int) async throws -> [Visit]
}

/// A booking's outcome.
public enum VisitBooking: Sendable {
    case booked(Visit)
    /// Refused under a rule; the refused visit is kept.
    case refused(Visit, [ValidationMessage])
    /// The request itself is wrong (an unknown visitor, a visit in the past, one that overlaps); nothing written.
    case rejected([ValidationMessage])
}

/// A visitor's file: who they are, whom they visit and as what, their bans, the persons in custody whose document is
/// theirs (flagged, point 1 of issue 12) and their latest visits.
public struct VisitorFile: Sendable {
    public var visitor: Visitor
    public var links: [VisitorLink]
    public var bans: [VisitorBan]
    public var inCustody: [Person.ID]
    public var visits: [Visit]
    /// Where each person the file names is held now (none once released): what a scoped reader may see of them.
    public var establishmentOf: [Person.ID: String]

    /// The file as a reader with these establishments in scope (all when `nil`) may see it: the persons held in them
    /// (links, bans for one person, flags) and the visits there; bans not for one person stay.
    public func within(_ establishments: Set<String>?) -> VisitorFile {
        guard let establishments else { return self }
        let seen = { (person: Person.ID) in establishmentOf[person].map { establishments.contains($0) } ?? false }
        var file = self
        file.links = links.filter { seen($0.personID) }
        file.bans = bans.filter { $0.personID.map(seen) ?? true }
        file.inCustody = inCustody.filter(seen)
        file.visits = visits.filter { establishments.contains($0.establishmentCode) }
        return file
    }

    public init(
        visitor: Visitor, links: [VisitorLink], bans: [VisitorBan], inCustody: [Person.ID], visits: [Visit],
        establishmentOf: [Person.ID: String] = [:]
    ) {
        self.visitor = visitor
        self.links = links
        self.bans = bans
        self.inCustody = inCustody
        self.visits = visits
        self.establishmentOf = establishmentOf
    }
}

/// A step of a visit at the gate.
public struct VisitStep: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable, Codable {
        case checkIn = "check_in"
        case checkOut = "check_out"
        case cancel
    }

    public var id: Visit.ID
    public var action: Action
    /// The minute of the step; the register's minute when `nil`.
    public var at: LocalTime?
    /// At check-in, the document numbers shown: one per visitor of the visit (VI-2).
    public var documents: [String]
    public var reason: String?

    public init(id: Visit.ID, action: Action, at: LocalTime? = nil, documents: [String] = [], reason: String? = nil) {
        self.id = id
        self.action = action
        self.at = at
        self.documents = documents
        self.reason = reason
    }
}
