/// A person deprived of liberty, or who has been (interno / interna, PPL): the identity part of the
/// prisoner file of Mandela Rule 7(a).
public struct Person: Hashable, Sendable, Identifiable {
    public var id: ID
    public var document: IdentityDocument
    public var name: PersonName
    public var aliases: [String]
    public var sex: Sex
    public var birthDate: CivilDate?
    /// ISO 3166-1 alpha-3, `PER` for Peruvians.
    public var nationality: String
    /// Optimistic concurrency: bumped on every change of the person or their custody.
    public var version: Int

    public init(
        id: ID, document: IdentityDocument, name: PersonName, aliases: [String] = [], sex: Sex,
        birthDate: CivilDate?, nationality: String, version: Int = 1
    ) {
        self.id = id
        self.document = document
        self.name = name
        self.aliases = aliases
        self.sex = sex
        self.birthDate = birthDate
        self.nationality = nationality
        self.version = version
    }

    public var number: PersonNumber { PersonNumber(id: id) }

    /// Peru's ISO 3166-1 alpha-3 code.
    public static let peru = "PER"
    /// Not a Peruvian national: the consulate is told at intake (IN-6).
    public var isForeignNational: Bool { nationality != Self.peru }

    /// About 2,200 real inmates have no identity document: allowed, but flagged for follow-up.
    public var lacksDocument: Bool { document == .none }
}

public enum Sex: String, Hashable, Sendable, CaseIterable, Codable {
    case male, female
}

/// Given names and the two Peruvian surnames (apellido paterno, apellido materno).
public struct PersonName: Hashable, Sendable {
    public var givenNames: String
    public var paternalSurname: String
    public var maternalSurname: String

    public init(givenNames: String, paternalSurname: String, maternalSurname: String) {
        self.givenNames = givenNames
        self.paternalSurname = paternalSurname
        self.maternalSurname = maternalSurname
    }

    /// "PATERNO MATERNO, Nombres", the order used in Peruvian registers.
    public var registerForm: String {
        let surnames = [paternalSurname, maternalSurname].filter { !$0.isEmpty }.joined(separator: " ")
        return "\(surnames), \(givenNames)"
    }

    public var displayForm: String {
        [givenNames, paternalSurname, maternalSurname].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// Identity document. DNI (RENIEC), carné de extranjería, passport, or none.
public enum IdentityDocument: Hashable, Sendable {
    case dni(String)
    case foreignerCard(String)
    case passport(String)
    case none

    public var kind: Kind {
        switch self {
        case .dni: .dni
        case .foreignerCard: .foreignerCard
        case .passport: .passport
        case .none: .none
        }
    }

    public var number: String? {
        switch self {
        case .dni(let n), .foreignerCard(let n), .passport(let n): n
        case .none: nil
        }
    }

    public enum Kind: String, Sendable, CaseIterable, Codable {
        case dni, foreignerCard = "foreigner_card", passport, none
    }

    /// Builds a document from its kind and number, or the validation message explaining what is wrong.
    public static func parse(kind: Kind, number: String?, field: String = "document") -> Result<
        IdentityDocument, ValidationMessage
    > {
        let trimmed = (number ?? "").trimmingWhitespace().uppercased()
        func alnum(_ range: ClosedRange<Int>) -> Bool {
            range.contains(trimmed.count)
                && trimmed.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
        switch kind {
        case .dni:
            guard trimmed.count == 8, trimmed.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                return .failure(ValidationMessage(.dniInvalid, field: "\(field).number"))
            }
            return .success(.dni(trimmed))
        case .foreignerCard:
            guard alnum(6...12) else { return .failure(ValidationMessage(.foreignerCardInvalid, field: "\(field).number")) }
            return .success(.foreignerCard(trimmed))
        case .passport:
            guard alnum(5...15) else { return .failure(ValidationMessage(.passportInvalid, field: "\(field).number")) }
            return .success(.passport(trimmed))
        case .none:
            return .success(.none)
        }
    }
}

/// The human-readable number Custodia gives every person, e.g. `P-0012345-7`: seven digits of the internal
/// identifier and a check character (mod 11, `K` for 10) that catches a mistyped digit or a swap.
public struct PersonNumber: Hashable, Sendable, CustomStringConvertible {
    public let id: Person.ID

    public init(id: Person.ID) { self.id = id }

    public init?(_ text: some StringProtocol) {
        let upper = text.trimmingWhitespace().uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "P", parts[1].count == 7, parts[2].count == 1,
            parts[1].unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let value = Int64(parts[1]), value > 0,
            String(parts[2]) == PersonNumber.check(value)
        else { return nil }
        self.id = Person.ID(rawValue: value)
    }

    static func check(_ value: Int64) -> String {
        var sum: Int64 = 0
        var weight: Int64 = 2
        var rest = value
        for _ in 0..<7 {
            sum += (rest % 10) * weight
            rest /= 10
            weight = weight == 7 ? 2 : weight + 1
        }
        let digit = (11 - sum % 11) % 11
        return digit == 10 ? "K" : String(digit)
    }

    public var description: String {
        let digits = String(id.rawValue)
        return "P-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits + "-" + PersonNumber.check(id.rawValue)
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (no Foundation needed).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        if let first = scalars.first, let last = scalars.last, !first.properties.isWhitespace, !last.properties.isWhitespace {
            return String(self)
        }
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
