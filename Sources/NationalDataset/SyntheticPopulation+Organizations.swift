import CustodiaCore

extension Builder {
    /// The demo's organizations: the fictional names its affiliation notes already use, each of a kind.
    static let organizationKinds: [Organization.Kind] = [
        .banda, .banda, .organizacionCriminal, .organizacionCriminal, .organizacionCriminal, .banda,
    ]
    /// Rival pairs, kept apart by pavilion (indexes into `Builder.organizations`).
    static let rivals: [(Int, Int)] = [(0, 1), (2, 3), (4, 5), (0, 4)]

    /// Organizations, memberships and keep-apart records on a random stream of their own, so nothing else in the
    /// demo moved. Whoever has an affiliation note is a member of that organization since before the admission
    /// (a leader when the intelligence note says so); rival organizations are kept apart by pavilion; and in one
    /// establishment in three a few pairs of persons have a non-association order.
    mutating func buildOrganizations() {
        var stream = SeededGenerator(seed: population.seed ^ 0x0A6A_1125)
        for (index, name) in Builder.organizations.enumerated() {
            population.organizations.append(
                Organization(
                    id: .init(rawValue: Int64(index + 1)), name: name, aliases: [],
                    kind: Builder.organizationKinds[index % Builder.organizationKinds.count]))
        }
        let ids = Dictionary(population.organizations.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        let admitted = Dictionary(
            population.episodes.map { ($0.personID, $0.admittedOn) }, uniquingKeysWith: { first, _ in first })
        for (person, profile) in population.sensitive {
            guard let name = profile.affiliation, let organization = ids[name], let since = admitted[person] else { continue }
            let leader = profile.intelligence != nil
            population.memberships.append(
                (
                    person,
                    Membership(
                        organizationID: organization, organizationName: name, role: leader ? .leader : .member,
                        evidenceSource: "Informe de inteligencia penitenciaria (sintético)",
                        confidence: leader ? .high : Int.random(in: 0..<2, using: &stream) == 0 ? .medium : .high,
                        from: since.adding(days: -Int.random(in: 90...1_500, using: &stream)), to: nil)
                ))
        }
        for (a, b) in Builder.rivals {
            population.keepApart.append(
                KeepApartDraft(
                    parties: .organizations(population.organizations[a].id, population.organizations[b].id),
                    scope: .pavilion, reason: "Rivalidad entre organizaciones (sintético)", startsOn: asOf.adding(days: -400)))
        }
        // Pairs of persons held now in one establishment, in different pavilions.
        let current = population.placements.filter { $0.untilDate == nil }
        let byEstablishment = Dictionary(grouping: current, by: \.establishmentID)
        for establishment in byEstablishment.keys.sorted() where establishment.rawValue % 3 == 0 {
            let placed = byEstablishment[establishment]!
            for _ in 0..<min(5, placed.count / 200) {
                let first = placed.randomElement(using: &stream)!
                let second = placed.randomElement(using: &stream)!
                guard first.pavilionID != second.pavilionID else { continue }
                let (low, high) = first.personID < second.personID ? (first, second) : (second, first)
                population.keepApart.append(
                    KeepApartDraft(
                        parties: .persons(low.personID, high.personID), scope: .pavilion,
                        reason: "Amenaza entre internos (sintético)", startsOn: max(first.fromDate, second.fromDate)))
            }
        }
    }
}
