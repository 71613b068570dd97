import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Transfers between establishments through the store, on both engines (issue 11 point 4): the whole life of a
/// transfer, the person in transit in no pavilion and still counted where they left, the court told, the
/// destination's check with a warden's override honoured at reception, and refusals that write nothing.
@Suite struct TransferStoreTests {
    static let sur = "ep-sur"

    /// The value of a change that must succeed; what refused it otherwise.
    static func done<T>(_ outcome: ChangeOutcome<T>, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> T
    {
        switch outcome {
        case .done(let value): return value
        case .rejected(let messages):
            Issue.record("\(what) refused: \(messages.map(\.description))", sourceLocation: sourceLocation)
        case .notFound: Issue.record("\(what): not found", sourceLocation: sourceLocation)
        case .versionConflict(let current): Issue.record("\(what): version \(current)", sourceLocation: sourceLocation)
        }
        throw CancellationError()
    }

    static func count(_ database: Database, _ sql: String) async throws -> Int {
        try await database.read { db in
            try await db.raw(SQLQueryString(sql)).first()!.decode(column: "n", as: Int.self)
        }
    }

    func request(_ person: Person.ID, pavilion: String = "A", ground: Transfer.Ground = .hacinamiento) -> TransferRequest {
        TransferRequest(
            personID: person, toEstablishmentCode: Self.sur, toPavilionCode: pavilion, ground: ground,
            reason: "Descongestión del establecimiento", requestedOn: CivilDate(year: 2026, month: 3, day: 10)!)
    }

    @Test(arguments: TestDatabase.engines)
    func requestApproveDepartReceive(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            try await Fixtures.loadSouthernOffice(into: database)
            let person = file.person.id
            let day = CivilDate(year: 2026, month: 3, day: 12)!
            // Refusals first: to the status the person does not have, and a stale version; nothing written.
            guard
                case .rejected(let wrong) = try await registry.requestTransfer(
                    request(person, pavilion: "S"), expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(wrong.map(\.code) == [.pavilionStatusMismatch])
            guard
                case .versionConflict = try await registry.requestTransfer(
                    request(person), expectedVersion: 7, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(try await Self.count(database, "SELECT COUNT(*) AS n FROM transfers") == 0)

            guard
                case .done(let requested) = try await registry.requestTransfer(
                    request(person), expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(requested.state == .requested && requested.toEstablishmentCode == Self.sur && requested.version == 1)
            guard
                case .rejected(let twice) = try await registry.requestTransfer(
                    request(person), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(twice.map(\.code) == [.transferAlreadyOpen])
            // Departure before approval: refused.
            guard
                case .rejected(let early) = try await registry.stepTransfer(
                    TransferStep(id: requested.id, action: .depart, on: day), expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(early.map(\.code) == [.transferWrongState])

            let approve = TransferStep(
                id: requested.id, action: .approve, on: day, authority: .directorEstablecimiento,
                resolution: "R.D. 10-2026-INPE", notifiedOn: day)
            guard
                case .versionConflict(let current) = try await registry.stepTransfer(
                    approve, expectedVersion: 3, asOf: Fixtures.asOf, actor: "t"), current == 1
            else { throw CancellationError() }
            guard
                case .done(let approved) = try await registry.stepTransfer(
                    approve, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            // 15 working days, Holy Week skipped.
            #expect(approved.state == .approved && approved.appealUntil == CivilDate(year: 2026, month: 4, day: 6)!)
            // TR-6: a procesado's court is told, a record and an event.
            #expect(approved.courtNotified == "Juzgado de Investigación Preparatoria N.º 1 de Lima")
            let notices = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.court.notified.v1"
            }
            #expect(notices.count == 1 && notices[0].payload.contains("\"subject\":\"transfer\""))

            guard
                case .done(let departed) = try await registry.stepTransfer(
                    TransferStep(id: requested.id, action: .depart, on: day), expectedVersion: 2, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(departed.state == .inTransit && departed.departedAt != nil)
            // In transit: in custody, in no pavilion, still counted by the establishment that sent them.
            let inTransit = try #require(try await registry.personFile(person))
            #expect(inTransit.openEpisode != nil && inTransit.currentPlacement == nil)
            #expect(inTransit.openEpisode?.establishmentID == 1)
            #expect(
                try await Self.count(
                    database, "SELECT COUNT(*) AS n FROM placements WHERE until_date IS NULL AND person_id = \(person.rawValue)")
                    == 0)

            guard
                case .done(let received) = try await registry.stepTransfer(
                    TransferStep(id: requested.id, action: .receive, on: CivilDate(year: 2026, month: 3, day: 13)!),
                    expectedVersion: 3, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(received.state == .received && received.version == 4)
            let arrived = try #require(try await registry.personFile(person))
            #expect(arrived.openEpisode?.establishmentID == 3 && arrived.currentPlacement?.establishmentID == 3)
            #expect(arrived.transfers.map(\.state) == [.received])
            let steps = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.person.transfer_changed.v1"
            }
            #expect(steps.count == 4 && steps.allSatisfy { $0.personID == person })
            let listed = try await registry.transfers(establishmentCodes: [Self.sur], states: [.received], limit: 10)
            #expect(listed.map(\.id) == [requested.id])
            #expect(
                try await registry.transfers(establishmentCodes: ["ep-mujeres"], states: Set(Transfer.State.allCases), limit: 10)
                    .isEmpty)
        }
    }

    /// Example 25 (TR-2) through the store, and example 27 (SEP-6) with a warden's override given at the request and
    /// honoured at reception; a refusal and a cancellation close a transfer with their reasons.
    @Test(arguments: TestDatabase.engines)
    func securityRivalsAndClosing(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            try await Fixtures.loadSouthernOffice(into: database)
            let person = file.person.id
            let day = CivilDate(year: 2026, month: 3, day: 12)!
            let rival = try Self.done(
                try await registry.admit(
                    Fixtures.admission(
                        subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")), establishment: Self.sur),
                    asOf: Fixtures.asOf, actor: "t"), "the rival's admission")
            _ = try Self.done(
                try await registry.openKeepApart(
                    KeepApartDraft(
                        parties: .persons(person, rival.person.id), scope: .establishment, reason: "Amenaza (sintético)",
                        startsOn: CivilDate(year: 2026, month: 3, day: 5)!), asOf: Fixtures.asOf, actor: "t"), "the record")
            guard
                case .rejected(let conflict) = try await registry.requestTransfer(
                    request(person, ground: .seguridad), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(conflict.map(\.code) == [.keepApartConflict] && conflict[0].field == "establishment_code")
            var authorised = request(person, ground: .seguridad)
            authorised.override = PlacementOverrideRequest(
                resolution: "R.D. 11-2026", reason: "Aislamiento en pabellones distintos", authorized: true)
            let requested = try Self.done(
                try await registry.requestTransfer(authorised, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"),
                "the authorised request")
            #expect(
                try await Self.count(database, "SELECT COUNT(*) AS n FROM placement_overrides WHERE transfer_id IS NOT NULL") == 1
            )
            guard
                case .rejected(let noResolution) = try await registry.stepTransfer(
                    TransferStep(
                        id: requested.id, action: .approve, on: day, authority: .directorEstablecimiento, resolution: "R"),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(noResolution.map(\.code) == [.transferSecurityAuthority])
            for step in [
                TransferStep(
                    id: requested.id, action: .approve, on: day, authority: .directorRegional, resolution: "R.D.R. 3-2026"),
                TransferStep(id: requested.id, action: .depart, on: day),
                TransferStep(id: requested.id, action: .receive, on: day),
            ] {
                guard case .done = try await registry.stepTransfer(step, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
                else {
                    Issue.record("\(step.action) refused")
                    return
                }
            }
            #expect(try await registry.personFile(person)?.openEpisode?.establishmentID == 3)

            // Back north, then refused; again, then cancelled: each with its reason, nothing moved.
            var back = request(person)
            back.toEstablishmentCode = "ep-norte"
            back.requestedOn = CivilDate(year: 2026, month: 3, day: 13)!
            let later = CivilDate(year: 2026, month: 3, day: 14)!
            let north = try Self.done(
                try await registry.requestTransfer(back, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"), "back north")
            guard
                case .rejected(let bare) = try await registry.stepTransfer(
                    TransferStep(id: north.id, action: .refuse, on: later), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let refused = try Self.done(
                try await registry.stepTransfer(
                    TransferStep(id: north.id, action: .refuse, on: later, reason: "Sin cupo"), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "t"), "the refusal")
            let again = try Self.done(
                try await registry.requestTransfer(back, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"), "again")
            let cancelled = try Self.done(
                try await registry.stepTransfer(
                    TransferStep(id: again.id, action: .cancel, on: later, reason: "Audiencia en Arequipa"),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"), "the cancellation")
            #expect(bare.map(\.code) == [.transferReasonRequired])
            #expect(refused.state == .refused && refused.closingReason == "Sin cupo")
            #expect(cancelled.state == .cancelled && cancelled.closingReason == "Audiencia en Arequipa")
            #expect(try await registry.personFile(person)?.currentPlacement?.establishmentID == 3)
            guard
                case .notFound = try await registry.stepTransfer(
                    TransferStep(id: 999, action: .cancel, on: later, reason: "x"), expectedVersion: nil, asOf: Fixtures.asOf,
                    actor: "t")
            else { throw CancellationError() }
        }
    }
    /// Issue 11 point 5: a hearing in person at the court of Lima, scheduled after the request, weighs on a transfer to
    /// Arequipa — refused with nothing written; authorised by a warden with the hearing named, the override recorded with
    /// its code; once the hearing is cancelled, the same request goes through with no override.
    @Test(arguments: TestDatabase.engines)
    func aCourtHearingWeighsOnATransferAway(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            try await Fixtures.loadSouthernOffice(into: database)
            let person = file.person.id
            let hearing = try Self.done(
                try await registry.scheduleOuting(
                    OutingRequest(
                        personID: person, kind: .courtHearing, destination: "Sala 4, Corte Superior de Lima",
                        requestedBy: "4.º Juzgado de Investigación Preparatoria", orderReference: "Exp. 00123-2026",
                        scheduledAt: LocalTime(text: "2026-03-20T09:00")!, returnDue: LocalTime(text: "2026-03-20T18:00")!),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"), "the hearing")
            guard
                case .rejected(let weighed) = try await registry.requestTransfer(
                    request(person), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(weighed.map(\.code) == [.transferCourtProduction] && weighed[0].field == "establishment_code")
            #expect(weighed.first?.spanish.contains("2026-03-20T09:00 Sala 4, Corte Superior de Lima") == true)
            #expect(try await Self.count(database, "SELECT COUNT(*) AS n FROM transfers") == 0)
            #expect(try await Self.count(database, "SELECT COUNT(*) AS n FROM placement_overrides") == 0)
            // A court-ordered transfer has been weighed by its court.
            var ordered = request(person, ground: .mandatoJudicial)
            ordered.reason = "Mandato del juzgado"
            guard
                case .done(let byCourt) = try await registry.requestTransfer(
                    ordered, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            _ = try Self.done(
                try await registry.stepTransfer(
                    TransferStep(id: byCourt.id, action: .cancel, on: Fixtures.asOf, reason: "Prueba"), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "t"), "the cancellation")

            var authorised = request(person)
            authorised.override = PlacementOverrideRequest(
                resolution: "R.D. 12-2026", reason: "Audiencia por videoconferencia coordinada con el juzgado", authorized: true)
            let requested = try Self.done(
                try await registry.requestTransfer(authorised, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"),
                "the authorised request")
            let codes = try await database.read { sql in
                try await sql.raw("SELECT codes FROM placement_overrides WHERE transfer_id = \(bind: requested.id.rawValue)")
                    .all().map { try $0.decode(column: "codes", as: String.self) }
            }
            #expect(codes == [ValidationCode.transferCourtProduction.rawValue])
            _ = try Self.done(
                try await registry.stepTransfer(
                    TransferStep(id: requested.id, action: .cancel, on: Fixtures.asOf, reason: "Prueba"),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"), "the cancellation")
            _ = try Self.done(
                try await registry.stepOuting(
                    OutingStep(id: hearing.id, action: .cancel, at: LocalTime(text: "2026-03-15T08:00")!, reason: "Reprogramada"),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"), "the hearing cancelled")
            _ = try Self.done(
                try await registry.requestTransfer(request(person), expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"),
                "the request with no hearing left")
        }
    }
}
