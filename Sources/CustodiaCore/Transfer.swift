/// A transfer between establishments (docs/legal/peru-operations.md section 5, TR-*): requested with a ground,
/// decided by an authority under a resolution, executed (the person leaves and, in transit, belongs to no
/// pavilion), received at the destination; or refused or cancelled, with a reason. One row keeps the latest state
/// with its own version; the event log and the audit trail keep every step.
public struct Transfer: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<Transfer, Int64>

    /// TR-3: the grounds of Reglamento art. 159 (mapping to its items [OPEN]).
    public enum Ground: String, Hashable, Sendable, CaseIterable, Codable {
        case seguridad, hacinamiento, salud
        case hospitalMental = "hospital_mental"
        case acercamientoFamiliar = "acercamiento_familiar"
        case progresionRegresion = "progresion_regresion"
        case clasificacion
        case mandatoJudicial = "mandato_judicial"
        case solicitudInterno = "solicitud_interno"
        case otro
    }

    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        case requested, approved
        case inTransit = "in_transit"
        case received, refused, cancelled

        /// Still to happen or happening: at most one such transfer per person.
        public var isOpen: Bool { self == .requested || self == .approved || self == .inTransit }
    }

    /// Who decides (TR-2: a security transfer needs the Director of the Oficina Regional).
    public enum Authority: String, Hashable, Sendable, CaseIterable, Codable {
        case directorRegional = "director_regional"
        case presidenciaInpe = "presidencia_inpe"
        case directorEstablecimiento = "director_establecimiento"
        case juez
    }

    public var id: ID
    public var personID: Person.ID
    public var episodeID: CustodyEpisode.ID
    public var fromEstablishmentID: Establishment.ID
    public var toEstablishmentID: Establishment.ID
    /// The pavilion asked for at the destination (checked at the request and again at reception).
    public var toPavilionID: Pavilion.ID
    public var ground: Ground
    public var reason: String
    public var state: State
    public var requestedOn: CivilDate
    public var authority: Authority?
    public var resolution: String?
    public var decidedOn: CivilDate?
    /// TR-4: the day the person was notified, and the last day of the appeal window (15 working days).
    public var notifiedOn: CivilDate?
    public var appealUntil: CivilDate?
    /// TR-6: the court in charge of a procesado's case, notified of the approved transfer.
    public var courtNotified: String?
    /// ISO instants (UTC) of departure and reception.
    public var departedAt: String?
    public var receivedAt: String?
    /// Why it was refused or cancelled.
    public var closingReason: String?
    public var version: Int
    /// Codes for people and programs reading a list: establishments' codes and the pavilion's.
    public var fromEstablishmentCode: String
    public var toEstablishmentCode: String
    public var toPavilionCode: String

    public init(
        id: ID, personID: Person.ID, episodeID: CustodyEpisode.ID, fromEstablishmentID: Establishment.ID,
        toEstablishmentID: Establishment.ID, toPavilionID: Pavilion.ID, ground: Ground, reason: String, state: State,
        requestedOn: CivilDate, authority: Authority?, resolution: String?, decidedOn: CivilDate?, notifiedOn: CivilDate?,
        appealUntil: CivilDate?, courtNotified: String?, departedAt: String?, receivedAt: String?, closingReason: String?,
        version: Int, fromEstablishmentCode: String, toEstablishmentCode: String, toPavilionCode: String
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.fromEstablishmentID = fromEstablishmentID
        self.toEstablishmentID = toEstablishmentID
        self.toPavilionID = toPavilionID
        self.ground = ground
        self.reason = reason
        self.state = state
        self.requestedOn = requestedOn
        self.authority = authority
        self.resolution = resolution
        self.decidedOn = decidedOn
        self.notifiedOn = notifiedOn
        self.appealUntil = appealUntil
        self.courtNotified = courtNotified
        self.departedAt = departedAt
        self.receivedAt = receivedAt
        self.closingReason = closingReason
        self.version = version
        self.fromEstablishmentCode = fromEstablishmentCode
        self.toEstablishmentCode = toEstablishmentCode
        self.toPavilionCode = toPavilionCode
    }
}

extension Transfer {
    /// Whether a caller who sees `establishments` (all, when `nil`) sees the transfer: it leaves or reaches one.
    public func isVisible(within establishments: Set<String>?) -> Bool {
        guard let establishments else { return true }
        return establishments.contains(fromEstablishmentCode) || establishments.contains(toEstablishmentCode)
    }
}

/// A transfer asked for: the person, where to, why; a warden's override of a keep-apart or stage conflict at the
/// destination, if any.
public struct TransferRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var toEstablishmentCode: String
    public var toPavilionCode: String
    public var ground: Transfer.Ground
    public var reason: String
    public var requestedOn: CivilDate
    public var override: PlacementOverrideRequest?
    /// The court-ordered transfer order this request executes (issue 13): linked in the request's transaction.
    public var inboundOrderID: InboundOrder.ID? = nil

    public init(
        personID: Person.ID, toEstablishmentCode: String, toPavilionCode: String, ground: Transfer.Ground, reason: String,
        requestedOn: CivilDate, override: PlacementOverrideRequest? = nil
    ) {
        self.personID = personID
        self.toEstablishmentCode = toEstablishmentCode
        self.toPavilionCode = toPavilionCode
        self.ground = ground
        self.reason = reason
        self.requestedOn = requestedOn
        self.override = override
    }
}

/// A step of a transfer's life after the request.
public struct TransferStep: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable, Codable {
        case approve, refuse, cancel, depart, receive
    }

    public var id: Transfer.ID
    public var action: Action
    /// The day of the step (decision, departure, reception).
    public var on: CivilDate
    /// approve: who decided, under which resolution, and the day the person was notified (TR-4).
    public var authority: Transfer.Authority?
    public var resolution: String?
    public var notifiedOn: CivilDate?
    /// refuse, cancel: why.
    public var reason: String?
    /// receive: the pavilion at the destination, when not the one asked for; and a warden's override.
    public var pavilionCode: String?
    public var override: PlacementOverrideRequest?

    public init(
        id: Transfer.ID, action: Action, on: CivilDate, authority: Transfer.Authority? = nil, resolution: String? = nil,
        notifiedOn: CivilDate? = nil, reason: String? = nil, pavilionCode: String? = nil,
        override: PlacementOverrideRequest? = nil
    ) {
        self.id = id
        self.action = action
        self.on = on
        self.authority = authority
        self.resolution = resolution
        self.notifiedOn = notifiedOn
        self.reason = reason
        self.pavilionCode = pavilionCode
        self.override = override
    }
}
