import CustodiaCore

/// A whole national register, synthetic person by person, built from the real figures: every value a
/// loader needs, with identifiers already assigned.
public struct SyntheticPopulation: Sendable {
    public var regionalOffices: [RegionalOffice] = []
    public var establishments: [Establishment] = []
    public var pavilions: [Pavilion] = []
    public var persons: [Person] = []
    public var cases: [LegalCase] = []
    public var orders: [CourtOrder] = []
    public var episodes: [CustodyEpisode] = []
    public var placements: [Placement] = []
    /// Certified days of work or study (redención), by person.
    public var redemption: [(Person.ID, RedemptionRecord)] = []
    /// Art. 275 suspensions of pretrial terms, by person.
    public var suspensions: [(Person.ID, SuspensionRecord)] = []
    /// Health, affiliation and intelligence notes, for some persons.
    public var sensitive: [(Person.ID, SensitiveProfile)] = []
    /// Decisions of the Juntas Técnicas de Clasificación, oldest first per person.
    public var classifications: [(Person.ID, ClassificationRecord)] = []
    /// The regimes and stages each pavilion declares it holds.
    public var pavilionRegimes: [(Pavilion.ID, Regime)] = []
    /// Fictional organizations, their members, and keep-apart records (between rival organizations, and a few
    /// between persons).
    public var organizations: [Organization] = []
    public var memberships: [(Person.ID, Membership)] = []
    public var keepApart: [KeepApartDraft] = []
    public var asOf: CivilDate
    public var seed: UInt64

    public init(asOf: CivilDate, seed: UInt64) {
        self.asOf = asOf
        self.seed = seed
    }
}

/// Where a demo procesado stands in the prisión preventiva.
public enum PretrialSituation: Sendable, Equatable {
    /// Detained (CPP art. 264), the hearing not held yet.
    case awaitingHearing
    /// Within the term ordered.
    case withinTerm
    /// The term adecuado up to the art. 272 maximum (art. 274.2), sometimes prolonged after.
    case adecuado
    /// Within a prolongation (art. 274.1).
    case prolonged
    /// Convicted at first instance, the conviction appealed, the term prolonged on appeal (art. 274.5).
    case appealed
    /// Past the term without release.
    case expired
}

/// Builds the synthetic national population with a fixed seed. Per establishment it has exactly the real
/// counts of procesados and sentenciados by sex; nationally exactly the real crime mix by legal status, the
/// sentence-length bands and the foreign nationals by sex; ages follow each crime's age bands. Names and
/// documents are synthetic (never a real person's).
public enum DemoGenerator {
    public static let defaultSeed: UInt64 = 20_260_131
    /// Sentences that declare the person a recidivist (reincidente, CP art. 46-B) or habitual (46-C), per
    /// thousand, habituals included. An assumption of the demo: INPE publishes re-entries (reingresantes), not
    /// the declarations of the sentences; `custodia demo` prints the shares it produced.
    public static let recidivismPerMille = 120
    public static let habitualPerMille = 20
    /// Procesados by where they stand in their prisión preventiva, per thousand; what is left is past its term
    /// without release (about 2.5 %, as INPE's unlawful-detention reports suggest). The shares of adecuaciones
    /// and of appealed convictions are assumptions of the demo (INPE publishes neither): `custodia demo`
    /// prints what it produced.
    public static let pretrialSituations: [(PretrialSituation, Int)] = [
        (.awaitingHearing, 25), (.withinTerm, 700), (.adecuado, 30), (.prolonged, 180), (.appealed, 40),
    ]

    /// `limits` are the pretrial limits of the rule table in force on the as-of day (`RuleSet.table(on:)`).
    public static func generate(
        _ data: PeruDataset, asOf: CivilDate, limits: PretrialLimits, seed: UInt64
    ) -> SyntheticPopulation {
        var builder = Builder(data: data, asOf: asOf, limits: limits, seed: seed)
        builder.build()
        return builder.population
    }

    /// Peruvian-looking names; combinations are synthetic.
    public static let maleGivenNames = [
        "José", "Luis", "Juan", "Carlos", "Jorge", "Miguel", "César", "Víctor", "Manuel", "Pedro", "Jesús", "Julio",
        "Alberto", "Raúl", "Fernando", "Walter", "Édgar", "Wilmer", "Ángel", "Richard", "Jhon", "Kevin", "Brayan",
        "Cristian", "Diego", "Renzo", "Rubén", "Óscar", "Percy", "Elmer", "Hugo", "Alexander", "Marco Antonio",
        "Juan Carlos", "José Luis", "Luis Alberto", "Segundo", "Efraín", "Néstor", "Iván",
    ]
    public static let femaleGivenNames = [
        "María", "Rosa", "Ana", "Carmen", "Juana", "Luz", "Elena", "Gladys", "Milagros", "Flor", "Yolanda", "Sonia",
        "Patricia", "Karina", "Jessica", "Lucía", "Maribel", "Rocío", "Nelly", "Marleny", "Yesenia", "Sofía",
        "María Elena", "Rosa María", "Ángela", "Inés", "Verónica", "Liliana", "Betty", "Mónica",
    ]
    public static let surnames = [
        "Quispe", "Flores", "Sánchez", "Rodríguez", "García", "Rojas", "Huamán", "Mamani", "Chávez", "Vásquez",
        "Ramírez", "Mendoza", "Torres", "Castillo", "Díaz", "Gutiérrez", "Ramos", "Cruz", "Vargas", "Espinoza",
        "Romero", "Fernández", "Salazar", "Condori", "Apaza", "Huanca", "Ticona", "Cárdenas", "Castro", "Silva",
        "Aguilar", "Zapata", "Núñez", "Paredes", "Carrasco", "Córdova", "Palacios", "Campos", "Reyes", "Ccori",
        "Cóndor", "Yupanqui", "Gonzales", "López", "Pérez", "Medina", "Alvarado", "Valdivia", "Peña", "Chuquimango",
        "Huayta", "Saavedra", "Ñahui", "Inga", "Villanueva", "Tello", "Mejía", "Arévalo", "Pinedo", "Soto",
    ]
    static let aliases = [
        "Chato", "Flaco", "Gordo", "Loco", "Chino", "Negro", "Cholo", "Zambo", "Pelón", "Tío", "Cuchillo", "Mono",
        "Chiquito", "Gato", "Pájaro", "Piraña", "Charapa", "Serrano", "Zorro", "Cabezón",
    ]
    static let foreignNationalities: [(String, Int)] = [
        ("VEN", 70), ("COL", 12), ("ECU", 6), ("BOL", 3), ("CHL", 2), ("MEX", 2), ("ESP", 1), ("BRA", 1), ("DOM", 1),
        ("ARG", 1), ("CHN", 1),
    ]
    /// "Otros delitos": frequent articles and how often each is drawn.
    static let otherArticles: [(String, Int)] = [
        ("106", 8), ("111", 4), ("121", 8), ("122", 6), ("152", 5), ("153", 5), ("185", 8), ("188", 8), ("194", 6),
        ("196", 6), ("108-C", 4), ("298", 10), ("317", 6), ("317-B", 5), ("387", 4), ("393", 3),
    ]
    /// Typical penalty in years, to give the longest sentences to the gravest crimes.
    static func severity(_ article: String, name: String) -> Double {
        let attempt = name.lowercased().contains("tentativa")
        let base: Double =
            switch article {
            case "173": 30
            case "108", "108-B", "171": 20
            case "297": 18
            case "170": 16
            case "189": 14
            case "200": 12
            case "296": 9
            case "176-A": 10
            case "279", "279-G": 7
            case "186": 4
            case "122-B": 2
            case "149": 1.5
            default: 6
            }
        return attempt ? base * 0.6 : base
    }
}

/// The work of one generation, with its own random generator.
struct Builder {
    let data: PeruDataset
    let asOf: CivilDate
    var rng: SeededGenerator
    var population: SyntheticPopulation

    // Decks dealt in order so national counts are exact.
    var unsentencedCrimes: [Int] = []
    var sentencedCrimes: [Int] = []
    var foreignMen: [Bool] = []
    var foreignWomen: [Bool] = []
    var sentenceLengths: [Int: SentenceTerm.Length] = [:]  // person index in sentenced deck -> length
    var sentencedDealt = 0
    var unsentencedDealt = 0
    var menDealt = 0
    var womenDealt = 0
    var caseSequence = 0
    var ordersOfCurrentPerson = 0
    let limits: PretrialLimits

    init(data: PeruDataset, asOf: CivilDate, limits: PretrialLimits, seed: UInt64) {
        self.data = data
        self.limits = limits
        self.asOf = asOf
        self.rng = SeededGenerator(seed: seed)
        self.population = SyntheticPopulation(asOf: asOf, seed: seed)
    }

    mutating func deck(_ counts: [Int]) -> [Int] {
        var deck: [Int] = []
        for (index, count) in counts.enumerated() { deck += Array(repeating: index, count: max(0, count)) }
        deck.shuffle(using: &rng)
        return deck
    }

    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var pick = Int.random(in: 0..<total, using: &rng)
        for (item, weight) in items {
            if pick < weight { return item }
            pick -= weight
        }
        return items.last!.0
    }

    mutating func build() {
        let totals = data.totals
        unsentencedCrimes = deck(data.crimes.map(\.unsentenced))
        sentencedCrimes = deck(data.crimes.map(\.sentenced))
        foreignMen =
            (Array(repeating: true, count: data.foreignMen) + Array(repeating: false, count: totals.men - data.foreignMen))
            .shuffled(using: &rng)
        foreignWomen =
            (Array(repeating: true, count: data.foreignWomen) + Array(repeating: false, count: totals.women - data.foreignWomen))
            .shuffled(using: &rng)
        assignSentenceLengths()

        for (index, name) in data.regionalOffices.enumerated() {
            population.regionalOffices.append(
                RegionalOffice(id: .init(rawValue: Int64(index + 1)), code: Builder.slug(name), name: name))
        }
        for figures in data.establishments {
            buildEstablishment(figures)
        }
        buildSensitiveProfiles()
        buildClassifications()
        buildOrganizations()
    }

    /// Fictional organizations: the names are invented, as are the people linked to them.
    static let organizations = [
        "Los Halcones del Rímac (ficticia)", "Banda Cerro Azul (ficticia)", "Los Tigres de la Costa (ficticia)",
        "Clan Puerto Nuevo (ficticia)", "Los Cóndores del Sur (ficticia)", "Red Ventanilla Norte (ficticia)",
    ]
    static let healthNotes = [
        "Hipertensión arterial en tratamiento", "Diabetes tipo 2, insulina diaria", "Tuberculosis pulmonar en tratamiento",
        "VIH en tratamiento antirretroviral", "Asma bronquial", "Trastorno depresivo, seguimiento psicológico",
    ]

    /// Sensitive notes on a separate random stream, so adding them left every other demo figure as it was.
    mutating func buildSensitiveProfiles() {
        var stream = SeededGenerator(seed: population.seed ^ 0x5E45_1715)
        for person in population.persons {
            let roll = Int.random(in: 0..<100, using: &stream)
            let affiliation = roll < 9 ? Builder.organizations.randomElement(using: &stream) : nil
            let health = Int.random(in: 0..<100, using: &stream) < 12 ? Builder.healthNotes.randomElement(using: &stream) : nil
            let intelligence =
                affiliation != nil && roll < 2 ? "Presunto cabecilla; coordina extorsiones desde el penal (sintético)" : nil
            let profile = SensitiveProfile(health: health, affiliation: affiliation, intelligence: intelligence)
            if !profile.isEmpty { population.sensitive.append((person.id, profile)) }
        }
    }

    static func slug(_ text: String) -> String {
        SearchText.fold(text).split(separator: " ").joined(separator: "-")
    }

    /// Sentence lengths by band, exact counts, the longest to the gravest crimes (with noise).
    mutating func assignSentenceLengths() {
        var lengths: [SentenceTerm.Length] = []
        for band in data.sentenceBands {
            for _ in 0..<band.count {
                let low = max(band.minMonths, 3)
                let months = Int.random(in: low...max(low, band.maxMonths), using: &rng)
                lengths.append(.months(months))
            }
        }
        lengths += Array(repeating: .life, count: data.lifeSentences)
        lengths.sort()
        // Rank the sentenced deck by severity plus noise; the i-th gravest gets the i-th longest sentence.
        var scored: [(index: Int, score: Double)] = []
        for (index, crime) in sentencedCrimes.enumerated() {
            let figures = data.crimes[crime]
            let article = Builder.article(for: figures)
            let score = DemoGenerator.severity(article, name: figures.name) * Double.random(in: 0.55...1.45, using: &rng)
            scored.append((index, score))
        }
        scored.sort { $0.score < $1.score }
        for (rank, entry) in scored.enumerated() where rank < lengths.count {
            sentenceLengths[entry.index] = lengths[rank]
        }
    }

    static func article(for crime: PeruDataset.CrimeFigures) -> String {
        let first = crime.sourceArticle.split(separator: " ").first.map(String.init) ?? crime.sourceArticle
        return first
    }

    mutating func buildEstablishment(_ figures: PeruDataset.EstablishmentFigures) {
        let establishmentID = Establishment.ID(rawValue: Int64(population.establishments.count + 1))
        let officeID = population.regionalOffices.first(where: { $0.name == figures.regionalOffice })!.id
        population.establishments.append(
            Establishment(
                id: establishmentID, code: figures.code, name: figures.name, shortName: figures.shortName,
                regionalOfficeID: officeID, department: figures.department, city: figures.city, housedSex: figures.housedSex,
                certifiedCapacity: figures.capacity))

        // Pavilions: one group per (sex, status) present, split into blocks of about 700 persons; capacity
        // shared by population (largest remainder) so the pavilions add up to the certified capacity.
        let groups: [(Sex, ProceduralStatus, Int)] = [
            (.male, .unsentenced, figures.unsentencedMen), (.male, .sentenced, figures.sentencedMen),
            (.female, .unsentenced, figures.unsentencedWomen), (.female, .sentenced, figures.sentencedWomen),
        ].filter { $0.2 > 0 }
        var blocks: [(Sex, ProceduralStatus, Int)] = []
        for (sex, status, count) in groups {
            let parts = max(1, (count + 699) / 700)
            for part in 0..<parts {
                blocks.append((sex, status, count / parts + (part < count % parts ? 1 : 0)))
            }
        }
        let capacities = Builder.apportion(figures.capacity, weights: blocks.map(\.2))
        var pavilionsByGroup: [String: [Pavilion.ID]] = [:]
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (index, block) in blocks.enumerated() {
            let id = Pavilion.ID(rawValue: Int64(population.pavilions.count + 1))
            let code = index < letters.count ? String(letters[index]) : "A\(index)"
            let label =
                switch (block.0, block.1) {
                case (.male, .unsentenced): "procesados"
                case (.male, .sentenced): "sentenciados"
                case (.female, .unsentenced): "procesadas"
                case (.female, .sentenced): "sentenciadas"
                }
            population.pavilions.append(
                Pavilion(
                    id: id, establishmentID: establishmentID, code: code, name: "Pabellón \(code) (\(label))",
                    housedSex: block.0 == .male ? .male : .female, proceduralStatus: block.1,
                    certifiedCapacity: capacities[index]))
            pavilionsByGroup["\(block.0)-\(block.1)", default: []].append(id)
        }

        for (sex, status, count) in groups {
            let pavilions = pavilionsByGroup["\(sex)-\(status)"]!
            let unsentencedPavilions = pavilionsByGroup["\(sex)-\(ProceduralStatus.unsentenced)"] ?? []
            for n in 0..<count {
                addPerson(
                    sex: sex, status: status, establishment: figures, establishmentID: establishmentID,
                    pavilion: pavilions[n % pavilions.count],
                    formerPavilion: unsentencedPavilions.isEmpty ? nil : unsentencedPavilions[n % unsentencedPavilions.count])
            }
        }
    }

    /// Splits `total` into integer parts proportional to `weights` (largest remainder), each at least 1
    /// when the total allows.
    static func apportion(_ total: Int, weights: [Int]) -> [Int] {
        let sum = max(1, weights.reduce(0, +))
        var parts = weights.map { total * $0 / sum }
        var remainders = weights.enumerated().map { ($0.offset, (total * $0.element) % sum) }
        remainders.sort { $0.1 > $1.1 }
        var left = total - parts.reduce(0, +)
        for (index, _) in remainders where left > 0 {
            parts[index] += 1
            left -= 1
        }
        if total >= parts.count {
            for index in parts.indices where parts[index] == 0 {
                if let donor = parts.indices.max(by: { parts[$0] < parts[$1] }), parts[donor] > 1 {
                    parts[donor] -= 1
                    parts[index] += 1
                }
            }
        }
        return parts
    }
}

extension SentenceTerm {
    /// A sentence length for generation: months, or life (sorted after every temporary length).
    enum Length: Comparable, Sendable {
        case months(Int)
        case life
    }
}
