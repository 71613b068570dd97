import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// The transfer planner on the staff pages (issue 14 points 3 and 5): a form for the moves cap, then the stored plan —
/// the least max ratio, the fewest moves, the bounds, the occupancy before and after, the moves by route, and what no
/// transfers can do.
extension Pages {
    func transferPlanForm(_ web: WebRequest, _ state: FormState = FormState(), status: HTTPResponse.Status = .ok) -> Response {
        let t = web.strings
        let fields = [
            state.input("moves_per_month", t["plan_moves_cap"], hint: t["plan_moves_cap_hint"], type: "number"),
            state.select(
                "objective", t["plan_objective"],
                options: Self.objectives.map { ($0.value, t["plan_objective_\($0.value)"]) }),
        ]
        return web.page(
            "form",
            state.model(
                web, title: t["plan_title"], current: "/plans/transfers", heading: t["plan_title"],
                action: "/plans/transfers", cancel: "/", sections: [(t["plan_intro"], fields)]),
            status: status)
    }

    func createTransferPlan(_ web: WebRequest) async throws -> Response {
        let form = try await readForm(web)
        var state = FormState()
        let text = form["moves_per_month"]?.trimmingWhitespace() ?? ""
        state.values["moves_per_month"] = text
        let cap = Int(text)
        let objectiveText = form["objective"] ?? "max-ratio"
        state.values["objective"] = objectiveText
        let objective = Self.objectives.first { $0.value == objectiveText }
        if objective == nil { state.errors["objective"] = web.strings["plan_objective_invalid"] }
        if !text.isEmpty, cap.map({ !(0...1_000_000).contains($0) }) ?? true {
            state.errors["moves_per_month"] = web.strings["plan_moves_cap_invalid"]
        }
        guard state.errors.isEmpty, let objective else { return transferPlanForm(web, state, status: .unprocessableContent) }
        guard
            let establishments = try await services.registry.aggregateEstablishments(codes: web.principal?.establishments)
        else { return CustodiaWeb.notFound(web) }
        let document = TransferPlanDocument.make(
            establishments, movesCap: text.isEmpty ? nil : cap, excessAlphaPercent: objective.alphaPercent)
        let stored = try await services.registry.savePlan(
            kind: "transfers", document: try document.json(), actor: web.access?.actor ?? "web")
        return WebRequest.redirect("/plans/transfers/\(stored.id)")
    }

    func transferPlanPage(
        _ web: WebRequest, id: String, outcome: TransferPlanModel.Outcome? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = web.strings
        guard let number = Int64(id), let stored = try await services.registry.plan(id: number), stored.kind == "transfers"
        else { return CustodiaWeb.notFound(web) }
        let plan = try TransferPlanDocument.decode(stored.document)
        // Only a plan all of whose establishments the reader may see.
        if let scope = web.principal?.establishments, !Set(plan.establishments.map(\.code)).isSubset(of: scope) {
            return CustodiaWeb.notFound(web)
        }
        func percent(_ value: Double?) -> String { value.map { "\(OccupancyChart.format($0)) %" } ?? "—" }
        func grouped(_ value: Int?) -> String { value.map(OccupancyChart.grouped) ?? "—" }
        var totals: [DashboardModel.Total] = [
            .init(label: t[plan.excessOverAlpha == nil ? "plan_theta" : "plan_theta_left"], value: percent(plan.maxRatioPercent)),
            .init(label: t["plan_floor"], value: percent(plan.ratioFloorPercent)),
            .init(label: t["plan_moves"], value: grouped(plan.moves)),
            .init(label: t["plan_moves_floor"], value: grouped(plan.movesFloor)),
            .init(label: t["plan_excess_now"], value: grouped(plan.excessBefore)),
            .init(label: t["plan_excess_after"], value: grouped(plan.excessAfter)),
            .init(label: t["plan_excess_floor"], value: grouped(plan.excessFloor)),
        ]
        if let excess = plan.excessOverAlpha {
            let line = String(excess.alphaPercent)
            totals.insert(
                contentsOf: [
                    .init(
                        label: t["plan_alpha_now"].replacingOccurrences(of: "{alpha}", with: line), value: grouped(excess.before)),
                    .init(
                        label: t["plan_alpha_after"].replacingOccurrences(of: "{alpha}", with: line), value: grouped(excess.after)
                    ),
                    .init(label: t["plan_alpha_floor"], value: grouped(excess.floor)),
                ], at: 0)
        }
        let ordered = plan.establishments.sorted { ($1.occupancyBefore, $0.code) < ($0.occupancyBefore, $1.code) }
        func bars(after: Bool) -> [OccupancyChart.Bar] {
            ordered.map { row in
                OccupancyChart.Bar(
                    label: web.names.establishment(code: row.code), href: "/establishments/\(row.code)",
                    percent: after ? row.occupancyAfter : row.occupancyBefore,
                    population: after ? row.populationAfter : row.populationBefore, capacity: row.capacity)
            }
        }
        let scale = ordered.map(\.occupancyBefore).max() ?? 100
        let heading = "\(t["plan_title"]) N.º \(stored.id)"
        let model = TransferPlanModel(
            layout: web.layout(title: heading, current: "/plans/transfers"), heading: heading,
            made: t["plan_made"].replacingOccurrences(of: "{by}", with: stored.createdBy)
                .replacingOccurrences(
                    of: "{at}", with: Self.minuteText(LocalTime(unixSeconds: stored.createdAt.timeIntervalSince1970))),
            cap: plan.inputs.movesPerMonth.map { t["plan_cap_was"].replacingOccurrences(of: "{n}", with: String($0)) }
                ?? t["plan_no_cap"],
            infeasible: plan.infeasibility.map {
                t["plan_infeasible"].replacingOccurrences(of: "{code}", with: $0.constraint)
                    .replacingOccurrences(of: "{n}", with: String($0.shortfall))
            },
            binding: plan.binding.map { t["plan_binding"].replacingOccurrences(of: "{sex}", with: t["sex.\($0)"].lowercased()) },
            totals: totals, cannot: t["plan_cannot"].replacingOccurrences(of: "{floor}", with: grouped(plan.excessFloor)),
            before: OccupancyChart.svg(bars(after: false), title: t["plan_chart_before"], scaleMax: scale),
            after: OccupancyChart.svg(bars(after: true), title: t["plan_chart_after"], scaleMax: scale),
            routes: plan.routes.map { route in
                // The button for those who request transfers from the route's origin (its warden, legal and security
                // officers).
                let may = web.principal.map { $0.may(.requestTransfer) && $0.covers(establishment: route.from) } ?? false
                return .init(
                    from: web.names.establishment(code: route.from), to: web.names.establishment(code: route.to),
                    sex: t["sex.\(route.sex)"], persons: OccupancyChart.grouped(route.persons),
                    request: may
                        ? .init(
                            action: "/plans/transfers/\(stored.id)/requests", from: route.from, to: route.to, sex: route.sex,
                            persons: min(route.persons, Self.requestsPerPress)) : nil)
            }, hasRoutes: !plan.routes.isEmpty, canCreate: web.principal?.may(.createPlan) == true,
            csrf: web.access?.csrfToken ?? "", outcome: outcome)
        return web.page("transfer_plan", model, status: status)
    }

    /// The objectives the form offers: the least max ratio, or the fewest persons above 120 % (INPE's hacinamiento line)
    /// or 100 % of their places.
    static let objectives: [(value: String, alphaPercent: Int?)] = [("max-ratio", nil), ("excess-120", 120), ("excess-100", 100)]

    /// At most this many requests per press of a route's button (each its own transaction): a long route is asked for
    /// in parts, each press taking the next ones.
    static let requestsPerPress = 200

    /// The button on a route: its persons asked for, each through the placement check; the plan page again with what
    /// came of it.
    func requestPlannedTransfers(_ web: WebRequest, id: String) async throws -> Response {
        let t = web.strings
        let form = try await readForm(web)
        guard let number = Int64(id), let from = form["from"], let to = form["to"],
            let sex = form["sex"].flatMap(Sex.init(rawValue:)), let persons = form["persons"].flatMap({ Int($0) })
        else { return try await transferPlanPage(web, id: id, status: .unprocessableContent) }
        // An origin outside the reader's scope: as a plan that does not exist.
        guard web.principal?.covers(establishment: from) ?? true else { return CustodiaWeb.notFound(web) }
        let request = PlannedTransferRequest(
            planID: number, from: from, to: to, sex: sex, persons: persons, requestedOn: services.today())
        switch try await services.registry.requestPlannedTransfers(
            request, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let result):
            let outcome = TransferPlanModel.Outcome(
                summary: t["plan_requested"].replacingOccurrences(of: "{n}", with: String(result.requested.count))
                    .replacingOccurrences(of: "{m}", with: String(result.refused.count)),
                requested: result.requested.map {
                    .init(href: "/transfers/\($0.id.rawValue)", text: PersonNumber(id: $0.personID).description)
                }, hasRequested: !result.requested.isEmpty,
                refused: result.refused.map { refusal in
                    "\(PersonNumber(id: refusal.personID)): "
                        + refusal.messages.map { web.language == .es ? $0.spanish : $0.english }.joined(separator: "; ")
                },
                hasRefused: !result.refused.isEmpty)
            return try await transferPlanPage(web, id: id, outcome: outcome)
        case .rejected(let messages):
            let outcome = TransferPlanModel.Outcome(
                summary: messages.map { web.language == .es ? $0.spanish : $0.english }.joined(separator: "; "),
                requested: [], hasRequested: false, refused: [], hasRefused: false)
            return try await transferPlanPage(web, id: id, outcome: outcome, status: .unprocessableContent)
        case .notFound, .versionConflict:
            return CustodiaWeb.notFound(web)
        }
    }
}
