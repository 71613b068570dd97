import CustodiaCore
import CustodiaTestSupport
import Foundation
import Placement
import Testing

/// The transfer planner on the staff pages (issue 14 points 3 and 5): a national analyst asks for a plan, sees it stored
/// and shown — the highest occupancy reachable, the moves by route with the establishments' names, the occupancy before
/// and after, what transfers cannot do —; a cap that is not a number is refused at its field and stores nothing; a
/// warden reads a plan within their scope only.
@Suite struct TransferPlanPageTests {
    @Test(arguments: TestDatabase.engines)
    func anAnalystMakesAPlanAndReadsIt(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            try await Fixtures.loadSouthernOffice(into: services.database)
            // Eleven more men in ep-norte (twelve with the fixture's), none in ep-sur: θ* = 80 %, four moves.
            try await Fixtures.admitMen(11, firstDNI: 46_200_000, into: services.registry)
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            let form = try await analyst.get("/plans/transfers")
            #expect(form.status == 200 && form.contains("name=\"moves_per_month\"") && form.contains("href=\"/plans/transfers\""))
            // The analyst reads no person, so the form's own token is the one sent.
            let csrf = try #require(form.inputValue("_csrf"))
            let bad = try await analyst.post(
                "/plans/transfers", form: [("_csrf", csrf), ("moves_per_month", "muchos")])
            #expect(bad.status == 422 && bad.contains("<span class=\"error\"") && bad.contains("Escriba un número entero"))
            #expect(try await Fixtures.rows("plans", in: services.database) == 0)
            let made = try await analyst.post("/plans/transfers", form: [("_csrf", csrf), ("moves_per_month", "")])
            #expect(made.status == 303 && made.location == "/plans/transfers/1")
            let page = try await analyst.get("/plans/transfers/1")
            #expect(page.status == 200 && page.contains("Plan de traslados N.º 1") && page.contains("sin límite de traslados"))
            #expect(page.contains("<span class=\"label\">Ocupación máxima alcanzable</span> <span class=\"value\">80.0 %</span>"))
            #expect(page.contains("<span class=\"label\">Personas trasladadas</span> <span class=\"value\">4</span>"))
            #expect(
                page.contains(
                    "<td>E.P. Norte de Prueba</td><td>E.P. Sur de Prueba</td><td>Masculino</td><td class=\"num\">4</td>"))
            #expect(page.contains("Los traslados por sí solos no pueden eliminar el hacinamiento"))
            #expect(page.contains("Ocupación antes del plan") && page.contains("Ocupación después del plan"))
            // With no moves allowed: a plan that moves nobody.
            _ = try await analyst.post("/plans/transfers", form: [("_csrf", csrf), ("moves_per_month", "0")])
            let none = try await analyst.get("/plans/transfers/2?lang=en")
            #expect(none.contains("This plan moves nobody.") && none.contains("with at most 0 moves"))
            // The fewest persons above capacity: the two over ep-norte's ten places move, no more.
            let unknownObjective = try await analyst.post(
                "/plans/transfers", form: [("_csrf", csrf), ("moves_per_month", ""), ("objective", "todo")])
            #expect(unknownObjective.status == 422 && unknownObjective.contains("Choose one of the objectives in the list"))
            _ = try await analyst.post(
                "/plans/transfers", form: [("_csrf", csrf), ("moves_per_month", ""), ("objective", "excess-100")])
            let excess = try await analyst.get("/plans/transfers/3?lang=es")
            #expect(
                excess.contains(
                    "<span class=\"label\">Personas por encima del 100 % de sus plazas hoy</span> <span class=\"value\">2</span>")
            )
            #expect(
                excess.contains("<span class=\"label\">Por encima del 100 % tras el plan</span> <span class=\"value\">0</span>"))
            #expect(excess.contains("<span class=\"label\">Personas trasladadas</span> <span class=\"value\">2</span>"))
            #expect(excess.contains("Ocupación máxima que deja el plan"))
            // A warden of ep-norte alone may not read a plan over the whole country.
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "directora", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await warden.get("/plans/transfers/1").status == 404)
            #expect(try await warden.get("/plans/transfers").status == 403)
        }
    }

    /// Capacity expansion's page: the warden of ep-norte sees Lima's departments only, the need, the announced projects
    /// beside it and the allotment; a budget that is not a number is refused at its field.
    @Test func capacityExpansionPage() async throws {
        try await withPages(.sqlite) { client, services, clock, _ in
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "directora", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let page = try await warden.get("/plans/capacity")
            #expect(page.status == 200 && page.contains("Nuevas plazas: dónde hacen más falta"))
            #expect(page.contains("<th scope=\"row\">Lima</th>") && !page.contains("<th scope=\"row\">Arequipa</th>"))
            #expect(
                page.contains(
                    "<span class=\"label\">Plazas de los proyectos anunciados</span> <span class=\"value\">18,500</span>"))
            #expect(page.contains("href=\"/plans/capacity\""))
            let bad = try await warden.get("/plans/capacity?budget=muchas")
            #expect(bad.status == 422 && bad.contains("id=\"budget-error\""))
            let given = try await warden.get("/plans/capacity?budget=100&lang=en")
            #expect(given.contains("<span class=\"label\">Places allotted</span> <span class=\"value\">100</span>"))
            // The projects to build whole: with 100 places none of Lima's fits; with the announced total, none is needed.
            #expect(
                given.contains(
                    "within those places (the least excess over 120 %, then the most departments at 120 %, then the fewest places): none. Left out: Megapenal Huacho, Ancón III"
                ))
            // The demand of December 2030, high scenario, and a year out of range refused at its field.
            let future = try await warden.get("/plans/capacity?year=2030&scenario=high&lang=es")
            let high = try #require(try CapacityHorizon.make(year: 2030, scenario: .high))
            #expect(future.status == 200 && future.contains("id=\"capacity-horizon\""))
            #expect(
                future.contains("Demanda de diciembre de 2030, escenario alto: ")
                    && future.contains("\(high.national / 1000),\(String(format: "%03d", high.national % 1000))"))
            #expect(future.contains("<option value=\"2030\" selected>2030</option>"))
            let late = try await warden.get("/plans/capacity?year=1999")
            #expect(late.status == 422 && late.contains("id=\"year-error\"") && !late.contains("id=\"capacity-horizon\""))
        }
    }

    /// The button on a route (issue 14 point 3): the warden of both establishments sees it, presses it, and the plan's
    /// four moves are four transfer requests, each linked; the analyst, who requests no transfer, sees no button.
    @Test func aWardenRequestsARoutesTransfers() async throws {
        try await withPages(.sqlite) { client, services, clock, _ in
            try await Fixtures.loadSouthernOffice(into: services.database)
            try await Fixtures.admitMen(11, firstDNI: 46_300_000, into: services.registry)
            let both = Scope.establishments(["ep-norte", "ep-sur"])
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("regional", roles: [.regionalAnalyst], scope: both, in: services.directory),
                clock: clock)
            let form = try await analyst.get("/plans/transfers")
            let made = try await analyst.post(
                "/plans/transfers", form: [("_csrf", try #require(form.inputValue("_csrf"))), ("moves_per_month", "")])
            let path = try #require(made.location)
            #expect(try await !analyst.get(path).contains("Solicitar los traslados"))
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user("directora", roles: [.warden], scope: both, in: services.directory),
                clock: clock)
            let page = try await warden.get(path)
            #expect(page.status == 200 && page.contains("Solicitar los traslados"))
            #expect(page.contains("action=\"\(path)/requests\"") && page.contains("name=\"persons\" value=\"4\""))
            let done = try await warden.post(
                "\(path)/requests",
                form: [
                    ("_csrf", try await warden.csrf()), ("from", "ep-norte"), ("to", "ep-sur"), ("sex", "male"),
                    ("persons", "4"),
                ])
            #expect(done.status == 200 && done.contains("4 traslados solicitados; 0 personas no pasaron"))
            #expect(done.contains("href=\"/transfers/1\"") && done.contains("href=\"/transfers/4\""))
            #expect(try await Fixtures.rows("transfers", in: services.database) == 4)
            let tooMany = try await warden.post(
                "\(path)/requests",
                form: [
                    ("_csrf", try await warden.csrf()), ("from", "ep-norte"), ("to", "ep-sur"), ("sex", "male"),
                    ("persons", "5"),
                ])
            #expect(tooMany.status == 422 && tooMany.contains("Son más personas de las que el plan traslada"))
            #expect(try await Fixtures.rows("transfers", in: services.database) == 4)
        }
    }
}
