/// A minute of local time in Peru (America/Lima, UTC-5 all year, no daylight saving): the time base of
/// movements, temporary exits and the roll count. Written `YYYY-MM-DDTHH:MM`, which sorts as it compares, so the
/// store compares it as text on both engines.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    public let time: TimeOfDay

    public init(date: CivilDate, time: TimeOfDay) {
        self.date = date
        self.time = time
    }

    /// Peru's offset from UTC, in seconds.
    public static let offsetSeconds = -5 * 3_600

    /// The Lima minute of an instant given as seconds since 1970-01-01T00:00Z.
    public init(unixSeconds: Double) {
        let local = Int((unixSeconds + Double(Self.offsetSeconds)).rounded(.down))
        let days = Int((Double(local) / 86_400).rounded(.down))
        let minutes = (local - days * 86_400) / 60
        self.init(date: CivilDate(daysSinceEpoch: days), time: TimeOfDay(hour: minutes / 60, minute: minutes % 60)!)
    }

    /// Parses `YYYY-MM-DDTHH:MM` (a space instead of the `T` too, as HTML's datetime-local sends it).
    public init?(text: some StringProtocol) {
        let value = String(text)
        guard value.count == 16 else { return nil }
        let separator = value[value.index(value.startIndex, offsetBy: 10)]
        guard separator == "T" || separator == " ", let date = CivilDate(iso: String(value.prefix(10))),
            let time = TimeOfDay(text: value.suffix(5))
        else { return nil }
        self.init(date: date, time: time)
    }

    /// The Lima minute of an RFC 3339 instant (`2026-11-29T10:00:00-05:00`, `…Z`, fractions of a second ignored),
    /// or a Lima minute as written by `description`.
    public init?(instant text: String) {
        if let minute = LocalTime(text: text) {
            self = minute
            return
        }
        guard let seconds = Self.unixSeconds(rfc3339: text) else { return nil }
        self.init(unixSeconds: seconds)
    }

    /// Seconds since 1970-01-01T00:00Z of an RFC 3339 instant (`2026-11-29T10:00:00-05:00`, `…Z`, a fraction of a
    /// second kept; a leap second read as the second before it); `nil` for anything else.
    public static func unixSeconds(rfc3339 text: String) -> Double? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, let date = CivilDate(iso: String(decoding: chars[0..<10], as: UTF8.self)),
            [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(chars[10]), chars[13] == UInt8(ascii: ":"),
            chars[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count, range.allSatisfy({ (48...57).contains(chars[$0]) }) else { return nil }
            return Int(String(decoding: chars[range], as: UTF8.self))
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19), hour < 24,
            minute < 60, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < chars.count, (48...57).contains(chars[index]) {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        switch chars[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == chars.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == chars.count, chars[index + 3] == UInt8(ascii: ":"),
                let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6), hours < 24,
                minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (chars[index] == UInt8(ascii: "-") ? -1 : 1)
        default: return nil
        }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offset
        return Double(seconds) + fraction
    }

    /// Midnight at the start of a day.
    public static func start(of day: CivilDate) -> LocalTime { LocalTime(date: day, time: TimeOfDay(hour: 0, minute: 0)!) }

    /// The instant a rehearsal or a test stands at: the day the law is applied on (`today`), at the time of day of
    /// the clock. On a normal day that is simply the clock's minute.
    public static func reference(today: CivilDate, unixSeconds: Double) -> LocalTime {
        LocalTime(date: today, time: LocalTime(unixSeconds: unixSeconds).time)
    }

    /// The minute a movement dated `day` is counted from: the reference minute when it is dated today, midnight
    /// of its day when dated earlier (the register learns of it late), never before `notBefore`.
    public static func movement(on day: CivilDate, reference: LocalTime, notBefore: LocalTime?) -> LocalTime {
        let candidate = day == reference.date ? reference : start(of: day)
        guard let notBefore else { return candidate }
        return max(candidate, notBefore)
    }

    public func adding(minutes: Int) -> LocalTime {
        let total = date.daysSinceEpoch * 1_440 + time.minutesSinceMidnight + minutes
        let days = Int((Double(total) / 1_440).rounded(.down))
        let rest = total - days * 1_440
        return LocalTime(date: CivilDate(daysSinceEpoch: days), time: TimeOfDay(hour: rest / 60, minute: rest % 60)!)
    }

    /// Minutes from `self` to `other` (negative when `other` is earlier).
    public func minutes(until other: LocalTime) -> Int {
        (other.date.daysSinceEpoch - date.daysSinceEpoch) * 1_440 + other.time.minutesSinceMidnight
            - time.minutesSinceMidnight
    }

    public var description: String { "\(date)T\(time)" }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.date != rhs.date ? lhs.date < rhs.date : lhs.time < rhs.time
    }
}
