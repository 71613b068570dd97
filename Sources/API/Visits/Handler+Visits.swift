import CustodiaCore
import Foundation

/// Visitors and visits (issue 12 points 1-2). The register of visitors is national (a visitor may visit persons in
/// several establishments); what a scoped caller sees of a visitor's file is what concerns the persons and visits of
/// their establishments. A visit is seen by callers who cover its establishment; to anyone else it does not exist.
extension Handler {
    func findVisitors(_ input: Operations.FindVisitors.Input) async throws -> Operations.FindVisitors.Output {
        var bounds = QueryBounds()
        bounds.text("q", input.query.q, 1...80)
        bounds.page(cursor: nil, limit: input.query.limit)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        let found = try await registry.findVisitors(input.query.q, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(items: found.map(Map.visitor)))))
    }

    func registerVisitor(_ input: Operations.RegisterVisitor.Input) async throws -> Operations.RegisterVisitor.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let birth = body.birthDate.flatMap { parser.date($0, field: "birth_date") }
        var messages = parser.messages
        let document: IdentityDocument
        switch IdentityDocument.parse(
            kind: IdentityDocument.Kind(rawValue: body.document._type.rawValue)!, number: body.document.number)
        {
        case .success(let parsed): document = parsed
        case .failure(let message):
            messages.append(message)
            document = .none
        }
        guard messages.isEmpty else { return .unprocessableContent(.init(.validation(messages))) }
        let visitor = NewVisitor(
            document: document,
            name: PersonName(
                givenNames: body.givenNames, paternalSurname: body.paternalSurname, maternalSurname: body.maternalSurname ?? ""),
            sex: Sex(rawValue: body.sex.rawValue)!, birthDate: birth, address: body.address,
            photoReference: body.photoReference)
        switch try await registry.registerVisitor(visitor, asOf: today(), actor: actor) {
        case .done(let file):
            return .created(.init(headers: .init(eTag: Map.etag(file.visitor.version)), body: .json(visible(file))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .badRequest(.init(.badRequest(field: nil, detail: "unexpected outcome")))
        }
    }

    func getVisitor(_ input: Operations.GetVisitor.Input) async throws -> Operations.GetVisitor.Output {
        guard let file = try await registry.visitorFile(.init(rawValue: input.path.id)) else {
            return .notFound(.init(.notFound("No visitor \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(file.visitor.version)), body: .json(visible(file))))
    }

    func linkVisitor(_ input: Operations.LinkVisitor.Input) async throws -> Operations.LinkVisitor.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let since = body.since.map { parser.date($0, field: "since") } ?? today()
        // A person the caller may not see is a person the register does not know.
        var number = PersonNumber(body.personNumber)
        if let found = number, try await !visible(found.id) { number = nil }
        if number == nil { parser.messages.append(ValidationMessage(.personUnknown, field: "person_number")) }
        guard let number, let since, parser.messages.isEmpty else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let link = VisitorLink(
            visitorID: .init(rawValue: input.path.id), personID: number.id,
            relationship: Relationship(rawValue: body.relationship.rawValue)!, since: since)
        switch try await registry.linkVisitor(link, actor: actor) {
        case .done(let file): return .ok(.init(headers: .init(eTag: Map.etag(file.visitor.version)), body: .json(visible(file))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .notFound(.init(.notFound("No visitor \(input.path.id)")))
        }
    }

    func banVisitor(_ input: Operations.BanVisitor.Input) async throws -> Operations.BanVisitor.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let startsOn = body.startsOn.map { parser.date($0, field: "starts_on") } ?? today()
        let endsOn = body.endsOn.flatMap { parser.date($0, field: "ends_on") }
        var personID: Person.ID?
        if let text = body.personNumber {
            let number = PersonNumber(text)
            if let number, try await visible(number.id) {
                personID = number.id
            } else {
                parser.messages.append(ValidationMessage(.personUnknown, field: "person_number"))
            }
        }
        var establishmentID: Establishment.ID?
        if let code = body.establishmentCode {
            if inScope(code), let found = try await registry.establishment(code: code) {
                establishmentID = found.overview.establishment.id
            } else {
                parser.messages.append(ValidationMessage(.establishmentUnknown, field: "establishment_code"))
            }
        } else if access?.principal.establishments != nil, personID == nil {
            // A ban everywhere is a national decision: a scoped caller bans for a person or an establishment of theirs.
            parser.messages.append(ValidationMessage(.establishmentUnknown, field: "establishment_code"))
        }
        guard let startsOn, parser.messages.isEmpty else { return .unprocessableContent(.init(.validation(parser.messages))) }
        let ban = VisitorBan(
            id: 0, visitorID: .init(rawValue: input.path.id), personID: personID, establishmentID: establishmentID,
            startsOn: startsOn, endsOn: endsOn, reason: body.reason, resolution: body.resolution)
        switch try await registry.banVisitor(ban, asOf: today(), actor: actor) {
        case .done(let file): return .ok(.init(headers: .init(eTag: Map.etag(file.visitor.version)), body: .json(visible(file))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .notFound(.init(.notFound("No visitor \(input.path.id)")))
        }
    }

    func listPersonVisits(_ input: Operations.ListPersonVisits.Input) async throws -> Operations.ListPersonVisits.Output {
        var bounds = QueryBounds()
        bounds.page(cursor: nil, limit: input.query.limit)
        guard bounds.messages.isEmpty else { return .unprocessableContent(.init(.validation(bounds.messages))) }
        guard let number = PersonNumber(input.path.personNumber), try await visible(number.id) else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        let visits = try await registry.visits(of: number.id, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(items: visits.filter { inScope($0.establishmentCode) }.map(Map.visit)))))
    }

    func bookVisit(_ input: Operations.BookVisit.Input) async throws -> Operations.BookVisit.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let number = PersonNumber(input.path.personNumber) else {
            return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
        }
        var parser = Parser()
        guard let startsAt = parser.minute(body.startsAt, field: "starts_at") else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let request = VisitRequest(
            personID: number.id, kind: VisitKind(rawValue: body.kind.rawValue)!,
            mode: body.mode.map { VisitMode(rawValue: $0.rawValue)! } ?? .locutorio, startsAt: startsAt,
            minutes: body.minutes, visitorIDs: body.visitorIds.map { .init(rawValue: $0) })
        switch try await registry.bookVisit(request, asOf: today(), actor: actor) {
        case .booked(let visit):
            return .created(.init(headers: .init(eTag: Map.etag(visit.version)), body: .json(Map.visit(visit))))
        case .refused(let visit, let messages):
            var problem = ProblemDocument.validation(messages)
            problem.detail = "Visita \(visit.id.rawValue) rechazada / refused: " + (problem.detail ?? "")
            return .unprocessableContent(.init(problem))
        case .rejected(let messages):
            if messages.map(\.code) == [.personUnknown] {
                return .notFound(.init(.notFound("No person with number \(input.path.personNumber)")))
            }
            return .unprocessableContent(.init(.validation(messages)))
        }
    }

    func getVisit(_ input: Operations.GetVisit.Input) async throws -> Operations.GetVisit.Output {
        guard let visit = try await visibleVisit(input.path.id) else {
            return .notFound(.init(.notFound("No visit \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(visit.version)), body: .json(Map.visit(visit))))
    }

    func moveVisit(_ input: Operations.MoveVisit.Input) async throws -> Operations.MoveVisit.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .problem(.badRequest(field: "If-Match", detail: "If-Match must be the quoted version, e.g. \"3\""))
        }
        let id = input.path.id
        guard try await visibleVisit(id) != nil else { return .problem(.notFound("No visit \(id)")) }
        var parser = Parser()
        let at = body.at == nil ? nil : parser.minute(body.at, field: "at")
        guard parser.messages.isEmpty else { return .problem(.validation(parser.messages)) }
        let step = VisitStep(
            id: .init(rawValue: id), action: VisitStep.Action(rawValue: body.action.rawValue)!, at: at,
            documents: body.documents ?? [], reason: body.reason)
        switch try await registry.stepVisit(step, expectedVersion: version, asOf: today(), actor: actor) {
        case .done(let visit): return .ok(.init(headers: .init(eTag: Map.etag(visit.version)), body: .json(Map.visit(visit))))
        case .rejected(let messages): return .problem(.validation(messages))
        case .notFound: return .problem(.notFound("No visit \(id)"))
        case .versionConflict(let current): return .problem(.stale(current: current))
        }
    }

    func getVisitCalendar(_ input: Operations.GetVisitCalendar.Input) async throws -> Operations.GetVisitCalendar.Output {
        var parser = Parser()
        let day = input.query.on == nil ? today() : parser.date(input.query.on, field: "on")
        guard let day else { return .unprocessableContent(.init(.validation(parser.messages))) }
        guard try await registry.establishment(code: input.path.code) != nil else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        let visits = try await registry.visits(establishmentCode: input.path.code, on: day)
        return .ok(.init(body: .json(.init(on: day.description, items: visits.map(Map.visit)))))
    }

    /// A visit the caller may see: of an establishment in scope.
    func visibleVisit(_ id: Int64) async throws -> Visit? {
        guard let visit = try await registry.visit(.init(rawValue: id)), inScope(visit.establishmentCode) else { return nil }
        return visit
    }

    /// The visitor's file as the caller may read it: the persons and visits of their establishments.
    func visible(_ whole: VisitorFile) -> Components.Schemas.VisitorFile {
        let file = whole.within(access?.principal.establishments)
        return Components.Schemas.VisitorFile(
            visitor: Map.visitor(file.visitor),
            links: file.links.map {
                .init(
                    personNumber: PersonNumber(id: $0.personID).description,
                    relationship: .init(rawValue: $0.relationship.rawValue)!, since: $0.since.description,
                    closeRelative: $0.relationship.isCloseRelative)
            },
            bans: file.bans.map {
                .init(
                    id: $0.id.rawValue, personNumber: $0.personID.map { PersonNumber(id: $0).description },
                    establishmentCode: nil, startsOn: $0.startsOn.description, endsOn: $0.endsOn?.description,
                    reason: $0.reason, resolution: $0.resolution)
            },
            personsInCustody: file.inCustody.map { PersonNumber(id: $0).description },
            visits: file.visits.map(Map.visit))
    }
}

extension Operations.MoveVisit.Output: PersonUpdateOutput {}

extension Map {
    static func visitor(_ v: Visitor) -> Components.Schemas.Visitor {
        Components.Schemas.Visitor(
            id: v.id.rawValue,
            document: .init(_type: .init(rawValue: v.document.kind.rawValue)!, number: v.document.number),
            givenNames: v.name.givenNames, paternalSurname: v.name.paternalSurname, maternalSurname: v.name.maternalSurname,
            sex: .init(rawValue: v.sex.rawValue)!, birthDate: v.birthDate?.description, address: v.address,
            photoReference: v.photoReference, registeredOn: v.registeredOn.description, version: v.version)
    }

    static func visit(_ v: Visit) -> Components.Schemas.Visit {
        Components.Schemas.Visit(
            id: v.id.rawValue, personNumber: PersonNumber(id: v.personID).description,
            establishmentCode: v.establishmentCode, kind: .init(rawValue: v.kind.rawValue)!,
            mode: .init(rawValue: v.mode.rawValue)!, startsAt: v.startsAt.description, minutes: v.minutes,
            visitorIds: v.visitorIDs.map(\.rawValue), state: .init(rawValue: v.state.rawValue)!, refusal: v.refusal,
            checkedInAt: v.checkedInAt?.description, checkedOutAt: v.checkedOutAt?.description, version: v.version)
    }
}
