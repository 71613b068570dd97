import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Placement
import Store
import Testing
import Web

/// What a clerk meets first (issue 24, points 1 and 2): every page, for every role, names places and values as
/// people do. Spanish text never shows an enumerated value's code or a bare establishment code.
@Suite struct PlainLanguageTests {
    /// The codes no Spanish reader should meet: every value of the enumerations the pages show.
    static let codes: Set<String> = Set(
        CaseType.allCases.map(\.rawValue) + ProceduralStatus.allCases.map(\.rawValue) + ReleaseGround.allCases.map(\.rawValue)
            + AlertKind.allCases.map(\.rawValue) + AlertSeverity.allCases.map(\.rawValue) + Role.allCases.map(\.rawValue)
            + Sex.allCases.map(\.rawValue) + HousedSex.allCases.map(\.rawValue) + CourtOrder.Code.allCases.map(\.rawValue)
            // A transfer's states, and its grounds and authorities that are no Spanish word (seguridad, salud are).
            + Transfer.State.allCases.map(\.rawValue) + Transfer.Ground.allCases.map(\.rawValue).filter { $0.contains("_") }
            + Transfer.Authority.allCases.map(\.rawValue).filter { $0.contains("_") }
            + Outing.Kind.allCases.map(\.rawValue).filter { $0.contains("_") } + Outing.State.allCases.map(\.rawValue)
            // Visits: states, kinds and modes, relationships (consular and locutorio are Spanish words too).
            + Visit.State.allCases.map(\.rawValue) + VisitKind.allCases.map(\.rawValue).filter { $0 != "consular" }
            + ["contact"] + Relationship.allCases.map(\.rawValue) + ["visit_quota", "visitor_banned"] + incidentCodes)
    /// Incidents: kinds, states and seized categories that are no Spanish word.
    static let incidentCodes: [String] =
        IncidentKind.allCases.map(\.rawValue).filter { $0.contains("_") } + IncidentState.allCases.map(\.rawValue)
        + SeizedCategory.allCases.map(\.rawValue).filter { $0.contains("_") || $0 == "antenna" }
        // Discipline: stages, outcomes, appeal results, sanctions that are no Spanish word.
        + DisciplineCase.State.allCases.map(\.rawValue) + DisciplineCase.Outcome.allCases.map(\.rawValue)
        + DisciplineCase.AppealResult.allCases.map(\.rawValue) + SanctionKind.allCases.map(\.rawValue).filter { $0.contains("_") }
        // Orders received electronically: states, kinds and release reasons.
        + InboundOrder.State.allCases.map(\.rawValue) + InboundOrder.Kind.allCases.map(\.rawValue)
        + InboundOrder.ReleaseReason.allCases.map(\.rawValue).filter { $0 != "comparecencia" }
        // Benefit files: states, benefits, documents and the units that issue them (legal and social are Spanish too).
        + BenefitFile.State.allCases.map(\.rawValue) + BenefitFile.Benefit.allCases.map(\.rawValue)
        + BenefitFile.Document.allCases.map(\.rawValue)
        + BenefitFile.Author.allCases.map(\.rawValue).filter { $0 != "legal" && $0 != "social" }
    static let establishmentCodes = Fixtures.registers.establishments.map(\.code) + ["lima"]

    /// The text a reader sees: no tags, attributes, styles or entities.
    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<style[^>]*>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// Whole words (letters, digits, `_` and `-` make a word) of `text` that are in `words`.
    static func words(of text: String, in words: Set<String>) -> Set<String> {
        let separators = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-")).inverted
        return Set(text.components(separatedBy: separators).filter { words.contains($0) })
    }

    /// The scope of each demo role, as `custodia demo` gives it: local roles the establishment, the regional
    /// analyst the regional office, the others the nation.
    static func scope(of role: Role) -> Scope {
        switch role {
        case .registryClerk, .securityOfficer, .legalOfficer, .warden: .establishments(["ep-norte"])
        case .regionalAnalyst: .regionalOffice("lima")
        default: .nation
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyPageForEveryRoleNamesThingsAsPeopleDo(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            // A transfer under way, for its page and the lists that show it.
            try await Fixtures.loadSouthernOffice(into: services.database)
            guard
                case .done = try await services.registry.requestTransfer(
                    TransferRequest(
                        personID: file.person.id, toEstablishmentCode: "ep-sur", toPavilionCode: "A", ground: .hacinamiento,
                        reason: "Descongestión (sintético)", requestedOn: Fixtures.asOf), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            // A court production that has left, for its page, the person's list and the establishment's roll.
            guard
                case .done(let outing) = try await services.registry.scheduleOuting(
                    OutingRequest(
                        personID: file.person.id, kind: .courtHearing, destination: "Sala 1 (sintética)",
                        requestedBy: "Juzgado Penal 1", orderReference: "Oficio 1-2026",
                        scheduledAt: LocalTime(text: "2026-03-15T06:00")!, returnDue: LocalTime(text: "2026-03-15T06:30")!),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "test"),
                case .done = try await services.registry.stepOuting(
                    OutingStep(id: outing.id, action: .leave, at: LocalTime(text: "2026-03-15T06:05")!), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            // An isolation, for the file's list, the board and the lift form.
            guard
                case .done = try await services.registry.isolate(
                    IsolationRequest(
                        personID: file.person.id, startsOn: Fixtures.asOf, days: 5, resolution: "Acta CTP 1-2026",
                        reason: "Falta grave (sintético)", medicalReport: .init(reference: "Informe médico 1-2026")),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            // A visitor, a visit booked and one refused (outside the visiting hours), for their pages and lists.
            guard
                case .done(let visitor) = try await services.registry.registerVisitor(
                    NewVisitor(
                        document: .dni("45678912"),
                        name: PersonName(givenNames: "Rosa", paternalSurname: "Visitante", maternalSurname: "Prueba"),
                        sex: .female, birthDate: CivilDate(year: 1985, month: 2, day: 1), address: "Jr. Sintético 1"),
                    asOf: Fixtures.asOf, actor: "test"),
                case .done = try await services.registry.linkVisitor(
                    VisitorLink(
                        visitorID: visitor.visitor.id, personID: file.person.id, relationship: .sibling, since: Fixtures.asOf),
                    actor: "test"),
                case .booked = try await services.registry.bookVisit(
                    VisitRequest(
                        personID: file.person.id, kind: .family, mode: .contact, startsAt: LocalTime(text: "2026-03-15T09:00")!,
                        minutes: 60, visitorIDs: [visitor.visitor.id]), asOf: Fixtures.asOf, actor: "test"),
                case .refused = try await services.registry.bookVisit(
                    VisitRequest(
                        personID: file.person.id, kind: .family, mode: .contact, startsAt: LocalTime(text: "2026-03-15T17:00")!,
                        minutes: 60, visitorIDs: [visitor.visitor.id]), asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            // An incident with a seized phone, an addendum and a change of state, for its page and the list.
            guard
                case .done(let incident) = try await services.registry.reportIncident(
                    IncidentReport(
                        establishmentCode: "ep-norte", kind: .phonePossession, searchKind: .ordinary, relevance: .medium,
                        occurredAt: LocalTime(text: "2026-03-14T09:00")!, place: "Pabellón A", narrative: "Celular hallado",
                        participants: [
                            IncidentParticipant(.person(file.person.id), role: .intervened),
                            IncidentParticipant(.staff("Técnico Sintético"), role: .reporter),
                        ], items: [SeizedItem(category: .phone, quantity: 1, foundAt: "Celda", imei: "490154203237518")]),
                    asOf: Fixtures.asOf, actor: "test"),
                case .done = try await services.registry.addIncidentAddendum(
                    incident.id, text: "Celda A-21", corrects: .place, expectedVersion: nil, asOf: Fixtures.asOf, actor: "test"),
                case .done = try await services.registry.changeIncidentState(
                    incident.id, to: .underReview, note: "Revisión", expectedVersion: nil, asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            // A disciplinary case from the incident, decided with a visit suspension.
            guard
                case .done(let opened) = try await services.registry.openDisciplineCase(
                    DisciplineCharge(
                        personID: file.person.id, offenceCode: "G-01", incidentID: incident.id, act: "Celular en la celda",
                        occurredOn: Fixtures.asOf), asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            for step in [
                DisciplineStep.notify(on: Fixtures.asOf, notice: "Notificación 1"),
                .descargo(on: Fixtures.asOf, text: "Descargo", defender: nil), .report(on: Fixtures.asOf, text: "Informe"),
                .decide(
                    DisciplineDecision(
                        on: Fixtures.asOf, acta: "Acta CTP 1", outcome: .sanctioned,
                        measures: [SanctionMeasure(kind: .visits, startsOn: Fixtures.asOf.adding(days: 20), days: 10)])),
            ] {
                guard
                    case .done = try await services.registry.stepDisciplineCase(
                        opened.id, step, expectedVersion: nil, asOf: Fixtures.asOf, actor: "test")
                else { throw CancellationError() }
            }
            // A release order received from a court, held for the legal office (another case holds the person).
            guard
                case .done(.created) = try await services.registry.receiveOrder(
                    Fixtures.releaseOrderRequest(for: file.person.number, key: "k-1", issuerOrderID: nil),
                    client: "Corte Superior de Justicia de Lima", clientKind: .court, within: nil, asOf: Fixtures.asOf,
                    actor: "Corte Superior de Justicia de Lima")
            else { throw CancellationError() }
            // A sentenced person eligible for semilibertad with a file opened, one document in, for the board and the file.
            guard
                case .done(let sentenced) = try await services.registry.admit(
                    Fixtures.sentencedAdmission(), asOf: Fixtures.asOf, actor: "test"),
                case .done(let benefitFile) = try await services.registry.openBenefitFile(
                    person: sentenced.person.id, benefit: .semiliberty, within: nil, asOf: Fixtures.asOf, actor: "test"),
                case .done = try await services.registry.stepBenefitFile(
                    benefitFile.id, step: .document(.conduct, issuedOn: Fixtures.asOf, issuer: "Jefatura", reference: "N.º 1"),
                    expectedVersion: nil, within: nil, asOf: Fixtures.asOf, actor: "test")
            else { throw CancellationError() }
            // A stored transfer plan, for its page.
            let planned = try #require(try await services.registry.aggregateEstablishments(codes: nil))
            _ = try await services.registry.savePlan(
                kind: "transfers", document: try TransferPlanDocument.make(planned, movesCap: nil).json(), actor: "test")
            let pages = [
                "/plans/transfers", "/plans/transfers/1", "/plans/capacity", "/plans/capacity?budget=muchas&alternative=1",
                "/plans/capacity?year=2030&scenario=high", "/plans/capacity?year=1999",
                "/establishments/ep-norte/benefits", "/benefit-files/\(benefitFile.id.rawValue)", "/relief",
                "/relief?as_of=2026-01-15", "/relief?as_of=2999-01-01",
                "/reports/monthly?month=2026-03", "/reports/monthly?month=2099-01", "/reports/forecast",
                "/reports/open-data?month=2026-03", "/reports/open-data?month=2099-01",
                "/reports/forecast?to=2027-01&release_programme=6000@2026-07", "/reports/forecast?to=2020-01",
                "/relief/candidates?list=electronic&include_excluded=1", "/relief/candidates?list=pretrial_review",
                "/relief/candidates?list=conversion&include_excluded=1", "/relief/candidates?list=expulsion&include_excluded=1",
                "/orders/1", "/establishments/ep-norte/orders?all=1",
                "/persons/\(number)/discipline", "/discipline/1", "/persons/\(number)/isolations/1/check",
                "/establishments/ep-norte/visit-calendar",
                "/establishments/ep-norte/discipline?all=1",
                "/establishments/ep-norte/incidents", "/establishments/ep-norte/incidents/new", "/incidents/1",
                "/visitors?q=Visitante", "/visitors/new", "/visitors/1", "/visitors/1/link", "/visitors/1/ban",
                "/persons/\(number)/visit", "/visits/1", "/visits/2", "/establishments/ep-norte/visits?on=2026-03-15",
                "/", "/?group=region", "/establishments/ep-norte", "/persons?q=\(file.person.name.paternalSurname)",
                "/persons/\(number)", "/admissions/new", "/persons/\(number)/move", "/persons/\(number)/release",
                "/persons/\(number)/sensitive", "/persons/\(number)/classify", "/persons/\(number)/membership",
                "/persons/\(number)/keep-apart", "/persons/\(number)/transfer", "/transfers/1",
                "/persons/\(number)/outing", "/outings/\(outing.id.rawValue)", "/persons/\(number)/intake",
                "/persons/\(number)/contact", "/persons/\(number)/isolation",
                "/persons/\(number)/isolations/1/lift", "/organizations", "/organizations/new",
                "/organizations/keep-apart",
                "/establishments/ep-norte?at=2026-03-15+06:10",
                "/alerts?as_of=2026-12-05",
                "/alerts?as_of=2026-12-05&kind=unlawful_detention",
                "/persons/P-0000099-1", "/no-such-page",
            ]
            // Every GET page of the router is visited (the audit search shows the trail's raw records by design).
            let routes = Set(CustodiaWeb.routes.filter { $0.method == .get }.map(\.path))
            let covered: Set<String> = [
                "/", "/establishments/{code}", "/persons", "/persons/{person_number}", "/admissions/new",
                "/persons/{person_number}/move", "/persons/{person_number}/release", "/persons/{person_number}/sensitive",
                "/persons/{person_number}/classify", "/persons/{person_number}/membership", "/persons/{person_number}/keep-apart",
                "/persons/{person_number}/transfer", "/transfers/{id}", "/persons/{person_number}/outing", "/outings/{id}",
                "/persons/{person_number}/intake", "/persons/{person_number}/contact",
                "/persons/{person_number}/isolation", "/persons/{person_number}/isolations/{id}/lift", "/organizations",
                "/organizations/new", "/organizations/keep-apart",
                "/alerts", "/audit", "/login", "/visitors", "/visitors/new", "/visitors/{id}", "/visitors/{id}/link",
                "/visitors/{id}/ban", "/persons/{person_number}/visit", "/visits/{id}", "/establishments/{code}/visits",
                "/establishments/{code}/incidents", "/establishments/{code}/incidents/new", "/incidents/{id}",
                "/persons/{person_number}/discipline", "/discipline/{id}", "/establishments/{code}/discipline",
                "/persons/{person_number}/isolations/{id}/check", "/establishments/{code}/visit-calendar",
                "/establishments/{code}/orders", "/orders/{id}", "/establishments/{code}/benefits", "/benefit-files/{id}",
                "/relief", "/relief/candidates", "/plans/transfers", "/plans/transfers/{id}", "/plans/capacity",
                "/reports/monthly", "/reports/forecast", "/reports/open-data", "/static/custodia.css",
            ]
            #expect(routes.isSubset(of: covered), "a page to add to this walk: \(routes.subtracting(covered))")
            for (index, role) in Role.allCases.enumerated() {
                let user = try await AccessFixtures.user(
                    "usuario\(index)", roles: [role], scope: Self.scope(of: role), in: services.directory)
                var browser = Browser(client: client)
                _ = try await browser.signIn(user, clock: clock)
                for path in pages {
                    let page = try await browser.get(path)
                    let text = Self.visibleText(page.html)
                    let codes = Self.words(of: text, in: Self.codes)
                    #expect(codes.isEmpty, "\(role) \(path): untranslated \(codes)")
                    let places = Self.words(of: text, in: Set(Self.establishmentCodes))
                    #expect(places.isEmpty, "\(role) \(path): bare codes \(places)")
                    if page.status == 200 {
                        // The header names the scope.
                        switch Self.scope(of: role) {
                        case .establishments: #expect(text.contains("Ámbito: E.P. Norte de Prueba"), "\(role) \(path)")
                        case .regionalOffice: #expect(text.contains("Ámbito: Oficina Regional Lima - Lima"), "\(role) \(path)")
                        case .nation: #expect(text.contains("Ámbito: Nacional"), "\(role) \(path)")
                        case .judicialDistricts: Issue.record("staff accounts have no district scope")
                        }
                    }
                }
            }
        }
    }

    /// The clock's breakdown on the person file: Spanish on the Spanish page, English on the English one.
    @Test(arguments: TestDatabase.engines)
    func theClocksBreakdownIsInTheReadersLanguage(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let user = try await AccessFixtures.user(
                "legal", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(user, clock: clock)
            let spanish = try await browser.get("/persons/\(file.person.number)?lang=es")
            #expect(spanish.contains("Tipo de proceso vigente: común"))
            #expect(spanish.contains("meses ordenados (máximo 9 para proceso común)"))
            let english = try await browser.get("/persons/\(file.person.number)?lang=en")
            #expect(english.contains("Case type in force: ordinary"))
            #expect(english.contains("months ordered (at most 9 in a case of type ordinary)"))
            #expect(!english.contains("Tipo de proceso vigente") && !english.contains("meses ordenados"))
        }
    }

    /// The orders that extend a prisión preventiva, on the person file, in the reader's language.
    @Test(arguments: TestDatabase.engines)
    func ordersThatExtendTheTermAreNamedInTheReadersLanguage(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let person = file.person.id
            try await Fixtures.insertOrder(
                services.database, person: person, kind: "adecuacion", issuedOn: "2026-11-20", months: 3)
            try await Fixtures.insertOrder(
                services.database, person: person, kind: "appealed_conviction", issuedOn: "2027-01-10", years: 10)
            try await Fixtures.insertOrder(
                services.database, person: person, kind: "appeal_prolongation", issuedOn: "2027-02-15", months: 6)
            let user = try await AccessFixtures.user(
                "legal", roles: [.legalOfficer], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(user, clock: clock)
            let spanish = Self.visibleText(try await browser.get("/persons/\(file.person.number)?lang=es").html)
            for text in [
                "Adecuación del plazo (art. 274.2): 3 meses", "Condena de primera instancia apelada: 10 años, 0 meses",
                "Prolongación tras condena apelada (art. 274.5): 6 meses",
                "Prisión preventiva: 9 meses, inicio del plazo 2026-03-01",
            ] {
                #expect(spanish.contains(text), "\(text)")
            }
            #expect(Self.words(of: spanish, in: Self.codes).isEmpty)
            let english = Self.visibleText(try await browser.get("/persons/\(file.person.number)?lang=en").html)
            for text in [
                "Adecuación of the term (art. 274.2): 3 months", "First-instance conviction under appeal: 10 years, 0 months",
                "Prolongation after an appealed conviction (art. 274.5): 6 months",
            ] {
                #expect(english.contains(text), "\(text)")
            }
        }
    }

    /// The audit page's filter has a user field of its own: the header still says who is signed in (a page
    /// value named like a layout value used to replace it).
    @Test(arguments: TestDatabase.engines)
    func theAuditFilterLeavesTheHeadersUserAlone(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            let user = try await AccessFixtures.user("auditora", roles: [.auditor], scope: .nation, in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(user, clock: clock)
            let page = try await browser.get("/audit?user=registro")
            #expect(page.contains("value=\"registro\""))
            let text = Self.visibleText(page.html)
            #expect(text.contains("Sesión de"), "the header's user block is missing")
            #expect(text.contains("Auditor") && text.contains("Ámbito: Nacional"))
            #expect(page.contains("action=\"/logout\""))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theDashboardSaysWhatTheScopeIs(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            for (username, scope, title) in [
                ("clerk", Scope.establishments(["ep-norte"]), "Panel: E.P. Norte de Prueba"),
                ("regional", .regionalOffice("lima"), "Panel: Oficina Regional Lima - Lima"),
                ("national", .nation, "Panel nacional"),
            ] {
                let user = try await AccessFixtures.user(
                    username, roles: [.nationalAnalyst], scope: scope, in: services.directory)
                var browser = Browser(client: client)
                _ = try await browser.signIn(user, clock: clock)
                let page = try await browser.get("/")
                #expect(page.contains("<h1>\(title)</h1>"), "\(username)")
                #expect(page.contains("<title>\(title)"), "\(username)")
            }
        }
    }
}
