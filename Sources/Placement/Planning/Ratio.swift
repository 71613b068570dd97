/// A nonnegative rational number, exact (issue 14): the capacity of a unit an establishment shares by sex (its places
/// times women over population) and the planner's max ratio θ, whose floor times a capacity must never be off by one.
public struct Ratio: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(denominator > 0 && numerator >= 0, "a nonnegative ratio with a positive denominator")
        let divisor = Self.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    public static let zero = Ratio(0)

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return Swift.max(a, 1)
    }

    public static func < (a: Ratio, b: Ratio) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }

    public static func + (a: Ratio, b: Ratio) -> Ratio {
        let common = a.denominator / gcd(a.denominator, b.denominator) * b.denominator
        return Ratio(a.numerator * (common / a.denominator) + b.numerator * (common / b.denominator), common)
    }

    /// ⌊self × other⌋, exactly.
    public func floorTimes(_ other: Ratio) -> Int {
        let across = Self.gcd(numerator, other.denominator)
        let down = Self.gcd(other.numerator, denominator)
        return (numerator / across) * (other.numerator / down) / ((denominator / down) * (other.denominator / across))
    }

    /// self / other (other > 0).
    public func divided(by other: Ratio) -> Ratio {
        Ratio(numerator * other.denominator, denominator * other.numerator)
    }

    public var value: Double { Double(numerator) / Double(denominator) }

    /// As a percentage with two decimals (θ = 2.5837… is "258.37").
    public var percent: String {
        let hundredths = (numerator * 100_000 / denominator + 5) / 10
        return "\(hundredths / 100).\(String(hundredths % 100).leftPadded(to: 2))"
    }

    public var description: String { "\(numerator)/\(denominator)" }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
