/// A temporary exit (salida temporal, issue 11 points 4 and 5): a court hearing or a videoconference a court asked
/// for (diligencia), a hospital stay, or another authorised exit. The person keeps their pavilion, is counted as
/// out while away (a videoconference is held inside and counts as present), and is due back at a stated minute;
/// past it without a return, an alert is raised.
public struct Outing: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Outing, Int64>

    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        /// A hearing at the court (diligencia judicial): the person is taken there under escort.
        case courtHearing = "court_hearing"
        /// A hearing held by video from the establishment's room: no exit.
        case videoconference
        /// Hospital (TR-9, Reglamento art. 158: guarded by the PNP).
        case hospital
        /// Any other exit an authority allows (a relative's funeral, a medical test, an inspection).
        case other

        /// Whether the person leaves the establishment (the roll counts them out).
        public var leaves: Bool { self != .videoconference }
        /// A court's production: a hearing, in person or by video.
        public var isCourtProduction: Bool { self == .courtHearing || self == .videoconference }
    }

    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        case scheduled, out, returned, cancelled

        public var isOpen: Bool { self == .scheduled || self == .out }
    }

    public var id: ID
    public var personID: Person.ID
    public var episodeID: CustodyEpisode.ID
    public var establishmentID: Establishment.ID
    public var establishmentCode: String
    public var kind: Kind
    /// Where: the court and its room, the hospital.
    public var destination: String
    /// Who asked for it: the court, the medical service, the authority.
    public var requestedBy: String
    /// The court's notice or the authorising document.
    public var orderReference: String?
    public var scheduledAt: LocalTime
    public var returnDue: LocalTime
    /// The escort (unit and officers); TR-9: a woman is escorted by female staff too.
    public var escort: String?
    public var state: State
    public var outAt: LocalTime?
    public var backAt: LocalTime?
    /// Why it was cancelled.
    public var closingReason: String?
    public var version: Int

    public init(
        id: ID, personID: Person.ID, episodeID: CustodyEpisode.ID, establishmentID: Establishment.ID,
        establishmentCode: String, kind: Kind, destination: String, requestedBy: String, orderReference: String?,
        scheduledAt: LocalTime, returnDue: LocalTime, escort: String?, state: State, outAt: LocalTime?,
        backAt: LocalTime?, closingReason: String?, version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.establishmentID = establishmentID
        self.establishmentCode = establishmentCode
        self.kind = kind
        self.destination = destination
        self.requestedBy = requestedBy
        self.orderReference = orderReference
        self.scheduledAt = scheduledAt
        self.returnDue = returnDue
        self.escort = escort
        self.state = state
        self.outAt = outAt
        self.backAt = backAt
        self.closingReason = closingReason
        self.version = version
    }

    /// Out past the minute the person was due back.
    public func isOverdue(at now: LocalTime) -> Bool { state == .out && returnDue < now }
}

/// A temporary exit asked for.
public struct OutingRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var kind: Outing.Kind
    public var destination: String
    public var requestedBy: String
    public var orderReference: String?
    public var scheduledAt: LocalTime
    public var returnDue: LocalTime
    public var escort: String?

    public init(
        personID: Person.ID, kind: Outing.Kind, destination: String, requestedBy: String, orderReference: String?,
        scheduledAt: LocalTime, returnDue: LocalTime, escort: String? = nil
    ) {
        self.personID = personID
        self.kind = kind
        self.destination = destination
        self.requestedBy = requestedBy
        self.orderReference = orderReference
        self.scheduledAt = scheduledAt
        self.returnDue = returnDue
        self.escort = escort
    }
}

/// A step of a temporary exit: the person goes out, comes back, or the exit is cancelled.
public struct OutingStep: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable, Codable {
        case leave, back, cancel
    }

    public var id: Outing.ID
    public var action: Action
    /// The minute of the step (leave, back); the reference minute when not given.
    public var at: LocalTime?
    /// leave: the escort, when not stated with the request.
    public var escort: String?
    /// cancel: why.
    public var reason: String?

    public init(id: Outing.ID, action: Action, at: LocalTime? = nil, escort: String? = nil, reason: String? = nil) {
        self.id = id
        self.action = action
        self.at = at
        self.escort = escort
        self.reason = reason
    }
}

/// The roll count (conteo) of one establishment at one minute: per pavilion, who is assigned, present and out;
/// and who is in transit out of it and into it. Assigned = present + out; the national register is the sum of
/// every establishment's assigned plus everyone in transit (counted once, at the establishment they left).
public struct Roll: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public var pavilionCode: String
        public var pavilionName: String
        public var assigned: Int
        /// Out by kind of exit (court, hospital, other).
        public var out: [Outing.Kind: Int]

        public init(pavilionCode: String, pavilionName: String, assigned: Int, out: [Outing.Kind: Int]) {
            self.pavilionCode = pavilionCode
            self.pavilionName = pavilionName
            self.assigned = assigned
            self.out = out
        }

        public var outTotal: Int { out.values.reduce(0, +) }
        public var present: Int { assigned - outTotal }
    }

    public var establishmentCode: String
    public var at: LocalTime
    public var lines: [Line]
    public var inTransitOut: Int
    public var inTransitIn: Int

    public init(establishmentCode: String, at: LocalTime, lines: [Line], inTransitOut: Int, inTransitIn: Int) {
        self.establishmentCode = establishmentCode
        self.at = at
        self.lines = lines
        self.inTransitOut = inTransitOut
        self.inTransitIn = inTransitIn
    }

    public var assigned: Int { lines.reduce(0) { $0 + $1.assigned } }
    public var present: Int { lines.reduce(0) { $0 + $1.present } }
    public func out(_ kind: Outing.Kind) -> Int { lines.reduce(0) { $0 + ($1.out[kind] ?? 0) } }
    public var outTotal: Int { lines.reduce(0) { $0 + $1.outTotal } }
}
