import CustodiaCore

/// The caller of the request being handled, set by the access middleware for the handlers below it (the
/// generated OpenAPI handlers take no request context, so the caller travels as a task-local value).
public struct RequestAccess: Sendable {
    public var principal: Principal
    public var actor: Actor
    /// The session's CSRF token, for the forms a page renders; `nil` for token callers.
    public var csrfToken: String?

    public init(principal: Principal, actor: Actor, csrfToken: String? = nil) {
        self.principal = principal
        self.actor = actor
        self.csrfToken = csrfToken
    }

    @TaskLocal public static var current: RequestAccess?
}
