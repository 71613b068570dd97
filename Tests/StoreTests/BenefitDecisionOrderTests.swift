import CustodiaCore
import CustodiaTestSupport
import Foundation
import LegalClock
import Store
import Testing

/// The court's decisions on a benefit file as orders of their own (issue 26 point 3), on both engines: the
/// acknowledgement, the hearing's day and a denial arrive through the order exchange, are recorded on the file at
/// receipt and leave the order executed; a decision for a file not sent, another person's file, or without what it
/// needs is refused with its field and writes nothing; one held for a clerk is recorded when the clerk names the person.
@Suite struct BenefitDecisionOrderTests {
    static let asOf = Fixtures.asOf

    static func decision(
        _ decision: BenefitDecision?, file: BenefitFile.ID?, key: String, subject: OrderSubject, issuedOn: CivilDate = asOf
    ) -> InboundOrderRequest {
        let admission = Fixtures.sentencedAdmission()
        return InboundOrderRequest(
            idempotencyKey: key, fingerprint: "f-\(key)", issuerOrderID: nil,
            content: InboundOrderContent(
                kind: .benefitDecision, court: "Juzgado Penal Unipersonal de Lima", judge: "Juez Sintético",
                resolution: "Resolución N.º \(key)", issuedOn: issuedOn, caseNumber: admission.legalCase.number,
                judicialDistrict: admission.legalCase.judicialDistrict, subject: subject, benefitFileID: file,
                benefitDecision: decision))
    }

    /// A sentenced person eligible for semilibertad with a complete file: sent when `send` says so.
    static func withFile(
        _ engine: TestDatabase.Engine, send: Bool, _ body: (SQLRegistry, Database, Person.ID, BenefitFile) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let admitted) = try await registry.admit(Fixtures.sentencedAdmission(), asOf: asOf, actor: "t"),
                case .done(var file) = try await registry.openBenefitFile(
                    person: admitted.person.id, benefit: .semiliberty, within: nil, asOf: asOf, actor: "legal")
            else { throw Refused() }
            file = try await Fixtures.assemble(file, in: registry, send: send)
            try await body(registry, database, admitted.person.id, file)
        }
    }

    static func receive(_ registry: SQLRegistry, _ request: InboundOrderRequest) async throws -> ChangeOutcome<OrderReceipt> {
        try await registry.receiveOrder(
            request, client: "Corte", clientKind: .court, within: nil, districts: nil, asOf: asOf, actor: "Corte")
    }

    @Test(arguments: TestDatabase.engines)
    func theCourtsWordMovesTheFile(_ engine: TestDatabase.Engine) async throws {
        try await Self.withFile(engine, send: true) { registry, _, person, sent in
            let subject = OrderSubject.personNumber(PersonNumber(id: person))
            guard
                case .done(.created(let acknowledged)) = try await Self.receive(
                    registry, Self.decision(.acknowledged, file: sent.id, key: "1", subject: subject))
            else { throw Refused() }
            #expect(acknowledged.state == .executed && acknowledged.history.map(\.state) == [.received, .matched, .executed])
            #expect(try await registry.benefitFile(sent.id)?.acknowledgedOn == Self.asOf)
            let hearing = Self.asOf.adding(days: 10)
            guard
                case .done(.created(let set)) = try await Self.receive(
                    registry, Self.decision(.hearing(on: hearing), file: sent.id, key: "2", subject: subject))
            else { throw Refused() }
            #expect(set.content.benefitDecision == .hearing(on: hearing))
            let afterHearing = try #require(try await registry.benefitFile(sent.id))
            #expect(afterHearing.state == .hearingSet && afterHearing.hearingOn == hearing)
            let again = Self.asOf.adding(days: 180)
            guard
                case .done(.created(let denied)) = try await Self.receive(
                    registry,
                    Self.decision(
                        .denied(grounds: "Informe psicológico desfavorable", mayRequestAgainOn: again), file: sent.id, key: "3",
                        subject: subject))
            else { throw Refused() }
            #expect(denied.state == .executed && denied.content.benefitDecision?.mayRequestAgainOn == again)
            let file = try #require(try await registry.benefitFile(sent.id))
            #expect(
                file.state == .denied && file.grounds == "Informe psicológico desfavorable" && file.mayRequestAgainOn == again)
            #expect(file.history.suffix(3).map(\.step) == ["acknowledge", "hearing", "deny"])
            // The order reads back as it was sent.
            let read = try #require(try await registry.inboundOrder(denied.id))
            #expect(read.content.benefitDecision == denied.content.benefitDecision && read.state == .executed)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDecisionTheFileCannotTakeIsRefusedAndWritesNothing(_ engine: TestDatabase.Engine) async throws {
        try await Self.withFile(engine, send: false) { registry, database, person, complete in
            let subject = OrderSubject.personNumber(PersonNumber(id: person))
            let before = try await Fixtures.rows("inbound_orders", in: database)
            let steps = try await Fixtures.rows("benefit_file_steps", in: database)
            // A file not sent yet: no hearing can be set on it.
            guard
                case .rejected(let notSent) = try await Self.receive(
                    registry, Self.decision(.hearing(on: Self.asOf), file: complete.id, key: "1", subject: subject))
            else { throw Refused() }
            #expect(notSent.map(\.field) == ["benefit_file_id"])
            // Without the decision, without the file, a denial without grounds, a hearing before the order.
            guard
                case .rejected(let bare) = try await Self.receive(
                    registry, Self.decision(nil, file: nil, key: "2", subject: subject))
            else { throw Refused() }
            #expect(Set(bare.map(\.field)) == ["benefit_file_id", "benefit_decision"])
            guard
                case .rejected(let noGrounds) = try await Self.receive(
                    registry,
                    Self.decision(.denied(grounds: " ", mayRequestAgainOn: nil), file: complete.id, key: "3", subject: subject))
            else { throw Refused() }
            #expect(noGrounds.map(\.field) == ["grounds"])
            guard
                case .rejected(let early) = try await Self.receive(
                    registry,
                    Self.decision(.hearing(on: Self.asOf.adding(days: -1)), file: complete.id, key: "4", subject: subject))
            else { throw Refused() }
            #expect(early.map(\.field) == ["hearing_on"])
            // A decision is its own kind: a release may not carry one.
            var release = Fixtures.releaseOrderRequest(for: PersonNumber(id: person), key: "5")
            release.content.benefitDecision = .acknowledged
            guard case .rejected(let stray) = try await Self.receive(registry, release) else { throw Refused() }
            #expect(stray.map(\.field).contains("benefit_decision"))
            #expect(try await Fixtures.rows("inbound_orders", in: database) == before)
            #expect(try await Fixtures.rows("benefit_file_steps", in: database) == steps)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDecisionHeldForAClerkIsRecordedWhenThePersonIsNamed(_ engine: TestDatabase.Engine) async throws {
        try await Self.withFile(engine, send: true) { registry, _, person, sent in
            guard case .new(let newPerson) = Fixtures.sentencedAdmission().subject else { throw Refused() }
            // The court names the person by the registered document with other given names: held.
            let identity = OrderSubject.identity(
                OrderIdentity(
                    document: newPerson.document,
                    name: PersonName(givenNames: "Otro", paternalSurname: "Ñahui", maternalSurname: "Quispe"),
                    birthDate: newPerson.birthDate))
            guard
                case .done(.created(let held)) = try await Self.receive(
                    registry, Self.decision(.acknowledged, file: sent.id, key: "1", subject: identity))
            else { throw Refused() }
            let before = try await registry.benefitFile(sent.id)
            #expect(held.state == .held && before?.acknowledgedOn == nil)
            guard
                case .done(let matched) = try await registry.stepOrder(
                    OrderStep(id: held.id, action: .match, personNumber: PersonNumber(id: person), note: nil),
                    expectedVersion: nil, within: nil, asOf: Self.asOf, actor: "registro")
            else { throw Refused() }
            #expect(matched.state == .executed && matched.history.map(\.state) == [.received, .held, .matched, .executed])
            #expect(try await registry.benefitFile(sent.id)?.acknowledgedOn == Self.asOf)
        }
    }
}
