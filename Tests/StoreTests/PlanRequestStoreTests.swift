import CustodiaCore
import CustodiaTestSupport
import Foundation
import Placement
import SQLKit
import Store
import Testing

/// A stored plan's route turned into transfer requests, on both engines (issue 14 points 3 and 7): ep-norte holds 14 men
/// for 10 places, the plan sends some to ep-sur; each person asked for goes through the placement check, the one kept
/// apart from a man held at ep-sur is skipped with its reason and the next one asked for, so the route's count is
/// requested; none is refused for a reason the plan knew (sex); bad routes write nothing.
@Suite struct PlanRequestStoreTests {
    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)")).first()!.decode(
                column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aRouteBecomesTransferRequests(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            try await Fixtures.loadSouthernOffice(into: database)
            try await Fixtures.admitMen(13, firstDNI: 45_000_000, into: registry)
            guard
                case .done(let rival) = try await registry.admit(
                    Fixtures.admission(
                        subject: .new(Fixtures.newPerson(dni: "46000000", given: "Rival")), establishment: "ep-sur"),
                    asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            guard
                case .done = try await registry.openKeepApart(
                    KeepApartDraft(
                        parties: .persons(file.person.id, rival.person.id), scope: .establishment, reason: "Amenaza (sintético)",
                        startsOn: CivilDate(year: 2026, month: 3, day: 5)!), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let establishments = try #require(try await registry.aggregateEstablishments(codes: ["ep-norte", "ep-sur"]))
            let document = TransferPlanDocument.make(establishments, movesCap: nil)
            let route = try #require(document.routes.first { $0.from == "ep-norte" && $0.to == "ep-sur" && $0.sex == "male" })
            #expect(route.persons >= 2)
            let stored = try await registry.savePlan(kind: "transfers", document: try document.json(), actor: "analista")
            func request(_ persons: Int, to: String = "ep-sur", plan: Int64? = nil) -> PlannedTransferRequest {
                PlannedTransferRequest(
                    planID: plan ?? stored.id, from: "ep-norte", to: to, sex: .male, persons: persons, requestedOn: Fixtures.asOf)
            }

            // Bad routes: refused at their fields, nothing written.
            guard
                case .rejected(let tooMany) = try await registry.requestPlannedTransfers(
                    request(route.persons + 1), asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(tooMany.map(\.code) == [.planRouteExceeded] && tooMany[0].field == "persons")
            guard
                case .rejected(let elsewhere) = try await registry.requestPlannedTransfers(
                    request(1, to: "ep-mujeres"), asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(elsewhere.map(\.code) == [.planRouteUnknown])
            guard
                case .notFound = try await registry.requestPlannedTransfers(
                    request(1, plan: 999), asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(try await Self.count(database, "transfers") == 0)

            guard
                case .done(let result) = try await registry.requestPlannedTransfers(
                    request(route.persons), asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(result.requested.count == route.persons)
            #expect(result.requested.allSatisfy { $0.toEstablishmentCode == "ep-sur" && $0.toPavilionCode == "A" })
            #expect(result.requested.allSatisfy { $0.ground == .hacinamiento && $0.state == .requested })
            #expect(!result.requested.contains { $0.personID == file.person.id })
            // The one kept apart is skipped with the check's reason; none for a reason the plan knew.
            #expect(result.refused.map(\.personID) == [file.person.id])
            #expect(result.refused.first?.messages.map(\.code) == [.keepApartConflict])
            let known: Set<ValidationCode> = [.establishmentSexMismatch, .pavilionSexMismatch]
            #expect(result.refused.allSatisfy { $0.messages.allSatisfy { !known.contains($0.code) } })
            #expect(try await Self.count(database, "transfers") == route.persons)

            // Again: the route has been asked for in full; nothing more is requested.
            guard
                case .rejected(let again) = try await registry.requestPlannedTransfers(
                    request(1), asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(again.map(\.code) == [.planRouteExceeded])
            #expect(try await Self.count(database, "transfers") == route.persons)
            // The last one cancelled: the route has one more to ask for. Those under way are no candidates (the first
            // persons by number, asked before the one cancelled): never refused for a transfer already open.
            let last = try #require(result.requested.last)
            _ = try await registry.stepTransfer(
                TransferStep(id: last.id, action: .cancel, on: Fixtures.asOf, reason: "Prueba"), expectedVersion: nil,
                asOf: Fixtures.asOf, actor: "director")
            guard
                case .done(let rest) = try await registry.requestPlannedTransfers(
                    request(route.persons), asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(rest.requested.map(\.personID) == [last.personID])
            #expect(rest.refused.allSatisfy { $0.messages.allSatisfy { $0.code != .transferAlreadyOpen } })
        }
    }
}
