/// Days of certified work or study (redención de pena, CEP arts. 44-47), recorded for a custody episode.
public struct RedemptionRecord: Hashable, Sendable {
    public enum Activity: String, Sendable, CaseIterable, Codable { case work, study }

    public var episodeID: CustodyEpisode.ID
    public var activity: Activity
    public var fromDate: CivilDate
    public var toDate: CivilDate
    /// Days actually worked or studied in the period.
    public var days: Int
    /// Study counts only with the periodic evaluation passed.
    public var evaluationPassed: Bool
    /// Who certified the days (the establishment's work or education office).
    public var certifiedBy: String

    public init(
        episodeID: CustodyEpisode.ID, activity: Activity, fromDate: CivilDate, toDate: CivilDate, days: Int,
        evaluationPassed: Bool, certifiedBy: String
    ) {
        self.episodeID = episodeID
        self.activity = activity
        self.fromDate = fromDate
        self.toDate = toDate
        self.days = days
        self.evaluationPassed = evaluationPassed
        self.certifiedBy = certifiedBy
    }
}

/// Days not counted in the pretrial term (CPP art. 275.1: malicious delay by the defence), by court resolution.
public struct SuspensionRecord: Hashable, Sendable {
    public var episodeID: CustodyEpisode.ID
    public var fromDate: CivilDate
    public var toDate: CivilDate
    public var resolution: String

    public init(episodeID: CustodyEpisode.ID, fromDate: CivilDate, toDate: CivilDate, resolution: String) {
        self.episodeID = episodeID
        self.fromDate = fromDate
        self.toDate = toDate
        self.resolution = resolution
    }
}

/// Record days of work or study for a person in custody.
public struct RedemptionRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var activity: RedemptionRecord.Activity
    public var fromDate: CivilDate
    public var toDate: CivilDate
    public var days: Int
    public var evaluationPassed: Bool
    public var certifiedBy: String

    public init(
        personID: Person.ID, activity: RedemptionRecord.Activity, fromDate: CivilDate, toDate: CivilDate, days: Int,
        evaluationPassed: Bool, certifiedBy: String
    ) {
        self.personID = personID
        self.activity = activity
        self.fromDate = fromDate
        self.toDate = toDate
        self.days = days
        self.evaluationPassed = evaluationPassed
        self.certifiedBy = certifiedBy
    }
}

/// Record an art. 275 suspension of the pretrial term ordered by a court.
public struct SuspensionRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var fromDate: CivilDate
    public var toDate: CivilDate
    public var resolution: String

    public init(personID: Person.ID, fromDate: CivilDate, toDate: CivilDate, resolution: String) {
        self.personID = personID
        self.fromDate = fromDate
        self.toDate = toDate
        self.resolution = resolution
    }
}

/// Checks on recorded work, study and suspensions.
public enum LegalRecordRules {
    public static func validate(_ request: RedemptionRequest, person: Person?, episode: CustodyEpisode?, asOf: CivilDate)
        -> [ValidationMessage]
    {
        guard person != nil else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard let episode else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages = periodChecks(from: request.fromDate, to: request.toDate, episode: episode, asOf: asOf)
        if request.days < 1 || request.days > request.fromDate.days(until: request.toDate) + 1 {
            messages.append(ValidationMessage(.redemptionDaysOutOfRange, field: "days"))
        }
        if request.certifiedBy.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.certifierRequired, field: "certified_by"))
        }
        messages += TextLimits.check(request.certifiedBy, field: "certified_by")
        return messages
    }

    public static func validate(_ request: SuspensionRequest, person: Person?, episode: CustodyEpisode?, asOf: CivilDate)
        -> [ValidationMessage]
    {
        guard person != nil else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard let episode else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages = periodChecks(from: request.fromDate, to: request.toDate, episode: episode, asOf: asOf)
        if episode.proceduralStatus != .unsentenced {
            messages.append(ValidationMessage(.suspensionNotPretrial, field: "person_number"))
        }
        if request.resolution.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.referenceRequired, field: "resolution"))
        }
        messages += TextLimits.check(request.resolution, field: "resolution")
        return messages
    }

    static func periodChecks(from: CivilDate, to: CivilDate, episode: CustodyEpisode, asOf: CivilDate) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if to < from { messages.append(ValidationMessage(.periodEndsBeforeStart, field: "to")) }
        if to > asOf { messages.append(ValidationMessage(.periodInFuture, field: "to")) }
        if from < (episode.arrestedOn ?? episode.admittedOn) {
            messages.append(ValidationMessage(.periodBeforeCustody, field: "from"))
        }
        return messages
    }
}
