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

/// The rules of admission (ingreso). Mandela Rule 7: no person shall be received without a valid
/// commitment order; Rule 11: separation of the sexes and of untried from convicted prisoners.
public enum Admission {
    public struct Context: Sendable {
        public var asOf: CivilDate
        /// The registered person, for `.existing` subjects (nil when unknown).
        public var existingPerson: Person?
        /// The person's open episode, if any.
        public var openEpisode: CustodyEpisode?
        /// Another person already registered with the new person's document, if any.
        public var documentOwner: Person.ID?
        public var target: PlacementTarget
        public var knownArticles: Set<String>
        /// The pretrial limits of the rule table in force on the as-of day.
        public var pretrialLimits: PretrialLimits

        public init(
            asOf: CivilDate, existingPerson: Person?, openEpisode: CustodyEpisode?, documentOwner: Person.ID?,
            target: PlacementTarget, knownArticles: Set<String>, pretrialLimits: PretrialLimits
        ) {
            self.pretrialLimits = pretrialLimits
            self.asOf = asOf
            self.existingPerson = existingPerson
            self.openEpisode = openEpisode
            self.documentOwner = documentOwner
            self.target = target
            self.knownArticles = knownArticles
        }
    }

    public static func validate(_ request: AdmissionRequest, in context: Context) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        var sex: Sex?
        switch request.subject {
        case .existing:
            if let person = context.existingPerson {
                sex = person.sex
            } else {
                messages.append(ValidationMessage(.personUnknown, field: "person_number"))
            }
        case .new(let person):
            messages += PersonRules.validate(person, asOf: context.asOf, field: "person")
            if context.documentOwner != nil {
                messages.append(ValidationMessage(.documentAlreadyRegistered, field: "person.document.number"))
            }
            sex = person.sex
        }
        if context.openEpisode != nil {
            messages.append(ValidationMessage(.alreadyInCustody, field: "person_number"))
        }
        if request.admittedOn > context.asOf {
            messages.append(ValidationMessage(.admissionInFuture, field: "admitted_on"))
        }
        if let arrested = request.arrestedOn, arrested > request.admittedOn {
            messages.append(ValidationMessage(.arrestAfterAdmission, field: "arrested_on"))
        }
        if request.sendingAuthority.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.authorityRequired, field: "sending_authority"))
        }
        messages += TextLimits.check(request.sendingAuthority, field: "sending_authority")
        messages += TextLimits.check(request.arrestPlace ?? "", field: "arrest_place")
        messages += CaseRules.validate(request.legalCase, knownArticles: context.knownArticles, field: "case")

        var status: ProceduralStatus?
        if let order = request.order {
            if !order.kind.authorizesCustody {
                messages.append(ValidationMessage(.orderDoesNotAuthorize, field: "order.kind"))
            } else {
                status = order.kind.proceduralStatus
            }
            messages += OrderRules.validate(
                order, caseType: request.legalCase.caseType, limits: context.pretrialLimits, asOf: context.asOf, field: "order")
            if order.issuedOn > request.admittedOn {
                messages.append(ValidationMessage(.orderAfterAdmission, field: "order.issued_on"))
            }
        } else {
            messages.append(ValidationMessage(.orderRequired, field: "order"))
        }
        messages += PlacementRules.validate(
            target: context.target, sex: sex, status: status, field: "", currentPavilion: nil)
        return messages
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

/// Traslado interno between pavilions.
public enum Move {
    public struct Context: Sendable {
        public var asOf: CivilDate
        public var person: Person?
        public var openEpisode: CustodyEpisode?
        public var currentPlacement: Placement?
        public var target: PlacementTarget

        public init(
            asOf: CivilDate, person: Person?, openEpisode: CustodyEpisode?, currentPlacement: Placement?,
            target: PlacementTarget
        ) {
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
        messages += PlacementRules.validate(
            target: context.target, sex: person.sex, status: episode.proceduralStatus, field: "",
            currentPavilion: current.cellID == nil ? current.pavilionID : nil)
        return messages
    }
}

/// Egreso: release only of a person in custody, with a release order or a legal ground.
public enum ReleaseRule {
    public struct Context: Sendable {
        public var asOf: CivilDate
        public var person: Person?
        public var openEpisode: CustodyEpisode?
        /// Whether the open episode holds a temporary (not life) sentence.
        public var hasTemporarySentence: Bool

        public init(asOf: CivilDate, person: Person?, openEpisode: CustodyEpisode?, hasTemporarySentence: Bool) {
            self.asOf = asOf
            self.person = person
            self.openEpisode = openEpisode
            self.hasTemporarySentence = hasTemporarySentence
        }
    }

    public static func validate(_ request: ReleaseRequest, in context: Context) -> [ValidationMessage] {
        guard context.person != nil else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard let episode = context.openEpisode else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages: [ValidationMessage] = []
        if request.releasedOn > context.asOf {
            messages.append(ValidationMessage(.releaseInFuture, field: "released_on"))
        }
        if request.releasedOn < episode.admittedOn
            || (request.releasedOn == episode.admittedOn && request.releasedAt < episode.admittedAt)
        {
            messages.append(ValidationMessage(.releaseBeforeAdmission, field: "released_on"))
        }
        switch request.ground {
        case .courtOrder:
            if let order = request.order {
                if order.kind != .release {
                    messages.append(ValidationMessage(.releaseOrderKindInvalid, field: "order.kind"))
                }
                // A release order carries no term to check against the pretrial limits.
                messages += OrderRules.validate(order, caseType: nil, limits: nil, asOf: context.asOf, field: "order")
            } else {
                messages.append(ValidationMessage(.releaseOrderRequired, field: "order"))
            }
        case .sentenceServed:
            if !context.hasTemporarySentence || episode.proceduralStatus != .sentenced {
                messages.append(ValidationMessage(.releaseGroundNotApplicable, field: "ground"))
            }
        case .death:
            break
        }
        return messages
    }
}
