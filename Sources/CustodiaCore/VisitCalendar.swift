/// The establishment's visiting calendar (VI-1; set per establishment by its warden, these the defaults until then): family and intimate
/// visits on Wednesday, Saturday and Sunday from 09:00 to 16:00; lawyers, consuls and ministers Monday to Friday
/// from 08:00 to 16:00 (VI-8, office hours in practice); the visiting room seats a tenth of the certified capacity,
/// at least 20.
public struct VisitCalendar: Hashable, Sendable {
    /// Monday = 0.
    public var familyWeekdays: Set<Int> = [2, 5, 6]
    public var familyHours = (TimeOfDay(hour: 9, minute: 0)!, TimeOfDay(hour: 16, minute: 0)!)
    public var professionalWeekdays: Set<Int> = [0, 1, 2, 3, 4]
    public var professionalHours = (TimeOfDay(hour: 8, minute: 0)!, TimeOfDay(hour: 16, minute: 0)!)

    /// The visiting room's seats; `nil`: a tenth of the certified capacity, at least 20.
    public var seats: Int?
    /// 0 for the defaults; the stored calendar's version otherwise (If-Match).
    public var version = 0

    public init() {}

    public init(
        familyWeekdays: Set<Int>, familyHours: (TimeOfDay, TimeOfDay), professionalWeekdays: Set<Int>,
        professionalHours: (TimeOfDay, TimeOfDay), seats: Int?, version: Int
    ) {
        self.familyWeekdays = familyWeekdays
        self.familyHours = familyHours
        self.professionalWeekdays = professionalWeekdays
        self.professionalHours = professionalHours
        self.seats = seats
        self.version = version
    }

    public static func seats(certifiedCapacity: Int) -> Int { max(20, certifiedCapacity / 10) }

    /// The room's seats in an establishment of this capacity.
    public func seats(certifiedCapacity: Int) -> Int { seats ?? Self.seats(certifiedCapacity: certifiedCapacity) }

    /// What is wrong with a calendar an establishment sets: no day for family visits, hours that end before they
    /// begin, a room of no seat.
    public func problems() -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if familyWeekdays.isEmpty || !familyWeekdays.isSubset(of: 0...6) {
            messages.append(ValidationMessage(.valueOutOfRange, field: "family_days"))
        }
        if !professionalWeekdays.isSubset(of: 0...6) {
            messages.append(ValidationMessage(.valueOutOfRange, field: "professional_days"))
        }
        if familyHours.0 >= familyHours.1 { messages.append(ValidationMessage(.valueOutOfRange, field: "family_hours")) }
        if professionalHours.0 >= professionalHours.1 {
            messages.append(ValidationMessage(.valueOutOfRange, field: "professional_hours"))
        }
        if let seats, !(1...10_000).contains(seats) { messages.append(ValidationMessage(.valueOutOfRange, field: "seats")) }
        return messages
    }

    public static func weekday(_ day: CivilDate) -> Int { ((day.daysSinceEpoch % 7) + 7 + 3) % 7 }

    public static func == (lhs: VisitCalendar, rhs: VisitCalendar) -> Bool {
        lhs.familyWeekdays == rhs.familyWeekdays && lhs.professionalWeekdays == rhs.professionalWeekdays
            && lhs.familyHours == rhs.familyHours && lhs.professionalHours == rhs.professionalHours && lhs.seats == rhs.seats
            && lhs.version == rhs.version
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(familyWeekdays) }

    /// Whether a visit of the kind fits the calendar: its day, and start and end within the hours.
    public func admits(_ kind: VisitKind, from start: LocalTime, to end: LocalTime) -> Bool {
        let (days, hours) =
            kind.isProfessional ? (professionalWeekdays, professionalHours) : (familyWeekdays, familyHours)
        return days.contains(Self.weekday(start.date)) && start.date == end.date && hours.0 <= start.time
            && end.time <= hours.1
    }
}
