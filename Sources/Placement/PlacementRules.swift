import CustodiaCore

/// What the rules need to know about the place, loaded by the store inside the transaction that will write the
/// change, so that the decision and the write see the same state.
public struct PlacementTarget: Sendable {
    public var establishment: Establishment?
    public var pavilion: Pavilion?
    /// `nil` when no cell was asked for; `.some(nil)` when asked for and not found.
    public var cell: Cell??
    /// The regimes and stages the pavilion declares it holds (none declared: any).
    public var regimes: [Regime]

    public init(establishment: Establishment?, pavilion: Pavilion?, cell: Cell??, regimes: [Regime] = []) {
        self.establishment = establishment
        self.pavilion = pavilion
        self.cell = cell
        self.regimes = regimes
    }
}

/// Someone a keep-apart record keeps away from the person being placed, and where they are now.
public struct KeepApartPartner: Hashable, Sendable {
    public var keepApartID: KeepApart.ID
    public var scope: KeepApart.Scope
    public var personID: Person.ID
    public var establishmentID: Establishment.ID
    public var pavilionID: Pavilion.ID
    public var cellID: Cell.ID?

    public init(
        keepApartID: KeepApart.ID, scope: KeepApart.Scope, personID: Person.ID, establishmentID: Establishment.ID,
        pavilionID: Pavilion.ID, cellID: Cell.ID?
    ) {
        self.keepApartID = keepApartID
        self.scope = scope
        self.personID = personID
        self.establishmentID = establishmentID
        self.pavilionID = pavilionID
        self.cellID = cellID
    }
}

/// What the rules need to know about the person beyond their sex and legal status: age, classification and the
/// keep-apart partners held in the target establishment (the store's `placementContext` loads it).
public struct PlacementContext: Sendable {
    public var birthDate: CivilDate?
    /// The current decision of the Junta; `nil` while unclassified.
    public var regime: Regime?
    public var partners: [KeepApartPartner]

    public init(birthDate: CivilDate?, regime: Regime?, partners: [KeepApartPartner]) {
        self.birthDate = birthDate
        self.regime = regime
        self.partners = partners
    }

    /// Nothing known beyond sex and status (a person new to the register has no classification and no record).
    public static func newPerson(birthDate: CivilDate?) -> PlacementContext {
        PlacementContext(birthDate: birthDate, regime: nil, partners: [])
    }
}

/// Where a person may be placed (docs/legal/peru-operations.md section 2): the one check behind every movement.
/// Each reason comes back as a validation message with its field; `ValidationCode.isOverridable` says which a
/// warden may authorise (`decide`).
public enum PlacementPolicy {
    public static func check(
        _ movement: Movement, on day: CivilDate, sex: Sex?, status: ProceduralStatus?, target: PlacementTarget,
        current: Placement?, context: PlacementContext
    ) -> [ValidationMessage] {
        guard let establishment = target.establishment else {
            return [ValidationMessage(.establishmentUnknown, field: "establishment_code")]
        }
        var messages: [ValidationMessage] = []
        if let sex, !establishment.housedSex.houses(sex) {  // SEP-1
            messages.append(ValidationMessage(.establishmentSexMismatch, field: "establishment_code"))
        }
        guard let pavilion = target.pavilion, pavilion.establishmentID == establishment.id else {
            messages.append(ValidationMessage(.pavilionUnknown, field: "pavilion_code"))
            return messages
        }
        if let sex, !pavilion.housedSex.houses(sex) {  // SEP-1
            messages.append(ValidationMessage(.pavilionSexMismatch, field: "pavilion_code"))
        }
        if let status, pavilion.proceduralStatus != status {  // SEP-2
            messages.append(ValidationMessage(.pavilionStatusMismatch, field: "pavilion_code"))
        }
        if let cell = target.cell, cell == nil || cell!.pavilionID != pavilion.id {
            messages.append(ValidationMessage(.cellUnknown, field: "cell_code"))
        }
        if let current, current.cellID == nil, current.pavilionID == pavilion.id, target.cell == nil {
            messages.append(ValidationMessage(.samePavilion, field: "pavilion_code"))
        }
        messages += age(on: day, birthDate: context.birthDate, pavilion: pavilion)
        messages += regime(context.regime, declared: target.regimes)
        messages += keepApart(target: target, current: current, partners: context.partners)
        return messages
    }

    /// SEP-3: under-18s only in an area for adolescents, and nobody older there.
    static func age(on day: CivilDate, birthDate: CivilDate?, pavilion: Pavilion) -> [ValidationMessage] {
        guard let birthDate else { return [] }
        let minor = birthDate.wholeYears(until: day) < 18
        switch (minor, pavilion.ageGroup) {
        case (true, .adults): return [ValidationMessage(.minorWithAdults, field: "pavilion_code")]
        case (false, .adolescents): return [ValidationMessage(.adultWithMinors, field: "pavilion_code")]
        default: return []
        }
    }

    /// SEP-5: Extrema Seguridad only in a pavilion that holds Extrema Seguridad alone, and nobody else there
    /// (absolute); any other stage where the pavilion declares it (a warden may authorise otherwise).
    static func regime(_ regime: Regime?, declared: [Regime]) -> [ValidationMessage] {
        let extreme = Regime.rceExtremaSeguridad
        if regime == extreme, Set(declared) != [extreme] {
            return [ValidationMessage(.extremeSecurityArea, field: "pavilion_code")]
        }
        if regime != extreme, declared.contains(extreme) {
            return [ValidationMessage(.extremeSecurityArea, field: "pavilion_code")]
        }
        if let regime, !declared.isEmpty, !declared.contains(regime) {
            return [ValidationMessage(.regimeMismatch, field: "pavilion_code", detail: regime.rawValue)]
        }
        return []
    }

    /// SEP-6: one message per keep-apart record with a partner in the place (`keepApartConflicts`).
    static func keepApart(target: PlacementTarget, current: Placement?, partners: [KeepApartPartner])
        -> [ValidationMessage]
    {
        var seen: Set<KeepApart.ID> = []
        return keepApartConflicts(target: target, current: current, partners: partners).compactMap { partner in
            guard seen.insert(partner.keepApartID).inserted else { return nil }
            let field =
                switch partner.scope {
                case .establishment: "establishment_code"
                case .pavilion: "pavilion_code"
                case .cell: "cell_code"
                }
            return ValidationMessage(.keepApartConflict, field: field, detail: "#\(partner.keepApartID.rawValue)")
        }
    }

    /// The keep-apart partners already in the place at their record's scope, when the movement changes the
    /// person's place at that scope (a move within the pavilion does not reopen a pavilion-wide conflict a warden
    /// already authorised; an admission always changes every place).
    public static func keepApartConflicts(target: PlacementTarget, current: Placement?, partners: [KeepApartPartner])
        -> [KeepApartPartner]
    {
        guard let establishment = target.establishment, let pavilion = target.pavilion else { return [] }
        let cell = (target.cell ?? nil)?.id
        return partners.filter { partner in
            switch partner.scope {
            case .establishment:
                partner.establishmentID == establishment.id && current?.establishmentID != establishment.id
            case .pavilion: partner.pavilionID == pavilion.id && current?.pavilionID != pavilion.id
            case .cell: cell != nil && partner.cellID == cell && current?.cellID != cell
            }
        }
    }

    /// The outcome of a movement's reasons: placed (with the reasons a warden overrode, to record), or refused.
    public enum Decision: Equatable, Sendable {
        case place(overridden: [ValidationMessage])
        case refuse([ValidationMessage])
    }

    /// Places when nothing stands in the way, or when every reason is overridable and a warden authorised it with
    /// a resolution and a written reason; refuses otherwise, with every reason and what the authorisation lacks.
    public static func decide(_ messages: [ValidationMessage], override: PlacementOverrideRequest?) -> Decision {
        if messages.isEmpty { return .place(overridden: []) }
        guard let override, messages.allSatisfy(\.code.isOverridable) else { return .refuse(messages) }
        var problems: [ValidationMessage] = []
        if !override.authorized { problems.append(ValidationMessage(.overrideForbidden, field: "override")) }
        if override.resolution.trimmingWhitespace().isEmpty {
            problems.append(ValidationMessage(.overrideResolutionRequired, field: "override.resolution"))
        }
        if override.reason.trimmingWhitespace().isEmpty {
            problems.append(ValidationMessage(.overrideReasonRequired, field: "override.reason"))
        }
        problems += TextLimits.check(override.resolution, field: "override.resolution")
        problems += TextLimits.check(override.reason, field: "override.reason")
        return problems.isEmpty ? .place(overridden: messages) : .refuse(messages + problems)
    }
}

extension Admission {
    /// Every admission rule, placement last: the person must fit the establishment, pavilion and cell asked for.
    public static func validate(
        _ request: AdmissionRequest, in context: Context, target: PlacementTarget, placement: PlacementContext? = nil
    ) -> [ValidationMessage] {
        let checked = validateExceptPlacement(request, in: context)
        // A birth date the identity rules refuse says nothing about age.
        let birthDateRefused = checked.messages.contains { $0.field.hasSuffix("birth_date") }
        let birthDate: CivilDate? =
            switch request.subject {
            case _ where birthDateRefused: nil
            case .new(let person): person.birthDate
            case .existing: context.existingPerson?.birthDate
            }
        var placement = placement ?? .newPerson(birthDate: birthDate)
        if birthDateRefused { placement.birthDate = nil }
        return checked.messages
            + PlacementPolicy.check(
                .admission, on: request.admittedOn, sex: checked.sex, status: checked.status, target: target,
                current: nil, context: placement)
    }
}
