import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Orders received electronically through the store, on both engines (issue 13 points 1-3): idempotent receipt, the
/// match that never guesses, the legal clock refusing a prolongation beyond the law, the clerk's steps, the release
/// executed, and the release held for a legal officer when another case holds the person. Refusals write nothing.
@Suite struct OrderExchangeStoreTests {
    static let caseNumber = CaseNumber("00123-2026-1-1801-JR-PE-01")!

    static func content(
        _ kind: InboundOrder.Kind, subject: OrderSubject, terms: CourtOrder.Kind? = nil,
        caseNumber: CaseNumber = caseNumber, issuedOn: CivilDate = CivilDate(year: 2026, month: 3, day: 12)!
    ) -> InboundOrderContent {
        InboundOrderContent(
            kind: kind, court: "Juzgado de Investigación Preparatoria N.º 1 de Lima", judge: "Juez Sintético Uno",
            resolution: "Resolución N.º 11", issuedOn: issuedOn, caseNumber: caseNumber,
            judicialDistrict: "Corte Superior de Justicia de Lima", subject: subject, terms: terms,
            releaseReason: kind == .release ? .expiredTerm : nil)
    }

    static func request(_ key: String, _ content: InboundOrderContent, fingerprint: String? = nil) -> InboundOrderRequest {
        InboundOrderRequest(idempotencyKey: key, fingerprint: fingerprint ?? "fp-\(key)", issuerOrderID: nil, content: content)
    }

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)")).first()!.decode(
                column: "n", as: Int.self)
        }
    }

    static func receive(_ registry: SQLRegistry, _ request: InboundOrderRequest, scope: Set<String>? = nil) async throws
        -> ChangeOutcome<OrderReceipt>
    {
        try await registry.receiveOrder(
            request, client: "csj-lima", clientKind: .court, within: scope, asOf: Fixtures.asOf, actor: "csj-lima")
    }

    @Test(arguments: TestDatabase.engines)
    func idempotentReceiptAndTheClock(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let subject = OrderSubject.personNumber(file.person.number)
            let prolong = Self.request("k-1", Self.content(.prolongation, subject: subject, terms: .prolongation(months: 9)))
            guard case .done(.created(let order)) = try await Self.receive(registry, prolong) else {
                throw CancellationError()
            }
            #expect(order.state == .matched && order.personID == file.person.id && order.establishmentCode == "ep-norte")
            #expect(order.history.map(\.state) == [.received, .matched] && order.caseID == file.cases.first?.id)
            // A retry answers the first order; another body under the same key is refused; nothing more stored.
            guard case .done(.replayed(let again)) = try await Self.receive(registry, prolong) else { throw CancellationError() }
            #expect(again.id == order.id)
            guard
                case .done(.keyReused) = try await Self.receive(registry, Self.request("k-1", prolong.content, fingerprint: "x"))
            else { throw CancellationError() }
            #expect(try await Self.count(database, "inbound_orders") == 1)
            let events = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.order.state_changed.v1"
            }
            #expect(events.count == 2 && events.allSatisfy { $0.personID == file.person.id })

            // Bad input: an unknown person, a case the person does not have, a court order beyond the allowance.
            let unknown = Self.content(
                .prolongation, subject: .personNumber(PersonNumber(id: 999)), terms: .prolongation(months: 3))
            guard case .rejected(let nobody) = try await Self.receive(registry, Self.request("k-2", unknown)) else {
                throw CancellationError()
            }
            #expect(nobody.map(\.field) == ["person.person_number"])
            let otherCase = Self.content(
                .prolongation, subject: subject, terms: .prolongation(months: 3),
                caseNumber: CaseNumber("00999-2026-1-1801-JR-PE-01")!)
            guard case .rejected(let noCase) = try await Self.receive(registry, Self.request("k-3", otherCase)) else {
                throw CancellationError()
            }
            #expect(noCase.map(\.code) == [.orderCaseUnknown])

            // Executed: recorded on the case, the clock recomputed; a second prolongation of 9 months then goes beyond
            // the art. 274.1 allowance, which only the clock knows (9 + 9 > 9 in an ordinary case).
            for action in [OrderStep.Action.accept, .execute] {
                guard
                    case .done = try await registry.stepOrder(
                        OrderStep(id: order.id, action: action), expectedVersion: nil, within: nil, asOf: Fixtures.asOf,
                        actor: "registro")
                else { throw CancellationError() }
            }
            let executed = try #require(try await registry.inboundOrder(order.id))
            #expect(executed.state == .executed && executed.history.map(\.state) == [.received, .matched, .accepted, .executed])
            let after = try #require(try await registry.personFile(file.person.id))
            #expect(after.orders.contains { $0.kind == .prolongation(months: 9) && $0.caseID == file.cases.first?.id })
            let beyond = Self.request("k-4", Self.content(.prolongation, subject: subject, terms: .prolongation(months: 9)))
            guard case .rejected(let law) = try await Self.receive(registry, beyond) else { throw CancellationError() }
            #expect(law.map(\.code).contains(.orderBeyondLegalLimit) && law.allSatisfy { $0.field == "months" })
            #expect(try await Self.count(database, "inbound_orders") == 1)
            // A step the state does not allow.
            guard
                case .rejected(let late) = try await registry.stepOrder(
                    OrderStep(id: order.id, action: .accept), expectedVersion: nil, within: nil, asOf: Fixtures.asOf,
                    actor: "registro")
            else { throw CancellationError() }
            #expect(late.map(\.code) == [.orderWrongState])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func identityHeldForAClerkNeverGuessed(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let person = file.person
            // The document with the names it was registered with: matched.
            let exact = OrderSubject.identity(
                OrderIdentity(document: person.document, name: person.name, birthDate: person.birthDate))
            guard
                case .done(.created(let matched)) = try await Self.receive(
                    registry, Self.request("i-1", Self.content(.release, subject: exact)))
            else { throw CancellationError() }
            #expect(matched.state == .matched && matched.personID == person.id)
            #expect(matched.releaseDue == LocalTime(date: Fixtures.asOf, time: TimeOfDay(hour: 23, minute: 59)!))
            // The same document with other names: held with the person it may be, never matched by itself.
            let other = PersonName(givenNames: "Pedro", paternalSurname: "Ñahui", maternalSurname: "Quispe")
            let partial = OrderSubject.identity(OrderIdentity(document: person.document, name: other, birthDate: nil))
            guard
                case .done(.created(let held)) = try await Self.receive(
                    registry, Self.request("i-2", Self.content(.release, subject: partial)))
            else { throw CancellationError() }
            #expect(held.state == .held && held.personID == nil && held.candidates == [person.id])
            guard
                case .rejected(let wrong) = try await registry.stepOrder(
                    OrderStep(id: held.id, action: .match, personNumber: PersonNumber(id: 77)), expectedVersion: nil,
                    within: nil, asOf: Fixtures.asOf, actor: "registro")
            else { throw CancellationError() }
            #expect(wrong.map(\.code) == [.orderNotCandidate])
            guard
                case .done(let resolved) = try await registry.stepOrder(
                    OrderStep(id: held.id, action: .match, personNumber: person.number), expectedVersion: held.version,
                    within: nil, asOf: Fixtures.asOf, actor: "registro")
            else { throw CancellationError() }
            #expect(resolved.state == .matched && resolved.personID == person.id && resolved.establishmentCode == "ep-norte")
            // Nobody with that identity: only an order that admits may wait for the person; a release is refused.
            let stranger = OrderSubject.identity(
                OrderIdentity(document: .dni("40000001"), name: other, birthDate: CivilDate(year: 1980, month: 1, day: 1)))
            guard
                case .rejected(let none) = try await Self.receive(
                    registry, Self.request("i-3", Self.content(.release, subject: stranger)))
            else { throw CancellationError() }
            #expect(none.map(\.code) == [.personUnknown])
            guard
                case .done(.created(let waiting)) = try await Self.receive(
                    registry, Self.request("i-4", Self.content(.detention, subject: stranger, terms: .detention)))
            else { throw CancellationError() }
            #expect(waiting.state == .received && waiting.personID == nil)
            // Out of the client's scope: the person held in ep-norte reads as unknown to a token for ep-sur.
            guard
                case .notFound = try await Self.receive(
                    registry, Self.request("i-5", Self.content(.release, subject: exact)), scope: ["ep-sur"])
            else { throw CancellationError() }
            #expect(try await Self.count(database, "inbound_orders") == 3)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func releaseWaitsForTheLegalOfficerWhenAnotherCaseHolds(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let person = file.person.id
            // A second case with its own detention order, in the same episode.
            try await database.read { sql in
                try await sql.raw(
                    """
                    INSERT INTO legal_cases (person_id, case_number, court, judicial_district, case_type, procedural_status)
                    VALUES (\(bind: person.rawValue), '00456-2026-1-1801-JR-PE-02', 'Juzgado 2', 'Lima', 'ordinary', 'unsentenced')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO court_orders (person_id, case_id, kind, issuing_court, issued_on, reference, life_sentence)
                    SELECT \(bind: person.rawValue), id, 'detention', 'Juzgado 2', '2026-03-05', 'Resolución N.º 1', 0
                    FROM legal_cases WHERE case_number = '00456-2026-1-1801-JR-PE-02'
                    """
                ).run()
            }
            let release = Self.request("r-1", Self.content(.release, subject: .personNumber(file.person.number)))
            guard case .done(.created(let order)) = try await Self.receive(registry, release) else { throw CancellationError() }
            #expect(order.legalCheck?.reason == "00456-2026-1-1801-JR-PE-02" && order.legalCheck?.isPending == true)
            func step(_ action: OrderStep.Action) async throws -> ChangeOutcome<InboundOrder> {
                try await registry.stepOrder(
                    OrderStep(id: order.id, action: action, at: TimeOfDay(hour: 16, minute: 0)), expectedVersion: nil,
                    within: nil, asOf: Fixtures.asOf, actor: "registro")
            }
            guard case .done = try await step(.accept), case .rejected(let waits) = try await step(.execute) else {
                throw CancellationError()
            }
            #expect(waits.map(\.code) == [.orderLegalCheckPending])
            #expect(try await registry.personFile(person)?.openEpisode != nil)
            guard case .done(let cleared) = try await step(.clear), case .done(let executed) = try await step(.execute) else {
                throw CancellationError()
            }
            #expect(cleared.legalCheck?.clearedBy == "registro" && executed.state == .executed)
            let released = try #require(try await registry.personFile(person))
            #expect(released.openEpisode == nil && released.episodes.last?.release?.ground == .courtOrder)
            #expect(try await Self.count(database, "legal_clocks") == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aReleaseOrderPastItsTimeIsACriticalAlert(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { _, database, file in
            // 09:00 in Lima on the fixtures' day; a release order may wait 2 hours.
            let clock = TestClock(Date(timeIntervalSince1970: Double(Fixtures.asOf.daysSinceEpoch * 86_400 + 14 * 3_600)))
            var registry = SQLRegistry(database: database, environment: Fixtures.environment(now: clock.source))
            registry.releaseOrderHours = 2
            let release = Self.request("a-1", Self.content(.release, subject: .personNumber(file.person.number)))
            guard case .done(.created(let order)) = try await Self.receive(registry, release) else { throw CancellationError() }
            #expect(order.releaseDue == LocalTime(date: Fixtures.asOf, time: TimeOfDay(hour: 11, minute: 0)!))
            func overdue() async throws -> [Alert] {
                try await registry.alerts(
                    asOf: Fixtures.asOf, establishmentCode: nil, severity: nil, kind: .releaseOrderOverdue, after: nil, limit: 50
                )?.items.map(\.alert) ?? []
            }
            clock.advance(minutes: 120)
            #expect(try await overdue().isEmpty)
            clock.advance(minutes: 61)
            let alerts = try await overdue()
            #expect(alerts.count == 1 && alerts.first?.orderID == order.id.rawValue && alerts.first?.hours == 3)
            #expect(alerts.first?.severity == .critical && alerts.first?.personID == file.person.id)
            #expect(try await registry.alertCounts(asOf: Fixtures.asOf, establishmentCode: "ep-norte")[.releaseOrderOverdue] == 1)
            // Refused (or executed), it is no longer waiting.
            guard
                case .done = try await registry.stepOrder(
                    OrderStep(id: order.id, action: .refuse, note: "La persona ya fue excarcelada por otra orden"),
                    expectedVersion: nil, within: nil, asOf: Fixtures.asOf, actor: "registro")
            else { throw CancellationError() }
            #expect(try await overdue().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDetentionOrderIsExecutedByTheAdmissionNamingIt(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, _ in
            let newcomer = Fixtures.newPerson(dni: "45000001", given: "Rosa")
            let identity = OrderSubject.identity(
                OrderIdentity(document: newcomer.document, name: newcomer.name, birthDate: newcomer.birthDate))
            let pretrial = CourtOrder.Kind.pretrialDetention(
                PretrialTerm(caseType: .ordinary, months: 9, startsOn: CivilDate(year: 2026, month: 3, day: 1)!))
            guard
                case .done(.created(let order)) = try await Self.receive(
                    registry,
                    Self.request(
                        "d-1",
                        Self.content(
                            .pretrialDetention, subject: identity, terms: pretrial,
                            caseNumber: CaseNumber("00555-2026-1-1801-JR-PE-01")!,
                            issuedOn: CivilDate(year: 2026, month: 3, day: 2)!)))
            else { throw CancellationError() }
            #expect(order.state == .received && order.personID == nil)
            // Executing it from the inbox is refused: an admission does it.
            guard
                case .rejected(let notHere) = try await registry.stepOrder(
                    OrderStep(id: order.id, action: .execute), expectedVersion: nil, within: nil, asOf: Fixtures.asOf,
                    actor: "registro")
            else { throw CancellationError() }
            #expect(notHere.map(\.code) == [.orderWrongState])
            var admission = Fixtures.admission(subject: .new(newcomer))
            admission.legalCase.number = CaseNumber("00555-2026-1-1801-JR-PE-01")!
            admission.inboundOrderID = order.id
            guard case .done(let file) = try await registry.admit(admission, asOf: Fixtures.asOf, actor: "registro") else {
                throw CancellationError()
            }
            let executed = try #require(try await registry.inboundOrder(order.id))
            #expect(
                executed.state == .executed && executed.personID == file.person.id && executed.establishmentCode == "ep-norte")
            #expect(executed.history.last?.note == "admission")
            // A second admission naming the executed order is refused whole: nobody admitted, nothing written.
            let persons = try await Self.count(database, "persons")
            var again = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "45000002", given: "Otra")))
            again.inboundOrderID = order.id
            guard case .rejected(let twice) = try await registry.admit(again, asOf: Fixtures.asOf, actor: "registro") else {
                throw CancellationError()
            }
            #expect(twice.map(\.field) == ["inbound_order_id"])
            #expect(try await Self.count(database, "persons") == persons)
        }
    }

    /// An art. 275 suspension sent by the court: a period outside custody is refused at its field; one within it, once
    /// accepted and executed, is the legal officer's suspension on the person's file, the clock recomputed with it.
    @Test(arguments: TestDatabase.engines)
    func aSuspensionOrderIsRecordedOnTheFile(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, _, file in
            func suspension(_ key: String, from: CivilDate, until: CivilDate) -> InboundOrderRequest {
                var content = Self.content(.suspension, subject: .personNumber(file.person.number))
                content.suspensionFrom = from
                content.suspensionUntil = until
                return Self.request(key, content)
            }
            let before = CivilDate(year: 2026, month: 2, day: 1)!
            guard
                case .rejected(let outside) = try await Self.receive(
                    registry, suspension("s-1", from: before, until: CivilDate(year: 2026, month: 3, day: 5)!))
            else { throw CancellationError() }
            #expect(outside.map(\.field) == ["suspension_from"])
            guard
                case .done(.created(let order)) = try await Self.receive(
                    registry,
                    suspension(
                        "s-2", from: CivilDate(year: 2026, month: 3, day: 5)!, until: CivilDate(year: 2026, month: 3, day: 10)!))
            else { throw CancellationError() }
            for action in [OrderStep.Action.accept, .execute] {
                guard
                    case .done = try await registry.stepOrder(
                        OrderStep(id: order.id, action: action), expectedVersion: nil, within: nil, asOf: Fixtures.asOf,
                        actor: "legal")
                else { throw CancellationError() }
            }
            let after = try #require(try await registry.personFile(file.person.id))
            #expect(after.suspensions.map(\.fromDate) == [CivilDate(year: 2026, month: 3, day: 5)!])
            #expect(try await registry.inboundOrder(order.id)?.state == .executed)
        }
    }

    /// A court-ordered transfer: executing it asks the destination's pavilion and requests the transfer (ground
    /// mandato judicial), linked to the order; the order is executed when the person is received there.
    @Test(arguments: TestDatabase.engines)
    func aTransferOrderIsExecutedWhenThePersonArrives(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            try await Fixtures.loadSouthernOffice(into: database)
            var content = Self.content(.transfer, subject: .personNumber(file.person.number))
            content.transferTo = "ep-sur"
            let outcome = try await Self.receive(registry, Self.request("t-1", content))
            guard case .done(.created(let order)) = outcome else {
                Issue.record("\(outcome)")
                throw CancellationError()
            }
            func step(_ action: OrderStep.Action, pavilion: String? = nil) async throws -> ChangeOutcome<InboundOrder> {
                var step = OrderStep(id: order.id, action: action)
                step.pavilionCode = pavilion
                return try await registry.stepOrder(step, expectedVersion: nil, within: nil, asOf: Fixtures.asOf, actor: "legal")
            }
            let accepted = try await step(.accept)
            let bare = try await step(.execute)
            guard case .done = accepted, case .rejected(let noPavilion) = bare else {
                Issue.record("\(accepted) \(bare)")
                throw CancellationError()
            }
            #expect(noPavilion.map(\.field) == ["pavilion_code"])
            let execution = try await step(.execute, pavilion: "A")
            guard case .done(let requested) = execution else {
                Issue.record("\(execution)")
                throw CancellationError()
            }
            let transferID = try #require(requested.transferID)
            #expect(requested.state == .accepted)
            let day = Fixtures.asOf  // the day the order was executed, so the transfer requested
            for transferStep in [
                TransferStep(
                    id: transferID, action: .approve, on: day, authority: .juez, resolution: "Resolución N.º 11", notifiedOn: day),
                TransferStep(id: transferID, action: .depart, on: day),
            ] {
                let moved = try await registry.stepTransfer(transferStep, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
                guard case .done = moved else {
                    Issue.record("\(transferStep.action): \(moved)")
                    throw CancellationError()
                }
                #expect(try await registry.inboundOrder(order.id)?.state == .accepted)
            }
            let arrival = try await registry.stepTransfer(
                TransferStep(id: transferID, action: .receive, on: day),
                expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            guard case .done = arrival else {
                Issue.record("\(arrival)")
                throw CancellationError()
            }
            let executed = try #require(try await registry.inboundOrder(order.id))
            #expect(executed.state == .executed && executed.history.last?.note == "transfer")
        }
    }
}
