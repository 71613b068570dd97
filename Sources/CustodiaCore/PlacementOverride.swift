/// What moves a person to a place: the checks of `PlacementPolicy` run on every one of them.
public enum Movement: String, Hashable, Sendable, CaseIterable, Codable {
    /// Ingreso: the first placement of a custody episode.
    case admission
    /// Traslado interno: another pavilion or cell of the same establishment.
    case move
    /// Traslado between establishments: checked at the request and at reception.
    case transfer
}

/// A warden's authorisation to place a person despite a conflict the rules allow to override (OP-3): the
/// resolution that decides it and the reason in writing.
public struct PlacementOverrideRequest: Hashable, Sendable {
    public var resolution: String
    public var reason: String
    /// Whether the caller holds `placement.override`. Set by the surface from the caller's grants, never read from
    /// the request's body.
    public var authorized: Bool

    public init(resolution: String, reason: String, authorized: Bool) {
        self.resolution = resolution
        self.reason = reason
        self.authorized = authorized
    }
}

/// A placement made despite overridable conflicts: who authorised it, under which resolution, why, and what was
/// overridden. Shown on the file of the person placed and on the file of everyone the conflict named.
public struct PlacementOverride: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<PlacementOverride, Int64>

    public var id: ID
    public var personID: Person.ID
    public var movement: Movement
    public var establishmentID: Establishment.ID
    public var pavilionID: Pavilion.ID
    /// The codes of the place, for the files that do not hold it among their own placements.
    public var establishmentCode: String
    public var pavilionCode: String
    /// The reasons overridden (`separation.keep_apart`, `placement.regime_mismatch`).
    public var codes: [ValidationCode]
    /// The keep-apart records the placement went against.
    public var keepApartIDs: [KeepApart.ID]
    /// The other persons those records named in the place, who see the override on their own file.
    public var counterparts: [Person.ID]
    public var resolution: String
    public var reason: String
    /// The user who authorised it and their roles.
    public var decidedBy: String
    public var role: String
    public var decidedOn: CivilDate

    public init(
        id: ID, personID: Person.ID, movement: Movement, establishmentID: Establishment.ID, pavilionID: Pavilion.ID,
        establishmentCode: String, pavilionCode: String, codes: [ValidationCode], keepApartIDs: [KeepApart.ID],
        counterparts: [Person.ID], resolution: String,
        reason: String, decidedBy: String, role: String, decidedOn: CivilDate
    ) {
        self.id = id
        self.personID = personID
        self.movement = movement
        self.establishmentID = establishmentID
        self.pavilionID = pavilionID
        self.establishmentCode = establishmentCode
        self.pavilionCode = pavilionCode
        self.codes = codes
        self.keepApartIDs = keepApartIDs
        self.counterparts = counterparts
        self.resolution = resolution
        self.reason = reason
        self.decidedBy = decidedBy
        self.role = role
        self.decidedOn = decidedOn
    }
}
