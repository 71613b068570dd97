/// A staff role. Each grants the operations of `AccessPolicy`, within the user's scope.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Registrador (área de registro penitenciario).
    case registryClerk = "registry_clerk"
    /// Personal de seguridad.
    case securityOfficer = "security_officer"
    /// Área legal.
    case legalOfficer = "legal_officer"
    /// Director del establecimiento.
    case warden
    /// Analista de la oficina regional.
    case regionalAnalyst = "regional_analyst"
    /// Analista nacional.
    case nationalAnalyst = "national_analyst"
    /// Analista de inteligencia penitenciaria.
    case intelligenceAnalyst = "intelligence_analyst"
    /// Auditor (control interno, órgano de control).
    case auditor
    /// Administrador del sistema.
    case administrator

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Roles that must present a TOTP second factor at login: the ones that can do the most harm.
    public var requiresSecondFactor: Bool {
        switch self {
        case .administrator, .warden, .intelligenceAnalyst: true
        default: false
        }
    }

    public var spanishName: String {
        switch self {
        case .registryClerk: "Registrador"
        case .securityOfficer: "Personal de seguridad"
        case .legalOfficer: "Área legal"
        case .warden: "Director"
        case .regionalAnalyst: "Analista regional"
        case .nationalAnalyst: "Analista nacional"
        case .intelligenceAnalyst: "Analista de inteligencia"
        case .auditor: "Auditor"
        case .administrator: "Administrador"
        }
    }

    public var englishName: String {
        switch self {
        case .registryClerk: "Registry clerk"
        case .securityOfficer: "Security officer"
        case .legalOfficer: "Legal officer"
        case .warden: "Warden"
        case .regionalAnalyst: "Regional analyst"
        case .nationalAnalyst: "National analyst"
        case .intelligenceAnalyst: "Intelligence analyst"
        case .auditor: "Auditor"
        case .administrator: "Administrator"
        }
    }
}

/// The kind of institution an API client belongs to.
public enum ClientKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Poder Judicial: a court.
    case court
    /// Ministerio Público: a prosecutor's office.
    case prosecutor
    /// Policía Nacional del Perú.
    case police
    /// Defensoría del Pueblo.
    case ombudsman
}
