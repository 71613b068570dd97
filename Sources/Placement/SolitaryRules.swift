import CustodiaCore

/// CL-13: Mandela Rule 44 calls solitary confinement 22 hours or more a day without meaningful human contact, and
/// Rule 43 prohibits it beyond 15 consecutive days. Extrema Seguridad (a single cell, one hour of yard) is solitary
/// unless contact is provided, so each day counts as solitary unless a record shows two hours of contact; an alert
/// on day 10, a breach on day 16 (worked example 22).
public enum SolitaryRules {
    public static let meaningfulMinutes = 120
    public static let alertDay = 10
    public static let breachDay = 16

    /// Consecutive days of solitary confinement ending on `asOf`, counting from `start` (the day the regime began)
    /// or from the day after the last day with meaningful contact, whichever is later; 0 before `start`.
    public static func streak(start: CivilDate, lastContact: CivilDate?, asOf: CivilDate) -> Int {
        var from = start
        if let lastContact, lastContact >= start { from = lastContact.adding(days: 1) }
        return max(0, from.days(until: asOf) + 1)
    }

    /// The alert a streak raises, with the day it began.
    public static func alert(streak: Int) -> AlertKind? {
        streak >= breachDay ? .prolongedSolitary : streak >= alertDay ? .solitaryDays : nil
    }

    /// A day's record: in custody that day, not after the as-of day, within a day's minutes.
    public static func validate(_ day: ContactDay, admittedOn: CivilDate?, asOf: CivilDate) -> [ValidationMessage] {
        guard let admittedOn else { return [ValidationMessage(.notInCustody, field: "person_number")] }
        var messages: [ValidationMessage] = []
        if day.day > asOf { messages.append(ValidationMessage(.transferInFuture, field: "day")) }
        if day.day < admittedOn { messages.append(ValidationMessage(.intakeBeforeAdmission, field: "day")) }
        if !(0...1_440).contains(day.minutes) {
            messages.append(ValidationMessage(.valueOutOfRange, field: "minutes", detail: "0-1440"))
        }
        messages += TextLimits.check(day.note ?? "", field: "note")
        return messages
    }
}
