import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Benefit files on the staff pages (issue 26 point 5): the establishment's board shows an eligible person late and
/// not started; the legal officer opens the file from it, records documents (a date that is not one is refused at its
/// field, nothing written), is refused a send while incomplete, completes, sends and records the grant; the clerk
/// reads the file without the forms; the establishment's alerts link the late file.
@Suite struct BenefitPageTests {
    @Test(arguments: TestDatabase.engines)
    func theBoardAFileAndItsSteps(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            guard
                case .done(let sentenced) = try await services.registry.admit(
                    Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            let number = sentenced.person.number.description
            var legal = Browser(client: client)
            _ = try await legal.signIn(
                try await AccessFixtures.user(
                    "lucia", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await clerk.get("/establishments/ep-norte").contains("href=\"/establishments/ep-norte/benefits\""))
            let board = try await legal.get("/establishments/ep-norte/benefits")
            #expect(board.status == 200 && board.contains(number) && board.contains("Sin iniciar"))
            #expect(board.contains("sin expediente abierto") && board.contains("Abrir expediente"))
            #expect(!(try await clerk.get("/establishments/ep-norte/benefits")).contains("Abrir expediente"))
            let opened = try await legal.post(
                "/persons/\(number)/benefit-files", form: [("_csrf", try await legal.csrf()), ("benefit", "semiliberty")])
            #expect(opened.status == 303)
            let path = try #require(opened.location?.split(separator: "?").first.map(String.init))
            let page = try await legal.get(try #require(opened.location))
            #expect(page.contains("Expediente abierto.") && page.contains("En formación") && page.contains("2026-01-26"))
            #expect(page.contains("Certificado de conducta (Seguridad)") && page.contains("value=\"document\""))
            // A date that is not one: refused at its field, nothing written.
            let before = try await Fixtures.rows("benefit_file_steps", in: services.database)
            let bad = try await legal.post(
                "\(path)/step",
                form: [
                    ("_csrf", try await legal.csrf()), ("action", "document"), ("version", "1"), ("document.document", "conduct"),
                    ("document.on", "15/03/2026"), ("document.issuer", "Jefatura"),
                ])
            #expect(bad.status == 422 && bad.contains("id=\"f-document-on-error\""))
            #expect(try await Fixtures.rows("benefit_file_steps", in: services.database) == before)
            // Sent while incomplete: the rules' message, nothing written.
            var version = 1
            for document in BenefitFile.Document.allCases.dropLast() {
                let done = try await legal.post(
                    "\(path)/step",
                    form: [
                        ("_csrf", try await legal.csrf()), ("action", "document"), ("version", String(version)),
                        ("document.document", document.rawValue), ("document.on", "2026-03-14"), ("document.issuer", "Unidad"),
                    ])
                #expect(done.status == 303, "\(document): \(done.html.prefix(300))")
                version += 1
            }
            // "send" is offered only when complete; posted anyway, it is refused.
            #expect(!(try await legal.get(path)).contains("value=\"send\""))
            let early = try await legal.post(
                "\(path)/step",
                form: [
                    ("_csrf", try await legal.csrf()), ("action", "send"), ("version", String(version)),
                    ("send.on", "2026-03-15"), ("send.court", "Juzgado"),
                ])
            #expect(early.status == 422 && early.contains("solo se remite completo"))
            let last = try await legal.post(
                "\(path)/step",
                form: [
                    ("_csrf", try await legal.csrf()), ("action", "document"), ("version", String(version)),
                    ("document.document", "payment"), ("document.on", "2026-03-15"), ("document.issuer", "Banco de la Nación"),
                ])
            #expect(last.status == 303)
            version += 1
            let ready = try await legal.get(path)
            #expect(ready.contains("value=\"send\""))
            // BP-5: the send form offers the court of the person's case.
            #expect(ready.inputValue("send.court") == "Juzgado Penal Unipersonal de Lima")
            for (action, fields) in [
                ("send", [("send.on", "2026-03-15"), ("send.court", "Juzgado Penal Unipersonal de Lima")]),
                ("grant", [("grant.on", "2026-03-15")]),
            ] {
                let done = try await legal.post(
                    "\(path)/step",
                    form: [("_csrf", try await legal.csrf()), ("action", action), ("version", String(version))] + fields)
                #expect(done.status == 303, "\(action): \(done.html.prefix(300))")
                version += 1
            }
            let granted = try await clerk.get(path)
            #expect(granted.contains("Concedido") && granted.contains("Juzgado Penal Unipersonal de Lima"))
            #expect(!granted.contains("<form method=\"post\" action=\"\(path)/step\""))
            #expect(granted.contains("Remitir al juzgado") && granted.contains("Beneficio concedido"))
        }
    }

    /// Point 4 on the pages: what the law would free, with the chart; a national analyst reads it, a clerk may not.
    @Test(arguments: TestDatabase.engines)
    func whatTheLawWouldFree(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            guard
                case .done = try await services.registry.admit(Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            let page = try await analyst.get("/relief")
            #expect(page.status == 200 && page.contains("Lo que la ley permitiría liberar") && page.contains("<svg"))
            // E.P. Norte: 10 places, two held, one eligible: 20 % now, 10 % if decided.
            #expect(page.contains("20.0 %") && page.contains("10.0 %") && page.contains("href=\"/relief\""))
            #expect(page.contains("<th scope=\"col\" class=\"num\">Sin iniciar</th>"))
            #expect(page.contains("Lo que los traslados no pueden hacer") && page.contains("0 (14.3 %)"))
            #expect(page.contains("Plazas nuevas que harían falta") && page.contains("href=\"/plans/capacity\""))
            #expect(
                page.contains(
                    "<span class=\"label\">Departamentos al 120 % o menos si se resolvieran</span> <span class=\"value\">1 / 1</span>"
                ))
            #expect(!page.contains("id=\"relief-replayed\"") && page.contains("<input id=\"as_of\" name=\"as_of\" type=\"date\""))
            // A past day replayed: on 2025-12-10 only the sentenced man was held (1 of 10 places), not yet eligible.
            let past = try await analyst.get("/relief?as_of=2025-12-10")
            #expect(past.status == 200 && past.contains("id=\"relief-replayed\"") && past.contains("value=\"2025-12-10\""))
            #expect(past.contains("10.0 %") && !past.contains("20.0 %"))
            let future = try await analyst.get("/relief?as_of=2999-01-01")
            #expect(future.status == 422 && future.contains("id=\"as_of-error\"") && future.contains("posterior a hoy"))
            #expect(!future.contains("id=\"relief-replayed\"") && future.contains("20.0 %"))
            let typo = try await analyst.get("/relief?as_of=ayer&lang=en")
            #expect(typo.status == 422 && typo.contains("Write a valid date"))
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await clerk.get("/relief").status == 403)
        }
    }

    /// Point 3 on the pages: a court's denial arrives as an order of its own; the order's page says what was decided,
    /// and the file shows the denial.
    @Test(arguments: TestDatabase.engines)
    func aCourtsDenialByOrder(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            let registry = services.registry
            guard
                case .done(let admitted) = try await registry.admit(
                    Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(var file) = try await registry.openBenefitFile(
                    person: admitted.person.id, benefit: .semiliberty, within: nil, asOf: Fixtures.asOf, actor: "legal")
            else { throw CancellationError() }
            file = try await Fixtures.assemble(file, in: registry)
            let admission = Fixtures.sentencedAdmission()
            let request = InboundOrderRequest(
                idempotencyKey: "d-1", fingerprint: "d-1", issuerOrderID: nil,
                content: InboundOrderContent(
                    kind: .benefitDecision, court: "Juzgado Penal Unipersonal de Lima", judge: "Juez Sintético",
                    resolution: "Resolución N.º 40", issuedOn: Fixtures.asOf, caseNumber: admission.legalCase.number,
                    judicialDistrict: admission.legalCase.judicialDistrict, subject: .personNumber(admitted.person.number),
                    benefitFileID: file.id,
                    benefitDecision: .denied(
                        grounds: "Informe social desfavorable", mayRequestAgainOn: CivilDate(iso: "2026-09-11"))))
            guard
                case .done(.created(let order)) = try await registry.receiveOrder(
                    request, client: "Corte Superior de Justicia de Lima", clientKind: .court, within: nil, asOf: Fixtures.asOf,
                    actor: "Corte Superior de Justicia de Lima")
            else { throw CancellationError() }
            var legal = Browser(client: client)
            _ = try await legal.signIn(
                try await AccessFixtures.user(
                    "lidia", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let page = try await legal.get("/orders/\(order.id.rawValue)")
            #expect(page.status == 200 && page.contains("Decisión sobre un beneficio"))
            #expect(page.contains("Beneficio denegado · Informe social desfavorable · puede volver a pedirlo desde 2026-09-11"))
            let denied = try await legal.get("/benefit-files/\(file.id.rawValue)")
            #expect(denied.contains("Denegado") && denied.contains("Informe social desfavorable"))
        }
    }
}
