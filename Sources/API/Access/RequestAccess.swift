import CustodiaCore

/// The caller of the request being handled, set by the access middleware for the handlers below it (the
/// generated OpenAPI handlers take no request context, so the caller travels as a task-local value).
public struct RequestAccess: Sendable {
    public var principal: Principal
    public var actor: Actor

    public init(principal: Principal, actor: Actor) {
        self.principal = principal
        self.actor = actor
    }

    @TaskLocal public static var current: RequestAccess?
}
