import CustodiaCore
import Foundation
import HTTPTypes

/// An RFC 9457 problem document with Custodia's stable `code` and per-field `errors`.
public struct ProblemDocument: Codable, Sendable, Equatable {
    public struct FieldError: Codable, Sendable, Equatable {
        public var field: String
        public var code: String
        public var message: String
        public var message_en: String?
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var code: String
    public var errors: [FieldError]?

    public init(status: Int, code: String, title: String, detail: String? = nil, errors: [FieldError]? = nil) {
        self.type = "https://custodia.example/problems/\(code)"
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    static func validation(_ messages: [ValidationMessage]) -> ProblemDocument {
        ProblemDocument(
            status: 422, code: "validation_failed", title: "Los datos no son válidos / Invalid input",
            detail: messages.map(\.spanish).joined(separator: "; "),
            errors: messages.map {
                FieldError(field: $0.field, code: $0.code.rawValue, message: $0.spanish, message_en: $0.english)
            })
    }

    static func notFound(_ what: String) -> ProblemDocument {
        ProblemDocument(status: 404, code: "not_found", title: "No encontrado / Not found", detail: what)
    }

    static func badRequest(field: String?, detail: String) -> ProblemDocument {
        ProblemDocument(
            status: 400, code: "request.malformed", title: "Solicitud mal formada / Malformed request", detail: detail,
            errors: field.map { [FieldError(field: $0, code: "request.malformed", message: detail, message_en: detail)] })
    }

    /// A sensitive section the caller's role may not read (and so may not write).
    static func restricted(_ section: SensitiveSection, detail: String) -> ProblemDocument {
        ProblemDocument(
            status: 403, code: "access.forbidden", title: "Acceso denegado / Access denied", detail: detail,
            errors: [
                FieldError(
                    field: section.rawValue, code: "access.forbidden", message: "Sección reservada",
                    message_en: "Restricted section")
            ])
    }

    /// An operation the route allows but this use of it does not (a clerk clearing what a legal officer must read).
    static func forbidden(_ detail: String) -> ProblemDocument {
        ProblemDocument(status: 403, code: "access.forbidden", title: "Acceso denegado / Access denied", detail: detail)
    }

    static func stale(current: Int) -> ProblemDocument {
        ProblemDocument(
            status: 412, code: "precondition.stale_version",
            title: "El registro cambió desde que lo abrió / The record changed since you opened it",
            detail: "Current version is \(current); reload and try again.")
    }

    static let ifMatchRequired = ProblemDocument(
        status: 428, code: "precondition.if_match_required",
        title: "Se requiere If-Match con la versión / If-Match with the version is required",
        detail: "Send the ETag of the person file in If-Match.")

    /// A body that is not JSON sent to an operation that reads JSON.
    static let unsupportedMediaType = ProblemDocument(
        status: 415, code: "request.unsupported_media_type",
        title: "El cuerpo debe ser JSON / The body must be JSON",
        detail: "Send the body with Content-Type: application/json.")

    /// An address whose decoded bytes are not UTF-8 (or whose percent-encoding is broken).
    static let invalidAddress = ProblemDocument(
        status: 400, code: "request.invalid_utf8",
        title: "Dirección con caracteres no válidos / Address with invalid characters",
        detail: "The path and query, once percent-decoded, must be UTF-8.",
        errors: [
            FieldError(
                field: "uri", code: "request.invalid_utf8", message: "La dirección no es UTF-8 válido",
                message_en: "The address is not valid UTF-8")
        ])

    static let tooLarge = ProblemDocument(
        status: 413, code: "request.too_large", title: "Cuerpo demasiado grande / Request body too large")

    /// The database could not serve the request now; the response carries `Retry-After`.
    static let unavailable = ProblemDocument(
        status: 503, code: "service.busy", title: "Servicio ocupado, intente de nuevo / Service busy, try again",
        detail: "Nothing was changed; retry after the seconds in Retry-After.")

    static let internalError = ProblemDocument(
        status: 500, code: "internal_error", title: "Error interno / Internal error",
        detail: "The error was logged; nothing was changed.")
}

extension Components.Responses.Problem {
    init(_ document: ProblemDocument) {
        self.init(
            body: .applicationProblemJson(
                Components.Schemas.Problem(
                    _type: document.type, title: document.title, status: document.status, detail: document.detail,
                    code: document.code,
                    errors: document.errors?.map {
                        Components.Schemas.FieldError(
                            field: $0.field, code: $0.code, message: $0.message, messageEn: $0.message_en)
                    })))
    }
}
