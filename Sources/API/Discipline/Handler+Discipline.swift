import CustodiaCore
import Foundation

/// Disciplinary cases (issue 12 point 4). A case is seen and moved by callers who cover its establishment; to anyone
/// else it does not exist.
extension Handler {
    func listOffences(_ input: Operations.ListOffences.Input) async throws -> Operations.ListOffences.Output {
        let offences = try await registry.offences(on: today())
        return .ok(.init(body: .json(.init(items: offences.map(Map.offence)))))
    }

    func openDisciplineCase(_ input: Operations.OpenDisciplineCase.Input) async throws
        -> Operations.OpenDisciplineCase.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let number = PersonNumber(input.path.personNumber), try await visible(number.id) else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        var parser = Parser()
        guard let occurred = parser.date(body.occurredOn, field: "occurred_on") else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let charge = DisciplineCharge(
            personID: body.pavilionCode == nil ? number.id : nil, pavilionCode: body.pavilionCode,
            offenceCode: body.offenceCode, incidentID: body.incidentId.map { .init(rawValue: $0) }, act: body.act,
            occurredOn: occurred)
        switch try await registry.openDisciplineCase(charge, asOf: today(), actor: actor) {
        case .done(let c): return .created(.init(headers: .init(eTag: Map.etag(c.version)), body: .json(Map.disciplineCase(c))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict:
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
    }

    func getDisciplineCase(_ input: Operations.GetDisciplineCase.Input) async throws -> Operations.GetDisciplineCase.Output {
        guard let c = try await visibleCase(input.path.id) else {
            return .notFound(.init(.notFound("No disciplinary case \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(c.version)), body: .json(Map.disciplineCase(c))))
    }

    func stepDisciplineCase(_ input: Operations.StepDisciplineCase.Input) async throws
        -> Operations.StepDisciplineCase.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        guard let on = parser.date(body.on, field: "on") else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let text = body.text ?? ""
        let step: DisciplineStep =
            switch body.step {
            case .notify: .notify(on: on, notice: text)
            case .descargo: .descargo(on: on, text: text, defender: body.defender)
            case .descargoLapsed: .descargoLapsed(on: on)
            case .report: .report(on: on, text: text)
            case .appeal: .appeal(on: on, text: text)
            }
        return try await stepCase(input.path.id, step, ifMatch: input.headers.ifMatch).output()
    }

    func decideDisciplineCase(_ input: Operations.DecideDisciplineCase.Input) async throws
        -> Operations.DecideDisciplineCase.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let on = parser.date(body.on, field: "on")
        var measures: [SanctionMeasure] = []
        for (index, given) in (body.measures ?? []).enumerated() {
            guard let starts = parser.date(given.startsOn, field: "measures[\(index)].starts_on") else { continue }
            measures.append(
                SanctionMeasure(kind: SanctionKind(rawValue: given.kind.rawValue)!, startsOn: starts, days: given.days ?? 0))
        }
        if body.step == .decide && body.outcome == nil {
            parser.messages.append(ValidationMessage(.disciplineTextRequired, field: "outcome"))
        }
        if body.step == .appealResult && body.result == nil {
            parser.messages.append(ValidationMessage(.disciplineTextRequired, field: "result"))
        }
        guard let on, parser.messages.isEmpty else { return .unprocessableContent(.init(.validation(parser.messages))) }
        let step: DisciplineStep
        if body.step == .decide, let outcome = body.outcome {
            step = .decide(
                DisciplineDecision(
                    on: on, acta: body.acta ?? "", outcome: DisciplineCase.Outcome(rawValue: outcome.rawValue)!,
                    measures: measures,
                    medicalReport: body.medicalReport.map {
                        .init(reference: $0.reference, protectedCondition: $0.protectedCondition ?? false)
                    }))
        } else {
            step = .appealResult(
                on: on, result: DisciplineCase.AppealResult(rawValue: body.result?.rawValue ?? "upheld")!, text: body.text ?? "")
        }
        return try await stepCase(input.path.id, step, ifMatch: input.headers.ifMatch).output()
    }

    /// The answer of a step: the case, or a problem with its status.
    enum StepAnswer {
        case done(DisciplineCase)
        case problem(ProblemDocument)

        func output<Output: PersonUpdateOutput & DisciplineOutput>() -> Output {
            switch self {
            case .done(let c): Output.ok(Map.disciplineCase(c), version: c.version)
            case .problem(let problem): Output.problem(problem)
            }
        }
    }

    func stepCase(_ id: Int64, _ step: DisciplineStep, ifMatch: String) async throws -> StepAnswer {
        guard let version = Self.version(fromIfMatch: ifMatch) else {
            return StepAnswer.problem(.badRequest(field: "If-Match", detail: "If-Match must be the quoted version"))
        }
        guard try await visibleCase(id) != nil else {
            return StepAnswer.problem(.notFound("No disciplinary case \(id)"))
        }
        switch try await registry.stepDisciplineCase(
            .init(rawValue: id), step, expectedVersion: version, asOf: today(), actor: actor)
        {
        case .done(let c): return StepAnswer.done(c)
        case .rejected(let messages): return StepAnswer.problem(.validation(messages))
        case .notFound: return StepAnswer.problem(.notFound("No disciplinary case \(id)"))
        case .versionConflict(let current): return StepAnswer.problem(.stale(current: current))
        }
    }

    func listDisciplineCases(_ input: Operations.ListDisciplineCases.Input) async throws
        -> Operations.ListDisciplineCases.Output
    {
        guard try await registry.establishment(code: input.path.code) != nil else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        let cases = try await registry.disciplineCases(
            establishmentCodes: [input.path.code], open: input.query.all != true, limit: 500)
        return .ok(.init(body: .json(.init(items: cases.map(Map.disciplineCase)))))
    }

    /// A case the caller may see: of an establishment in scope.
    func visibleCase(_ id: Int64) async throws -> DisciplineCase? {
        guard let c = try await registry.disciplineCase(.init(rawValue: id)), inScope(c.establishmentCode) else { return nil }
        return c
    }
}

/// The 200 of a step's answer, for both step routes.
protocol DisciplineOutput {
    static func ok(_ body: Components.Schemas.DisciplineCase, version: Int) -> Self
}

extension Operations.StepDisciplineCase.Output: PersonUpdateOutput, DisciplineOutput {
    static func ok(_ body: Components.Schemas.DisciplineCase, version: Int) -> Self {
        .ok(.init(headers: .init(eTag: Map.etag(version)), body: .json(body)))
    }
}

extension Operations.DecideDisciplineCase.Output: PersonUpdateOutput, DisciplineOutput {
    static func ok(_ body: Components.Schemas.DisciplineCase, version: Int) -> Self {
        .ok(.init(headers: .init(eTag: Map.etag(version)), body: .json(body)))
    }
}

extension Map {
    static func offence(_ o: Offence) -> Components.Schemas.Offence {
        .init(code: o.code, gravity: .init(rawValue: o.gravity.rawValue)!, text: o.text, article: o.article)
    }

    static func disciplineCase(_ c: DisciplineCase) -> Components.Schemas.DisciplineCase {
        Components.Schemas.DisciplineCase(
            id: c.id.rawValue, personNumber: PersonNumber(id: c.personID).description, establishmentCode: c.establishmentCode,
            offence: offence(c.offence), incidentId: c.incidentID?.rawValue, act: c.act, occurredOn: c.occurredOn.description,
            openedOn: c.openedOn.description, openedBy: c.openedBy, notifiedOn: c.notifiedOn?.description, notice: c.notice,
            descargoDue: c.descargoDue?.description, descargoOn: c.descargoOn?.description, descargo: c.descargo,
            defender: c.defender, descargoLapsed: c.descargoLapsed, reportDue: c.reportDue.description,
            reportOn: c.reportOn?.description, report: c.report, decidedOn: c.decidedOn?.description, acta: c.acta,
            outcome: c.outcome.map { .init(rawValue: $0.rawValue)! },
            measures: c.measures.map {
                .init(kind: .init(rawValue: $0.kind.rawValue)!, startsOn: $0.startsOn.description, days: $0.days)
            },
            appealDue: c.appealDue?.description, appealOn: c.appealOn?.description, appeal: c.appeal,
            appealResult: c.appealResult.map { .init(rawValue: $0.rawValue)! },
            appealResultOn: c.appealResultOn?.description, state: .init(rawValue: c.state.rawValue)!, version: c.version)
    }
}
