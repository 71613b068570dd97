/// Oficina Regional of INPE: one of the 8 regional offices.
public struct RegionalOffice: Hashable, Sendable, Identifiable {
    public var id: ID
    /// ASCII slug, e.g. `lima`.
    public var code: String
    /// INPE's name, e.g. "Lima - Lima".
    public var name: String

    public init(id: ID, code: String, name: String) {
        self.id = id
        self.code = code
        self.name = name
    }
}

/// Which sexes a place houses.
public enum HousedSex: String, Hashable, Sendable, CaseIterable, Codable {
    case male, female, mixed

    public func houses(_ sex: Sex) -> Bool {
        switch self {
        case .mixed: true
        case .male: sex == .male
        case .female: sex == .female
        }
    }
}

/// Establecimiento Penitenciario (E.P.): a prison.
public struct Establishment: Hashable, Sendable, Identifiable {
    public var id: ID
    public var code: String
    public var name: String
    public var shortName: String
    public var regionalOfficeID: RegionalOffice.ID
    public var department: String
    public var city: String?
    public var housedSex: HousedSex
    /// Capacidad de albergue: the places it was built for.
    public var certifiedCapacity: Int
    public var version: Int

    public init(
        id: ID, code: String, name: String, shortName: String, regionalOfficeID: RegionalOffice.ID, department: String,
        city: String?, housedSex: HousedSex, certifiedCapacity: Int, version: Int = 1
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.shortName = shortName
        self.regionalOfficeID = regionalOfficeID
        self.department = department
        self.city = city
        self.housedSex = housedSex
        self.certifiedCapacity = certifiedCapacity
        self.version = version
    }
}

/// Which procedural status a pavilion is for. Mandela Rule 11(b): untried prisoners are kept
/// separate from convicted prisoners.
public enum ProceduralStatus: String, Hashable, Sendable, CaseIterable, Codable {
    /// Procesado / procesada: held without a first-instance sentence.
    case unsentenced
    /// Sentenciado / sentenciada.
    case sentenced
}

/// Pabellón: a block inside an establishment.
public struct Pavilion: Hashable, Sendable, Identifiable {
    public var id: ID
    public var establishmentID: Establishment.ID
    public var code: String
    public var name: String
    public var housedSex: HousedSex
    public var proceduralStatus: ProceduralStatus
    public var certifiedCapacity: Int
    /// Adults, or the separate area for 16- and 17-year-olds (SEP-3).
    public var ageGroup: AgeGroup
    public var version: Int

    /// Who by age a pavilion holds (SEP-3: under-18s never with adults).
    public enum AgeGroup: String, Hashable, Sendable, CaseIterable, Codable {
        case adults
        case adolescents
    }

    public init(
        id: ID, establishmentID: Establishment.ID, code: String, name: String, housedSex: HousedSex,
        proceduralStatus: ProceduralStatus, certifiedCapacity: Int, ageGroup: AgeGroup = .adults, version: Int = 1
    ) {
        self.ageGroup = ageGroup
        self.id = id
        self.establishmentID = establishmentID
        self.code = code
        self.name = name
        self.housedSex = housedSex
        self.proceduralStatus = proceduralStatus
        self.certifiedCapacity = certifiedCapacity
        self.version = version
    }
}

/// Celda: optional, inside a pavilion.
public struct Cell: Hashable, Sendable, Identifiable {
    public var id: ID
    public var pavilionID: Pavilion.ID
    public var code: String
    public var certifiedCapacity: Int

    public init(id: ID, pavilionID: Pavilion.ID, code: String, certifiedCapacity: Int) {
        self.id = id
        self.pavilionID = pavilionID
        self.code = code
        self.certifiedCapacity = certifiedCapacity
    }
}
