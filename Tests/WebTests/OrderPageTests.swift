import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Orders received electronically on the staff pages (issue 13 point 7): a court's release order for a person held
/// under another case too, on the establishment's inbox and the person's file; the clerk accepts it, may not clear
/// it nor execute it before the legal officer reads the other case; the legal officer clears it; the clerk executes
/// it at a minute refused as not a time first; the history shows every step.
@Suite struct OrderPageTests {
    @Test(arguments: TestDatabase.engines)
    func theInboxTheLegalCheckAndTheRelease(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            let person = file.person.id.rawValue
            try await services.database.read { sql in
                try await sql.raw(
                    """
                    INSERT INTO legal_cases (person_id, case_number, court, judicial_district, case_type, procedural_status)
                    VALUES (\(bind: person), '00456-2026-1-1801-JR-PE-02', 'Juzgado 2', 'Lima', 'ordinary', 'unsentenced')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO court_orders (person_id, case_id, kind, issuing_court, issued_on, reference, life_sentence)
                    SELECT \(bind: person), id, 'detention', 'Juzgado 2', '2026-03-05', 'Resolución N.º 1', 0
                    FROM legal_cases WHERE case_number = '00456-2026-1-1801-JR-PE-02'
                    """
                ).run()
            }
            guard
                case .done(.created(let order)) = try await services.registry.receiveOrder(
                    Fixtures.releaseOrderRequest(for: file.person.number, key: "k-1", issuerOrderID: "CSJL-77"),
                    client: "Corte Superior de Justicia de Lima", clientKind: .court, within: nil, asOf: Fixtures.asOf,
                    actor: "Corte Superior de Justicia de Lima")
            else { throw CancellationError() }
            let path = "/orders/\(order.id.rawValue)"
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            var legal = Browser(client: client)
            _ = try await legal.signIn(
                try await AccessFixtures.user(
                    "lucia", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let inbox = try await clerk.get("/establishments/ep-norte/orders")
            #expect(inbox.contains("href=\"\(path)\"") && inbox.contains("Libertad") && inbox.contains("Identificada"))
            #expect(try await clerk.get("/persons/\(number)").contains("href=\"\(path)\""))
            #expect(try await clerk.get("/establishments/ep-norte").contains("href=\"/establishments/ep-norte/orders\""))
            // A second release order, received yesterday and never executed: the establishment's alerts name it, with
            // the hours it has waited (issue 13 point 3).
            guard
                case .done(.created(let late)) = try await services.registry.receiveOrder(
                    Fixtures.releaseOrderRequest(
                        for: file.person.number, key: "k-late", issuedOn: Fixtures.asOf.adding(days: -1)),
                    client: "Corte Superior de Justicia de Lima",
                    clientKind: .court, within: nil, asOf: Fixtures.asOf.adding(days: -1),
                    actor: "Corte Superior de Justicia de Lima")
            else { throw CancellationError() }
            let establishment = try await clerk.get("/establishments/ep-norte")
            #expect(establishment.contains("href=\"/orders/\(late.id.rawValue)\"") && establishment.contains("h de espera"))

            // The clerk's page: accept and refuse, no clearing, no execution while the legal check waits.
            let page = try await clerk.get(path)
            #expect(page.contains("00456-2026-1-1801-JR-PE-02") && page.contains("pendiente"))
            #expect(page.contains("value=\"accept\"") && !page.contains("value=\"clear\"") && !page.contains("value=\"execute\""))
            let accepted = try await clerk.post(
                "\(path)/step", form: [("_csrf", try await clerk.csrf()), ("action", "accept"), ("version", "1")])
            #expect(accepted.status == 303)
            let cleared = try await clerk.post(
                "\(path)/step",
                form: [("_csrf", try await clerk.csrf()), ("action", "clear"), ("version", "2"), ("clear.note", "x")])
            #expect(cleared.status == 403)
            // The legal officer reads the other case and clears the release.
            let legalPage = try await legal.get(path)
            #expect(legalPage.contains("value=\"clear\""))
            let done = try await legal.post(
                "\(path)/step",
                form: [
                    ("_csrf", try await legal.csrf()), ("action", "clear"), ("version", "2"),
                    ("clear.note", "El otro expediente tiene comparecencia desde el 10 de marzo"),
                ])
            #expect(done.status == 303)
            // The clerk executes: a minute that is not one is refused at its field, nothing written; then released.
            let executable = try await clerk.get(path)
            #expect(executable.contains("value=\"execute\""))
            let badTime = try await clerk.post(
                "\(path)/step",
                form: [("_csrf", try await clerk.csrf()), ("action", "execute"), ("version", "3"), ("execute.at", "25:00")])
            #expect(badTime.status == 422 && badTime.contains("HH:MM"))
            #expect(try await services.registry.personFile(file.person.id)?.openEpisode != nil)
            let executed = try await clerk.post(
                "\(path)/step",
                form: [("_csrf", try await clerk.csrf()), ("action", "execute"), ("version", "3"), ("execute.at", "15:45")])
            #expect(executed.status == 303)
            let final = try await clerk.get(try #require(executed.location))
            #expect(final.contains("Orden ejecutada.") && final.contains("id=\"order-history\"") && final.contains("lucia"))
            #expect(try await services.registry.personFile(file.person.id)?.openEpisode == nil)
        }
    }

    /// A court's prisión preventiva order for a person not yet registered: the order's page leads to the admission
    /// form filled in from it; admitting there executes the order.
    @Test(arguments: TestDatabase.engines)
    func anAdmissionOrderFillsTheFormAndIsExecutedByIt(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            guard
                case .done(.created(let order)) = try await services.registry.receiveOrder(
                    InboundOrderRequest(
                        idempotencyKey: "k-2", fingerprint: "f", issuerOrderID: nil,
                        content: InboundOrderContent(
                            kind: .pretrialDetention, court: "Juzgado de Investigación Preparatoria N.º 3",
                            judge: "Juez Sintético", resolution: "Resolución N.º 4", issuedOn: Fixtures.asOf,
                            caseNumber: CaseNumber("00999-2026-1-1801-JR-PE-03")!, judicialDistrict: "Lima",
                            subject: .identity(
                                OrderIdentity(
                                    document: .dni("46000001"),
                                    name: PersonName(givenNames: "Ana", paternalSurname: "Prueba", maternalSurname: "Orden"),
                                    birthDate: CivilDate(year: 1995, month: 2, day: 3))),
                            terms: .pretrialDetention(PretrialTerm(caseType: .ordinary, months: 9, startsOn: Fixtures.asOf)))),
                    client: "Corte Superior de Justicia de Lima", clientKind: .court, within: nil, asOf: Fixtures.asOf,
                    actor: "Corte Superior de Justicia de Lima")
            else { throw CancellationError() }
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user("rosa", roles: [.registryClerk], scope: .nation, in: services.directory),
                clock: clock)
            let page = try await clerk.get("/orders/\(order.id.rawValue)")
            #expect(page.contains("href=\"/admissions/new?order=\(order.id.rawValue)\""))
            let form = try await clerk.get("/admissions/new?order=\(order.id.rawValue)")
            #expect(form.inputValue("person.document.number") == "46000001" && form.inputValue("order.months") == "9")
            #expect(form.inputValue("inbound_order_id") == String(order.id.rawValue))
            var fields: [(String, String)] = [("_csrf", try await clerk.csrf())]
            for name in AdmissionForm.fields {
                fields.append((name, form.inputValue(name) ?? ""))
            }
            let overrides = [
                "person.document.type": "dni", "person.sex": "female", "person.nationality": "PER", "placement": "ep-mujeres/A",
                "admitted_on": "2026-03-15", "admitted_at": "11:00", "order.kind": "pretrial_detention",
                "case.case_type": "ordinary", "case.charges": "189", "order.recidivism": "",
            ]
            fields = fields.map { ($0.0, overrides[$0.0] ?? $0.1) }
            let admitted = try await clerk.post("/admissions/new", form: fields)
            #expect(admitted.status == 303, "\(admitted.html.prefix(600))")
            let executed = try #require(try await services.registry.inboundOrder(order.id))
            #expect(executed.state == .executed && executed.personID != nil && executed.establishmentCode == "ep-mujeres")
        }
    }
}
