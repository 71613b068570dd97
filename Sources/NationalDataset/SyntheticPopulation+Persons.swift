import CustodiaCore

/// One synthetic person: identity, case and charges, orders, the custody episode and its placement, and the
/// legal records (work, study, suspensions) of the unsentenced and the sentenced.
extension Builder {

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
        var ordered =
            Int.random(in: 0..<100, using: &rng) < 80 ? maximum : Int.random(in: max(1, maximum / 2)...maximum, using: &rng)
        let prolongationCap = limits.prolongationMonths[caseType]
        let roll = Int.random(in: 0..<1000, using: &rng)
        // Days elapsed since arrest, by situation: shares per thousand in `DemoGenerator.pretrialSituations`.
        var situation: PretrialSituation = .expired
        var threshold = 0
        for (candidate, perMille) in DemoGenerator.pretrialSituations {
            threshold += perMille
            if roll < threshold {
                situation = candidate
                break
            }
        }
        // What extended the ordered term, in the order granted; an appealed conviction's sentence.
        var extensions: [CourtOrder.Kind] = []
        var conviction: ConvictionTerm?
        switch situation {
        case .adecuado:
            // Ordered less than the art. 272 maximum, then adecuado up to it at most (art. 274.2); a third of
            // them prolonged afterwards as well.
            ordered = Int.random(in: max(1, maximum / 2)...(maximum - 1), using: &rng)
            extensions.append(.adecuacion(months: Int.random(in: 1...(maximum - ordered), using: &rng)))
            if Int.random(in: 0..<3, using: &rng) == 0 {
                extensions.append(.prolongation(months: Int.random(in: 1...prolongationCap, using: &rng)))
            }
        case .prolonged:
            extensions.append(
                .prolongation(
                    months: Int.random(in: 0..<100, using: &rng) < 70
                        ? prolongationCap : Int.random(in: 1...prolongationCap, using: &rng)))
        case .appealed:
            // Convicted at first instance near the end of the prolonged term, the conviction appealed, and the
            // term prolonged on appeal (art. 274.5) within half of the sentence, with a month to spare.
            ordered = maximum
            extensions.append(.prolongation(months: prolongationCap))
            let onAppeal = Int.random(in: 1...12, using: &rng)
            let shortest = 2 * (maximum + prolongationCap + onAppeal + 1)
            conviction = ConvictionTerm(
                years: min(35, (shortest + 11) / 12 + Int.random(in: 0...5, using: &rng)), months: 0)
            extensions.append(.appealProlongation(months: onAppeal))
        case .awaitingHearing, .withinTerm, .expired:
            break
        }
        let extended = extensions.compactMap(\.extensionMonths)
        var arrested: CivilDate
        switch situation {
        case .awaitingHearing:
            arrested = asOf.adding(days: -Int.random(in: 0...2, using: &rng))
        case .withinTerm:
            // From 3 days in to the last day of the ordered term.
            let start = asOf.adding(months: -ordered).adding(days: 1)
            arrested = start.adding(days: Int.random(in: 0...max(0, start.days(until: asOf) - 3), using: &rng))
        case .adecuado, .prolonged, .appealed:
            // Work backwards: the as-of day falls in the last extension, a few days short of its end.
            let total = ordered + extended.reduce(0, +)
            let earliest = asOf.adding(months: -total).adding(days: 4)
            let latest = asOf.adding(months: -(total - extended.last!))
            arrested = earliest.adding(days: Int.random(in: 0...max(0, earliest.days(until: latest)), using: &rng))
        case .expired:
            let lastDay = asOf.adding(months: -ordered).adding(days: -1)
            arrested = lastDay.adding(days: -Int.random(in: 0...90, using: &rng))
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
        // Each extension granted before the term it extends ran out (CPP art. 274.1), each from the day after.
        var termEnd = arrested.adding(months: ordered).adding(days: -1)
        var lastOrderDay = orderDay
        for step in extensions {
            var granted = max(lastOrderDay, termEnd.adding(days: -Int.random(in: 1...20, using: &rng)))
            if case .appealProlongation = step, let conviction {
                let trialCourt = "Juzgado Penal Colegiado N.º \(court) de \(establishment.department)"
                let convicted = max(lastOrderDay, termEnd.adding(days: -Int.random(in: 20...90, using: &rng)))
                _ = appendOrder(personID, caseID, .appealedConviction(conviction), court: trialCourt, on: convicted)
                granted = max(convicted, termEnd.adding(days: -Int.random(in: 1...15, using: &rng)))
            }
            _ = appendOrder(personID, caseID, step, court: investigationCourt, on: granted)
            lastOrderDay = granted
            termEnd = termEnd.adding(days: 1).adding(months: step.extensionMonths ?? 0).adding(days: -1)
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
        // Recidivism declared by the sentence (CP arts. 46-B, 46-C): an assumed share (DemoGenerator's
        // recidivism constants), for the crimes of the recidivism list too, so its exclusions show at scale.
        let declared = Int.random(in: 0..<1000, using: &rng)
        let recidivism: Recidivism? =
            declared < DemoGenerator.habitualPerMille
            ? .habitual : (declared < DemoGenerator.recidivismPerMille ? .recidivist : nil)
        switch length {
        case .life:
            elapsed = Int.random(in: 60...(25 * 365), using: &rng)
            term = .life(startsOn: asOf.adding(days: -elapsed), recidivism: recidivism)
        case .months(let months):
            let totalDays = asOf.days(until: asOf.adding(months: months))
            elapsed = Int.random(in: max(1, totalDays / 100)...max(1, totalDays - 2), using: &rng)
            let start = asOf.adding(days: -elapsed)
            term = SentenceTerm(years: months / 12, months: months % 12, days: 0, startsOn: start, recidivism: recidivism)
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
            var study = Int.random(in: 0..<4, using: &rng) == 0
            let worked = min(cap, max(1, served * Int.random(in: 25...70, using: &rng) / 100))
            // A long stay is certified in several periods, work and study in turn (each period's days within it),
            // so periods fall under different law versions and ratios (RD-1 to RD-9).
            let parts = served > 365 ? Int.random(in: 1...3, using: &rng) : 1
            let last = asOf.adding(days: -1)
            let span = admitted.days(until: last) + 1
            var from = admitted
            var left = worked
            for part in 0..<parts where left > 0 {
                let to = part == parts - 1 ? last : admitted.adding(days: span * (part + 1) / parts - 1)
                let length = from.days(until: to) + 1
                let days = min(length, part == parts - 1 ? left : max(1, worked * length / span))
                population.redemption.append(
                    (
                        personID,
                        RedemptionRecord(
                            episodeID: population.episodes.last!.id, activity: study ? .study : .work, fromDate: from,
                            toDate: to, days: days, evaluationPassed: !study || Int.random(in: 0..<10, using: &rng) < 8,
                            certifiedBy: study ? "Área de Educación del establecimiento" : "Área de Trabajo del establecimiento")
                    ))
                left -= days
                from = to.adding(days: 1)
                study.toggle()
            }
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
