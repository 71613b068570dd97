import CustodiaCore

/// What the rules need to know about the world, loaded by the store inside the transaction that will
/// write the change, so that the decision and the write see the same state.
public struct PlacementTarget: Sendable {
    public var establishment: Establishment?
    public var pavilion: Pavilion?
    /// `nil` when no cell was asked for; `.some(nil)` when asked for and not found.
    public var cell: Cell??

    public init(establishment: Establishment?, pavilion: Pavilion?, cell: Cell??) {
        self.establishment = establishment
        self.pavilion = pavilion
        self.cell = cell
    }
}

/// Shared placement checks for admissions and moves.
public enum PlacementRules {
    public static func validate(
        target: PlacementTarget, sex: Sex?, status: ProceduralStatus?, field: String, currentPavilion: Pavilion.ID?
    ) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        let prefix = field.isEmpty ? "" : field + "."
        guard let establishment = target.establishment else {
            return [ValidationMessage(.establishmentUnknown, field: prefix + "establishment_code")]
        }
        if let sex, !establishment.housedSex.houses(sex) {
            messages.append(ValidationMessage(.establishmentSexMismatch, field: prefix + "establishment_code"))
        }
        guard let pavilion = target.pavilion, pavilion.establishmentID == establishment.id else {
            messages.append(ValidationMessage(.pavilionUnknown, field: prefix + "pavilion_code"))
            return messages
        }
        if let sex, !pavilion.housedSex.houses(sex) {
            messages.append(ValidationMessage(.pavilionSexMismatch, field: prefix + "pavilion_code"))
        }
        if let status, pavilion.proceduralStatus != status {
            messages.append(ValidationMessage(.pavilionStatusMismatch, field: prefix + "pavilion_code"))
        }
        if let cell = target.cell, cell == nil || cell!.pavilionID != pavilion.id {
            messages.append(ValidationMessage(.cellUnknown, field: prefix + "cell_code"))
        }
        if currentPavilion == pavilion.id, target.cell == nil {
            messages.append(ValidationMessage(.samePavilion, field: prefix + "pavilion_code"))
        }
        return messages
    }
}

extension Admission {
    /// Every admission rule, placement last: the person must fit the establishment, pavilion and cell asked for.
    public static func validate(_ request: AdmissionRequest, in context: Context, target: PlacementTarget)
        -> [ValidationMessage]
    {
        let checked = validateExceptPlacement(request, in: context)
        return checked.messages
            + PlacementRules.validate(
                target: target, sex: checked.sex, status: checked.status, field: "", currentPavilion: nil)
    }
}
