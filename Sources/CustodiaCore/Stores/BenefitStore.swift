/// Benefit files (issue 26; docs/legal/peru-relief.md section 1): opened for a person eligible for semilibertad or
/// liberación condicional, moved step by step by the legal area and the court, and the board of who is eligible and
/// how their file stands.
public protocol BenefitStore: Sendable {
    /// Opens a file for a person whose clock makes them eligible for `benefit` (or will within BP-2's lead days); a
    /// person outside `within` (`nil`: the nation) is unknown.
    func openBenefitFile(
        person: Person.ID, benefit: BenefitFile.Benefit, within scope: Set<String>?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<BenefitFile>
    /// A step on a file, at its version when given (If-Match); a file outside `within` is unknown.
    func stepBenefitFile(
        _ id: BenefitFile.ID, step: BenefitStep, expectedVersion: Int?, within scope: Set<String>?, asOf: CivilDate,
        actor: Actor
    ) async throws -> ChangeOutcome<BenefitFile>
    func benefitFile(_ id: BenefitFile.ID) async throws -> BenefitFile?
    /// A person's files, newest first.
    func benefitFiles(person: Person.ID) async throws -> [BenefitFile]
    /// Everyone of the establishments (all when `nil`) eligible on `asOf` or within the lead days, with the file that
    /// runs for them, if any.
    func benefitCandidates(establishmentCodes: Set<String>?, asOf: CivilDate) async throws -> [BenefitCandidate]
    /// Everyone in custody in the establishments (all when `nil`) and, for a court's or a prosecutor's token, with a
    /// case in one of `districts`: what the relief candidate lists (VE-*, DR-*, PP-*) are computed from.
    func reliefSubjects(establishmentCodes: Set<String>?, districts: Set<String>?) async throws -> [ReliefSubject]
    /// The register as it stood at the end of `day` (issue 26 point 4), replayed from its dated rows: who was held in
    /// the establishments (all when `nil`) and where, and who was eligible then (or within the lead days), with the
    /// clock computed on that day and the file as its steps stood.
    func benefitCandidates(establishmentCodes: Set<String>?, heldOn day: CivilDate) async throws -> HeldOn
}

/// Who the register held on a past day, by establishment, and the benefit candidates of that day.
public struct HeldOn: Sendable, Hashable {
    public var day: CivilDate
    /// Persons held at the end of the day, by establishment code.
    public var population: [String: Int]
    public var candidates: [BenefitCandidate]

    public init(day: CivilDate, population: [String: Int], candidates: [BenefitCandidate]) {
        self.day = day
        self.population = population
        self.candidates = candidates
    }
}

/// A person in custody as the relief candidate lists read them: the stored clock, the charges and the sentence.
public struct ReliefSubject: Sendable, Hashable {
    public var personID: Person.ID
    public var name: PersonName
    public var establishmentCode: String
    public var status: StoredClock.Status
    public var pretrialEndsOn: CivilDate?
    public var sentenceEndsOn: CivilDate?
    /// The Código Penal articles of every case of the person.
    public var articles: [String]
    /// The longest sentence ordered, in months (days rounded up to a month); `nil` without one.
    public var sentenceMonths: Int?
    public var lifeSentence: Bool
    /// Declared reincidente or habitual in any sentence.
    public var recidivist: Bool
    public var nationality: String
    public var birthDate: CivilDate?
    /// The judicial districts of the person's cases.
    public var districts: [String]

    public init(
        personID: Person.ID, name: PersonName, establishmentCode: String, status: StoredClock.Status,
        pretrialEndsOn: CivilDate?, sentenceEndsOn: CivilDate?, articles: [String], sentenceMonths: Int?,
        lifeSentence: Bool, recidivist: Bool, nationality: String, birthDate: CivilDate?, districts: [String]
    ) {
        self.personID = personID
        self.name = name
        self.establishmentCode = establishmentCode
        self.status = status
        self.pretrialEndsOn = pretrialEndsOn
        self.sentenceEndsOn = sentenceEndsOn
        self.articles = articles
        self.sentenceMonths = sentenceMonths
        self.lifeSentence = lifeSentence
        self.recidivist = recidivist
        self.nationality = nationality
        self.birthDate = birthDate
        self.districts = districts
    }
}

/// A person eligible for a benefit (or soon), as the board and the relief report count them.
public struct BenefitCandidate: Sendable, Hashable {
    public var personID: Person.ID
    public var name: PersonName
    public var establishmentCode: String
    /// The benefit of the file that runs, or else the first the clock makes the person eligible for.
    public var benefit: BenefitFile.Benefit
    public var eligibleFrom: CivilDate
    /// The open file (or the last denied one), when there is one: its state and dates, without documents or history.
    public var file: BenefitFile?

    public init(
        personID: Person.ID, name: PersonName, establishmentCode: String, benefit: BenefitFile.Benefit,
        eligibleFrom: CivilDate, file: BenefitFile?
    ) {
        self.personID = personID
        self.name = name
        self.establishmentCode = establishmentCode
        self.benefit = benefit
        self.eligibleFrom = eligibleFrom
        self.file = file
    }
}
