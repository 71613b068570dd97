import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Disciplinary isolation on the staff pages (issue 12 point 5): the person's file lists the order, the
/// establishment's board shows the day of the streak; a role that may not read isolations sees neither.
@Suite struct IsolationPageTests {
    @Test(arguments: TestDatabase.engines)
    func theFileAndTheBoard(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            guard
                case .done = try await services.registry.isolate(
                    IsolationRequest(
                        personID: file.person.id, startsOn: CivilDate(year: 2026, month: 3, day: 14)!, days: 10,
                        resolution: "Acta CTP 3-2026 (sintética)", reason: "Agresión (sintético)",
                        medicalReport: .init(reference: "Informe médico 12-2026")), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let number = file.person.number.description
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let person = try await clerk.get("/persons/\(number)")
            #expect(person.contains("id=\"isolations\"") && person.contains("2026-03-14 – 2026-03-23"))
            let board = try await clerk.get("/establishments/ep-norte")
            #expect(board.contains("id=\"isolated\"") && board.contains("2 / 15"))
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("ana", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            #expect(!(try await analyst.get("/establishments/ep-norte")).contains("id=\"isolated-h\""))
        }
    }
}
