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
        public var knownArticles: Set<String>
        /// The pretrial limits of the rule table in force on the as-of day.
        public var pretrialLimits: PretrialLimits

        public init(
            asOf: CivilDate, existingPerson: Person?, openEpisode: CustodyEpisode?, documentOwner: Person.ID?,
            knownArticles: Set<String>, pretrialLimits: PretrialLimits
        ) {
            self.pretrialLimits = pretrialLimits
            self.asOf = asOf
            self.existingPerson = existingPerson
            self.openEpisode = openEpisode
            self.documentOwner = documentOwner
            self.knownArticles = knownArticles
        }
    }

    /// What the admission rules outside placement found, and what placement needs to know about the person:
    /// the sex of the person and the procedural status the order gives (nil when either is unknown).
    public struct Checked: Sendable {
        public var messages: [ValidationMessage]
        public var sex: Sex?
        public var status: ProceduralStatus?
    }

    /// Every admission rule but where the person is placed; `Placement` adds that check.
    public static func validateExceptPlacement(_ request: AdmissionRequest, in context: Context) -> Checked {
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
        return Checked(messages: messages, sex: sex, status: status)
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
