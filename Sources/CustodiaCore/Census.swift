/// A person held at the end of a day, as the statistics count them (issue 15 point 2): from the placements, episodes
/// and orders of that day, never from today's state, so a past month's figures do not move when people are released
/// or sentenced later.
public struct HeldOnDay: Sendable, Hashable {
    public var personID: Person.ID
    public var establishmentCode: String
    public var sex: Sex
    /// Sentenced on the day: a sentence of the episode's case issued by then (procesado otherwise).
    public var sentenced: Bool
    public var birthDate: CivilDate?
    public var nationality: String
    /// The crime of the first charge of the case the person is held for (R9); nil when the case has no charge.
    public var crime: String?
    /// The length of the latest sentence of that case issued by the day (R10); nil when not sentenced.
    public var sentence: SentenceLength?

    public init(
        personID: Person.ID, establishmentCode: String, sex: Sex, sentenced: Bool, birthDate: CivilDate?,
        nationality: String, crime: String? = nil, sentence: SentenceLength? = nil
    ) {
        self.personID = personID
        self.establishmentCode = establishmentCode
        self.sex = sex
        self.sentenced = sentenced
        self.birthDate = birthDate
        self.nationality = nationality
        self.crime = crime
        self.sentence = sentence
    }
}

/// A sentence's length as the statistics band it (R10): whole months (a year is 12) and the days beyond, or life.
public struct SentenceLength: Sendable, Hashable {
    public var months: Int
    public var days: Int
    public var isLife: Bool

    public init(months: Int, days: Int = 0, isLife: Bool = false) {
        self.months = months
        self.days = days
        self.isLife = isLife
    }

    /// Whether the length is at most `limit` months.
    public func isAtMost(months limit: Int) -> Bool { !isLife && (months < limit || (months == limit && days == 0)) }
}

/// An admission (ingreso) or a release (egreso) of a period, where and of whom.
public struct CustodyMovement: Sendable, Hashable {
    public var day: CivilDate
    public var establishmentCode: String
    public var sex: Sex
    /// Admitted to serve a sentence (ingresos), or released from one (egresos).
    public var sentenced: Bool
    /// A release's ground; `nil` for an admission.
    public var ground: ReleaseGround?

    public init(day: CivilDate, establishmentCode: String, sex: Sex, sentenced: Bool, ground: ReleaseGround?) {
        self.day = day
        self.establishmentCode = establishmentCode
        self.sex = sex
        self.sentenced = sentenced
        self.ground = ground
    }
}

/// The register's census at the end of a day and its movements in a period (issue 15 points 1 and 2).
public protocol CensusStore: Sendable {
    /// Everyone held at the end of `day`, in the establishments (all when `nil`).
    func census(on day: CivilDate, establishmentCodes: Set<String>?) async throws -> [HeldOnDay]
    /// The admissions and releases from `from` through `through`, both included, in the establishments (all when
    /// `nil`).
    func movements(from: CivilDate, through: CivilDate, establishmentCodes: Set<String>?) async throws
        -> [CustodyMovement]
    /// How many were held at the end of each of `days` (R1's trend), in the establishments (all when `nil`).
    func populations(on days: [CivilDate], establishmentCodes: Set<String>?) async throws -> [Int]
    /// The smallest count of persons the open data publishes (`CUSTODIA_OPEN_DATA_MIN_CELL`, at least 1; default 5):
    /// the operator's rule, never the caller's (issue 15 point 3).
    var openDataMinimumCell: Int { get }
}

extension CivilDate {
    /// The first day of a month written YYYY-MM (the monthly report's `month`); `nil` for anything else.
    public init?(month text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month, day: 1)
    }
}

/// The database's connection pool at one instant (issue 15 point 4, `/metrics`): how many connections it may open,
/// how many are held by a request now, how many requests wait for one, and since the process started how many
/// connections were handed out and how many waits ran out (answered 503). `writesQueued`: SQLite's changes waiting for
/// its one writer (nil on PostgreSQL, where writes take a pooled connection).
public struct ConnectionPoolFigures: Sendable, Hashable {
    public var engine: String
    public var size: Int
    public var inUse: Int
    public var waiting: Int
    public var acquired: Int
    public var timedOut: Int
    public var writesQueued: Int?

    public init(engine: String, size: Int, inUse: Int, waiting: Int, acquired: Int, timedOut: Int, writesQueued: Int?) {
        self.engine = engine
        self.size = size
        self.inUse = inUse
        self.waiting = waiting
        self.acquired = acquired
        self.timedOut = timedOut
        self.writesQueued = writesQueued
    }
}
