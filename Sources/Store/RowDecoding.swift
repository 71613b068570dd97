import CustodiaCore
import SQLKit

/// Reading domain values from rows. Dates are stored as ISO text on both engines.
extension SQLRow {
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func optionalInt(_ column: String) throws -> Int? { try decode(column: column, as: Int?.self) }
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }

    func date(_ column: String) throws -> CivilDate {
        let text = try string(column)
        guard let date = CivilDate(iso: text) else { throw StoreError.corrupt("\(column)=\(text)") }
        return date
    }

    func optionalDate(_ column: String) throws -> CivilDate? {
        guard let text = try optionalString(column) else { return nil }
        guard let date = CivilDate(iso: text) else { throw StoreError.corrupt("\(column)=\(text)") }
        return date
    }

    func time(_ column: String) throws -> TimeOfDay {
        let text = try string(column)
        guard let time = TimeOfDay(text: text) else { throw StoreError.corrupt("\(column)=\(text)") }
        return time
    }

    func enumValue<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let text = try string(column)
        guard let value = E(rawValue: text) else { throw StoreError.corrupt("\(column)=\(text)") }
        return value
    }
}

/// Failures of the store itself (never the caller's input).
public enum StoreError: Error, CustomStringConvertible {
    case corrupt(String)
    case notMigrated(found: Int, expected: Int)
    case refusedToOverwrite(String)

    public var description: String {
        switch self {
        case .corrupt(let what): "stored value cannot be read: \(what)"
        case .notMigrated(let found, let expected):
            "database schema is at version \(found), expected \(expected): run `custodia migrate`"
        case .refusedToOverwrite(let why): why
        }
    }
}

enum Columns {
    static let person =
        "p.id, p.document_type, p.document_number, p.given_names, p.paternal_surname, p.maternal_surname, p.sex, p.birth_date, p.nationality, p.version"
    static let establishment =
        "e.id, e.code, e.name, e.short_name, e.regional_office_id, e.department, e.city, e.housed_sex, e.certified_capacity, e.version"
    static let pavilion =
        "v.id, v.establishment_id, v.code, v.name, v.housed_sex, v.procedural_status, v.certified_capacity, v.age_group, v.version"
    static let episode =
        "ce.id, ce.person_id, ce.establishment_id, ce.admitted_on, ce.admitted_at, ce.authorizing_order_id, ce.sending_authority, ce.arrested_on, ce.arrest_place, ce.procedural_status, ce.released_on, ce.released_at, ce.release_ground, ce.release_order_id"
    static let order =
        "o.id, o.person_id, o.case_id, o.kind, o.issuing_court, o.issued_on, o.reference, o.case_type, o.months, o.starts_on, o.sentence_years, o.sentence_months, o.sentence_days, o.life_sentence, o.recidivism"
    static let prefixedPavilion =
        "v.id AS v_id, v.establishment_id AS v_establishment_id, v.code AS v_code, v.name AS v_name, v.housed_sex AS v_housed_sex, v.procedural_status AS v_procedural_status, v.certified_capacity AS v_certified_capacity, v.age_group AS v_age_group, v.version AS v_version"
    static let placement =
        "pl.id, pl.person_id, pl.episode_id, pl.establishment_id, pl.pavilion_id, pl.cell_id, pl.from_date, pl.until_date"
}

enum Decode {
    static func person(_ row: any SQLRow, aliases: [String] = []) throws -> Person {
        let kind = try row.enumValue("document_type", as: IdentityDocument.Kind.self)
        let number = try row.optionalString("document_number")
        let document: IdentityDocument =
            switch kind {
            case .dni: .dni(number ?? "")
            case .foreignerCard: .foreignerCard(number ?? "")
            case .passport: .passport(number ?? "")
            case .none: .none
            }
        return Person(
            id: .init(rawValue: try row.int64("id")), document: document,
            name: PersonName(
                givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                maternalSurname: try row.string("maternal_surname")),
            aliases: aliases, sex: try row.enumValue("sex", as: Sex.self), birthDate: try row.optionalDate("birth_date"),
            nationality: try row.string("nationality"), version: try row.int("version"))
    }

    static func establishment(_ row: any SQLRow) throws -> Establishment {
        Establishment(
            id: .init(rawValue: try row.int64("id")), code: try row.string("code"), name: try row.string("name"),
            shortName: try row.string("short_name"), regionalOfficeID: .init(rawValue: try row.int64("regional_office_id")),
            department: try row.string("department"), city: try row.optionalString("city"),
            housedSex: try row.enumValue("housed_sex", as: HousedSex.self),
            certifiedCapacity: try row.int("certified_capacity"), version: try row.int("version"))
    }

    /// `prefix` names columns selected under an alias, e.g. `v_` for `Columns.prefixedPavilion`.
    static func pavilion(_ row: any SQLRow, prefix: String = "") throws -> Pavilion {
        Pavilion(
            id: .init(rawValue: try row.int64(prefix + "id")),
            establishmentID: .init(rawValue: try row.int64(prefix + "establishment_id")),
            code: try row.string(prefix + "code"), name: try row.string(prefix + "name"),
            housedSex: try row.enumValue(prefix + "housed_sex", as: HousedSex.self),
            proceduralStatus: try row.enumValue(prefix + "procedural_status", as: ProceduralStatus.self),
            certifiedCapacity: try row.int(prefix + "certified_capacity"),
            ageGroup: try row.enumValue(prefix + "age_group", as: Pavilion.AgeGroup.self),
            version: try row.int(prefix + "version"))
    }

    static func cell(_ row: any SQLRow) throws -> Cell {
        Cell(
            id: .init(rawValue: try row.int64("id")), pavilionID: .init(rawValue: try row.int64("pavilion_id")),
            code: try row.string("code"), certifiedCapacity: try row.int("certified_capacity"))
    }

    static func episode(_ row: any SQLRow) throws -> CustodyEpisode {
        var release: Release?
        if let releasedOn = try row.optionalDate("released_on") {
            release = Release(
                releasedOn: releasedOn, releasedAt: try row.time("released_at"),
                ground: try row.enumValue("release_ground", as: ReleaseGround.self),
                orderID: try row.optionalInt64("release_order_id").map { .init(rawValue: $0) })
        }
        return CustodyEpisode(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")), admittedOn: try row.date("admitted_on"),
            admittedAt: try row.time("admitted_at"),
            authorizingOrderID: .init(rawValue: try row.int64("authorizing_order_id")),
            sendingAuthority: try row.string("sending_authority"), arrestedOn: try row.optionalDate("arrested_on"),
            arrestPlace: try row.optionalString("arrest_place"),
            proceduralStatus: try row.enumValue("procedural_status", as: ProceduralStatus.self), release: release)
    }

    static func order(_ row: any SQLRow) throws -> CourtOrder {
        CourtOrder(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            caseID: try row.optionalInt64("case_id").map { .init(rawValue: $0) },
            kind: try courtOrderKind(row, code: try row.enumValue("kind", as: CourtOrder.Code.self)),
            issuingCourt: try row.string("issuing_court"), issuedOn: try row.date("issued_on"),
            reference: try row.string("reference"))
    }

    /// An order's terms from the columns of `court_orders` (also those of `inbound_orders`).
    static func courtOrderKind(_ row: any SQLRow, code: CourtOrder.Code) throws -> CourtOrder.Kind {
        let kind: CourtOrder.Kind
        switch code {
        case .detention: kind = .detention
        case .release: kind = .release
        case .prolongation: kind = .prolongation(months: try row.optionalInt("months") ?? 0)
        case .adecuacion: kind = .adecuacion(months: try row.optionalInt("months") ?? 0)
        case .appealProlongation: kind = .appealProlongation(months: try row.optionalInt("months") ?? 0)
        case .appealedConviction:
            kind = .appealedConviction(
                ConvictionTerm(
                    years: try row.optionalInt("sentence_years") ?? 0, months: try row.optionalInt("sentence_months") ?? 0))
        case .pretrialDetention:
            guard let starts = try row.optionalDate("starts_on"), let months = try row.optionalInt("months"),
                let typeText = try row.optionalString("case_type"), let type = CaseType(rawValue: typeText)
            else { throw StoreError.corrupt("pretrial order without its term") }
            kind = .pretrialDetention(PretrialTerm(caseType: type, months: months, startsOn: starts))
        case .sentence:
            guard let starts = try row.optionalDate("starts_on") else { throw StoreError.corrupt("sentence without start") }
            kind = .sentence(
                SentenceTerm(
                    years: try row.optionalInt("sentence_years") ?? 0, months: try row.optionalInt("sentence_months") ?? 0,
                    days: try row.optionalInt("sentence_days") ?? 0, isLife: try row.int("life_sentence") != 0,
                    startsOn: starts,
                    recidivism: try row.optionalString("recidivism").flatMap(Recidivism.init(rawValue:))))
        }
        return kind
    }

    static func redemption(_ row: any SQLRow) throws -> RedemptionRecord {
        RedemptionRecord(
            episodeID: .init(rawValue: try row.int64("episode_id")),
            activity: try row.enumValue("activity", as: RedemptionRecord.Activity.self), fromDate: try row.date("from_date"),
            toDate: try row.date("to_date"), days: try row.int("days"), evaluationPassed: try row.int("evaluation_passed") != 0,
            certifiedBy: try row.string("certified_by"))
    }

    static func classification(_ row: any SQLRow) throws -> ClassificationRecord {
        ClassificationRecord(
            episodeID: .init(rawValue: try row.int64("episode_id")), regime: try row.enumValue("regime", as: Regime.self),
            decidedOn: try row.date("decided_on"), body: try row.string("body"), resolution: try row.string("resolution"),
            reason: try row.string("reason"), leader: try row.int("leader") != 0)
    }

    static func organization(_ row: any SQLRow) throws -> Organization {
        let aliases = try row.string("aliases")
        return Organization(
            id: .init(rawValue: try row.int64("id")), name: try row.string("name"),
            aliases: aliases.isEmpty ? [] : aliases.split(separator: "\n").map(String.init),
            kind: try row.enumValue("kind", as: Organization.Kind.self))
    }

    static func membership(_ row: any SQLRow) throws -> Membership {
        Membership(
            organizationID: .init(rawValue: try row.int64("organization_id")),
            organizationName: try row.string("organization_name"), role: try row.enumValue("role", as: Membership.Role.self),
            evidenceSource: try row.string("evidence_source"),
            confidence: try row.enumValue("confidence", as: Membership.Confidence.self), from: try row.date("from_date"),
            to: try row.optionalDate("to_date"))
    }

    static func keepApart(_ row: any SQLRow) throws -> KeepApart {
        let parties: KeepApart.Parties
        if let first = try row.optionalInt64("first_person_id"), let second = try row.optionalInt64("second_person_id") {
            parties = .persons(.init(rawValue: first), .init(rawValue: second))
        } else if let first = try row.optionalInt64("first_organization_id"),
            let second = try row.optionalInt64("second_organization_id")
        {
            parties = .organizations(.init(rawValue: first), .init(rawValue: second))
        } else {
            throw StoreError.corrupt("keep_apart without parties")
        }
        return KeepApart(
            id: .init(rawValue: try row.int64("id")), parties: parties,
            scope: try row.enumValue("scope", as: KeepApart.Scope.self), reason: try row.string("reason"),
            startsOn: try row.date("starts_on"), endsOn: try row.optionalDate("ends_on"),
            lastChangeReason: try row.optionalString("last_change_reason"), version: try row.int("version"))
    }

    static func storedClock(_ row: any SQLRow) throws -> StoredClock {
        StoredClock(
            personID: .init(rawValue: try row.int64("person_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")),
            status: try row.enumValue("status", as: StoredClock.Status.self),
            pretrialEndsOn: try row.optionalDate("pretrial_ends_on"), sentenceEndsOn: try row.optionalDate("sentence_ends_on"),
            semilibertyFrom: try row.optionalDate("semiliberty_from"),
            conditionalReleaseFrom: try row.optionalDate("conditional_release_from"),
            needsReview: try row.int("needs_review") != 0)
    }

    static func suspension(_ row: any SQLRow) throws -> SuspensionRecord {
        SuspensionRecord(
            episodeID: .init(rawValue: try row.int64("episode_id")), fromDate: try row.date("from_date"),
            toDate: try row.date("to_date"), resolution: try row.string("resolution"))
    }

    static func placement(_ row: any SQLRow) throws -> Placement {
        Placement(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            episodeID: .init(rawValue: try row.int64("episode_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")),
            pavilionID: .init(rawValue: try row.int64("pavilion_id")),
            cellID: try row.optionalInt64("cell_id").map { .init(rawValue: $0) }, fromDate: try row.date("from_date"),
            untilDate: try row.optionalDate("until_date"))
    }
}

/// The columns an order is written with.
struct OrderColumns {
    var kind: String
    var caseType: String?
    var months: Int?
    var startsOn: String?
    var years: Int?
    var sentenceMonths: Int?
    var days: Int?
    var life: Int
    var recidivism: String?

    init(_ kind: CourtOrder.Kind) {
        self.kind = kind.code.rawValue
        self.life = 0
        switch kind {
        case .detention, .release: break
        case .prolongation(let months), .adecuacion(let months), .appealProlongation(let months): self.months = months
        case .appealedConviction(let term):
            years = term.years
            sentenceMonths = term.months
        case .pretrialDetention(let term):
            caseType = term.caseType.rawValue
            months = term.months
            startsOn = term.startsOn.description
        case .sentence(let term):
            startsOn = term.startsOn.description
            years = term.years
            sentenceMonths = term.months
            days = term.days
            life = term.isLife ? 1 : 0
            recidivism = term.recidivism?.rawValue
        }
    }

    static let names = [
        "person_id", "case_id", "kind", "issuing_court", "issued_on", "reference", "case_type", "months", "starts_on",
        "sentence_years", "sentence_months", "sentence_days", "life_sentence", "recidivism",
    ]
}

/// The folded keys a person is found by: "paternal maternal given", "given paternal maternal", and each alias.
/// The columns of one table of a joined row, read by their own names: `ce.id AS ce_id` read as `id`, so the
/// decoders of each table serve a statement that joins several (one round trip instead of one per table).
struct PrefixedRow: SQLRow {
    let base: any SQLRow
    let prefix: String

    /// `ce.id, ce.person_id` as `ce.id AS ce_id, ce.person_id AS ce_person_id`.
    static func columns(_ list: String, prefix: String) -> String {
        list.split(separator: ",").map { column in
            let name = column.trimmingWhitespace()
            return "\(name) AS \(prefix)\(name.split(separator: ".").last ?? "")"
        }.joined(separator: ", ")
    }

    var allColumns: [String] { base.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
    func contains(column: String) -> Bool { base.contains(column: prefix + column) }
    func decodeNil(column: String) throws -> Bool { try base.decodeNil(column: prefix + column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try base.decode(column: prefix + column, as: type) }
}

extension Decode {
    /// The overrides of `placementOverrideSections` with the counterparts of each.
    static func overrides(_ rows: [any SQLRow], counterparts: [any SQLRow]) throws -> [PlacementOverride] {
        var others: [Int64: [Person.ID]] = [:]
        for row in counterparts {
            others[try row.int64("override_id"), default: []].append(.init(rawValue: try row.int64("person_id")))
        }
        return try rows.map { row in
            let overrideID = try row.int64("id")
            func list(_ column: String) throws -> [String] {
                try row.string(column).split(separator: ",").map(String.init)
            }
            return PlacementOverride(
                id: .init(rawValue: overrideID), personID: .init(rawValue: try row.int64("person_id")),
                movement: try row.enumValue("movement", as: Movement.self),
                establishmentID: .init(rawValue: try row.int64("establishment_id")),
                pavilionID: .init(rawValue: try row.int64("pavilion_id")),
                establishmentCode: try row.string("establishment_code"), pavilionCode: try row.string("pavilion_code"),
                codes: try list("codes").map { code in
                    guard let value = ValidationCode(rawValue: code) else { throw StoreError.corrupt("override code") }
                    return value
                },
                keepApartIDs: try list("keep_apart_ids").compactMap { Int64($0).map(KeepApart.ID.init(rawValue:)) },
                counterparts: others[overrideID] ?? [], resolution: try row.string("resolution"),
                reason: try row.string("reason"), decidedBy: try row.string("decided_by"), role: try row.string("role"),
                decidedOn: try row.date("decided_on"))
        }
    }

    /// Isolations with the checks of each (rows of `isolation_checks` with `isolation_id`, `day`, `at`, `by_whom`,
    /// `note`).
    static func isolations(_ rows: [any SQLRow], checks checkRows: [any SQLRow], person: Person.ID) throws -> [Isolation] {
        var isolations = try rows.map(Decode.isolation)
        guard !isolations.isEmpty else { return [] }
        var checks: [Int64: [IsolationCheck]] = [:]
        for row in checkRows {
            let id = try row.int64("isolation_id")
            checks[id, default: []].append(
                IsolationCheck(
                    personID: person, isolationID: .init(rawValue: id), day: try row.date("day"),
                    at: try Decode.minute(row, "at"), by: try row.string("by_whom"), note: try row.optionalString("note")))
        }
        for index in isolations.indices { isolations[index].checks = checks[isolations[index].id.rawValue] ?? [] }
        return isolations
    }
}
