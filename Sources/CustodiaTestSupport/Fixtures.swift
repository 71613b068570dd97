import CustodiaCore
import Foundation
import LegalClock
import SQLKit
import Store

/// A small register to test against: one regional office, a men's establishment with two procesados
/// pavilions, a sentenciados pavilion and a cell, and a women's establishment.
public enum Fixtures {
    public static let asOf = CivilDate(year: 2026, month: 3, day: 15)!
    /// The pretrial limits of the shipped rule table in force on `asOf`.
    public static let pretrialLimits = RuleSet.shipped.table(on: asOf).pretrial

    public static let registers: BulkLoader.Registers = {
        var registers = register
        // Every pavilion holds the ordinary regime's stages; B also stages A, B and C of the special regime.
        let ordinary: [Regime] = [.rcoMaxima, .rcoMediana, .rcoMinima]
        registers.pavilionRegimes =
            ordinary.map { (1, $0) } + (ordinary + [.rceA, .rceB, .rceC]).map { (2, $0) }
            + ordinary.map { (3, $0) } + ordinary.map { (4, $0) }
        return registers
    }()

    static let register = BulkLoader.Registers(
        regionalOffices: [RegionalOffice(id: 1, code: "lima", name: "Lima - Lima")],
        establishments: [
            Establishment(
                id: 1, code: "ep-norte", name: "E.P. Norte de Prueba", shortName: "Norte", regionalOfficeID: 1,
                department: "Lima", city: "Lima", housedSex: .male, certifiedCapacity: 10),
            Establishment(
                id: 2, code: "ep-mujeres", name: "E.P. de Mujeres de Prueba", shortName: "Mujeres", regionalOfficeID: 1,
                department: "Lima", city: "Chorrillos", housedSex: .female, certifiedCapacity: 4),
        ],
        pavilions: [
            Pavilion(
                id: 1, establishmentID: 1, code: "A", name: "Pabellón A", housedSex: .male, proceduralStatus: .unsentenced,
                certifiedCapacity: 3),
            Pavilion(
                id: 2, establishmentID: 1, code: "B", name: "Pabellón B", housedSex: .male, proceduralStatus: .unsentenced,
                certifiedCapacity: 3),
            Pavilion(
                id: 3, establishmentID: 1, code: "C", name: "Pabellón C", housedSex: .male, proceduralStatus: .sentenced,
                certifiedCapacity: 4),
            Pavilion(
                id: 4, establishmentID: 2, code: "A", name: "Pabellón A", housedSex: .female, proceduralStatus: .unsentenced,
                certifiedCapacity: 4),
        ],
        cells: [Cell(id: 1, pavilionID: 2, code: "B-101", certifiedCapacity: 2)],
        persons: [], cases: [], orders: [], episodes: [], placements: [])

    /// Loads the fixture register into a migrated database.
    public static func load(into database: Database) async throws {
        try await BulkLoader.load(registers, into: database, actor: "test", note: "fixtures", createdAt: Date())
    }

    public static func newPerson(dni: String = "41234567", sex: Sex = .male, given: String = "José Luis") -> NewPerson {
        NewPerson(
            document: .dni(dni), name: PersonName(givenNames: given, paternalSurname: "Ñahui", maternalSurname: "Quispe"),
            aliases: ["Chato"], sex: sex, birthDate: CivilDate(year: 1990, month: 5, day: 4), nationality: "PER")
    }

    public static func pretrialOrder(issued: CivilDate = CivilDate(year: 2026, month: 3, day: 2)!, months: Int = 9) -> NewOrder {
        NewOrder(
            kind: .pretrialDetention(
                PretrialTerm(caseType: .ordinary, months: months, startsOn: CivilDate(year: 2026, month: 3, day: 1)!)),
            issuingCourt: "Juzgado de Investigación Preparatoria N.º 1 de Lima", issuedOn: issued, reference: "Resolución N.º 2")
    }

    public static func admission(
        subject: AdmissionRequest.Subject = .new(newPerson()), establishment: String = "ep-norte", pavilion: String = "A",
        cell: String? = nil, order: NewOrder? = pretrialOrder(), admittedOn: CivilDate = CivilDate(year: 2026, month: 3, day: 2)!
    ) -> AdmissionRequest {
        var request = AdmissionRequest(
            subject: subject, establishmentCode: establishment, pavilionCode: pavilion, cellCode: cell, admittedOn: admittedOn,
            admittedAt: TimeOfDay(hour: 10, minute: 30)!, sendingAuthority: "Juzgado de Investigación Preparatoria N.º 1 de Lima",
            arrestedOn: CivilDate(year: 2026, month: 3, day: 1)!, arrestPlace: "Lima",
            legalCase: NewLegalCase(
                number: CaseNumber("00123-2026-1-1801-JR-PE-01")!, court: "Juzgado de Investigación Preparatoria N.º 1 de Lima",
                judicialDistrict: "Corte Superior de Justicia de Lima", caseType: .ordinary, chargeArticles: ["189"]),
            order: order)
        request.intake = completedIntake(at: LocalTime(date: admittedOn, time: request.admittedAt))
        return request
    }

    /// An intake done at the admission minute (IN-1, IN-2, IN-4): the fixtures' admissions raise no intake alert, so
    /// the tests of other alerts see only theirs. Tests that change the admission minute drop or redo it.
    public static func completedIntake(at minute: LocalTime) -> IntakeDetails {
        IntakeDetails(
            medicalExamAt: minute, medicalExamBy: "Tópico del establecimiento",
            nextOfKin: NextOfKin(name: "María Quispe", relationship: "madre", contact: "999 000 000"),
            familyNotifiedAt: minute, familyNotifiedHow: "Llamada telefónica", identifiedAt: minute,
            identifiedHow: "Consulta RENIEC; fotografías, huellas y odontograma")
    }

    public static func releaseOrder(issued: CivilDate = CivilDate(year: 2026, month: 3, day: 10)!) -> NewOrder {
        NewOrder(
            kind: .release, issuingCourt: "Sala Penal de Apelaciones de Lima", issuedOn: issued, reference: "Resolución N.º 9")
    }
}

extension Fixtures {
    public struct AdmissionRefused: Error, CustomStringConvertible {
        public let messages: [ValidationMessage]
        public var description: String { "the fixture admission was refused: \(messages)" }
    }

    /// A fresh database of the engine with the fixture register and one person admitted (the default admission).
    public static func withAdmittedPerson(
        _ engine: TestDatabase.Engine, _ body: (SQLRegistry, Database, PersonFile) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await load(into: database)
            let registry = SQLRegistry(database: database, environment: environment())
            switch try await registry.admit(admission(), asOf: asOf, actor: "test") {
            case .done(let file): try await body(registry, database, file)
            case .rejected(let messages): throw AdmissionRefused(messages: messages)
            case .notFound, .versionConflict: throw AdmissionRefused(messages: [])
            }
        }
    }
}

extension Fixtures {
    /// Time and law of the tests: the shipped rules, the law applied on `asOf`, and the instant source given (the
    /// real clock unless a test fixes it).
    public static func environment(now: @escaping @Sendable () -> Date = { Date() }) -> CustodiaEnvironment {
        CustodiaEnvironment(now: now, today: { asOf }, rules: .shipped, seed: 1)
    }

    /// The fixtures' day as a rehearsal that starts at `time`: the register's minute does not depend on the hour the
    /// tests run at (between midnight and 00:20 in Lima, a minute from the wall clock comes before the fixtures' exits).
    public static func environment(at time: TimeOfDay) -> CustodiaEnvironment {
        CustodiaEnvironment(
            now: { Date() }, today: { asOf }, rules: .shipped, seed: 1,
            rehearsal: CustodiaEnvironment.Rehearsal(time: time, at: Date()))
    }
}

extension Fixtures {
    /// A person already in the register (for the pure rules' tests).
    public static var registeredPerson: Person {
        Person(
            id: 9, document: .dni("41234567"),
            name: PersonName(givenNames: "José", paternalSurname: "Ñahui", maternalSurname: ""),
            sex: .male, birthDate: nil, nationality: "PER", version: 3)
    }

    /// That person's open custody episode in the men's establishment.
    public static func openEpisode(status: ProceduralStatus = .unsentenced) -> CustodyEpisode {
        CustodyEpisode(
            id: 5, personID: 9, establishmentID: 1, admittedOn: CivilDate(year: 2026, month: 3, day: 2)!,
            admittedAt: TimeOfDay(hour: 10, minute: 0)!,
            authorizingOrderID: 1, sendingAuthority: "Juzgado", arrestedOn: nil, arrestPlace: nil, proceduralStatus: status)
    }
}

extension Fixtures {
    /// Records an order of `kind` in the person's case as the order exchange will (issue 13): straight into
    /// `court_orders`, so a test can give a person the orders that only courts send.
    public static func insertOrder(
        _ database: Database, person: Person.ID, kind: String, issuedOn: String, months: Int? = nil, years: Int? = nil
    ) async throws {
        try await database.read { sql in
            try await sql.raw(
                """
                INSERT INTO court_orders (person_id, case_id, kind, issuing_court, issued_on, reference, months, sentence_years, sentence_months)
                SELECT \(bind: person.rawValue), c.id, \(bind: kind), 'Juzgado', \(bind: issuedOn), 'Resolución N.º 7', \(bind: months), \(bind: years), \(bind: years.map { _ in 0 })
                FROM legal_cases c WHERE c.person_id = \(bind: person.rawValue)
                """
            ).run()
        }
    }
}

extension Fixtures {
    /// A second regional office with a men's establishment, `ep-sur`: a procesados pavilion A and a sentenciados
    /// pavilion S (scopes, transfers).
    public static func loadSouthernOffice(into database: Database) async throws {
        let registers = BulkLoader.Registers(
            regionalOffices: [RegionalOffice(id: 2, code: "sur", name: "Sur - Arequipa")],
            establishments: [
                Establishment(
                    id: 3, code: "ep-sur", name: "E.P. Sur de Prueba", shortName: "Sur", regionalOfficeID: 2,
                    department: "Arequipa", city: "Arequipa", housedSex: .male, certifiedCapacity: 5)
            ],
            pavilions: [
                Pavilion(
                    id: 5, establishmentID: 3, code: "A", name: "Pabellón A", housedSex: .male, proceduralStatus: .unsentenced,
                    certifiedCapacity: 5),
                Pavilion(
                    id: 6, establishmentID: 3, code: "S", name: "Pabellón S", housedSex: .male, proceduralStatus: .sentenced,
                    certifiedCapacity: 5),
            ],
            cells: [], persons: [], cases: [], orders: [], episodes: [], placements: [])
        try await BulkLoader.load(registers, into: database, actor: "test", note: "southern office", createdAt: Date())
    }
}

extension Fixtures {
    /// A court's release order (expired term) for a registered person's fixture case, as it arrives electronically.
    public static func releaseOrderRequest(
        for person: PersonNumber, key: String, issuerOrderID: String? = nil, issuedOn: CivilDate = asOf
    ) -> InboundOrderRequest {
        InboundOrderRequest(
            idempotencyKey: key, fingerprint: "fixture-\(key)", issuerOrderID: issuerOrderID,
            content: InboundOrderContent(
                kind: .release, court: "Juzgado de Investigación Preparatoria N.º 1", judge: "Juez Sintético",
                resolution: "Resolución N.º 20", issuedOn: issuedOn, caseNumber: CaseNumber("00123-2026-1-1801-JR-PE-01")!,
                judicialDistrict: "Lima", subject: .personNumber(person), releaseReason: .expiredTerm))
    }
}
