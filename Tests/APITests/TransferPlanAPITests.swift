import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Placement
import Store
import Testing

/// `POST /api/v1/plans/transfers` and `GET /api/v1/plans/transfers/{id}` (issue 14 point 3): twelve men in ep-norte's
/// ten places and none in ep-sur's five give θ* = 80 % with four moves (PlanCLITests works it out); the plan is stored
/// with its audit row, read back by id within the caller's scope only; bad input is refused with the field and stores
/// nothing.
@Suite struct TransferPlanAPITests {
    /// ep-norte holding twelve men for its ten places and ep-sur's five empty (PlanCLITests works out their plan), and the
    /// application's router over them; tokens made in `body` expire an hour on.
    static func withCrowdedNorth(
        _ engine: TestDatabase.Engine, firstDNI: Int,
        _ body: @escaping (Database, Services, Router<CustodiaRequestContext>, Date) async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            try await Fixtures.loadSouthernOffice(into: database)
            let clock = TestClock()
            let services = Services(database: database, environment: Fixtures.environment(now: clock.source))
            try await Fixtures.admitMen(12, firstDNI: firstDNI, into: services.registry)
            let router = try CustodiaApp.buildRouter(services: services, config: AccessFixtures.config(clock: clock))
            try await body(database, services, router, clock.source().addingTimeInterval(3_600))
        }
    }

    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ token: String, json: Any? = nil
    ) async throws -> JSONResponse {
        try await client.call(method, uri, json: json, headers: [.authorization: "Bearer \(token)"])
    }

    @Test(arguments: TestDatabase.engines)
    func aPlanIsMadeStoredAndReadWithinScope(_ engine: TestDatabase.Engine) async throws {
        try await Self.withCrowdedNorth(engine, firstDNI: 46_100_000) { database, services, router, expires in
            let national = try await AccessFixtures.token(
                client: "Analistas nacionales (sintético)", operations: [.createPlan, .readPlans], scope: .nation,
                in: services.directory, expiresAt: expires)
            let north = try await AccessFixtures.token(
                client: "Analistas del norte (sintético)", operations: [.createPlan, .readPlans],
                scope: .establishments(["ep-norte", "ep-mujeres"]), in: services.directory, expiresAt: expires)
            try await Application(router: router).test(.live) { client in
                func call(_ method: HTTPRequest.Method, _ uri: String, _ token: String, json: Any? = nil) async throws
                    -> JSONResponse
                { try await Self.call(client, method, uri, token, json: json) }
                let made = try await call(.post, "/api/v1/plans/transfers", national, json: [String: Any]())
                #expect(made.status == 201 && made["status"] as? String == "optimal")
                #expect(made["max_ratio_percent"] as? Double == 80 && made["moves"] as? Int == 4)
                #expect(made["excess_before"] as? Int == 2 && made["excess_after"] as? Int == 0)
                #expect(made["objective"] as? String == "max_ratio" && made["excess_over_alpha"] == nil)
                // The excess objective at capacity: the 2 over ep-norte's ten places move to ep-sur, not 4 (no levelling).
                let excess = try await call(
                    .post, "/api/v1/plans/transfers", national, json: ["objective": "excess", "alpha_percent": 100])
                let over = excess["excess_over_alpha"] as? [String: Any]
                #expect(excess.status == 201 && excess["objective"] as? String == "excess" && excess["moves"] as? Int == 2)
                #expect(over?["alpha_percent"] as? Int == 100 && over?["before"] as? Int == 2 && over?["after"] as? Int == 0)
                #expect(over?["floor"] as? Int == 0 && excess["max_ratio_percent"] as? Double == 100)
                // At 120 % (the default line) twelve fit in ten places: no one is over, no one moves.
                let line = try await call(.post, "/api/v1/plans/transfers", national, json: ["objective": "excess"])
                #expect(line.status == 201 && line["moves"] as? Int == 0)
                #expect((line["excess_over_alpha"] as? [String: Any])?["alpha_percent"] as? Int == 120)
                let routes = made["routes"] as? [[String: Any]]
                #expect(
                    routes?.count == 1 && routes?.first?["from"] as? String == "ep-norte"
                        && routes?.first?["persons"] as? Int == 4)
                let id = try #require(made["id"] as? Int)
                let read = try await call(.get, "/api/v1/plans/transfers/\(id)", national)
                #expect(read.status == 200 && read["moves"] as? Int == 4 && read["created_by"] as? String != nil)
                // The north's token sees only plans among its establishments: the national one is not found.
                #expect(try await call(.get, "/api/v1/plans/transfers/\(id)", north).status == 404)
                #expect(try await call(.get, "/api/v1/plans/transfers/999", national).status == 404)
                // Among its own: ep-norte's men have nowhere else to go; with a cap of 0 it is a plan with no moves.
                let own = try await call(.post, "/api/v1/plans/transfers", north, json: ["moves_per_month": 0])
                #expect(own.status == 201 && own["moves"] as? Int == 0 && own["max_ratio_percent"] as? Double == 120)
                let ownID = try #require(own["id"] as? Int)
                #expect(try await call(.get, "/api/v1/plans/transfers/\(ownID)", north).status == 200)

                // Bad input: nothing stored.
                let before = try await Fixtures.rows("plans", in: database)
                let low = try await call(
                    .post, "/api/v1/plans/transfers", national, json: ["objective": "excess", "alpha_percent": 10])
                #expect(low.status == 422 && low.errorFields == ["alpha_percent"])
                #expect(low.errorCodes == ["query.value_out_of_range"])
                let outside = try await call(.post, "/api/v1/plans/transfers", north, json: ["establishments": ["ep-sur"]])
                #expect(outside.status == 422 && outside.errorFields == ["establishments[0]"])
                #expect(outside.errorCodes == ["plan.establishment_unknown"])
                let unknown = try await call(
                    .post, "/api/v1/plans/transfers", national, json: ["establishments": ["ep-norte", "ep-nada"]])
                #expect(unknown.status == 422 && unknown.errorFields == ["establishments[1]"])
                let none = try await call(.post, "/api/v1/plans/transfers", national, json: ["establishments": [String]()])
                #expect(none.status == 422 && none.errorFields == ["establishments"])
                let negative = try await call(.post, "/api/v1/plans/transfers", national, json: ["moves_per_month": -1])
                #expect(negative.status == 400 || negative.status == 422)
                #expect(try await Fixtures.rows("plans", in: database) == before)
            }
            // Capacity expansion: Lima's 12 in 14 places and Arequipa's empty 5 need nothing; the announced projects of
            // the caller's departments beside them; a token of Lima's establishments sees Lima alone.
            try await Application(router: router).test(.live) { client in
                let nation = try await client.call(
                    .get, "/api/v1/plans/capacity", headers: [.authorization: "Bearer \(national)"])
                #expect(nation.status == 200 && nation["total_need"] as? Int == 0)
                #expect(nation["total_announced"] as? Int == 18_500 + 953 && nation["departments_within_now"] as? Int == 2)
                // No department needs a place: the choice builds nothing (the fewest places at no excess).
                #expect(nation["projects_chosen"] as? [String] == [] && nation["places_chosen"] as? Int == 0)
                #expect((nation["projects_left_out"] as? [String])?.count == 3 && nation["horizon"] == nil)
                // The demand of December 2030 in the high scenario: each department grown at the forecast's rate.
                let high = try #require(try CapacityHorizon.make(year: 2030, scenario: .high))
                let future = try await client.call(
                    .get, "/api/v1/plans/capacity?year=2030&scenario=high", headers: [.authorization: "Bearer \(national)"])
                let horizon = future["horizon"] as? [String: Any]
                #expect(future.status == 200 && horizon?["year"] as? Int == 2030 && horizon?["scenario"] as? String == "high")
                #expect(horizon?["national"] as? Int == high.national && horizon?["origin"] as? Int == high.origin)
                let nowRows = nation["departments"] as? [[String: Any]] ?? []
                let futureRows = future["departments"] as? [[String: Any]] ?? []
                #expect(nowRows.count == futureRows.count && !nowRows.isEmpty)
                for (now, then) in zip(nowRows, futureRows) {
                    let population = now["population"] as? Int ?? 0
                    #expect(then["population"] as? Int == (2 * population * high.national + high.origin) / (2 * high.origin))
                }
                let late = try await client.call(
                    .get, "/api/v1/plans/capacity?year=2041", headers: [.authorization: "Bearer \(national)"])
                #expect(late.status == 400 && late.errorFields == ["year"])
                let lima = try await client.call(
                    .get, "/api/v1/plans/capacity?budget=7&alternative=true", headers: [.authorization: "Bearer \(north)"])
                let rows = lima["departments"] as? [[String: Any]]
                #expect(rows?.count == 1 && rows?.first?["department"] as? String == "Lima" && lima["budget"] as? Int == 7)
                #expect(lima["total_announced"] as? Int == 18_500)
                let negative = try await client.call(
                    .get, "/api/v1/plans/capacity?budget=-1", headers: [.authorization: "Bearer \(national)"])
                #expect(negative.status == 400)
            }
            // Each stored plan has its audit row.
            let audited = try await auditRows(database).filter { $0.record.resource?.hasPrefix("plan ") == true }
            #expect(audited.count == 4 && audited.allSatisfy { $0.record.outcome == "ok: transfers plan stored" })
        }
    }
}

extension TransferPlanAPITests {
    /// `POST /api/v1/plans/transfers/{id}/requests` (issue 14 point 3): the plan's four moves from ep-norte become four
    /// transfer requests through the placement check; an origin outside the token's scope is 422 at `from`, a route the
    /// plan does not have 422, a plan that does not exist 404; nothing requested by any of them.
    @Test(arguments: TestDatabase.engines)
    func aPlansRouteBecomesTransferRequests(_ engine: TestDatabase.Engine) async throws {
        try await Self.withCrowdedNorth(engine, firstDNI: 46_200_000) { database, services, router, expires in
            let analysts = try await AccessFixtures.token(
                client: "Analistas nacionales (sintético)", operations: [.createPlan], scope: .nation,
                in: services.directory, expiresAt: expires)
            let north = try await AccessFixtures.token(
                client: "Oficina de traslados del norte (sintético)", operations: [.requestTransfer],
                scope: .establishments(["ep-norte"]), in: services.directory, expiresAt: expires)
            let south = try await AccessFixtures.token(
                client: "Oficina de traslados del sur (sintético)", operations: [.requestTransfer],
                scope: .establishments(["ep-sur"]), in: services.directory, expiresAt: expires)
            try await Application(router: router).test(.live) { client in
                func call(_ method: HTTPRequest.Method, _ uri: String, _ token: String, json: Any? = nil) async throws
                    -> JSONResponse
                { try await Self.call(client, method, uri, token, json: json) }
                let made = try await call(.post, "/api/v1/plans/transfers", analysts, json: [String: Any]())
                let id = try #require(made["id"] as? Int)
                let path = "/api/v1/plans/transfers/\(id)/requests"
                let route: [String: Any] = ["from": "ep-norte", "to": "ep-sur", "sex": "male", "persons": 4]
                let outside = try await call(.post, path, south, json: route)
                #expect(outside.status == 422 && outside.errorFields == ["from"])
                var women = route
                women["sex"] = "female"
                let noRoute = try await call(.post, path, north, json: women)
                #expect(noRoute.status == 422 && noRoute.errorCodes == ["plan.route_unknown"])
                #expect(try await call(.post, "/api/v1/plans/transfers/999/requests", north, json: route).status == 404)
                #expect(try await Fixtures.rows("transfers", in: database) == 0)

                let done = try await call(.post, path, north, json: route)
                let requested = done["requested"] as? [[String: Any]] ?? []
                #expect(done.status == 200 && requested.count == 4 && (done["refused"] as? [Any])?.isEmpty == true)
                #expect(requested.allSatisfy { $0["to_establishment_code"] as? String == "ep-sur" })
                #expect(requested.allSatisfy { $0["state"] as? String == "requested" })
                #expect(try await Fixtures.rows("transfers", in: database) == 4)
            }
        }
    }
}
