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
    public var asOf: CivilDate
    public var seed: UInt64

    public init(asOf: CivilDate, seed: UInt64) {
        self.asOf = asOf
        self.seed = seed
    }
}

/// Builds the synthetic national population with a fixed seed. Per establishment it has exactly the real
/// counts of procesados and sentenciados by sex; nationally exactly the real crime mix by legal status, the
/// sentence-length bands and the foreign nationals by sex; ages follow each crime's age bands. Names and
/// documents are synthetic (never a real person's).
public enum DemoGenerator {
    public static let defaultSeed: UInt64 = 20_260_131

    /// `limits` are the pretrial limits of the rule table in force on the as-of day (`RuleSet.table(on:)`).
    public static func generate(
        _ data: PeruDataset, asOf: CivilDate, limits: PretrialLimits, seed: UInt64 = defaultSeed
    ) -> SyntheticPopulation {
        var builder = Builder(data: data, asOf: asOf, limits: limits, seed: seed)
        builder.build()
        return builder.population
    }

    /// Peruvian-looking names; combinations are synthetic.
    static let maleGivenNames = [
        "José", "Luis", "Juan", "Carlos", "Jorge", "Miguel", "César", "Víctor", "Manuel", "Pedro", "Jesús", "Julio",
        "Alberto", "Raúl", "Fernando", "Walter", "Édgar", "Wilmer", "Ángel", "Richard", "Jhon", "Kevin", "Brayan",
        "Cristian", "Diego", "Renzo", "Rubén", "Óscar", "Percy", "Elmer", "Hugo", "Alexander", "Marco Antonio",
        "Juan Carlos", "José Luis", "Luis Alberto", "Segundo", "Efraín", "Néstor", "Iván",
    ]
    static let femaleGivenNames = [
        "María", "Rosa", "Ana", "Carmen", "Juana", "Luz", "Elena", "Gladys", "Milagros", "Flor", "Yolanda", "Sonia",
        "Patricia", "Karina", "Jessica", "Lucía", "Maribel", "Rocío", "Nelly", "Marleny", "Yesenia", "Sofía",
        "María Elena", "Rosa María", "Ángela", "Inés", "Verónica", "Liliana", "Betty", "Mónica",
    ]
    static let surnames = [
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

    mutating func addPerson(
        sex: Sex, status: ProceduralStatus, establishment: PeruDataset.EstablishmentFigures,
        establishmentID: Establishment.ID, pavilion: Pavilion.ID, formerPavilion: Pavilion.ID?
    ) {
        let personID = Person.ID(rawValue: Int64(population.persons.count + 1))
        ordersOfCurrentPerson = 0
        let crimeIndex: Int
        var length: SentenceTerm.Length?
        if status == .sentenced {
            crimeIndex = sentencedCrimes[sentencedDealt]
            length = sentenceLengths[sentencedDealt]
            sentencedDealt += 1
        } else {
            crimeIndex = unsentencedCrimes[unsentencedDealt]
            unsentencedDealt += 1
        }
        let crime = data.crimes[crimeIndex]
        let isForeign: Bool
        if sex == .male {
            isForeign = foreignMen[menDealt]
            menDealt += 1
        } else {
            isForeign = foreignWomen[womenDealt]
            womenDealt += 1
        }

        // Identity.
        let given =
            sex == .male
            ? DemoGenerator.maleGivenNames.randomElement(using: &rng)!
            : DemoGenerator.femaleGivenNames.randomElement(using: &rng)!
        let name = PersonName(
            givenNames: given, paternalSurname: DemoGenerator.surnames.randomElement(using: &rng)!,
            maternalSurname: DemoGenerator.surnames.randomElement(using: &rng)!)
        let nationality = isForeign ? weighted(DemoGenerator.foreignNationalities) : "PER"
        let document: IdentityDocument
        if isForeign {
            let digits = String(100_000_000 + Int(personID.rawValue) * 7 % 900_000_000)
            document = Int.random(in: 0..<10, using: &rng) < 6 ? .foreignerCard("00" + digits.suffix(7)) : .passport("P" + digits)
        } else if Int.random(in: 0..<10_000, using: &rng) < 225 {
            document = .none  // about 2,200 inmates without an identity document
        } else {
            // A unique synthetic DNI: an invertible permutation of the person id over 8-digit numbers.
            document = .dni(String(10_000_000 + (Int(personID.rawValue) * 48_271 + 1_234_567) % 90_000_000))
        }
        let age = sampleAge(crime)
        let birth = asOf.adding(days: -(age * 365 + age / 4 + Int.random(in: 0...364, using: &rng)))
        let aliases = Int.random(in: 0..<100, using: &rng) < 15 ? [DemoGenerator.aliases.randomElement(using: &rng)!] : []
        population.persons.append(
            Person(
                id: personID, document: document, name: name, aliases: aliases, sex: sex, birthDate: birth,
                nationality: nationality))

        // The case.
        let article = articleFor(crime)
        let crimeName = crime.sourceArticle == "varios" ? (CrimeCatalog.name(of: article) ?? crime.name) : crime.name
        let caseType: CaseType = {
            let roll = Int.random(in: 0..<100, using: &rng)
            if ["317", "317-B", "108-C", "200", "297"].contains(article) {
                return roll < 50 ? .organizedCrime : (roll < 80 ? .complex : .ordinary)
            }
            return roll < 6 ? .organizedCrime : (roll < 22 ? .complex : .ordinary)
        }()
        let court = Int.random(in: 1...9, using: &rng)
        let department = establishment.department
        let investigationCourt = "Juzgado de Investigación Preparatoria N.º \(court) de \(department)"

        if status == .sentenced {
            addSentenced(
                personID: personID, establishmentID: establishmentID, pavilion: pavilion, formerPavilion: formerPavilion,
                length: length ?? .months(60), caseType: caseType, article: article, crimeName: crimeName,
                establishment: establishment, investigationCourt: investigationCourt, court: court)
        } else {
            addUnsentenced(
                personID: personID, establishmentID: establishmentID, pavilion: pavilion, caseType: caseType, article: article,
                crimeName: crimeName, establishment: establishment, investigationCourt: investigationCourt, court: court)
        }
    }

    mutating func sampleAge(_ crime: PeruDataset.CrimeFigures) -> Int {
        let band = weighted(Array(zip(PeruDataset.ageBands.indices, crime.ages)))
        let range = PeruDataset.ageBands[band]
        return Int.random(in: range.from...range.to, using: &rng)
    }

    mutating func articleFor(_ crime: PeruDataset.CrimeFigures) -> String {
        if crime.sourceArticle == "varios" { return weighted(DemoGenerator.otherArticles) }
        return Builder.article(for: crime)
    }

    mutating func caseNumber(arrested: CivilDate, establishment: PeruDataset.EstablishmentFigures, court: Int) -> CaseNumber {
        caseSequence += 1
        let sequence = String(caseSequence % 99_999 + 1)
        let padded = String(repeating: "0", count: 5 - sequence.count) + sequence
        let incident = Int.random(in: 0..<10, using: &rng) < 8 ? 1 : Int.random(in: 2...4, using: &rng)
        return CaseNumber("\(padded)-\(arrested.year)-\(incident)-\(establishment.departmentUbigeo)01-JR-PE-0\(court)")!
    }

    mutating func appendCase(
        personID: Person.ID, number: CaseNumber, court: String, department: String, caseType: CaseType,
        status: ProceduralStatus, article: String, crimeName: String
    ) -> LegalCase.ID {
        let caseID = LegalCase.ID(rawValue: Int64(population.cases.count + 1))
        population.cases.append(
            LegalCase(
                id: caseID, personID: personID, number: number, court: court,
                judicialDistrict: "Corte Superior de Justicia de \(department)", caseType: caseType, proceduralStatus: status,
                charges: [Charge(id: .init(rawValue: caseID.rawValue), article: article, crimeName: crimeName)]))
        return caseID
    }

    mutating func appendOrder(
        _ personID: Person.ID, _ caseID: LegalCase.ID, _ kind: CourtOrder.Kind, court: String, on date: CivilDate
    )
        -> CourtOrder.ID
    {
        let id = CourtOrder.ID(rawValue: Int64(population.orders.count + 1))
        ordersOfCurrentPerson += 1
        let resolution = ordersOfCurrentPerson
        population.orders.append(
            CourtOrder(
                id: id, personID: personID, caseID: caseID, kind: kind, issuingCourt: court, issuedOn: date,
                reference: "Resolución N.º \(resolution)"))
        return id
    }

    /// Procesados: most within the ordered pretrial term, some prolonged, some freshly detained awaiting the
    /// hearing, and a few past their term without release, as in reality.
    mutating func addUnsentenced(
        personID: Person.ID, establishmentID: Establishment.ID, pavilion: Pavilion.ID, caseType: CaseType, article: String,
        crimeName: String, establishment: PeruDataset.EstablishmentFigures, investigationCourt: String, court: Int
    ) {
        let maximum = limits.maximumMonths[caseType]
        let ordered =
            Int.random(in: 0..<100, using: &rng) < 80 ? maximum : Int.random(in: max(1, maximum / 2)...maximum, using: &rng)
        let prolongationCap = limits.prolongationMonths[caseType]
        let roll = Int.random(in: 0..<1000, using: &rng)
        // Days elapsed since arrest, by situation.
        enum Situation: Equatable { case awaitingHearing, withinTerm, prolonged, expired }
        var situation: Situation
        var arrested: CivilDate
        var prolongation = 0
        if roll < 25 {
            situation = .awaitingHearing
            arrested = asOf.adding(days: -Int.random(in: 0...2, using: &rng))
        } else {
            // Work backwards from a chosen point in the term.
            let probe = asOf
            situation = roll < 770 ? .withinTerm : (roll < 975 ? .prolonged : .expired)
            switch situation {
            case .withinTerm:
                // From 3 days in to the last day of the ordered term.
                let start = probe.adding(months: -ordered).adding(days: 1)
                arrested = start.adding(days: Int.random(in: 0...max(0, start.days(until: probe) - 3), using: &rng))
            case .prolonged:
                prolongation =
                    Int.random(in: 0..<100, using: &rng) < 70 ? prolongationCap : Int.random(in: 1...prolongationCap, using: &rng)
                let earliest = probe.adding(months: -(ordered + prolongation)).adding(days: 1)
                let latest = probe.adding(months: -ordered)
                arrested = earliest.adding(days: Int.random(in: 0...max(0, earliest.days(until: latest)), using: &rng))
            case .expired:
                let lastDay = probe.adding(months: -ordered).adding(days: -1)
                arrested = lastDay.adding(days: -Int.random(in: 0...90, using: &rng))
            case .awaitingHearing:
                arrested = probe
            }
        }
        let number = caseNumber(arrested: arrested, establishment: establishment, court: court)
        let caseID = appendCase(
            personID: personID, number: number, court: investigationCourt, department: establishment.department,
            caseType: caseType, status: .unsentenced, article: article, crimeName: crimeName)
        let orderDay =
            situation == .awaitingHearing ? arrested : min(asOf, arrested.adding(days: Int.random(in: 1...2, using: &rng)))
        let kind: CourtOrder.Kind =
            situation == .awaitingHearing
            ? .detention : .pretrialDetention(PretrialTerm(caseType: caseType, months: ordered, startsOn: arrested))
        let orderID = appendOrder(personID, caseID, kind, court: investigationCourt, on: orderDay)
        if situation == .prolonged {
            // Requested and granted before the ordered term ran out (CPP art. 274.1).
            let termEnd = arrested.adding(months: ordered).adding(days: -1)
            let granted = termEnd.adding(days: -Int.random(in: 1...20, using: &rng))
            _ = appendOrder(
                personID, caseID, .prolongation(months: prolongation), court: investigationCourt, on: max(orderDay, granted))
        }
        appendEpisode(
            personID: personID, establishmentID: establishmentID, admitted: orderDay, orderID: orderID,
            authority: investigationCourt, arrested: arrested, place: establishment.city ?? establishment.department,
            status: .unsentenced, placements: [(pavilion, orderDay)])
        // About 3% of pretrial terms were suspended for a malicious delay of the defence (art. 275).
        let span = arrested.days(until: asOf)
        if situation != .awaitingHearing, span > 60, Int.random(in: 0..<100, using: &rng) < 3 {
            let length = Int.random(in: 5...40, using: &rng)
            let from = arrested.adding(days: Int.random(in: 10...(span - length - 5), using: &rng))
            population.suspensions.append(
                (
                    personID,
                    SuspensionRecord(
                        episodeID: population.episodes.last!.id, fromDate: from, toDate: from.adding(days: length - 1),
                        resolution: "Resolución N.º \(ordersOfCurrentPerson + 1) (dilación maliciosa)")
                ))
        }
    }

    /// Sentenciados: admitted on a pretrial order (or captured on the sentence), later sentenced; the sentence
    /// is still running on the as-of date.
    mutating func addSentenced(
        personID: Person.ID, establishmentID: Establishment.ID, pavilion: Pavilion.ID, formerPavilion: Pavilion.ID?,
        length: SentenceTerm.Length, caseType: CaseType, article: String, crimeName: String,
        establishment: PeruDataset.EstablishmentFigures, investigationCourt: String, court: Int
    ) {
        let term: SentenceTerm
        let elapsed: Int
        switch length {
        case .life:
            elapsed = Int.random(in: 60...(25 * 365), using: &rng)
            term = .life(startsOn: asOf.adding(days: -elapsed))
        case .months(let months):
            let totalDays = asOf.days(until: asOf.adding(months: months))
            elapsed = Int.random(in: max(1, totalDays / 100)...max(1, totalDays - 2), using: &rng)
            let start = asOf.adding(days: -elapsed)
            term = SentenceTerm(years: months / 12, months: months % 12, days: 0, startsOn: start)
        }
        let arrested = term.startsOn
        let number = caseNumber(arrested: arrested, establishment: establishment, court: court)
        let trialCourt = "Juzgado Penal Colegiado N.º \(court) de \(establishment.department)"
        let caseID = appendCase(
            personID: personID, number: number, court: trialCourt, department: establishment.department, caseType: caseType,
            status: .sentenced, article: article, crimeName: crimeName)
        let capturedOnSentence = Int.random(in: 0..<100, using: &rng) < 4 || elapsed < 10
        if capturedOnSentence {
            let sentenceOrder = appendOrder(personID, caseID, .sentence(term), court: trialCourt, on: arrested)
            appendEpisode(
                personID: personID, establishmentID: establishmentID, admitted: arrested, orderID: sentenceOrder,
                authority: trialCourt, arrested: arrested, place: establishment.city ?? establishment.department,
                status: .sentenced, placements: [(pavilion, arrested)])
            return
        }
        let admitted = arrested.adding(days: 1)
        let pretrialMonths = limits.maximumMonths[caseType]
        let pretrial = appendOrder(
            personID, caseID, .pretrialDetention(PretrialTerm(caseType: caseType, months: pretrialMonths, startsOn: arrested)),
            court: investigationCourt, on: admitted)
        // Sentenced within the pretrial term, at least a little after admission.
        let pretrialEnd = arrested.adding(months: pretrialMonths).adding(days: -1)
        let latestSentence = min(asOf, pretrialEnd)
        let span = max(0, admitted.days(until: latestSentence))
        let sentencedOn = admitted.adding(days: Int.random(in: min(30, span)...span, using: &rng))
        _ = appendOrder(personID, caseID, .sentence(term), court: trialCourt, on: sentencedOn)
        var placements: [(Pavilion.ID, CivilDate)] = []
        if let formerPavilion, sentencedOn > admitted {
            placements.append((formerPavilion, admitted))
        }
        placements.append((pavilion, sentencedOn > admitted ? sentencedOn : admitted))
        appendEpisode(
            personID: personID, establishmentID: establishmentID, admitted: admitted, orderID: pretrial,
            authority: investigationCourt, arrested: arrested, place: establishment.city ?? establishment.department,
            status: .sentenced, placements: placements)
        // More than half of the sentenced work or study; their certified days redeem sentence (CEP art. 44).
        let served = admitted.days(until: asOf)
        // The days left of the sentence bound the work that still makes sense at 2x1 (a few exceed it: their
        // redeemed release is overdue, as happens when nobody processes it).
        let remaining =
            term.isLife ? 0 : asOf.days(until: term.startsOn.adding(months: term.totalMonths).adding(days: term.days - 1))
        let cap = Int.random(in: 0..<100, using: &rng) < 2 ? Int.max : 2 * (remaining - 1)
        if !term.isLife, served > 30, cap > 0, Int.random(in: 0..<100, using: &rng) < 55 {
            let study = Int.random(in: 0..<4, using: &rng) == 0
            let worked = min(cap, max(1, served * Int.random(in: 25...70, using: &rng) / 100))
            population.redemption.append(
                (
                    personID,
                    RedemptionRecord(
                        episodeID: population.episodes.last!.id, activity: study ? .study : .work, fromDate: admitted,
                        toDate: asOf.adding(days: -1), days: worked,
                        evaluationPassed: !study || Int.random(in: 0..<10, using: &rng) < 8,
                        certifiedBy: study ? "Área de Educación del establecimiento" : "Área de Trabajo del establecimiento")
                ))
        }
    }

    mutating func appendEpisode(
        personID: Person.ID, establishmentID: Establishment.ID, admitted: CivilDate, orderID: CourtOrder.ID, authority: String,
        arrested: CivilDate, place: String, status: ProceduralStatus, placements: [(Pavilion.ID, CivilDate)]
    ) {
        let episodeID = CustodyEpisode.ID(rawValue: Int64(population.episodes.count + 1))
        let time = TimeOfDay(hour: Int.random(in: 7...19, using: &rng), minute: Int.random(in: 0...59, using: &rng))!
        population.episodes.append(
            CustodyEpisode(
                id: episodeID, personID: personID, establishmentID: establishmentID, admittedOn: admitted, admittedAt: time,
                authorizingOrderID: orderID, sendingAuthority: authority, arrestedOn: arrested, arrestPlace: place,
                proceduralStatus: status))
        for (index, placement) in placements.enumerated() {
            let until = index + 1 < placements.count ? placements[index + 1].1 : nil
            population.placements.append(
                Placement(
                    id: .init(rawValue: Int64(population.placements.count + 1)), personID: personID, episodeID: episodeID,
                    establishmentID: establishmentID, pavilionID: placement.0, cellID: nil, fromDate: placement.1,
                    untilDate: until))
        }
    }
}

extension SentenceTerm {
    /// A sentence length for generation: months, or life (sorted after every temporary length).
    enum Length: Comparable, Sendable {
        case months(Int)
        case life
    }
}
