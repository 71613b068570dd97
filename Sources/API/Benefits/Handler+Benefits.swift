import CustodiaCore
import Foundation
import LegalClock
import OpenAPIRuntime
import Placement

/// Benefit files (issue 26; ADR 0026): opened for an eligible person, moved step by step, and the establishment's
/// board. A file outside the caller's establishments does not exist for them.
extension Handler {
    func openBenefitFile(_ input: Operations.OpenBenefitFile.Input) async throws -> Operations.OpenBenefitFile.Output {
        guard let number = PersonNumber(input.path.personNumber) else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        let benefit = BenefitFile.Benefit(rawValue: body.benefit.rawValue)!
        switch try await registry.openBenefitFile(
            person: number.id, benefit: benefit, within: access?.principal.establishments, asOf: today(), actor: actor)
        {
        case .done(let file):
            return .created(
                .init(
                    headers: .init(eTag: Map.etag(file.version)),
                    body: .json(benefitBody(file))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .notFound(.init(.notFound("No person with number \(number) in custody")))
        }
    }

    func getBenefitFile(_ input: Operations.GetBenefitFile.Input) async throws -> Operations.GetBenefitFile.Output {
        guard let file = try await registry.benefitFile(.init(rawValue: input.path.id)), inScope(file.establishmentCode) else {
            return .notFound(.init(.notFound("No benefit file \(input.path.id)")))
        }
        return .ok(
            .init(
                headers: .init(eTag: Map.etag(file.version)),
                body: .json(benefitBody(file))))
    }

    func stepBenefitFile(_ input: Operations.StepBenefitFile.Input) async throws -> Operations.StepBenefitFile.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        // A missing If-Match never reaches here: the contract requires it, and the problem layer answers 428.
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .badRequest(.init(Self.ifMatchProblem))
        }
        let id = BenefitFile.ID(rawValue: input.path.id)
        guard let found = try await registry.benefitFile(id), inScope(found.establishmentCode) else {
            return .notFound(.init(.notFound("No benefit file \(input.path.id)")))
        }
        var parser = Parser()
        guard let step = parser.benefitStep(body), parser.messages.isEmpty else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        switch try await registry.stepBenefitFile(
            id, step: step, expectedVersion: version, within: access?.principal.establishments, asOf: today(), actor: actor)
        {
        case .done(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.version)),
                    body: .json(benefitBody(file))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No benefit file \(input.path.id)")))
        case .versionConflict(let current): return .preconditionFailed(.init(.stale(current: current)))
        }
    }

    func listEstablishmentBenefits(_ input: Operations.ListEstablishmentBenefits.Input) async throws
        -> Operations.ListEstablishmentBenefits.Output
    {
        guard try await registry.establishment(code: input.path.code) != nil, inScope(input.path.code) else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        var bounds = QueryBounds()
        bounds.page(cursor: nil, limit: input.query.limit)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        let asOf = today()
        let board = try await registry.benefitBoard(
            establishmentCodes: [input.path.code], asOf: asOf, rules: environment.rules)
        return .ok(.init(body: .json(Map.benefitBoard(board, limit: input.query.limit ?? 100))))
    }
}

extension Handler {
    /// A file as the API answers it: its due dates and late term as of today.
    func benefitBody(_ file: BenefitFile) -> Components.Schemas.BenefitFile {
        Map.benefitFile(file, rules: environment.rules, asOf: today())
    }
}

extension Parser {
    /// A step's body as the rules read it: each field the step needs, with its name when missing or unreadable.
    mutating func benefitStep(_ body: Components.Schemas.BenefitStepRequest) -> BenefitStep? {
        let kind = body.step
        let on = kind == .notApplicable ? nil : date(body.on, field: "on")
        func text(_ value: String?, _ field: String) -> String {
            let trimmed = (value ?? "").trimmingWhitespace()
            if trimmed.isEmpty { messages.append(ValidationMessage(.benefitTextRequired, field: field)) }
            return trimmed
        }
        let document = body.document.map { BenefitFile.Document(rawValue: $0.rawValue)! }
        if (kind == .document || kind == .notApplicable) && document == nil {
            messages.append(ValidationMessage(.benefitTextRequired, field: "document"))
        }
        let again = date(body.mayRequestAgainOn, field: "may_request_again_on", required: false)
        let step: BenefitStep?
        switch kind {
        case .document:
            let issuer = text(body.issuer, "issuer")
            step = document.flatMap { document in
                on.map { .document(document, issuedOn: $0, issuer: issuer, reference: body.reference?.trimmingWhitespace()) }
            }
        case .notApplicable:
            let reason = text(body.reason, "reason")
            step = document.map { .notApplicable($0, reason: reason) }
        case .request:
            let by = text(body.by, "by")
            step = on.map { .request(on: $0, by: by) }
        case .send:
            let court = text(body.court, "court")
            step = on.map { .send(on: $0, court: court) }
        case .acknowledge: step = on.map { .acknowledge(on: $0) }
        case .hearing: step = on.map { .hearing(on: $0) }
        case .grant: step = on.map { .grant(on: $0) }
        case .deny:
            let grounds = text(body.grounds, "grounds")
            step = on.map { .deny(on: $0, grounds: grounds, mayRequestAgainOn: again) }
        case .appeal:
            let by = text(body.by, "by")
            step = on.map { .appeal(on: $0, by: by) }
        case .revoke:
            let grounds = text(body.grounds, "grounds")
            step = on.map { .revoke(on: $0, grounds: grounds) }
        }
        return messages.isEmpty ? step : nil
    }
}

extension Handler {
    func getRelief(_ input: Operations.GetRelief.Input) async throws -> Operations.GetRelief.Output {
        var asOf = today()
        var replayed = false
        if let text = input.query.asOf {
            guard let day = CivilDate(iso: text) else {
                return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "as_of")])))
            }
            guard day <= asOf else {
                return .unprocessableContent(.init(.validation([ValidationMessage(.benefitDateInFuture, field: "as_of")])))
            }
            (asOf, replayed) = (day, true)
        }
        let codes = access?.principal.establishments
        let relief =
            replayed
            ? try await registry.reliefPotential(establishmentCodes: codes, replaying: asOf, rules: environment.rules)
            : try await registry.reliefPotential(establishmentCodes: codes, asOf: asOf, rules: environment.rules)
        let need = try await registry.capacityNeed(
            establishmentCodes: codes, leaving: relief.leaving,
            population: replayed ? relief.population : nil)
        func row(_ r: ReliefPotential.Row) -> Components.Schemas.ReliefRow {
            Components.Schemas.ReliefRow(
                code: r.code, name: r.name, capacity: r.capacity, population: r.population, occupancy: r.occupancy,
                eligible: r.eligible, onTime: r.onTime, late: r.late, notStarted: r.notStarted, granted: r.granted,
                occupancyIfDecided: r.occupancyIfDecided)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: asOf.description, replayed: replayed, termsVersion: relief.termsVersion,
                        needsLegalReview: relief.needsLegalReview, nation: row(relief.nation),
                        transferBound: .init(
                            excessByEstablishment: relief.transferBound.excessByEstablishment,
                            floorExcess: relief.transferBound.floorExcess,
                            floorOccupancy: relief.transferBound.floorOccupancy,
                            excessByEstablishmentIfDecided: relief.transferBound.excessByEstablishmentIfDecided,
                            floorExcessIfDecided: relief.transferBound.floorExcessIfDecided,
                            floorOccupancyIfDecided: relief.transferBound.floorOccupancyIfDecided),
                        capacityNeed: .init(
                            departments: need.departments, placesNow: need.placesNow, placesIfDecided: need.placesIfDecided,
                            withinNow: need.withinNow, withinIfDecided: need.withinIfDecided, announced: need.announced),
                        establishments: relief.rows.map(row)))))
    }
}

extension Handler {
    /// The relief candidate lists (issue 26 point 2): JSON, or CSV when the caller asks for `text/csv` first.
    func listReliefCandidates(_ input: Operations.ListReliefCandidates.Input) async throws
        -> Operations.ListReliefCandidates.Output
    {
        var bounds = QueryBounds()
        bounds.text("establishment", input.query.establishment, 1...80)
        bounds.number("within_days", input.query.withinDays, 0...365)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        var codes = access?.principal.establishments
        if let code = input.query.establishment {
            guard inScope(code), try await registry.establishment(code: code) != nil else {
                return .notFound(.init(.notFound("No establishment with code \(code)")))
            }
            codes = [code]
        }
        let list = try await registry.reliefCandidates(
            ReliefCandidateList.Kind(rawValue: input.query.list.rawValue)!, establishmentCodes: codes,
            districts: access?.principal.districts, asOf: today(), rules: environment.rules,
            withinDays: input.query.withinDays ?? 30, includeExcluded: input.query.includeExcluded ?? false)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(list.csv()))))
        }
        return .ok(.init(body: .json(Map.reliefCandidates(list))))
    }
}
