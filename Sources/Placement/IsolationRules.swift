import CustodiaCore

/// The limits of disciplinary isolation (docs/legal/peru-operations.md section 3; Mandela Rules 43-45).
public enum IsolationRules {
    /// DS-3: at most 15 consecutive days (hard).
    public static let maximumDays = 15
    /// DS-3: a new streak starts after at least 7 days out of isolation [OPEN].
    public static let daysOutToRestart = 7
    /// DS-4: no isolation over 60 years of age (Peru) nor under 18.
    public static let oldestAge = 60
    /// Alerts while isolated: day 14 (the end is near), day 16 (kept beyond the cap by other means).
    public static let alertDay = 14
    public static let breachDay = 16

    /// Consecutive days of isolation in the streak that holds `day` (isolations closer than 7 days out join it).
    public static func streak(containing day: CivilDate, in isolations: [(CivilDate, CivilDate)]) -> Int {
        let sorted = isolations.sorted { $0.0 < $1.0 }
        var chains: [[(CivilDate, CivilDate)]] = []
        for interval in sorted {
            if let last = chains.last?.last, last.1.days(until: interval.0) - 1 < daysOutToRestart {
                chains[chains.count - 1].append(interval)
            } else {
                chains.append([interval])
            }
        }
        guard let chain = chains.first(where: { $0.contains { $0.0 <= day && day <= $0.1 } }) else { return 0 }
        // Days isolated in the chain up to `day`.
        return chain.reduce(0) { total, interval in
            guard interval.0 <= day else { return total }
            return total + interval.0.days(until: min(interval.1, day)) + 1
        }
    }

    /// An isolation order: the medical report first (DS-5), no protected person (DS-4), the acta and a reason
    /// (DS-7), at least a day, and never more than 15 consecutive days with the isolations already decided (DS-3).
    public static func validate(
        _ request: IsolationRequest, person: Person?, inCustody: Bool, existing: [Isolation], asOf: CivilDate
    ) -> [ValidationMessage] {
        guard let person else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        guard inCustody else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages: [ValidationMessage] = []
        if request.days < 1 { messages.append(ValidationMessage(.valueOutOfRange, field: "days", detail: "≥ 1")) }
        if request.resolution.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.isolationResolutionRequired, field: "resolution"))
        }
        if request.reason.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.transferReasonRequired, field: "reason"))
        }
        messages += TextLimits.check(request.resolution, field: "resolution") + TextLimits.check(request.reason, field: "reason")
        guard let report = request.medicalReport, !report.reference.trimmingWhitespace().isEmpty else {
            return messages + [ValidationMessage(.isolationMedicalClearance, field: "medical_report")]
        }
        if report.protectedCondition {
            messages.append(ValidationMessage(.isolationProtected, field: "medical_report.protected_condition"))
        }
        if let born = person.birthDate {
            let age = born.wholeYears(until: request.startsOn)
            if age > oldestAge || age < 18 {
                messages.append(ValidationMessage(.isolationProtected, field: "person_number", detail: "\(age)"))
            }
        }
        if request.startsOn < asOf.adding(days: -1) {
            messages.append(ValidationMessage(.valueOutOfRange, field: "starts_on", detail: "≥ \(asOf.adding(days: -1))"))
        }
        guard request.days >= 1 else { return messages }
        if existing.contains(where: { $0.startsOn <= request.endOn && request.startsOn <= $0.endOn }) {
            messages.append(ValidationMessage(.isolationOverlap, field: "starts_on"))
            return messages
        }
        let intervals = existing.map { ($0.startsOn, $0.endOn) } + [(request.startsOn, request.endOn)]
        // The longest streak any day of the new order would reach (a later isolation may join it too).
        let longest = (0..<request.days).map { streak(containing: request.startsOn.adding(days: $0), in: intervals) }.max() ?? 0
        let after = existing.filter { $0.startsOn > request.endOn }.map { streak(containing: $0.endOn, in: intervals) }
        if max(longest, after.max() ?? 0) > maximumDays {
            messages.append(
                ValidationMessage(.isolationMaximum, field: "days", detail: "\(max(longest, after.max() ?? 0)) > \(maximumDays)"))
        }
        return messages
    }

    /// A lift: of the person's own isolation, not lifted already, on a day from its first to the day before its
    /// planned end, not after today, with a reason.
    public static func validate(_ lift: IsolationLift, isolation: Isolation?, asOf: CivilDate) -> [ValidationMessage] {
        guard let isolation, isolation.personID == lift.personID else {
            return [ValidationMessage(.isolationUnknown, field: "id")]
        }
        var messages: [ValidationMessage] = []
        if isolation.liftedOn != nil { messages.append(ValidationMessage(.isolationAlreadyLifted, field: "id")) }
        if lift.lastDay < isolation.startsOn || lift.lastDay >= isolation.plannedEndOn {
            messages.append(
                ValidationMessage(
                    .valueOutOfRange, field: "last_day",
                    detail: "\(isolation.startsOn) … \(isolation.plannedEndOn.adding(days: -1))"))
        }
        if lift.lastDay > asOf { messages.append(ValidationMessage(.transferInFuture, field: "last_day")) }
        if lift.reason.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.transferReasonRequired, field: "reason"))
        }
        return messages + TextLimits.check(lift.reason, field: "reason")
    }

    /// Days spent in isolation in the twelve months that end on `asOf` (shown on the file, Mandela Rule 45's record).
    public static func daysInLastYear(_ isolations: [Isolation], asOf: CivilDate) -> Int {
        let from = asOf.adding(months: -12).adding(days: 1)
        return isolations.reduce(0) { total, i in
            let start = max(i.startsOn, from)
            let end = min(i.endOn, asOf)
            return start <= end ? total + start.days(until: end) + 1 : total
        }
    }
}

extension IsolationRules {
    /// What is wrong with a day's health check: of the person's own isolation, a day it covers and not after today,
    /// the minute on that day and not in the future, and who made it.
    public static func validate(_ check: IsolationCheck, isolation: Isolation?, now: LocalTime) -> [ValidationMessage] {
        guard let isolation, isolation.personID == check.personID else {
            return [ValidationMessage(.isolationUnknown, field: "id")]
        }
        var messages: [ValidationMessage] = []
        if !isolation.covers(check.day) || check.day > now.date {
            messages.append(
                ValidationMessage(.valueOutOfRange, field: "day", detail: "\(isolation.startsOn) – \(isolation.endOn)"))
        }
        if check.at.date != check.day || check.at > now { messages.append(ValidationMessage(.valueOutOfRange, field: "at")) }
        if check.by.trimmingWhitespace().isEmpty { messages.append(ValidationMessage(.isolationCheckByRequired, field: "by")) }
        messages += TextLimits.check(check.by, field: "by") + TextLimits.check(check.note ?? "", field: "note")
        return messages
    }
}
