/// One stay in custody from admission (ingreso) to release (egreso): the record Mandela Rule 7 requires.
/// A person has at most one open episode.
public struct CustodyEpisode: Hashable, Sendable, Identifiable {
    public var id: ID
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    public var admittedOn: CivilDate
    public var admittedAt: TimeOfDay
    /// The order that authorises holding the person.
    public var authorizingOrderID: CourtOrder.ID
    /// Who placed the person at the prison's disposal (court, police unit…).
    public var sendingAuthority: String
    public var arrestedOn: CivilDate?
    public var arrestPlace: String?
    public var proceduralStatus: ProceduralStatus
    public var release: Release?

    public init(
        id: ID, personID: Person.ID, establishmentID: Establishment.ID, admittedOn: CivilDate, admittedAt: TimeOfDay,
        authorizingOrderID: CourtOrder.ID, sendingAuthority: String, arrestedOn: CivilDate?, arrestPlace: String?,
        proceduralStatus: ProceduralStatus, release: Release? = nil
    ) {
        self.id = id
        self.personID = personID
        self.establishmentID = establishmentID
        self.admittedOn = admittedOn
        self.admittedAt = admittedAt
        self.authorizingOrderID = authorizingOrderID
        self.sendingAuthority = sendingAuthority
        self.arrestedOn = arrestedOn
        self.arrestPlace = arrestPlace
        self.proceduralStatus = proceduralStatus
        self.release = release
    }

    public var isOpen: Bool { release == nil }
}

/// Egreso: how an episode ended.
public struct Release: Hashable, Sendable {
    public var releasedOn: CivilDate
    public var releasedAt: TimeOfDay
    public var ground: ReleaseGround
    /// The release order, when the ground needs one.
    public var orderID: CourtOrder.ID?

    public init(releasedOn: CivilDate, releasedAt: TimeOfDay, ground: ReleaseGround, orderID: CourtOrder.ID?) {
        self.releasedOn = releasedOn
        self.releasedAt = releasedAt
        self.ground = ground
        self.orderID = orderID
    }
}

/// The legal ground of a release.
public enum ReleaseGround: String, Hashable, Sendable, CaseIterable, Codable {
    /// A judge ordered release (acquittal, dismissal, pretrial term expired, bail, benefit granted…).
    case courtOrder = "court_order"
    /// Pena cumplida: the sentence has been served; the administration releases without a new order.
    case sentenceServed = "sentence_served"
    /// Death in custody, recorded as the end of the episode.
    case death

    /// Whether this ground needs a release order.
    public var needsOrder: Bool { self == .courtOrder }
}
