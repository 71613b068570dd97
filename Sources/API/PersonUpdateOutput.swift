/// The problem responses every update of a person declares; the generated response enums satisfy it with
/// their own cases, so one mapping from a problem's status serves them all.
protocol PersonUpdateOutput {
    static func badRequest(_ problem: Components.Responses.Problem) -> Self
    static func notFound(_ problem: Components.Responses.Problem) -> Self
    static func preconditionFailed(_ problem: Components.Responses.Problem) -> Self
    static func unprocessableContent(_ problem: Components.Responses.Problem) -> Self
    static func preconditionRequired(_ problem: Components.Responses.Problem) -> Self
}

extension PersonUpdateOutput {
    static func problem(_ document: ProblemDocument) -> Self {
        switch document.status {
        case 404: notFound(.init(document))
        case 412: preconditionFailed(.init(document))
        case 422: unprocessableContent(.init(document))
        case 428: preconditionRequired(.init(document))
        default: badRequest(.init(document))
        }
    }
}

extension Operations.MovePerson.Output: PersonUpdateOutput {}
extension Operations.ReleasePerson.Output: PersonUpdateOutput {}
extension Operations.RecordRedemption.Output: PersonUpdateOutput {}
extension Operations.RecordSuspension.Output: PersonUpdateOutput {}
extension Operations.UpdateSensitiveProfile.Output: PersonUpdateOutput {}
extension Operations.ClassifyPerson.Output: PersonUpdateOutput {}
extension Operations.RecordMembership.Output: PersonUpdateOutput {}

/// An update whose success is the person's file (200 with its version in the ETag).
protocol PersonFileOutput: PersonUpdateOutput {
    static func ok(eTag: String, file: Components.Schemas.PersonFile) -> Self
}

extension PersonFileOutput {
    /// The file as it now stands, as the caller may read it, or the problem.
    static func answer(_ answer: Handler.UpdateAnswer, _ handler: Handler) -> Self {
        switch answer {
        case .file(let file):
            ok(
                eTag: Map.etag(file.person.version),
                file: Map.file(file, for: handler.access?.principal, asOf: handler.today(), minute: handler.minute()))
        case .problem(let p): problem(p)
        }
    }
}

extension Operations.RecordIntake.Output: PersonFileOutput {
    static func ok(eTag: String, file: Components.Schemas.PersonFile) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(file)))
    }
}

extension Operations.RecordContact.Output: PersonFileOutput {
    static func ok(eTag: String, file: Components.Schemas.PersonFile) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(file)))
    }
}

extension Operations.OrderIsolation.Output: PersonFileOutput {
    static func ok(eTag: String, file: Components.Schemas.PersonFile) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(file)))
    }
}

extension Operations.LiftIsolation.Output: PersonFileOutput {
    static func ok(eTag: String, file: Components.Schemas.PersonFile) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(file)))
    }
}

extension Operations.CheckIsolation.Output: PersonFileOutput {
    static func ok(eTag: String, file: Components.Schemas.PersonFile) -> Self {
        .ok(.init(headers: .init(eTag: eTag), body: .json(file)))
    }
}
