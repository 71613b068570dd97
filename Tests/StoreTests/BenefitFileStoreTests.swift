import CustodiaCore
import CustodiaTestSupport
import Foundation
import LegalClock
import SQLKit
import Store
import Testing

/// Benefit files in the store (issue 26): opened only for a person the clock makes eligible, one open file per
/// benefit, every step with its history row, event and audit row in one transaction, and a refused or stale step
/// writes nothing. Both engines.
@Suite struct BenefitFileStoreTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// A registry over the fixtures with one sentenced person eligible for semilibertad.
    static func withEligiblePerson(
        _ engine: TestDatabase.Engine, _ body: (SQLRegistry, Database, Person.ID) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let file) = try await registry.admit(Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t")
            else { throw Refused() }
            try await body(registry, database, file.person.id)
        }
    }

    static func open(_ registry: SQLRegistry, _ person: Person.ID) async throws -> BenefitFile {
        guard
            case .done(let file) = try await registry.openBenefitFile(
                person: person, benefit: .semiliberty, within: nil, asOf: Fixtures.asOf, actor: "legal")
        else { throw Refused() }
        return file
    }

    @Test(arguments: TestDatabase.engines)
    func aFileOpensOnlyForAnEligiblePersonAndOnlyOnce(_ engine: TestDatabase.Engine) async throws {
        try await Self.withEligiblePerson(engine) { registry, database, person in
            let file = try await Self.open(registry, person)
            #expect(file.state == .assembling && file.version == 1 && file.eligibleFrom == Self.day("2026-01-10"))
            #expect(file.establishmentCode == "ep-norte" && file.termsVersion == "BP-2016")
            #expect(file.history.map(\.step) == ["opened"] && file.history[0].by == "legal")
            let again = try await registry.openBenefitFile(
                person: person, benefit: .semiliberty, within: nil, asOf: Fixtures.asOf, actor: "legal")
            guard case .rejected(let messages) = again else { throw Refused() }
            #expect(messages.map(\.code) == [.benefitFileExists])
            // Liberación condicional from 2026-07-10: more than BP-2's 30 days away.
            let early = try await registry.openBenefitFile(
                person: person, benefit: .conditionalRelease, within: nil, asOf: Fixtures.asOf, actor: "legal")
            guard case .rejected(let refused) = early else { throw Refused() }
            #expect(refused.map(\.code) == [.benefitNotEligible] && refused[0].field == "benefit")
            // Outside the reader's establishments the person is unknown.
            let elsewhere = try await registry.openBenefitFile(
                person: person, benefit: .semiliberty, within: ["ep-mujeres"], asOf: Fixtures.asOf, actor: "legal")
            guard case .notFound = elsewhere else { throw Refused() }
            #expect(try await Fixtures.rows("benefit_files", in: database) == 1)
            let events = try await database.read { sql in
                try await sql.raw("SELECT type FROM events WHERE type LIKE '%benefit%'").all().map {
                    try $0.decode(column: "type", as: String.self)
                }
            }
            #expect(events == ["custodia.person.benefit_file_changed.v1"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func fromDocumentsToRelease(_ engine: TestDatabase.Engine) async throws {
        try await Self.withEligiblePerson(engine) { registry, database, person in
            var file = try await Self.open(registry, person)
            let asOf = Fixtures.asOf
            for document in BenefitFile.Document.allCases where document != .workStudy {
                let step = BenefitStep.document(
                    document, issuedOn: asOf, issuer: "Unidad \(document.rawValue)", reference: "N.º 1")
                guard
                    case .done(let next) = try await registry.stepBenefitFile(
                        file.id, step: step, expectedVersion: file.version, within: nil, asOf: asOf, actor: "legal")
                else { throw Refused() }
                file = next
            }
            #expect(file.state == .assembling && file.missing == [.workStudy])
            // Sent incomplete: refused, nothing written.
            let stepsBefore = try await Fixtures.rows("benefit_file_steps", in: database)
            let incomplete = try await registry.stepBenefitFile(
                file.id, step: .send(on: asOf, court: "Juzgado"), expectedVersion: file.version, within: nil, asOf: asOf,
                actor: "legal")
            guard case .rejected(let missing) = incomplete else { throw Refused() }
            #expect(missing.map(\.code) == [.benefitFileIncomplete])
            #expect(try await Fixtures.rows("benefit_file_steps", in: database) == stepsBefore)
            guard
                case .done(let complete) = try await registry.stepBenefitFile(
                    file.id, step: .notApplicable(.workStudy, reason: "No pide redención"), expectedVersion: file.version,
                    within: nil, asOf: asOf, actor: "legal")
            else { throw Refused() }
            #expect(complete.state == .complete && complete.completedOn == asOf)
            #expect(complete.history.suffix(2).map(\.step) == ["not_applicable", "completed"])
            // A stale version: a conflict, nothing written.
            let stale = try await registry.stepBenefitFile(
                file.id, step: .send(on: asOf, court: "Juzgado"), expectedVersion: file.version, within: nil, asOf: asOf,
                actor: "legal")
            guard case .versionConflict(let current) = stale else { throw Refused() }
            #expect(current == complete.version)
            file = complete
            let court = "Juzgado Penal Unipersonal de Lima"
            let hearing = Self.day("2026-03-20")
            let steps: [BenefitStep] = [
                .send(on: asOf, court: court), .acknowledge(on: asOf), .hearing(on: hearing), .grant(on: asOf),
            ]
            for step in steps {
                guard
                    case .done(let next) = try await registry.stepBenefitFile(
                        file.id, step: step, expectedVersion: file.version, within: nil, asOf: asOf, actor: "corte")
                else { throw Refused() }
                file = next
            }
            #expect(file.state == .granted)
            // The registry clerk releases the person by the court's order: the granted file leaves with them.
            let release = ReleaseRequest(
                personID: person, releasedOn: asOf, releasedAt: TimeOfDay(hour: 16, minute: 0)!, ground: .courtOrder,
                order: NewOrder(kind: .release, issuingCourt: court, issuedOn: asOf, reference: "Resolución N.º 21"))
            guard case .done = try await registry.release(release, expectedVersion: nil, asOf: asOf, actor: "registro") else {
                throw Refused()
            }
            file = try #require(try await registry.benefitFile(file.id))
            #expect(file.history.last?.by == "registro")
            #expect(file.state == .released && file.court == court && file.acknowledgedOn == asOf)
            #expect(file.hearingOn == Self.day("2026-03-20") && file.grantedOn == asOf && file.releasedOn == asOf)
            // The package sent to the court lists every document as recorded.
            let payload = try await database.read { sql in
                try await sql.raw(
                    "SELECT detail FROM events WHERE type = 'custodia.person.benefit_file_changed.v1' AND detail LIKE '%\"step\":\"send\"%'"
                ).first()!.decode(column: "detail", as: String.self)
            }
            let event = try #require(try DomainEvent(type: "custodia.person.benefit_file_changed.v1", payload: payload))
            guard case .benefitFileChanged(let sent) = event else { throw Refused() }
            #expect(sent.court == court && sent.documents?.count == BenefitFile.Document.allCases.count)
            #expect(sent.documents?.first { $0.document == "work_study" }?.state == "not_applicable")
            #expect(sent.documents?.first { $0.document == "conduct" }?.issuer == "Unidad conduct")
            // Every step kept, each with its audit row.
            let stored = try #require(try await registry.benefitFile(file.id))
            #expect(stored == file)
            // Opened, eight documents, not applicable and completed, five steps.
            let total: Int = 16
            #expect(stored.history.count == total)
            let resource = "benefit file \(file.id.rawValue)"
            let audited = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM audit_trail WHERE resource = \(bind: resource)")
                    .first()!.decode(column: "n", as: Int.self)
            }
            #expect(audited == total)
            // The person's files, and no second open file after the release ends this one.
            #expect(try await registry.benefitFiles(person: person).map(\.id) == [file.id])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theCandidatesAreTheEligibleWithTheirFiles(_ engine: TestDatabase.Engine) async throws {
        try await Self.withEligiblePerson(engine) { registry, _, person in
            let before = try await registry.benefitCandidates(establishmentCodes: nil, asOf: Fixtures.asOf)
            #expect(before.map(\.personID) == [person] && before[0].file == nil && before[0].benefit == .semiliberty)
            // Eligible since 2026-01-10, no file: its own term (2026-01-26) has passed.
            let terms = RuleSet.shipped.benefitTerms.terms(on: Fixtures.asOf)
            #expect(BenefitProcedure.lateWithoutFile(eligibleFrom: before[0].eligibleFrom, terms: terms, asOf: Fixtures.asOf))
            let file = try await Self.open(registry, person)
            let after = try await registry.benefitCandidates(establishmentCodes: ["ep-norte"], asOf: Fixtures.asOf)
            #expect(after.map(\.file?.id) == [file.id])
            #expect(try await registry.benefitCandidates(establishmentCodes: ["ep-mujeres"], asOf: Fixtures.asOf).isEmpty)
            // Before the lead days the person is not yet a candidate.
            #expect(try await registry.benefitCandidates(establishmentCodes: nil, asOf: Self.day("2025-12-01")).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyTermIsAnAlertFromTheDayAfterItsDueDay(_ engine: TestDatabase.Engine) async throws {
        try await Self.withEligiblePerson(engine) { registry, _, person in
            func alerts(_ day: String) async throws -> [Alert] {
                try await registry.alerts(
                    asOf: Self.day(day), establishmentCode: "ep-norte", severity: nil, kind: nil, after: nil, limit: 100
                )!.items.map(\.alert).filter { $0.kind == .benefitFileLate || $0.kind == .benefitFileNotStarted }
            }
            // Eligible on Saturday 2026-01-10: a file opened ex officio on the 12th was due complete on the 26th.
            #expect(try await alerts("2026-01-26").isEmpty)
            let notStarted = try await alerts("2026-01-27")
            #expect(notStarted.map(\.kind) == [.benefitFileNotStarted] && notStarted[0].date == Self.day("2026-01-26"))
            #expect(notStarted[0].personID == person && notStarted[0].days == -1)
            let counts = try await registry.alertCounts(asOf: Self.day("2026-01-27"), establishmentCode: "ep-norte")
            #expect(counts[.benefitFileNotStarted] == 1 && counts[.benefitFileLate] == nil)
            // Opened (late already): the file's own alert, and no longer the person's.
            var file = try await Self.open(registry, person)
            let late = try await alerts("2026-03-15")
            #expect(late.map(\.kind) == [.benefitFileLate] && late[0].benefitFileID == file.id.rawValue)
            #expect(late[0].benefitLate == "file" && late[0].severity == .high)
            // Complete on 2026-03-15 (a Sunday): remitted by Tuesday the 17th; late on the 18th, not before.
            for document in BenefitFile.Document.allCases {
                let step = BenefitStep.document(document, issuedOn: Fixtures.asOf, issuer: "Unidad", reference: nil)
                guard
                    case .done(let next) = try await registry.stepBenefitFile(
                        file.id, step: step, expectedVersion: nil, within: nil, asOf: Fixtures.asOf, actor: "legal")
                else { throw Refused() }
                file = next
            }
            #expect(file.state == .complete)
            #expect(try await alerts("2026-03-17").isEmpty)
            let unsent = try await alerts("2026-03-18")
            #expect(unsent.map(\.benefitLate) == ["send"] && unsent[0].date == Self.day("2026-03-17"))
        }
    }

    /// Points 1 and 3: a denial's day to ask again holds a new file back (BP-15); a court's grant held for a clerk to
    /// name the person is recorded on the file when the clerk names them.
    @Test(arguments: TestDatabase.engines)
    func aDenialsWaitAndAGrantHeldForAClerk(_ engine: TestDatabase.Engine) async throws {
        try await Self.withEligiblePerson(engine) { registry, _, person in
            let asOf = Fixtures.asOf
            func step(_ file: BenefitFile, _ steps: [BenefitStep]) async throws -> BenefitFile {
                var current = file
                for step in steps {
                    guard
                        case .done(let next) = try await registry.stepBenefitFile(
                            current.id, step: step, expectedVersion: nil, within: nil, asOf: asOf, actor: "legal")
                    else { throw Refused() }
                    current = next
                }
                return current
            }
            let ready = Fixtures.readyBenefitSteps(on: asOf)
            _ = try await step(
                try await Self.open(registry, person),
                ready + [.deny(on: asOf, grounds: "Informe desfavorable", mayRequestAgainOn: asOf.adding(days: 90))])
            let early = try await registry.openBenefitFile(
                person: person, benefit: .semiliberty, within: nil, asOf: asOf.adding(days: 89), actor: "legal")
            guard case .rejected(let messages) = early else { throw Refused() }
            #expect(messages.map(\.code) == [.benefitNotEligible] && messages[0].english.contains("BP-15"))
            guard
                case .done(let second) = try await registry.openBenefitFile(
                    person: person, benefit: .semiliberty, within: nil, asOf: asOf.adding(days: 90), actor: "legal")
            else { throw Refused() }
            let sent = try await step(second, ready)
            #expect(sent.state == .sent)
            // The court names the person by a registered document with other given names: held for a clerk.
            let admission = Fixtures.sentencedAdmission()
            guard case .new(let newPerson) = admission.subject else { throw Refused() }
            let content = InboundOrderContent(
                kind: .release, court: "Juzgado Penal Unipersonal de Lima", judge: "Juez Sintético",
                resolution: "Resolución N.º 30", issuedOn: asOf, caseNumber: admission.legalCase.number,
                judicialDistrict: admission.legalCase.judicialDistrict,
                subject: .identity(
                    OrderIdentity(
                        document: newPerson.document,
                        name: PersonName(givenNames: "Otro", paternalSurname: "Ñahui", maternalSurname: "Quispe"),
                        birthDate: newPerson.birthDate)),
                releaseReason: .benefit, benefitFileID: sent.id)
            guard
                case .done(.created(let order)) = try await registry.receiveOrder(
                    InboundOrderRequest(idempotencyKey: "k-held", fingerprint: "f", issuerOrderID: nil, content: content),
                    client: "Corte", clientKind: .court, within: nil, asOf: asOf, actor: "Corte")
            else { throw Refused() }
            #expect(order.state == .held && order.candidates == [person])
            #expect(try await registry.benefitFile(sent.id)?.state == .sent)
            guard
                case .done(let matched) = try await registry.stepOrder(
                    OrderStep(id: order.id, action: .match, personNumber: PersonNumber(id: person), note: nil),
                    expectedVersion: nil, within: nil, asOf: asOf, actor: "registro")
            else { throw Refused() }
            #expect(matched.state == .matched)
            let granted = try #require(try await registry.benefitFile(sent.id))
            #expect(granted.state == .granted && granted.grantedOn == asOf)
        }
    }
}
