import CustodiaCore
import Foundation
import Placement

/// Domain values to the API's schemas.
enum Map {
    static func occupancy(_ o: Occupancy) -> Components.Schemas.Occupancy {
        Components.Schemas.Occupancy(
            capacity: o.capacity, population: o.population, unsentenced: o.unsentenced, sentenced: o.sentenced, men: o.men,
            women: o.women, occupancyPercent: o.occupancyPercent, overpopulationPercent: o.overpopulationPercent,
            overcrowded: o.isOvercrowded)
    }

    static func establishment(_ e: EstablishmentOverview) -> Components.Schemas.EstablishmentSummary {
        Components.Schemas.EstablishmentSummary(
            code: e.establishment.code, name: e.establishment.name, shortName: e.establishment.shortName,
            regionalOffice: e.regionalOffice.name, department: e.establishment.department, city: e.establishment.city,
            housedSex: .init(rawValue: e.establishment.housedSex.rawValue)!, version: e.establishment.version,
            occupancy: occupancy(e.occupancy))
    }

    static func detail(_ d: EstablishmentDetail) -> Components.Schemas.EstablishmentDetail {
        Components.Schemas.EstablishmentDetail(
            establishment: establishment(d.overview),
            pavilions: d.pavilions.map { p in
                Components.Schemas.Pavilion(
                    code: p.pavilion.code, name: p.pavilion.name, housedSex: .init(rawValue: p.pavilion.housedSex.rawValue)!,
                    proceduralStatus: .init(rawValue: p.pavilion.proceduralStatus.rawValue)!,
                    certifiedCapacity: p.pavilion.certifiedCapacity, population: p.population,
                    cells: p.cells.map { .init(code: $0.code, certifiedCapacity: $0.certifiedCapacity) },
                    regimes: p.regimes.map { .init(rawValue: $0.rawValue)! })
            })
    }

    static func document(_ d: IdentityDocument) -> Components.Schemas.Document {
        Components.Schemas.Document(_type: .init(rawValue: d.kind.rawValue)!, number: d.number)
    }

    static func summary(_ s: PersonSummary) -> Components.Schemas.PersonSummary {
        let p = s.person
        return Components.Schemas.PersonSummary(
            personNumber: p.number.description, document: document(p.document), givenNames: p.name.givenNames,
            paternalSurname: p.name.paternalSurname, maternalSurname: p.name.maternalSurname,
            sex: .init(rawValue: p.sex.rawValue)!, birthDate: p.birthDate?.description, version: p.version,
            inCustody: s.establishmentCode != nil, establishmentCode: s.establishmentCode,
            proceduralStatus: s.proceduralStatus.map { .init(rawValue: $0.rawValue)! })
    }

    static func placement(_ p: Placement, in file: PersonFile) -> Components.Schemas.Placement {
        Components.Schemas.Placement(
            establishmentCode: file.establishmentCodes[p.establishmentID] ?? "",
            pavilionCode: file.pavilionCodes[p.pavilionID] ?? "",
            cellCode: p.cellID.flatMap { file.cellCodes[$0] }, fromDate: p.fromDate.description,
            untilDate: p.untilDate?.description)
    }

    static func order(_ o: CourtOrder) -> Components.Schemas.Order {
        var result = Components.Schemas.Order(
            id: o.id.rawValue, caseId: o.caseID?.rawValue, kind: .init(rawValue: o.kind.code.rawValue)!,
            issuingCourt: o.issuingCourt, issuedOn: o.issuedOn.description, reference: o.reference)
        switch o.kind {
        case .pretrialDetention(let term):
            result.caseType = .init(rawValue: term.caseType.rawValue)
            result.months = term.months
            result.startsOn = term.startsOn.description
            result.endsOn = term.endsOn.description
        case .prolongation(let months), .adecuacion(let months), .appealProlongation(let months):
            result.months = months
        case .appealedConviction(let term):
            result.sentenceYears = term.years
            result.sentenceMonths = term.months
        case .sentence(let term):
            result.startsOn = term.startsOn.description
            result.lifeSentence = term.isLife
            result.recidivism = term.recidivism.map { .init(rawValue: $0.rawValue)! }
            if !term.isLife {
                result.sentenceYears = term.years
                result.sentenceMonths = term.months
                result.sentenceDays = term.days
            }
        case .detention, .release:
            break
        }
        return result
    }

    /// The person file as the caller may see it: each sensitive section only for the roles allowed to read
    /// it (all of them when access control is off, which only the benchmark baseline does).
    static func file(_ f: PersonFile, for principal: Principal?, asOf: CivilDate, minute: LocalTime)
        -> Components.Schemas.PersonFile
    {
        var document = file(f)
        let status = ClassificationRules.status(of: f, asOf: asOf)
        document.classification = Components.Schemas.ClassificationStatus(
            current: status.current.map(classification),
            proposal: status.proposal.map { .init(articles: $0.articles, leader: $0.leader) },
            initialAlertOn: status.initialAlertOn?.description, initialDueOn: status.initialDueOn?.description,
            reviewDueOn: status.reviewDueOn?.description, earliestProgression: status.earliestProgression?.description)
        document.classifications = f.classifications.map(classification)
        let s = f.sensitive
        let allowed = { (section: SensitiveSection) in principal?.mayRead(section) ?? true }
        let visible = Components.Schemas.SensitiveProfile(
            health: allowed(.health) ? s.health : nil, affiliation: allowed(.affiliation) ? s.affiliation : nil,
            intelligence: allowed(.intelligence) ? s.intelligence : nil)
        if visible.health != nil || visible.affiliation != nil || visible.intelligence != nil { document.sensitive = visible }
        if allowed(.affiliation), !f.memberships.isEmpty {
            document.memberships = f.memberships.map {
                Components.Schemas.Membership(
                    organizationId: $0.organizationID.rawValue, organizationName: $0.organizationName,
                    role: .init(rawValue: $0.role.rawValue)!, evidenceSource: $0.evidenceSource,
                    confidence: .init(rawValue: $0.confidence.rawValue)!, from: $0.from.description,
                    to: $0.to?.description)
            }
        }
        if principal?.may(.readTransfers) ?? true, !f.transfers.isEmpty {
            document.transfers = f.transfers.map(transfer)
        }
        document.intake = f.intake.map(intake)
        if principal?.may(.readIsolations) ?? true, !f.isolations.isEmpty {
            document.isolations = f.isolations.map(isolation)
            document.isolationDaysLast12Months = IsolationRules.daysInLastYear(f.isolations, asOf: asOf)
        }
        if !f.contactDays.isEmpty {
            document.contactDays = f.contactDays.map { .init(day: $0.day.description, minutes: $0.minutes, note: $0.note) }
        }
        if principal?.may(.readOutings) ?? true, !f.outings.isEmpty {
            document.outings = f.outings.map { outing($0, at: minute) }
        }
        if principal?.may(.readKeepApart) ?? true, !f.overrides.isEmpty {
            document.placementOverrides = f.overrides.map(placementOverride)
        }
        return document
    }

    static func placementOverride(_ o: PlacementOverride) -> Components.Schemas.PlacementOverride {
        Components.Schemas.PlacementOverride(
            id: o.id.rawValue, personNumber: PersonNumber(id: o.personID).description,
            movement: .init(rawValue: o.movement.rawValue)!, establishmentCode: o.establishmentCode,
            pavilionCode: o.pavilionCode, codes: o.codes.map(\.rawValue), keepApartIds: o.keepApartIDs.map(\.rawValue),
            counterparts: o.counterparts.map { PersonNumber(id: $0).description }, resolution: o.resolution,
            reason: o.reason, decidedBy: o.decidedBy, role: o.role, decidedOn: o.decidedOn.description)
    }

    static func keepApart(_ k: KeepApart) -> Components.Schemas.KeepApart {
        var record = Components.Schemas.KeepApart(
            id: k.id.rawValue, scope: .init(rawValue: k.scope.rawValue)!, reason: k.reason, startsOn: k.startsOn.description,
            endsOn: k.endsOn?.description, lastChangeReason: k.lastChangeReason, open: k.isOpen, version: k.version)
        switch k.parties {
        case .persons(let a, let b):
            record.firstPersonNumber = PersonNumber(id: a).description
            record.secondPersonNumber = PersonNumber(id: b).description
        case .organizations(let a, let b):
            record.firstOrganizationId = a.rawValue
            record.secondOrganizationId = b.rawValue
        }
        return record
    }

    static func organization(_ o: Organization) -> Components.Schemas.Organization {
        Components.Schemas.Organization(
            id: o.id.rawValue, name: o.name, aliases: o.aliases, kind: .init(rawValue: o.kind.rawValue)!)
    }

    static func classification(_ c: ClassificationRecord) -> Components.Schemas.Classification {
        Components.Schemas.Classification(
            episodeId: c.episodeID.rawValue, regime: .init(rawValue: c.regime.rawValue)!, decidedOn: c.decidedOn.description,
            body: c.body, resolution: c.resolution, reason: c.reason, leader: c.leader)
    }

    static func event(_ e: EventRecord) throws -> Components.Schemas.Event {
        Components.Schemas.Event(
            position: e.position, _type: e.type, occurredAt: e.occurredAt, actor: e.actor,
            personNumber: e.personID.map { PersonNumber(id: $0).description }, establishmentCode: e.establishmentCode,
            data: try JSONDecoder().decode(Components.Schemas.Event.DataPayload.self, from: Data(e.payload.utf8)))
    }

    static func audit(_ r: AuditRecord) -> Components.Schemas.AuditRow {
        Components.Schemas.AuditRow(
            sequence: r.sequence, occurredAt: r.occurredAt, user: r.record.actor.user, role: r.record.actor.role,
            action: r.record.actor.action, resource: r.record.resource, personNumber: r.record.personNumber,
            establishmentCode: r.record.establishmentCode, address: r.record.actor.address, outcome: r.record.outcome,
            previousHash: r.previousHash, hash: r.hash)
    }

    private static func file(_ f: PersonFile) -> Components.Schemas.PersonFile {
        let p = f.person
        return Components.Schemas.PersonFile(
            personNumber: p.number.description, version: p.version,
            identity: Components.Schemas.Identity(
                document: document(p.document), givenNames: p.name.givenNames, paternalSurname: p.name.paternalSurname,
                maternalSurname: p.name.maternalSurname, aliases: p.aliases, sex: .init(rawValue: p.sex.rawValue)!,
                birthDate: p.birthDate?.description, nationality: p.nationality, lacksDocument: p.lacksDocument),
            inCustody: f.openEpisode != nil,
            currentPlacement: f.currentPlacement.map { placement($0, in: f) },
            episodes: f.episodes.map { e in
                Components.Schemas.Episode(
                    id: e.id.rawValue, establishmentCode: f.establishmentCodes[e.establishmentID] ?? "",
                    admittedOn: e.admittedOn.description, admittedAt: e.admittedAt.description,
                    authorizingOrderId: e.authorizingOrderID.rawValue, sendingAuthority: e.sendingAuthority,
                    arrestedOn: e.arrestedOn?.description, arrestPlace: e.arrestPlace,
                    proceduralStatus: .init(rawValue: e.proceduralStatus.rawValue)!,
                    releasedOn: e.release?.releasedOn.description, releasedAt: e.release?.releasedAt.description,
                    releaseGround: e.release.map { .init(rawValue: $0.ground.rawValue)! },
                    releaseOrderId: e.release?.orderID?.rawValue)
            },
            cases: f.cases.map { c in
                Components.Schemas.LegalCase(
                    id: c.id.rawValue, number: c.number.text, court: c.court, judicialDistrict: c.judicialDistrict,
                    caseType: .init(rawValue: c.caseType.rawValue)!,
                    proceduralStatus: .init(rawValue: c.proceduralStatus.rawValue)!,
                    charges: c.charges.map { .init(article: $0.article, crimeName: $0.crimeName) })
            },
            orders: f.orders.map(order),
            placements: f.placements.map { placement($0, in: f) },
            redemption: f.redemption.map {
                .init(
                    activity: $0.activity == .work ? .work : .study, from: $0.fromDate.description, to: $0.toDate.description,
                    days: $0.days, evaluationPassed: $0.evaluationPassed, certifiedBy: $0.certifiedBy)
            },
            suspensions: f.suspensions.map {
                .init(from: $0.fromDate.description, to: $0.toDate.description, resolution: $0.resolution)
            })
    }

    static func alert(_ entry: AlertEntry) -> Components.Schemas.Alert {
        Components.Schemas.Alert(
            kind: .init(rawValue: entry.alert.kind.rawValue)!, severity: .init(rawValue: entry.alert.severity.rawValue)!,
            personNumber: PersonNumber(id: entry.alert.personID).description, personName: entry.personName.registerForm,
            establishmentCode: entry.establishmentCode, date: entry.alert.date?.description, days: entry.alert.days,
            orderId: entry.alert.orderID, hours: entry.alert.hours, benefitFileId: entry.alert.benefitFileID,
            benefitLate: entry.alert.benefitLate)
    }

    static func etag(_ version: Int) -> String { "\"\(version)\"" }
}
