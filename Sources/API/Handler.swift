import CustodiaCore
import Foundation
import LegalClock
import OpenAPIRuntime

/// The generated API protocol, implemented over the registry.
struct Handler: APIProtocol {
    let registry: any Registry
    let auditLog: any AuditLog
    /// Time and law: today's civil date in America/Lima (or the fixed as-of day) and the rule tables.
    let environment: CustodiaEnvironment
    /// The database pool's figures for `/metrics` (nil where the API runs without one to report).
    var databasePool: (@Sendable () -> ConnectionPoolFigures)? = nil
    func today() -> CivilDate { environment.today() }
    /// The minute the register stands at: today (or the rehearsal's day) at the clock's time of day.
    func minute() -> LocalTime { environment.minute() }

    /// The caller, set by the access middleware.
    var access: RequestAccess? { RequestAccess.current }
    var actor: Actor { access?.actor ?? "api" }
    /// Whether the caller may authorise a placement despite a keep-apart or regime conflict (OP-3).
    /// A person's decision, so never an institutional token's, whatever operations it holds.
    var mayOverridePlacement: Bool {
        guard let principal = access?.principal else { return true }
        guard case .staff = principal.kind else { return false }
        return principal.may(.overridePlacement)
    }
    /// Whether an establishment is in the caller's scope (always, when access control is off).
    func inScope(_ code: String?) -> Bool {
        guard let principal = access?.principal else { return true }
        guard let code else { return principal.establishments == nil }
        return principal.covers(establishment: code)
    }

    func listEstablishments(_ input: Operations.ListEstablishments.Input) async throws -> Operations.ListEstablishments.Output {
        var bounds = QueryBounds()
        bounds.page(cursor: input.query.cursor, limit: input.query.limit)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        let page = try await registry.establishments(after: input.query.cursor, limit: input.query.limit ?? 50)
        let visible = page.items.filter { inScope($0.establishment.code) }
        return .ok(.init(body: .json(.init(items: visible.map(Map.establishment), nextCursor: page.nextCursor))))
    }

    func getEstablishment(_ input: Operations.GetEstablishment.Input) async throws -> Operations.GetEstablishment.Output {
        guard let detail = try await registry.establishment(code: input.path.code) else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(detail.overview.establishment.version)), body: .json(Map.detail(detail))))
    }

    func searchPersons(_ input: Operations.SearchPersons.Input) async throws -> Operations.SearchPersons.Output {
        var bounds = QueryBounds()
        bounds.text("q", input.query.q, 1...100)
        bounds.page(cursor: input.query.cursor, limit: input.query.limit)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        // A scoped caller finds the persons held now in its establishments.
        let page = try await registry.searchPersons(
            input.query.q, within: access?.principal.establishments, after: input.query.cursor, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(items: page.items.map(Map.summary), nextCursor: page.nextCursor))))
    }

    func getPersonFile(_ input: Operations.GetPersonFile.Input) async throws -> Operations.GetPersonFile.Output {
        guard let number = PersonNumber(input.path.personNumber), let file = try await registry.personFile(number.id) else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        return .ok(
            .init(
                headers: .init(eTag: Map.etag(file.person.version)),
                body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
    }

    func listAlerts(_ input: Operations.ListAlerts.Input) async throws -> Operations.ListAlerts.Output {
        var bounds = QueryBounds()
        bounds.text("establishment", input.query.establishment, 0...80)
        bounds.page(cursor: input.query.cursor, limit: input.query.limit)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        var asOf = today()
        if let text = input.query.asOf {
            guard let day = CivilDate(iso: text) else {
                return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "as_of")])))
            }
            asOf = day
        }
        if let code = input.query.establishment, !inScope(code) {
            return .notFound(.init(.notFound("No establishment with code \(code)")))
        }
        let severity = input.query.severity.flatMap { AlertSeverity(rawValue: $0.rawValue) }
        let kind = input.query.kind.flatMap { AlertKind(rawValue: $0.rawValue) }
        guard
            let page = try await registry.alerts(
                asOf: asOf, establishmentCode: input.query.establishment, within: access?.principal.establishments,
                severity: severity, kind: kind,
                after: input.query.cursor, limit: input.query.limit ?? 50)
        else {
            return .notFound(.init(.notFound("No establishment with code \(input.query.establishment ?? "")")))
        }
        let counts = try await registry.alertCounts(
            asOf: asOf, establishmentCode: input.query.establishment, within: access?.principal.establishments)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: asOf.description,
                        counts: AlertKind.allCases.map {
                            .init(
                                kind: .init(rawValue: $0.rawValue)!, severity: .init(rawValue: $0.severity.rawValue)!,
                                count: counts[$0] ?? 0)
                        },
                        items: page.items.map(Map.alert), nextCursor: page.nextCursor))))
    }

    func getPersonClock(_ input: Operations.GetPersonClock.Input) async throws -> Operations.GetPersonClock.Output {
        var asOf = today()
        if let text = input.query.asOf {
            guard let day = CivilDate(iso: text) else {
                return .unprocessableContent(.init(.validation([ValidationMessage(.dateInvalid, field: "as_of")])))
            }
            asOf = day
        }
        guard let number = PersonNumber(input.path.personNumber), let file = try await registry.personFile(number.id) else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        guard let clockInput = ClockInput.from(file, asOf: asOf) else {
            return .notFound(.init(.notFound("\(number) is not in custody: there is no clock")))
        }
        let result = LegalClock.compute(clockInput, rules: environment.rules, explain: true)
        let document = try JSONDecoder().decode(Components.Schemas.LegalClock.self, from: try JSONEncoder().encode(result))
        return .ok(.init(body: .json(document)))
    }

    func searchAudit(_ input: Operations.SearchAudit.Input) async throws -> Operations.SearchAudit.Output {
        var bounds = QueryBounds()
        bounds.text("person", input.query.person, 0...20)
        bounds.text("user", input.query.user, 0...80)
        bounds.text("establishment", input.query.establishment, 0...80)
        bounds.page(cursor: input.query.cursor, limit: input.query.limit)
        var messages = bounds.messages
        for (field, value) in [("from", input.query.from), ("until", input.query.until)] {
            if let value, !Self.isInstantBound(value) { messages.append(ValidationMessage(.dateInvalid, field: field)) }
        }
        guard messages.isEmpty else { return .unprocessableContent(.init(.validation(messages))) }
        let filter = AuditFilter(
            personNumber: input.query.person.flatMap { PersonNumber($0)?.description ?? $0 }, user: input.query.user,
            establishmentCode: input.query.establishment, from: input.query.from, until: input.query.until)
        let page = try await auditLog.search(filter, after: input.query.cursor, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(items: page.items.map(Map.audit), nextCursor: page.nextCursor))))
    }

    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let after = input.query.after ?? 0
        let limit = input.query.limit ?? 100
        var messages: [ValidationMessage] = []
        if after < 0 { messages.append(ValidationMessage(.valueOutOfRange, field: "after")) }
        if !(1...1_000).contains(limit) { messages.append(ValidationMessage(.valueOutOfRange, field: "limit")) }
        guard messages.isEmpty else { return .unprocessableContent(.init(.validation(messages))) }
        let events = try await registry.events(
            after: after, limit: limit, within: access?.principal.establishments, districts: access?.principal.districts)
        let last = events.last?.position ?? after
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try events.map(Map.event), lastPosition: last,
                        nextCursor: events.count == limit ? String(last) : nil))))
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.mmm]Z`.
    static func isInstantBound(_ text: String) -> Bool {
        guard text.count >= 10, CivilDate(iso: String(text.prefix(10))) != nil else { return false }
        if text.count == 10 { return true }
        let rest = text.dropFirst(10)
        return rest.first == "T" && rest.last == "Z" && (rest.count == 10 || rest.count == 14)
    }

    func admitPerson(_ input: Operations.AdmitPerson.Input) async throws -> Operations.AdmitPerson.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        guard let parsed = parser.admission(body) else { return .unprocessableContent(.init(.validation(parser.messages))) }
        guard inScope(parsed.establishmentCode) else {
            return .notFound(.init(.notFound("No establishment with code \(parsed.establishmentCode)")))
        }
        var request = try await AdmissionScope.maskingPersonsOutside(access?.principal.establishments, parsed, in: registry)
        request.override = Parser.override(body.override, authorized: mayOverridePlacement)
        switch try await registry.admit(request, asOf: today(), actor: actor) {
        case .done(let file):
            let number = file.person.number.description
            return .created(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version), location: "/api/v1/persons/\(number)"),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .rejected(let messages):
            return .unprocessableContent(.init(.validation(messages)))
        case .notFound:
            return .notFound(.init(.notFound("Unknown person")))
        case .versionConflict(let current):
            return .unprocessableContent(.init(.stale(current: current)))
        }
    }

    func movePerson(_ input: Operations.MovePerson.Input) async throws -> Operations.MovePerson.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            guard let movedOn = parser.date(body.movedOn, field: "moved_on") else { return nil }
            var request = MoveRequest(
                personID: number.id, pavilionCode: body.pavilionCode, cellCode: body.cellCode, movedOn: movedOn,
                reason: body.reason)
            request.override = Parser.override(body.override, authorized: mayOverridePlacement)
            return try await registry.move(request, expectedVersion: version, asOf: today(), actor: actor)
        }
        switch answer {
        case .file(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .problem(let p): return .problem(p)
        }
    }

    func releasePerson(_ input: Operations.ReleasePerson.Input) async throws -> Operations.ReleasePerson.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            let releasedOn = parser.date(body.releasedOn, field: "released_on")
            let releasedAt = parser.time(body.releasedAt, field: "released_at")
            let order = parser.order(body.order, caseType: .ordinary, field: "order")
            guard let releasedOn, let releasedAt, parser.messages.isEmpty else { return nil }
            let request = ReleaseRequest(
                personID: number.id, releasedOn: releasedOn, releasedAt: releasedAt,
                ground: ReleaseGround(rawValue: body.ground.rawValue)!, order: order)
            return try await registry.release(request, expectedVersion: version, asOf: today(), actor: actor)
        }
        switch answer {
        case .file(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .problem(let p): return .problem(p)
        }
    }

    func recordRedemption(_ input: Operations.RecordRedemption.Input) async throws -> Operations.RecordRedemption.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            let from = parser.date(body.from, field: "from")
            let to = parser.date(body.to, field: "to")
            parser.number("days", body.days)
            guard let from, let to, parser.messages.isEmpty else { return nil }
            let request = RedemptionRequest(
                personID: number.id, activity: body.activity == .work ? .work : .study, fromDate: from, toDate: to,
                days: body.days, evaluationPassed: body.evaluationPassed ?? true, certifiedBy: body.certifiedBy)
            return try await registry.recordRedemption(request, expectedVersion: version, asOf: today(), actor: actor)
        }
        switch answer {
        case .file(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .problem(let p): return .problem(p)
        }
    }

    func recordSuspension(_ input: Operations.RecordSuspension.Input) async throws -> Operations.RecordSuspension.Output {
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, parser in
            guard case .json(let body) = input.body else { return nil }
            let from = parser.date(body.from, field: "from")
            let to = parser.date(body.to, field: "to")
            guard let from, let to, parser.messages.isEmpty else { return nil }
            let request = SuspensionRequest(personID: number.id, fromDate: from, toDate: to, resolution: body.resolution)
            return try await registry.recordSuspension(request, expectedVersion: version, asOf: today(), actor: actor)
        }
        switch answer {
        case .file(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .problem(let p): return .problem(p)
        }
    }

    func updateSensitiveProfile(_ input: Operations.UpdateSensitiveProfile.Input) async throws
        -> Operations.UpdateSensitiveProfile.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var changes: [SensitiveSection: String?] = [:]
        for (section, text) in [
            (SensitiveSection.health, body.health), (.affiliation, body.affiliation), (.intelligence, body.intelligence),
        ] {
            guard let text else { continue }
            // Each section only by the roles that may read it.
            if let principal = access?.principal, !principal.mayRead(section) {
                return .forbidden(.init(.restricted(section, detail: "Your role may not record \(section.rawValue) notes.")))
            }
            changes[section] = text.isEmpty ? String?.none : text
        }
        let answer = try await update(input.path.personNumber, ifMatch: input.headers.ifMatch) { number, version, _ in
            try await registry.recordSensitive(
                SensitiveUpdate(personID: number.id, changes: changes), expectedVersion: version, asOf: today(), actor: actor)
        }
        switch answer {
        case .file(let file):
            return .ok(
                .init(
                    headers: .init(eTag: Map.etag(file.person.version)),
                    body: .json(Map.file(file, for: access?.principal, asOf: today(), minute: minute()))))
        case .problem(let p): return .problem(p)
        }
    }

    /// What an update of a person's custody answers: the file as it now stands, or a problem.
    enum UpdateAnswer {
        case file(PersonFile)
        case problem(ProblemDocument)
    }

    /// The shared shape of every update of a person: the person number and `If-Match` checked, the body parsed
    /// (`perform` returns nil when the body is not JSON or the parser found problems), the change asked of the
    /// registry, and its outcome turned into the file or a problem.
    func update(
        _ personNumber: String, ifMatch: String?,
        _ perform: (PersonNumber, Int, inout Parser) async throws -> ChangeOutcome<PersonFile>?
    ) async throws -> UpdateAnswer {
        let number: PersonNumber
        let expected: Int
        switch Self.target(personNumber, ifMatch: ifMatch) {
        case .success(let found): (number, expected) = found
        case .failure(let refusal): return .problem(refusal.problem)
        }
        var parser = Parser()
        guard let outcome = try await perform(number, expected, &parser) else {
            return .problem(
                parser.messages.isEmpty ? .badRequest(field: nil, detail: "JSON body expected") : .validation(parser.messages))
        }
        switch outcome {
        case .done(let file): return .file(file)
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No person with number \(number)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }

    struct Refusal: Error {
        let problem: ProblemDocument
    }

    /// The person an update names and the version it was prepared against, or the problem to answer.
    static func target(_ personNumber: String, ifMatch: String?) -> Result<(PersonNumber, Int), Refusal> {
        guard let number = PersonNumber(personNumber) else {
            return .failure(Refusal(problem: .notFound("No person with number \(personNumber)")))
        }
        guard let ifMatch else { return .failure(Refusal(problem: .ifMatchRequired)) }
        guard let expected = version(fromIfMatch: ifMatch) else {
            return .failure(
                Refusal(problem: .badRequest(field: "If-Match", detail: "If-Match must be the quoted version, e.g. \"3\"")))
        }
        return .success((number, expected))
    }
}
