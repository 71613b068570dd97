import CustodiaCore
import LegalClock
import SQLKit

extension SQLRegistry {
    /// The benefit candidates of a past day (issue 26 point 4), replayed from the register's dated rows: the placements
    /// say who was held where at the end of the day; each clock is computed again on that day from the orders issued,
    /// the work and study done and the suspensions ended by then; each file stands as the steps recorded by then left
    /// it. Nothing is written.
    public func benefitCandidates(establishmentCodes: Set<String>?, heldOn day: CivilDate) async throws -> HeldOn {
        var binds: [any Encodable & Sendable] = [day.description]
        let filter = Placeholders.establishments(establishmentCodes, after: &binds)
        let placed = """
            FROM placements pl JOIN establishments e ON e.id = pl.establishment_id
            WHERE pl.from_date <= $1 AND (pl.until_date IS NULL OR pl.until_date > $1)\(filter)
            """
        let (query, where_) = (binds, placed)
        let places: [Person.ID: String] = try await database.read { sql in
            var places: [Person.ID: String] = [:]
            for row in try await sql.execute("SELECT pl.person_id, e.code \(where_)", query) {
                places[Person.ID(rawValue: try row.int64("person_id"))] = try row.string("code")
            }
            return places
        }
        var population: [String: Int] = [:]
        for code in places.values { population[code, default: 0] += 1 }
        let inputs = try await clockInputs(held: "SELECT pl.person_id \(placed)", binds: binds)
        let terms = rules.benefitTerms.terms(on: day)
        let horizon = day.adding(days: terms.value(.leadDays))
        var eligible: [Person.ID: (semiliberty: CivilDate?, conditional: CivilDate?)] = [:]
        for (person, episodes) in inputs.episodes {
            guard places[person] != nil,
                let open = episodes.first(where: { $0.admittedOn <= day && ($0.release.map { $0.releasedOn > day } ?? true) })
            else { continue }
            let input = ClockInput.from(
                episode: open, episodes: episodes, orders: inputs.orders[person] ?? [], cases: inputs.cases[person] ?? [],
                redemption: inputs.redemption[person] ?? [], suspensions: inputs.suspensions[person] ?? [], asOf: day)
            let stored = LegalClock.compute(input, rules: rules, explain: false).stored(
                person: person, establishment: open.establishmentID)
            guard stored.status == .sentenced else { continue }
            let dates = (stored.semilibertyFrom, stored.conditionalReleaseFrom)
            if (dates.0.map { $0 <= horizon } ?? false) || (dates.1.map { $0 <= horizon } ?? false) { eligible[person] = dates }
        }
        let ids = eligible.keys.map(\.rawValue).sorted()
        let (names, files) = try await database.read { sql in
            var names: [Person.ID: PersonName] = [:]
            var files: [BenefitFile] = []
            for start in stride(from: 0, to: ids.count, by: 5_000) {
                let chunk = Array(ids[start..<min(ids.count, start + 5_000)])
                let list = Placeholders.list(chunk.count)
                for row in try await sql.execute(
                    "SELECT id, given_names, paternal_surname, maternal_surname FROM persons WHERE id IN (\(list))", chunk)
                {
                    names[Person.ID(rawValue: try row.int64("id"))] = PersonName(
                        givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                        maternalSurname: try row.string("maternal_surname"))
                }
                files += try await Self.benefitFiles(sql, where: "bf.person_id IN (\(list))", chunk)
            }
            return (names, files)
        }
        // The file that ran on the day; without one, the last denied.
        let then = files.compactMap { $0.asOf(day) }.filter { $0.state != .released && $0.state != .revoked }
        let running = Dictionary(then.map { ($0.personID, $0) }) { a, b in
            a.state.isOpen != b.state.isOpen ? (a.state.isOpen ? a : b) : (a.id > b.id ? a : b)
        }
        let candidates = eligible.keys.sorted().compactMap { person -> BenefitCandidate? in
            guard let name = names[person], let code = places[person], let dates = eligible[person] else { return nil }
            let file = running[person]
            let benefit: BenefitFile.Benefit =
                file?.benefit ?? ((dates.semiliberty.map { $0 <= horizon } ?? false) ? .semiliberty : .conditionalRelease)
            let eligibleFrom = file?.eligibleFrom ?? (benefit == .semiliberty ? dates.semiliberty : dates.conditional) ?? day
            return BenefitCandidate(
                personID: person, name: name, establishmentCode: code, benefit: benefit, eligibleFrom: eligibleFrom, file: file)
        }
        return HeldOn(day: day, population: population, candidates: candidates)
    }
}
