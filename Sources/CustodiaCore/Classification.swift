/// Régimen penitenciario and its stages (docs/legal/peru-operations.md CL-1): the closed ordinary regime (RCO)
/// in three security levels, the closed special regime (RCE) in stages A, B, C and, since D.Leg. 1737
/// (in force 2026-02-13), Extrema Seguridad; the semi-open and open regimes are labels only (CL-12).
public enum Regime: String, Hashable, Sendable, CaseIterable, Codable {
    case rcoMaxima = "rco_maxima"
    case rcoMediana = "rco_mediana"
    case rcoMinima = "rco_minima"
    case rceExtremaSeguridad = "rce_extrema_seguridad"
    case rceA = "rce_a"
    case rceB = "rce_b"
    case rceC = "rce_c"
    case semiabierto
    case abierto

    /// A ladder of stages a person progresses along one step at a time (CL-11).
    public enum Ladder: Sendable, Hashable {
        case ordinary, special, other
    }

    public var ladder: Ladder {
        switch self {
        case .rcoMaxima, .rcoMediana, .rcoMinima: .ordinary
        case .rceExtremaSeguridad, .rceA, .rceB, .rceC: .special
        case .semiabierto, .abierto: .other
        }
    }

    /// The place on its ladder in the order of progression (0 the most severe: máxima, Extrema Seguridad);
    /// `nil` for the regimes with no stages.
    public var step: Int? {
        switch self {
        case .rcoMaxima, .rceExtremaSeguridad: 0
        case .rcoMediana, .rceA: 1
        case .rcoMinima, .rceB: 2
        case .rceC: 3
        case .semiabierto, .abierto: nil
        }
    }

    public var spanishName: String {
        switch self {
        case .rcoMaxima: "Régimen cerrado ordinario — máxima seguridad"
        case .rcoMediana: "Régimen cerrado ordinario — mediana seguridad"
        case .rcoMinima: "Régimen cerrado ordinario — mínima seguridad"
        case .rceExtremaSeguridad: "Régimen cerrado especial — Extrema Seguridad"
        case .rceA: "Régimen cerrado especial — etapa A"
        case .rceB: "Régimen cerrado especial — etapa B"
        case .rceC: "Régimen cerrado especial — etapa C"
        case .semiabierto: "Régimen semiabierto"
        case .abierto: "Régimen abierto"
        }
    }

    /// The short label of a list of stages (a pavilion's).
    public var shortSpanishName: String {
        switch self {
        case .rcoMaxima: "RCO máxima"
        case .rcoMediana: "RCO mediana"
        case .rcoMinima: "RCO mínima"
        case .rceExtremaSeguridad: "RCE Extrema Seguridad"
        case .rceA: "RCE A"
        case .rceB: "RCE B"
        case .rceC: "RCE C"
        case .semiabierto: "semiabierto"
        case .abierto: "abierto"
        }
    }

    public var shortEnglishName: String {
        switch self {
        case .rcoMaxima: "COR maximum"
        case .rcoMediana: "COR medium"
        case .rcoMinima: "COR minimum"
        case .rceExtremaSeguridad: "CSR Extreme Security"
        case .rceA: "CSR A"
        case .rceB: "CSR B"
        case .rceC: "CSR C"
        case .semiabierto: "semi-open"
        case .abierto: "open"
        }
    }

    public var englishName: String {
        switch self {
        case .rcoMaxima: "Closed ordinary regime — maximum security"
        case .rcoMediana: "Closed ordinary regime — medium security"
        case .rcoMinima: "Closed ordinary regime — minimum security"
        case .rceExtremaSeguridad: "Closed special regime — Extreme Security"
        case .rceA: "Closed special regime — stage A"
        case .rceB: "Closed special regime — stage B"
        case .rceC: "Closed special regime — stage C"
        case .semiabierto: "Semi-open regime"
        case .abierto: "Open regime"
        }
    }
}

/// One decision of the Junta Técnica de Clasificación (CL-2): the regime or stage, the body that decided it,
/// its resolution and date. A person's classifications are kept as a history; the latest is the current one.
public struct ClassificationRecord: Hashable, Sendable {
    public var episodeID: CustodyEpisode.ID
    public var regime: Regime
    public var decidedOn: CivilDate
    /// The deciding body, e.g. "Junta Técnica de Clasificación — EP Lurigancho".
    public var body: String
    public var resolution: String
    public var reason: String
    /// Recorded as jefe, líder or cabecilla of a banda or organización criminal (CL-6, CL-8: five years in ES).
    public var leader: Bool

    public init(
        episodeID: CustodyEpisode.ID, regime: Regime, decidedOn: CivilDate, body: String, resolution: String, reason: String,
        leader: Bool
    ) {
        self.episodeID = episodeID
        self.regime = regime
        self.decidedOn = decidedOn
        self.body = body
        self.resolution = resolution
        self.reason = reason
        self.leader = leader
    }
}

/// Record a classification (initial, progression, regression or a periodic review that keeps the stage).
public struct ClassificationRequest: Hashable, Sendable {
    public var personID: Person.ID
    public var regime: Regime
    public var decidedOn: CivilDate
    public var body: String
    public var resolution: String
    public var reason: String
    public var leader: Bool

    public init(
        personID: Person.ID, regime: Regime, decidedOn: CivilDate, body: String, resolution: String, reason: String,
        leader: Bool
    ) {
        self.personID = personID
        self.regime = regime
        self.decidedOn = decidedOn
        self.body = body
        self.resolution = resolution
        self.reason = reason
        self.leader = leader
    }
}
