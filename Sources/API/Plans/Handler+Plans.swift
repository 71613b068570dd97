import CustodiaCore
import Foundation
import Placement

/// Plans that relieve overcrowding (issue 14 point 3; ADR 0030): computed on the live register among the caller's
/// establishments, stored as documents, read back by id within the caller's scope.
extension Handler {
    func createTransferPlan(_ input: Operations.CreateTransferPlan.Input) async throws -> Operations.CreateTransferPlan.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        let scope = access?.principal.establishments
        var codes = scope
        if let named = body.establishments {
            // A plan among no establishments is no plan: name at least one.
            guard !named.isEmpty else {
                return .unprocessableContent(
                    .init(.validation([ValidationMessage(.planEstablishmentUnknown, field: "establishments")])))
            }
            // A code outside the caller's scope is answered as one that does not exist.
            if let index = named.firstIndex(where: { code in scope.map { !$0.contains(code) } ?? false }) {
                return .unprocessableContent(
                    .init(.validation([ValidationMessage(.planEstablishmentUnknown, field: "establishments[\(index)]")])))
            }
            codes = Set(named)
        }
        guard let establishments = try await registry.aggregateEstablishments(codes: codes) else {
            let known = Set(try await registry.statistics().establishments.map(\.establishment.code))
            let index = body.establishments?.firstIndex { !known.contains($0) } ?? 0
            return .unprocessableContent(
                .init(.validation([ValidationMessage(.planEstablishmentUnknown, field: "establishments[\(index)]")])))
        }
        let alpha = body.objective == .excess ? body.alphaPercent ?? 120 : nil
        // The contract's bounds are checked before the handler (`query.value_out_of_range`); this is the same refusal.
        if let alpha, !TransferPlanDocument.alphaPercents.contains(alpha) {
            return .unprocessableContent(.init(.validation([ValidationMessage(.valueOutOfRange, field: "alpha_percent")])))
        }
        let document = TransferPlanDocument.make(establishments, movesCap: body.movesPerMonth, excessAlphaPercent: alpha)
        let stored = try await registry.savePlan(kind: "transfers", document: try document.json(), actor: actor)
        return .created(.init(body: .json(try Self.transferPlan(stored))))
    }

    func getTransferPlan(_ input: Operations.GetTransferPlan.Input) async throws -> Operations.GetTransferPlan.Output {
        let notFound = Operations.GetTransferPlan.Output.notFound(.init(.notFound("No transfer plan \(input.path.id)")))
        guard let stored = try await registry.plan(id: input.path.id), stored.kind == "transfers" else { return notFound }
        let plan = try Self.transferPlan(stored)
        // Only a plan all of whose establishments the caller may see.
        if let scope = access?.principal.establishments, !Set(plan.establishments.map(\.code)).isSubset(of: scope) {
            return notFound
        }
        return .ok(.init(body: .json(plan)))
    }

    static func transferPlan(_ stored: StoredPlan) throws -> Components.Schemas.TransferPlan {
        let document = try TransferPlanDocument.decode(stored.document)
        return Components.Schemas.TransferPlan(
            id: stored.id, objective: document.inputs.objective == "excess" ? .excess : .maxRatio,
            excessOverAlpha: document.excessOverAlpha.map {
                .init(alphaPercent: $0.alphaPercent, before: $0.before, after: $0.after, floor: $0.floor)
            }, version: stored.version, createdAt: stored.createdAt, createdBy: stored.createdBy,
            status: document.status == "optimal" ? .optimal : .infeasible, movesPerMonthCap: document.inputs.movesPerMonth,
            maxRatioPercent: document.maxRatioPercent, maxRatioNumerator: document.maxRatioNumerator.map(Int64.init),
            maxRatioDenominator: document.maxRatioDenominator.map(Int64.init), ratioFloorPercent: document.ratioFloorPercent,
            moves: document.moves, movesFloor: document.movesFloor, binding: document.binding,
            excessBefore: document.excessBefore, excessAfter: document.excessAfter, excessFloor: document.excessFloor,
            establishments: document.establishments.map {
                .init(
                    code: $0.code, capacity: $0.capacity, populationBefore: $0.populationBefore,
                    populationAfter: $0.populationAfter, occupancyBefore: $0.occupancyBefore, occupancyAfter: $0.occupancyAfter)
            },
            routes: document.routes.map { .init(from: $0.from, to: $0.to, sex: $0.sex, persons: $0.persons) },
            infeasibleConstraint: document.infeasibility?.constraint, infeasibleShortfall: document.infeasibility?.shortfall,
            infeasibleDetail: document.infeasibility?.detail, seconds: document.seconds)
    }
}

extension Handler {
    /// Capacity expansion among the caller's establishments' departments (issue 14 point 4): the announced projects of
    /// those departments beside the places each needs.
    func getCapacityPlan(_ input: Operations.GetCapacityPlan.Input) async throws -> Operations.GetCapacityPlan.Output {
        let scenario = CapacityHorizon.Scenario(rawValue: input.query.scenario?.rawValue ?? "central") ?? .central
        var horizon: CapacityHorizon? = nil
        if let year = input.query.year {
            guard let made = try CapacityHorizon.make(year: year, scenario: scenario) else {
                return .badRequest(
                    .init(
                        .badRequest(
                            field: "year",
                            detail:
                                "a year from \(CapacityHorizon.years.lowerBound) to \(CapacityHorizon.years.upperBound)")))
            }
            horizon = made
        }
        let plan: CapacityPlan
        switch try await registry.capacityPlan(
            establishmentCodes: access?.principal.establishments, budget: input.query.budget,
            alternative: input.query.alternative ?? false, horizon: horizon)
        {
        case .success(let made): plan = made
        case .failure(let invalid): return .badRequest(.init(.badRequest(field: invalid.field, detail: invalid.description)))
        }
        let horizonBody: Components.Schemas.CapacityHorizon? = plan.horizon.map {
            Components.Schemas.CapacityHorizon(
                year: $0.year, scenario: .init(rawValue: $0.scenario.rawValue) ?? .central, originMonth: $0.originMonth,
                origin: $0.origin, national: $0.national)
        }
        let rows: [Components.Schemas.CapacityPlanRow] = plan.rows.map { row in
            Components.Schemas.CapacityPlanRow(
                department: row.department, capacity: row.capacity, population: row.population, need: row.need,
                announced: row.announced, allotted: row.allotted, occupancy: row.occupancy,
                occupancyAnnounced: row.occupancyAnnounced, occupancyAllotted: row.occupancyAllotted,
                selected: row.selected, occupancySelected: row.occupancySelected)
        }
        let demandTotal = plan.rows.map(\.population).reduce(0, +)
        let excess = Double(plan.selection.scaledExcess) / Double(plan.alphaDenominator)
        let body = Components.Schemas.CapacityPlan(
            alphaPercent: Double(plan.alphaNumerator * 100) / Double(plan.alphaDenominator), horizon: horizonBody,
            demandTotal: demandTotal, departmentsWithinSelected: plan.withinSelected, projectsChosen: plan.selection.chosen,
            projectsLeftOut: plan.selection.leftOut, placesChosen: plan.selection.totalPlaces, excessChosen: excess,
            totalNeed: plan.totalNeed, totalAnnounced: plan.totalAnnounced, budget: plan.budget,
            departmentsWithinNow: plan.withinNow, departmentsWithinAnnounced: plan.withinAnnounced,
            departmentsWithinAllotted: plan.withinAllotted, projectsOfUnknownSize: plan.unsized, departments: rows)
        return .ok(.init(body: .json(body)))
    }
}

extension Handler {
    /// A stored plan's route turned into transfer requests (issue 14 point 3): from an origin in the caller's scope.
    func requestPlannedTransfers(_ input: Operations.RequestPlannedTransfers.Input) async throws
        -> Operations.RequestPlannedTransfers.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        // An origin outside the caller's scope is answered as one that does not exist.
        guard inScope(body.from) else {
            return .unprocessableContent(.init(.validation([ValidationMessage(.planEstablishmentUnknown, field: "from")])))
        }
        let request = PlannedTransferRequest(
            planID: input.path.id, from: body.from, to: body.to, sex: body.sex == .female ? .female : .male,
            persons: body.persons, requestedOn: today())
        switch try await registry.requestPlannedTransfers(request, asOf: today(), actor: actor) {
        case .done(let result):
            return .ok(.init(body: .json(Self.plannedTransfers(result))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict:
            return .notFound(.init(.notFound("No transfer plan \(input.path.id)")))
        }
    }

    static func plannedTransfers(_ result: PlannedTransfers) -> Components.Schemas.PlannedTransfers {
        Components.Schemas.PlannedTransfers(
            requested: result.requested.map(Map.transfer),
            refused: result.refused.map { refusal in
                .init(
                    personNumber: PersonNumber(id: refusal.personID).description,
                    errors: refusal.messages.map {
                        .init(field: $0.field, code: $0.code.rawValue, message: $0.spanish, messageEn: $0.english)
                    })
            })
    }
}
