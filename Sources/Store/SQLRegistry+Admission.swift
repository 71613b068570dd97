import CustodiaCore
import Foundation
import LegalClock
import Placement
import SQLKit

/// Admission (ingreso): a new or registered person, their case and charges, the authorizing order, the episode
/// and the first placement, the event, the audit row and the clock, in one transaction.
extension SQLRegistry {
    public func admit(_ request: AdmissionRequest, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<PersonFile> {
        let createdAt = Instant.iso(now())
        return try await change { sql in
            let place = try await target(
                sql, establishmentCode: request.establishmentCode, establishmentID: nil, pavilionCode: request.pavilionCode,
                cellCode: request.cellCode)
            let crimes = try await crimeNames(sql, request.legalCase.chargeArticles)
            var existing: Person?
            var open: CustodyEpisode?
            var documentOwner: Person.ID?
            switch request.subject {
            case .existing(let id):
                existing = try await lockedPerson(sql, id)
                if existing != nil { open = try await openEpisode(sql, id) }
            case .new(let person):
                if let number = person.document.number {
                    documentOwner = try await sql.execute(
                        "SELECT id FROM persons WHERE document_type = $1 AND document_number = $2",
                        [person.document.kind.rawValue, number]
                    ).first.map { Person.ID(rawValue: try $0.int64("id")) }
                }
            }
            let context = Admission.Context(
                asOf: asOf, existingPerson: existing, openEpisode: open, documentOwner: documentOwner,
                knownArticles: Set(crimes.keys), pretrialLimits: rules.table(on: asOf).pretrial)
            var placement = PlacementContext.newPerson(birthDate: nil)
            if case .new(let person) = request.subject { placement.birthDate = person.birthDate }
            if let existing, let establishment = place.establishment {
                placement = try await placementContext(
                    sql, person: existing, episode: nil, establishment: establishment.id, asOf: asOf)
            }
            let overridden = try decidePlacement(
                Admission.validate(request, in: context, target: place, placement: placement), override: request.override)
            guard let order = request.order, let establishment = place.establishment, let pavilion = place.pavilion,
                let status = order.kind.proceduralStatus
            else { throw StoreError.corrupt("admission accepted without its order or place") }

            let personID: Person.ID
            var newPerson: Person?
            if let existing {
                personID = existing.id
                try await bumpVersion(sql, personID)
            } else if case .new(let person) = request.subject {
                newPerson = try await insertPerson(sql, person, createdAt: createdAt)
                personID = newPerson!.id
            } else {
                throw StoreError.corrupt("admission without subject")
            }
            let legalCase = try await upsertCase(
                sql, personID: personID, isNew: newPerson != nil, legalCase: request.legalCase, status: status,
                crimeNames: crimes)
            let orderID = try await insertOrder(sql, personID: personID, caseID: legalCase.id.rawValue, order: order)
            let episode = CustodyEpisode(
                id: .init(rawValue: 0), personID: personID, establishmentID: establishment.id, admittedOn: request.admittedOn,
                admittedAt: request.admittedAt, authorizingOrderID: .init(rawValue: orderID),
                sendingAuthority: request.sendingAuthority.trimmingWhitespace(), arrestedOn: request.arrestedOn,
                arrestPlace: request.arrestPlace?.trimmingWhitespace(), proceduralStatus: status)
            let episodeID = try await sql.insertReturningID(
                "custody_episodes",
                [
                    "person_id", "establishment_id", "admitted_on", "admitted_at", "authorizing_order_id", "sending_authority",
                    "arrested_on", "arrest_place", "procedural_status",
                ],
                [
                    personID.rawValue, establishment.id.rawValue, episode.admittedOn.description, episode.admittedAt.description,
                    orderID, episode.sendingAuthority, episode.arrestedOn?.description, episode.arrestPlace, status.rawValue,
                ])
            let intake = try await insertIntake(
                sql, episode: .init(rawValue: episodeID), person: personID, establishment: establishment.id,
                admitted: LocalTime(date: request.admittedOn, time: request.admittedAt),
                foreign: (existing ?? newPerson)?.isForeignNational ?? false, details: request.intake, asOf: asOf)
            let cell = place.cell ?? nil
            let placementID = try await insertPlacement(
                sql, person: personID, episode: episodeID, establishment: establishment.id, pavilion: pavilion.id,
                cell: cell?.id, from: request.admittedOn,
                at: LocalTime(date: request.admittedOn, time: request.admittedAt), reason: "admission")
            try await record(
                sql,
                .admitted(
                    .init(
                        episodeID: episodeID, orderID: orderID, establishmentCode: establishment.code,
                        pavilionCode: pavilion.code, cellCode: cell?.code, admittedOn: request.admittedOn,
                        proceduralStatus: status.rawValue, newPerson: newPerson != nil)),
                actor: actor, person: personID, establishment: establishment.id)
            try await recordOverride(
                sql, overridden: overridden, movement: .admission, person: personID, target: place, current: nil,
                context: placement, override: request.override, actor: actor, asOf: asOf)
            if let inbound = request.inboundOrderID {
                try await executeByAdmission(
                    sql, inbound, person: personID, establishment: establishment.id, caseID: legalCase.id.rawValue,
                    courtOrderID: orderID, actor: actor)
            }
            guard let newPerson else {
                // A registered person: the file (and so the clock) comes from everything the register holds.
                guard let file = try await Self.personFile(personID, sql) else { throw StoreError.corrupt("person vanished") }
                try await storeClock(sql, file: file, asOf: asOf)
                return .file(file)
            }
            var opened = episode
            opened.id = .init(rawValue: episodeID)
            var file =
                PersonFile(
                    person: newPerson, episodes: [opened], cases: [legalCase],
                    orders: [
                        CourtOrder(
                            id: .init(rawValue: orderID), personID: personID, caseID: legalCase.id, kind: order.kind,
                            issuingCourt: order.issuingCourt.trimmingWhitespace(), issuedOn: order.issuedOn,
                            reference: order.reference.trimmingWhitespace())
                    ],
                    placements: [
                        Placement(
                            id: .init(rawValue: placementID), personID: personID, episodeID: opened.id,
                            establishmentID: establishment.id, pavilionID: pavilion.id, cellID: cell?.id,
                            fromDate: request.admittedOn, untilDate: nil)
                    ],
                    establishmentCodes: [establishment.id: establishment.code], pavilionCodes: [pavilion.id: pavilion.code],
                    cellCodes: cell.map { [$0.id: $0.code] } ?? [:])
            file.intake = intake
            try await storeClock(sql, file: file, asOf: asOf, replacing: false)
            return .file(file)
        }
    }

    /// Names of the catalogued crimes among `articles` (unknown articles are simply absent).
    func crimeNames(_ sql: any SQLDatabase, _ articles: [String]) async throws -> [String: String] {
        let unique = Array(Set(articles))
        if unique.isEmpty { return [:] }
        let placeholders = (1...unique.count).map { "$\($0)" }.joined(separator: ", ")
        var names: [String: String] = [:]
        for row in try await sql.execute("SELECT article, name FROM crimes WHERE article IN (\(placeholders))", unique) {
            names[try row.string("article")] = try row.string("name")
        }
        return names
    }

    func insertPerson(_ sql: any SQLDatabase, _ person: NewPerson, createdAt: String) async throws -> Person {
        let name = PersonName(
            givenNames: person.name.givenNames.trimmingWhitespace(),
            paternalSurname: person.name.paternalSurname.trimmingWhitespace(),
            maternalSurname: person.name.maternalSurname.trimmingWhitespace())
        let aliases = person.aliases.map { $0.trimmingWhitespace() }
        let id = try await sql.insertReturningID(
            "persons",
            [
                "document_type", "document_number", "given_names", "paternal_surname", "maternal_surname", "sex", "birth_date",
                "nationality", "version", "created_at",
            ],
            [
                person.document.kind.rawValue, person.document.number, name.givenNames, name.paternalSurname,
                name.maternalSurname, person.sex.rawValue, person.birthDate?.description, person.nationality, 1, createdAt,
            ])
        try await sql.insertRows("person_aliases", ["person_id", "alias"], aliases.map { [id, $0] })
        try await sql.insertRows(
            "person_search_keys", ["person_id", "search_key"], SearchKeys.keys(for: name, aliases: aliases).map { [id, $0] })
        return Person(
            id: .init(rawValue: id), document: person.document, name: name, aliases: aliases, sex: person.sex,
            birthDate: person.birthDate, nationality: person.nationality, version: 1)
    }

    /// The person's case with this number (updated to the new status), or a new one with its charges.
    func upsertCase(
        _ sql: any SQLDatabase, personID: Person.ID, isNew: Bool, legalCase: NewLegalCase, status: ProceduralStatus,
        crimeNames: [String: String]
    ) async throws -> LegalCase {
        let court = legalCase.court.trimmingWhitespace()
        let district = legalCase.judicialDistrict.trimmingWhitespace()
        if !isNew,
            let row = try await sql.execute(
                "SELECT id FROM legal_cases WHERE person_id = $1 AND case_number = $2",
                [personID.rawValue, legalCase.number.text] as [any Encodable & Sendable]
            ).first
        {
            let id = try row.int64("id")
            try await sql.execute(
                "UPDATE legal_cases SET procedural_status = $1, case_type = $2 WHERE id = $3",
                [status.rawValue, legalCase.caseType.rawValue, id] as [any Encodable & Sendable])
            return LegalCase(
                id: .init(rawValue: id), personID: personID, number: legalCase.number, court: court,
                judicialDistrict: district, caseType: legalCase.caseType, proceduralStatus: status, charges: [])
        }
        let id = try await sql.insertReturningID(
            "legal_cases", ["person_id", "case_number", "court", "judicial_district", "case_type", "procedural_status"],
            [personID.rawValue, legalCase.number.text, court, district, legalCase.caseType.rawValue, status.rawValue])
        var charges: [Charge] = []
        for article in legalCase.chargeArticles {
            let name = crimeNames[article] ?? article
            let chargeID = try await sql.insertReturningID("charges", ["case_id", "article", "crime_name"], [id, article, name])
            charges.append(Charge(id: .init(rawValue: chargeID), article: article, crimeName: name))
        }
        return LegalCase(
            id: .init(rawValue: id), personID: personID, number: legalCase.number, court: court, judicialDistrict: district,
            caseType: legalCase.caseType, proceduralStatus: status, charges: charges)
    }

    func insertOrder(_ sql: any SQLDatabase, personID: Person.ID, caseID: Int64?, order: NewOrder) async throws -> Int64 {
        let columns = OrderColumns(order.kind)
        return try await sql.insertReturningID(
            "court_orders", OrderColumns.names, columns.bindValues(personID: personID.rawValue, caseID: caseID, order: order))
    }
}

extension OrderColumns {
    func bindValues(personID: Int64, caseID: Int64?, order: NewOrder) -> [any Encodable & Sendable] {
        [
            personID, caseID, kind, order.issuingCourt.trimmingWhitespace(), order.issuedOn.description,
            order.reference.trimmingWhitespace(), caseType, months, startsOn, years, sentenceMonths, days, life, recidivism,
        ]
    }
}
