import CustodiaCore

/// Traslado interno between pavilions.
public enum Move {
    public struct Context: Sendable {
        public var asOf: CivilDate
        public var person: Person?
        public var openEpisode: CustodyEpisode?
        public var currentPlacement: Placement?
        public var target: PlacementTarget
        /// Classification and keep-apart partners; `nil`: the person's birth date alone.
        public var placement: PlacementContext?

        public init(
            asOf: CivilDate, person: Person?, openEpisode: CustodyEpisode?, currentPlacement: Placement?,
            target: PlacementTarget, placement: PlacementContext? = nil
        ) {
            self.placement = placement
            self.asOf = asOf
            self.person = person
            self.openEpisode = openEpisode
            self.currentPlacement = currentPlacement
            self.target = target
        }
    }

    public static func validate(_ request: MoveRequest, in context: Context) -> [ValidationMessage] {
        guard let person = context.person else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard let episode = context.openEpisode, let current = context.currentPlacement else {
            return [ValidationMessage(.notInCustody, field: "person_number")]
        }
        var messages: [ValidationMessage] = []
        if request.movedOn > context.asOf {
            messages.append(ValidationMessage(.moveInFuture, field: "moved_on"))
        }
        if request.movedOn < current.fromDate {
            messages.append(ValidationMessage(.moveBeforePlacement, field: "moved_on"))
        }
        messages += TextLimits.check(request.reason, field: "reason")
        messages += PlacementPolicy.check(
            .move, on: request.movedOn, sex: person.sex, status: episode.proceduralStatus, target: context.target,
            current: current, context: context.placement ?? .newPerson(birthDate: person.birthDate))
        return messages
    }
}
