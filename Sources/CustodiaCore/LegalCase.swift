/// An expediente: a criminal case against the person, with its court, district, type and charges.
public struct LegalCase: Hashable, Sendable, Identifiable {
    public var id: ID
    public var personID: Person.ID
    public var number: CaseNumber
    public var court: String
    public var judicialDistrict: String
    public var caseType: CaseType
    public var proceduralStatus: ProceduralStatus
    public var charges: [Charge]

    public init(
        id: ID, personID: Person.ID, number: CaseNumber, court: String, judicialDistrict: String, caseType: CaseType,
        proceduralStatus: ProceduralStatus, charges: [Charge]
    ) {
        self.id = id
        self.personID = personID
        self.number = number
        self.court = court
        self.judicialDistrict = judicialDistrict
        self.caseType = caseType
        self.proceduralStatus = proceduralStatus
        self.charges = charges
    }
}

/// Proceso común / complejo / de criminalidad organizada (CPP arts. 272, 342): decides the pretrial limits
/// (`PretrialLimits`, from the rule tables).
public enum CaseType: String, Hashable, Sendable, CaseIterable, Codable {
    case ordinary, complex, organizedCrime = "organized_crime"

    /// The name the CPP gives it, for Spanish texts built outside the string tables (the clock's breakdown).
    public var spanishName: String {
        switch self {
        case .ordinary: "común"
        case .complex: "complejo"
        case .organizedCrime: "de criminalidad organizada"
        }
    }

    /// The same in English, for the English texts of validation messages.
    public var englishName: String {
        switch self {
        case .ordinary: "ordinary"
        case .complex: "complex"
        case .organizedCrime: "organized crime"
        }
    }
}

/// A charge: one crime by Código Penal article.
public struct Charge: Hashable, Sendable, Identifiable {
    public var id: ID
    public var article: String
    public var crimeName: String

    public init(id: ID, article: String, crimeName: String) {
        self.id = id
        self.article = article
        self.crimeName = crimeName
    }
}

/// An entry of the crime catalog: Código Penal article and the crime's name.
public struct Crime: Hashable, Sendable {
    public var article: String
    public var name: String

    public init(article: String, name: String) {
        self.article = article
        self.name = name
    }
}

/// Número de expediente judicial, e.g. `00123-2024-1-1801-JR-PE-01`: case sequence, year, incident,
/// court-location code (district + province), organ type, specialty, court number.
public struct CaseNumber: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init?(_ raw: some StringProtocol) {
        let upper = raw.trimmingWhitespace().uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 7 else { return nil }
        func digits(_ s: Substring, _ counts: ClosedRange<Int>) -> Bool {
            counts.contains(s.count) && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        }
        func letters(_ s: Substring) -> Bool {
            s.count == 2 && s.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
        }
        guard digits(parts[0], 5...5), digits(parts[1], 4...4), digits(parts[2], 1...3), digits(parts[3], 4...4),
            letters(parts[4]), letters(parts[5]), digits(parts[6], 2...2), let year = Int(parts[1]), year >= 1980
        else { return nil }
        self.text = upper
    }

    public var year: Int { Int(text.split(separator: "-")[1])! }
    public var description: String { text }
}
