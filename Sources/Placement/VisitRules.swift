import CustodiaCore

/// What a regime or stage allows of family visits (CL-7, CL-9, CL-10; the table of docs/legal/peru-operations.md
/// section 1), and the defaults the spec leaves open.
public struct StageVisits: Hashable, Sendable {
    public enum Quota: Hashable, Sendable {
        /// At most this many family visits in a calendar month (CL-7: "month" read as calendar month, [OPEN]).
        case perCalendarMonth(Int)
        /// At least this many days between the dates of two family visits (CL-9: "1 per 2 weeks" = 14, [OPEN]).
        case daysBetween(Int)
    }

    public var quota: Quota?
    public var visitors: Int
    public var minutes: Int
    public var contactAllowed: Bool
    /// VI-3: only relatives within the 4th degree of consanguinity, the 2nd of affinity, or a spouse or partner.
    public var closeRelativesOnly: Bool
    /// VI-7: the visita íntima, by default not in Extrema Seguridad, A or B ([OPEN]).
    public var intimateAllowed: Bool

    /// The stage's rules; the ordinary regime's calendar is the establishment's ([OPEN], CL-10): no quota, three
    /// visitors for three hours in the same room, as stage C.
    public static func of(_ regime: Regime?) -> StageVisits {
        switch regime {
        case .rceExtremaSeguridad:
            StageVisits(
                quota: .perCalendarMonth(1), visitors: 1, minutes: 60, contactAllowed: false, closeRelativesOnly: true,
                intimateAllowed: false)
        case .rceA:
            StageVisits(
                quota: .daysBetween(14), visitors: 1, minutes: 60, contactAllowed: false, closeRelativesOnly: true,
                intimateAllowed: false)
        case .rceB:
            StageVisits(
                quota: .daysBetween(14), visitors: 2, minutes: 120, contactAllowed: false, closeRelativesOnly: true,
                intimateAllowed: false)
        case .rceC:
            StageVisits(
                quota: .daysBetween(14), visitors: 3, minutes: 180, contactAllowed: true, closeRelativesOnly: true,
                intimateAllowed: true)
        default:
            StageVisits(
                quota: nil, visitors: 3, minutes: 180, contactAllowed: true, closeRelativesOnly: false,
                intimateAllowed: true)
        }
    }
}

/// A declared emergency that narrows family visits in some departments for a time (CL-10: Lima and Callao from
/// 2025-10-22 for 30 days, extensions [OPEN]): days between visits by regime, close relatives only.
public struct VisitEmergency: Hashable, Sendable {
    public var departments: Set<String>
    public var from: CivilDate
    public var to: CivilDate
    public var ordinaryDays: Int
    public var specialDays: Int

    public static let limaCallao2025 = VisitEmergency(
        departments: ["Lima", "Callao"], from: CivilDate(year: 2025, month: 10, day: 22)!,
        to: CivilDate(year: 2025, month: 11, day: 20)!, ordinaryDays: 7, specialDays: 15)

    public static let all = [limaCallao2025]

    /// The emergency in force in a department on a day, if any.
    public static func inForce(department: String, on day: CivilDate) -> VisitEmergency? {
        all.first { $0.departments.contains(department) && $0.from <= day && day <= $0.to }
    }
}

/// What the store knows when a visit is asked for.
public struct VisitContext: Sendable {
    public var person: Person?
    /// The establishment holding the person now (none when not in custody).
    public var establishment: Establishment?
    public var placed: Bool
    public var regime: Regime?
    /// The visitors asked for that exist, by id.
    public var visitors: [Visitor.ID: Visitor]
    /// What each requested visitor is to the person, when registered as visiting them.
    public var relationships: [Visitor.ID: Relationship]
    /// The bans of the requested visitors.
    public var bans: [VisitorBan]
    /// The person's visits (standing or not).
    public var visits: [Visit]
    /// Visitors already booked in the establishment's visits that overlap the asked-for time.
    public var seatsTaken: Int
    /// Requested visitors booked the same day with a person of an organization kept apart from the person's.
    public var rivalVisitors: Set<Visitor.ID>
    /// The minute the register stands at.
    public var reference: LocalTime
    public var calendar: VisitCalendar
    /// Whether a standing sanction suspends the person's family visits on the visit's day (DS-11).
    public var suspended = false

    public init(
        person: Person?, establishment: Establishment?, placed: Bool, regime: Regime?, visitors: [Visitor.ID: Visitor],
        relationships: [Visitor.ID: Relationship], bans: [VisitorBan], visits: [Visit], seatsTaken: Int,
        rivalVisitors: Set<Visitor.ID>, reference: LocalTime, calendar: VisitCalendar = VisitCalendar()
    ) {
        self.person = person
        self.establishment = establishment
        self.placed = placed
        self.regime = regime
        self.visitors = visitors
        self.relationships = relationships
        self.bans = bans
        self.visits = visits
        self.seatsTaken = seatsTaken
        self.rivalVisitors = rivalVisitors
        self.reference = reference
        self.calendar = calendar
    }
}

/// The rules a visit is booked under (VI-1 … VI-8, CL-7, CL-9, CL-10, SEP-6). `input` is what is wrong with the
/// request itself (nothing is written); `rules` the rules that refuse a well-formed visit (the refusal is kept).
public struct VisitDecision: Hashable, Sendable {
    public var input: [ValidationMessage] = []
    public var rules: [ValidationMessage] = []
    public var accepted: Bool { input.isEmpty && rules.isEmpty }
}

public enum VisitRules {
    public static let longestMinutes = 240

    public static func decide(_ request: VisitRequest, context c: VisitContext) -> VisitDecision {
        var d = VisitDecision()
        guard c.person != nil else { return VisitDecision(input: [ValidationMessage(.personUnknown, field: "person_number")]) }
        guard let establishment = c.establishment, c.placed else {
            return VisitDecision(input: [ValidationMessage(.notInCustody, field: "person_number")])
        }
        // The request itself.
        if request.visitorIDs.isEmpty { d.input.append(ValidationMessage(.visitVisitorRequired, field: "visitor_ids")) }
        for (index, id) in request.visitorIDs.enumerated() where c.visitors[id] == nil {
            d.input.append(ValidationMessage(.visitorUnknown, field: "visitor_ids[\(index)]"))
        }
        if Set(request.visitorIDs).count != request.visitorIDs.count {
            d.input.append(ValidationMessage(.valueNotAllowed, field: "visitor_ids", detail: "repeated"))
        }
        if request.startsAt < c.reference { d.input.append(ValidationMessage(.visitInPast, field: "starts_at")) }
        if !(15...longestMinutes).contains(request.minutes) {
            d.input.append(ValidationMessage(.valueOutOfRange, field: "minutes", detail: "15–\(longestMinutes)"))
        }
        if c.visits.contains(where: { $0.stands && $0.startsAt < request.endsAt && request.startsAt < $0.endsAt }) {
            d.input.append(ValidationMessage(.visitOverlap, field: "starts_at"))
        }
        guard d.input.isEmpty else { return d }

        let day = request.startsAt.date
        let visitors = request.visitorIDs.compactMap { c.visitors[$0] }
        // Identity and conduct: bans bar every kind of visit (VI-5); the person's regime never bars a lawyer (VI-8).
        for (index, id) in request.visitorIDs.enumerated() {
            if c.bans.contains(where: {
                $0.visitorID == id && $0.bars(person: request.personID, establishment: establishment.id, on: day)
            }) {
                d.rules.append(ValidationMessage(.visitorBanned, field: "visitor_ids[\(index)]"))
            }
            if c.rivalVisitors.contains(id) {
                d.rules.append(ValidationMessage(.visitKeepApart, field: "visitor_ids[\(index)]"))
            }
        }
        if !c.calendar.admits(request.kind, from: request.startsAt, to: request.endsAt) {
            d.rules.append(ValidationMessage(.visitOutsideCalendar, field: "starts_at"))
        }
        if visitors.allSatisfy({ $0.isMinor(on: day) }) {
            d.rules.append(ValidationMessage(.visitMinorUnaccompanied, field: "visitor_ids"))
        }
        if request.kind.isProfessional {
            let wanted: Relationship =
                switch request.kind {
                case .lawyer: .lawyer
                case .consular: .consularOfficer
                default: .minister
                }
            for (index, id) in request.visitorIDs.enumerated() where c.relationships[id] != wanted {
                d.rules.append(ValidationMessage(.visitRelationship, field: "visitor_ids[\(index)]"))
            }
            return d
        }
        // A sanction's visit suspension bars family and intimate visits, never a lawyer's (DS-11, VI-8).
        if c.suspended { d.rules.append(ValidationMessage(.visitInmateSuspended, field: "person_number")) }
        let stage = StageVisits.of(c.regime)
        let emergency = VisitEmergency.inForce(department: establishment.department, on: day)
        let closeOnly = stage.closeRelativesOnly || emergency != nil
        for (index, id) in request.visitorIDs.enumerated() {
            let relationship = c.relationships[id]
            let fits: Bool =
                switch request.kind {
                case .intimate: relationship?.kinship == .spouse
                default: relationship.map { closeOnly ? $0.isCloseRelative : $0.isFamily } ?? false
                }
            if !fits {
                d.rules.append(
                    ValidationMessage(
                        relationship == nil ? .visitRelationship : .visitKinshipDegree, field: "visitor_ids[\(index)]"))
            }
        }
        if request.kind == .intimate {
            if !stage.intimateAllowed { d.rules.append(ValidationMessage(.visitIntimateNotAvailable, field: "kind")) }
            if request.visitorIDs.count > 1 {
                d.rules.append(ValidationMessage(.visitVisitorCount, field: "visitor_ids", detail: "≤ 1"))
            }
        } else {
            if request.visitorIDs.count > stage.visitors {
                d.rules.append(ValidationMessage(.visitVisitorCount, field: "visitor_ids", detail: "≤ \(stage.visitors)"))
            }
            if request.minutes > stage.minutes {
                d.rules.append(ValidationMessage(.visitDuration, field: "minutes", detail: "≤ \(stage.minutes)"))
            }
            if request.mode == .contact, !stage.contactAllowed {
                d.rules.append(ValidationMessage(.visitMode, field: "mode"))
            }
            if let refusal = quota(day, stage: stage, emergency: emergency, regime: c.regime, visits: c.visits) {
                d.rules.append(refusal)
            }
        }
        if c.seatsTaken + request.visitorIDs.count > c.calendar.seats(certifiedCapacity: establishment.certifiedCapacity) {
            d.rules.append(ValidationMessage(.visitSlotFull, field: "starts_at"))
        }
        return d
    }

    /// The most visitors in the room at once from `start` on, of visits given as (first minute, end, visitors): the
    /// room is at its fullest at `start` or at a minute one of them begins.
    public static func peak(from start: LocalTime, of visits: [(LocalTime, LocalTime, Int)]) -> Int {
        let moments = [start] + visits.map(\.0).filter { $0 > start }
        return moments.map { moment in
            visits.filter { $0.0 <= moment && moment < $0.1 }.reduce(0) { $0 + $1.2 }
        }.max() ?? 0
    }

    /// VI-6: the family visits standing on other days count; the stage's quota, and the emergency's days between
    /// visits where one is in force.
    static func quota(
        _ day: CivilDate, stage: StageVisits, emergency: VisitEmergency?, regime: Regime?, visits: [Visit]
    ) -> ValidationMessage? {
        let family = visits.filter { $0.stands && $0.kind == .family }.map(\.day)
        func tooClose(_ days: Int) -> Bool { family.contains { abs($0.days(until: day)) < days } }
        if let emergency {
            let days = regime?.ladder == .special ? emergency.specialDays : emergency.ordinaryDays
            if tooClose(days) { return ValidationMessage(.visitQuota, field: "starts_at", detail: "CL-10: \(days) d") }
        }
        switch stage.quota {
        case .perCalendarMonth(let most):
            let inMonth = family.filter { $0.year == day.year && $0.month == day.month }.count
            return inMonth >= most ? ValidationMessage(.visitQuota, field: "starts_at", detail: "CL-7: \(most)/mes") : nil
        case .daysBetween(let days):
            return tooClose(days) ? ValidationMessage(.visitQuota, field: "starts_at", detail: "CL-9: \(days) d") : nil
        case nil:
            return nil
        }
    }

    /// A visitor to register: a document that identifies them (VI-2), a name, an address; a birth date in the past.
    public static func validate(_ visitor: NewVisitor, asOf: CivilDate) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if visitor.document == .none { messages.append(ValidationMessage(.visitorDocumentRequired, field: "document.kind")) }
        if visitor.name.givenNames.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.givenNamesRequired, field: "given_names"))
        }
        if visitor.name.paternalSurname.trimmingWhitespace().isEmpty, visitor.name.maternalSurname.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.surnameRequired, field: "paternal_surname"))
        }
        for (text, field) in [
            (visitor.name.givenNames, "given_names"), (visitor.name.paternalSurname, "paternal_surname"),
            (visitor.name.maternalSurname, "maternal_surname"),
        ] where text.count > PersonRules.maximumNameLength {
            messages.append(ValidationMessage(.nameTooLong, field: field))
        }
        if visitor.address.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.visitorAddressRequired, field: "address"))
        }
        messages += TextLimits.check(visitor.address, field: "address")
        messages += TextLimits.check(visitor.photoReference ?? "", field: "photo_reference")
        if let birth = visitor.birthDate, birth > asOf {
            messages.append(ValidationMessage(.birthDateInFuture, field: "birth_date"))
        }
        return messages
    }
}
