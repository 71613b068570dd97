import CustodiaCore
import Foundation

/// Incident reports (issue 12 point 3). A report is seen, added to and moved by callers who cover its establishment;
/// to anyone else it does not exist. Persons named must be visible to the caller.
extension Handler {
    func reportIncident(_ input: Operations.ReportIncident.Input) async throws -> Operations.ReportIncident.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        var parser = Parser()
        let occurredAt = parser.minute(body.occurredAt, field: "occurred_at")
        if !inScope(body.establishmentCode) {
            parser.messages.append(ValidationMessage(.establishmentUnknown, field: "establishment_code"))
        }
        var participants: [IncidentParticipant] = []
        for (index, given) in body.participants.enumerated() {
            let role = IncidentRole(rawValue: given.role.rawValue)!
            let named = [given.personNumber != nil, given.visitorId != nil, given.staffName != nil].filter { $0 }.count
            guard named == 1 else {
                parser.messages.append(ValidationMessage(.valueOutOfRange, field: "participants[\(index)]"))
                continue
            }
            if let text = given.personNumber {
                guard let number = PersonNumber(text), try await visible(number.id) else {
                    parser.messages.append(ValidationMessage(.personUnknown, field: "participants[\(index)].person_number"))
                    continue
                }
                participants.append(IncidentParticipant(.person(number.id), role: role))
            } else if let visitor = given.visitorId {
                participants.append(IncidentParticipant(.visitor(.init(rawValue: visitor)), role: role))
            } else if let name = given.staffName {
                participants.append(IncidentParticipant(.staff(name), role: role))
            }
        }
        guard let occurredAt, parser.messages.isEmpty else {
            return .unprocessableContent(.init(.validation(parser.messages)))
        }
        let report = IncidentReport(
            establishmentCode: body.establishmentCode, kind: IncidentKind(rawValue: body.kind.rawValue)!,
            searchKind: body.searchKind.map { SearchKind(rawValue: $0.rawValue)! },
            relevance: IncidentRelevance(rawValue: body.relevance.rawValue)!, occurredAt: occurredAt, place: body.place,
            narrative: body.narrative, policeNotice: body.policeNotice, participants: participants,
            items: (body.items ?? []).map {
                SeizedItem(
                    category: SeizedCategory(rawValue: $0.category.rawValue)!, quantity: $0.quantity,
                    description: $0.description ?? "", foundAt: $0.foundAt, imei: $0.imei)
            })
        switch try await registry.reportIncident(report, asOf: today(), actor: actor) {
        case .done(let incident):
            return .created(.init(headers: .init(eTag: Map.etag(incident.version)), body: .json(Map.incident(incident))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound, .versionConflict: return .badRequest(.init(.badRequest(field: nil, detail: "unexpected outcome")))
        }
    }

    func getIncident(_ input: Operations.GetIncident.Input) async throws -> Operations.GetIncident.Output {
        guard let incident = try await visibleIncident(input.path.id) else {
            return .notFound(.init(.notFound("No incident \(input.path.id)")))
        }
        return .ok(.init(headers: .init(eTag: Map.etag(incident.version)), body: .json(Map.incident(incident))))
    }

    func addIncidentAddendum(_ input: Operations.AddIncidentAddendum.Input) async throws
        -> Operations.AddIncidentAddendum.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let version = Self.expectedVersion(ifMatch: input.headers.ifMatch) else {
            return .badRequest(.init(Self.ifMatchProblem))
        }
        let id = input.path.id
        guard try await visibleIncident(id) != nil else { return .notFound(.init(.notFound("No incident \(id)"))) }
        switch try await registry.addIncidentAddendum(
            .init(rawValue: id), text: body.text, corrects: body.corrects.map { IncidentAddendum.Part(rawValue: $0.rawValue)! },
            expectedVersion: version, asOf: today(), actor: actor)
        {
        case .done(let incident):
            return .ok(.init(headers: .init(eTag: Map.etag(incident.version)), body: .json(Map.incident(incident))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No incident \(id)")))
        case .versionConflict(let current): return .preconditionFailed(.init(.stale(current: current)))
        }
    }

    func changeIncidentState(_ input: Operations.ChangeIncidentState.Input) async throws
        -> Operations.ChangeIncidentState.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(.badRequest(field: nil, detail: "JSON body expected")))
        }
        guard let version = Self.version(fromIfMatch: input.headers.ifMatch) else {
            return .badRequest(.init(.badRequest(field: "If-Match", detail: "If-Match must be the quoted version")))
        }
        let id = input.path.id
        guard try await visibleIncident(id) != nil else { return .notFound(.init(.notFound("No incident \(id)"))) }
        switch try await registry.changeIncidentState(
            .init(rawValue: id), to: IncidentState(rawValue: body.state.rawValue)!, note: body.note,
            expectedVersion: version, asOf: today(), actor: actor)
        {
        case .done(let incident):
            return .ok(.init(headers: .init(eTag: Map.etag(incident.version)), body: .json(Map.incident(incident))))
        case .rejected(let messages): return .unprocessableContent(.init(.validation(messages)))
        case .notFound: return .notFound(.init(.notFound("No incident \(id)")))
        case .versionConflict(let current): return .preconditionFailed(.init(.stale(current: current)))
        }
    }

    func listIncidents(_ input: Operations.ListIncidents.Input) async throws -> Operations.ListIncidents.Output {
        var parser = Parser()
        let from = input.query.from == nil ? nil : parser.date(input.query.from, field: "from")
        let until = input.query.until == nil ? nil : parser.date(input.query.until, field: "until")
        if let from, let until, until < from { parser.messages.append(ValidationMessage(.valueOutOfRange, field: "until")) }
        guard parser.messages.isEmpty else { return .unprocessableContent(.init(.validation(parser.messages))) }
        guard try await registry.establishment(code: input.path.code) != nil else {
            return .notFound(.init(.notFound("No establishment with code \(input.path.code)")))
        }
        let list = try await registry.incidents(
            IncidentQuery(
                establishmentCodes: [input.path.code], kind: input.query.kind.map { IncidentKind(rawValue: $0.rawValue)! },
                state: input.query.state.map { IncidentState(rawValue: $0.rawValue)! }, from: from, until: until,
                limit: input.query.limit ?? 100))
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: list.incidents.map(Map.incident), total: list.total,
                        byKind: .init(
                            additionalProperties: Dictionary(uniqueKeysWithValues: list.byKind.map { ($0.rawValue, $1) })),
                        searches: .init(
                            additionalProperties: Dictionary(uniqueKeysWithValues: list.searches.map { ($0.rawValue, $1) })),
                        seized: .init(
                            additionalProperties: Dictionary(uniqueKeysWithValues: list.seized.map { ($0.rawValue, $1) })),
                        intervened: list.intervened))))
    }

    /// A report the caller may see: of an establishment in scope.
    func visibleIncident(_ id: Int64) async throws -> Incident? {
        guard let incident = try await registry.incident(.init(rawValue: id)), inScope(incident.establishmentCode) else {
            return nil
        }
        return incident
    }
}

extension Map {
    static func incident(_ i: Incident) -> Components.Schemas.Incident {
        Components.Schemas.Incident(
            id: i.id.rawValue, establishmentCode: i.establishmentCode, kind: .init(rawValue: i.kind.rawValue)!,
            penalCodeArticle: i.kind.penalCodeArticle, searchKind: i.searchKind.map { .init(rawValue: $0.rawValue)! },
            relevance: .init(rawValue: i.relevance.rawValue)!, occurredAt: i.occurredAt.description, place: i.place,
            narrative: i.narrative, policeNotice: i.policeNotice,
            participants: i.participants.map {
                .init(
                    personNumber: $0.personID.map { PersonNumber(id: $0).description }, visitorId: $0.visitorID?.rawValue,
                    staffName: $0.staffName, role: .init(rawValue: $0.role.rawValue)!)
            },
            items: i.items.map {
                .init(
                    category: .init(rawValue: $0.category.rawValue)!, quantity: $0.quantity, unit: $0.category.unit.rawValue,
                    description: $0.description, foundAt: $0.foundAt, imei: $0.imei)
            },
            clock: i.clock.map {
                .init(
                    personNumber: PersonNumber(id: $0.personID).description, status: .init(rawValue: $0.status.rawValue)!,
                    endsOn: $0.endsOn?.description, readOn: $0.readOn.description, daysPastEnd: $0.daysPastEnd)
            },
            reportedBy: i.reportedBy, reportedAt: i.reportedAt.description, state: .init(rawValue: i.state.rawValue)!,
            history: i.history.map {
                .init(state: .init(rawValue: $0.state.rawValue)!, author: $0.author, at: $0.at.description, note: $0.note)
            },
            addenda: i.addenda.map {
                .init(text: $0.text, corrects: $0.corrects?.rawValue, author: $0.author, at: $0.at.description)
            },
            version: i.version)
    }
}
